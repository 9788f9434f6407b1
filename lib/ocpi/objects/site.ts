/**
 * What OCPI partners must know of the park that OCPP never says: where it is, who runs it, each terminal's
 * connectors (standard, cable or socket, power) and public EVSE ids, and the tariffs. It is the `ocpi` part of
 * the site description, checked with ajv; every problem is named with its place.
 */
import Ajv from 'ajv';

export interface OcpiConnectorSpec {
  /** OCPI ConnectorType: IEC_62196_T2, IEC_62196_T2_COMBO, CHADEMO... */
  standard: string;
  format: 'SOCKET' | 'CABLE';
  powerType: 'AC_1_PHASE' | 'AC_2_PHASE' | 'AC_2_PHASE_SPLIT' | 'AC_3_PHASE' | 'DC';
  maxVoltage: number;
  maxAmperage: number;
  maxPowerW?: number;
}

export interface OcpiTerminalSpec {
  /** The OCPP identity. */
  id: string;
  /** Per EVSE (1.6 connector) number: its eMI3 id (FR*ABC*E123) and its connector. */
  evses: Array<{ evseId: number; emi3?: string; connector: OcpiConnectorSpec; physicalReference?: string }>;
  tariffId?: string;
}

export interface OcpiTariffSpec {
  id: string;
  currency: string;
  /** Per kWh, excluding VAT. */
  energyPrice?: number;
  /** Per hour of charging, excluding VAT. */
  timePrice?: number;
  /** Per session, excluding VAT. */
  flatPrice?: number;
  vatPercent?: number;
  type?: 'AD_HOC_PAYMENT' | 'PROFILE_CHEAP' | 'PROFILE_FAST' | 'PROFILE_GREEN' | 'REGULAR';
}

export interface OcpiSiteSpec {
  countryCode: string;
  partyId: string;
  location: {
    id: string;
    name?: string;
    address: string;
    city: string;
    postalCode?: string;
    /** ISO 3166 alpha-3. */
    country: string;
    latitude: number;
    longitude: number;
    timeZone: string;
    parkingType?: string;
    operator?: string;
    publish?: boolean;
  };
  terminals: OcpiTerminalSpec[];
  tariffs: OcpiTariffSpec[];
}

const CONNECTOR = {
  type: 'object', required: ['standard', 'format', 'powerType', 'maxVoltage', 'maxAmperage'], additionalProperties: false,
  properties: {
    standard: { type: 'string', pattern: '^[A-Z0-9_]+$' }, format: { enum: ['SOCKET', 'CABLE'] },
    powerType: { enum: ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'] },
    maxVoltage: { type: 'integer', minimum: 1 }, maxAmperage: { type: 'integer', minimum: 1 }, maxPowerW: { type: 'integer', minimum: 1 },
  },
} as const;

export const OCPI_SITE_SCHEMA = {
  type: 'object', required: ['countryCode', 'partyId', 'location', 'terminals'], additionalProperties: false,
  properties: {
    countryCode: { type: 'string', pattern: '^[A-Za-z]{2}$' },
    partyId: { type: 'string', pattern: '^[A-Za-z0-9]{3}$' },
    location: {
      type: 'object', required: ['id', 'address', 'city', 'country', 'latitude', 'longitude', 'timeZone'], additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 36 }, name: { type: 'string', maxLength: 255 }, address: { type: 'string', minLength: 1, maxLength: 255 },
        city: { type: 'string', minLength: 1, maxLength: 45 }, postalCode: { type: 'string', maxLength: 10 }, country: { type: 'string', pattern: '^[A-Z]{3}$' },
        latitude: { type: 'number', minimum: -90, maximum: 90 }, longitude: { type: 'number', minimum: -180, maximum: 180 }, timeZone: { type: 'string', minLength: 1 },
        parkingType: { enum: ['ALONG_MOTORWAY', 'PARKING_GARAGE', 'PARKING_LOT', 'ON_DRIVEWAY', 'ON_STREET', 'UNDERGROUND_GARAGE'] },
        operator: { type: 'string', maxLength: 100 }, publish: { type: 'boolean' },
      },
    },
    terminals: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['id', 'evses'], additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 48 }, tariffId: { type: 'string', minLength: 1, maxLength: 36 },
          evses: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', required: ['evseId', 'connector'], additionalProperties: false,
              properties: {
                evseId: { type: 'integer', minimum: 1 }, emi3: { type: 'string', pattern: '^[A-Z]{2}\\*?[A-Z0-9]{3}\\*?E[A-Z0-9*]{1,30}$' },
                physicalReference: { type: 'string', maxLength: 16 }, connector: CONNECTOR,
              },
            },
          },
        },
      },
    },
    tariffs: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'currency'], additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 36 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          energyPrice: { type: 'number', minimum: 0 }, timePrice: { type: 'number', minimum: 0 }, flatPrice: { type: 'number', minimum: 0 },
          vatPercent: { type: 'number', minimum: 0, maximum: 100 },
          type: { enum: ['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR'] },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(OCPI_SITE_SCHEMA);

/** The OCPI part of a site description, or every problem found. */
export function readOcpiSite(input: unknown): OcpiSiteSpec | string[] {
  if (!validate(input)) return (validate.errors ?? []).map((e) => `ocpi${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is not valid'}`);
  const site = input as unknown as OcpiSiteSpec;
  const problems: string[] = [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: site.location.timeZone });
  } catch {
    problems.push(`ocpi.location.timeZone: unknown time zone ${site.location.timeZone}`);
  }
  const tariffs = new Set((site.tariffs ?? []).map((t) => t.id));
  for (const [i, t] of site.terminals.entries()) {
    if (t.tariffId && !tariffs.has(t.tariffId)) problems.push(`ocpi.terminals.${i}.tariffId: no tariff ${t.tariffId}`);
    const numbers = t.evses.map((e) => e.evseId);
    if (new Set(numbers).size !== numbers.length) problems.push(`ocpi.terminals.${i}: an EVSE number is listed twice`);
  }
  return problems.length ? problems : { ...site, tariffs: site.tariffs ?? [] };
}
