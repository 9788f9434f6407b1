/**
 * Energy prices by time of use: a flat price, or daily bands (`from` "HH:MM" in a time zone, the process's when
 * none is named), each in force until the next; the last band of the day runs on past midnight to the first.
 */
export interface TariffBand {
  from: string;
  pricePerKwh: number;
}

export type Tariff = number | TariffBand[] | { timeZone?: string; bands: TariffBand[] };

export interface DailyTariff {
  flat?: number;
  /** Minutes after local midnight, sorted. */
  bands: Array<{ fromMin: number; pricePerKwh: number }>;
  clock?: Intl.DateTimeFormat;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The tariff a flow sent, checked; problems go to `errors`. No tariff prices energy at 0. */
export function readTariff(v: unknown, errors: string[]): DailyTariff {
  if (v === undefined) return { flat: 0, bands: [] };
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) errors.push('tariff must be a price of at least 0');
    return { flat: v, bands: [] };
  }
  const spec = Array.isArray(v) ? { bands: v as unknown[] } : (v as { timeZone?: unknown; bands?: unknown });
  if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.bands) || spec.bands.length === 0) {
    errors.push('tariff must be a price, a list of {from: "HH:MM", pricePerKwh}, or {timeZone, bands}');
    return { flat: 0, bands: [] };
  }
  let clock: Intl.DateTimeFormat | undefined;
  try {
    const timeZone = 'timeZone' in spec && spec.timeZone !== undefined ? String(spec.timeZone) : undefined;
    clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    errors.push(`tariff.timeZone is not a time zone: ${String((spec as { timeZone?: unknown }).timeZone)}`);
  }
  const bands = spec.bands.map((b: unknown, i) => {
    const band = (typeof b === 'object' && b !== null ? b : {}) as Partial<TariffBand>;
    const m = typeof band.from === 'string' ? HHMM.exec(band.from) : null;
    if (!m) errors.push(`tariff band ${i}: from must be "HH:MM"`);
    const price = band.pricePerKwh;
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) errors.push(`tariff band ${i}: pricePerKwh must be a price of at least 0`);
    return { fromMin: m ? Number(m[1]) * 60 + Number(m[2]) : 0, pricePerKwh: Number(price) };
  }).sort((a, b) => a.fromMin - b.fromMin);
  return { bands, clock };
}

/** The price in force at an instant. */
export function priceAt(tariff: DailyTariff, ms: number): number {
  if (tariff.flat !== undefined) return tariff.flat;
  const parts = tariff.clock!.formatToParts(new Date(ms));
  const minutes = Number(parts.find((p) => p.type === 'hour')?.value) * 60 + Number(parts.find((p) => p.type === 'minute')?.value);
  let price = tariff.bands[tariff.bands.length - 1].pricePerKwh;
  for (const band of tariff.bands) if (band.fromMin <= minutes) price = band.pricePerKwh;
  return price;
}
