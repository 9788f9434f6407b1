/**
 * What a station's profiles allow an EVSE at an instant and over a window (1.6 §3.13, 2.0.1 block K): per purpose,
 * the highest stack level that is valid and has a running period prevails; a Tx profile overrides TxDefault for its
 * transaction (and a TxDefault on the EVSE the one on EVSE 0); across purposes the lowest limit wins.
 */
import type { Profile, RateUnit, SchedulePeriod, TxRef, Wiring } from './types';

const DAY = 86_400_000;

export function toWatts(limit: number, unit: RateUnit, wiring: Wiring, numberPhases?: number): number {
  return unit === 'W' ? limit : limit * wiring.voltageV * (numberPhases ?? wiring.phases);
}

export function fromWatts(watts: number, unit: RateUnit, wiring: Wiring): number {
  return unit === 'W' ? watts : watts / (wiring.voltageV * wiring.phases);
}

/** When the schedule of a profile starts for an instant, or undefined when it has not started. */
export function scheduleStart(p: Profile, at: number, tx?: TxRef): number | undefined {
  // Without a transaction a Relative schedule starts now (as libocpp reads it).
  if (p.kind === 'Relative') return tx ? tx.startedAt : at;
  const origin = p.startSchedule ?? p.validFrom ?? p.installedAt;
  if (p.kind === 'Absolute') return origin;
  const cycle = p.recurrency === 'Weekly' ? 7 * DAY : DAY;
  if (at < origin) return undefined;
  return origin + Math.floor((at - origin) / cycle) * cycle;
}

export function isValidAt(p: Profile, at: number): boolean {
  return (p.validFrom === undefined || p.validFrom <= at) && (p.validTo === undefined || at < p.validTo);
}

/** The period running at an instant, if the profile is valid and its schedule is running. */
export function periodAt(p: Profile, at: number, tx?: TxRef): SchedulePeriod | undefined {
  if (!isValidAt(p, at)) return undefined;
  const start = scheduleStart(p, at, tx);
  if (start === undefined || at < start) return undefined;
  const elapsed = (at - start) / 1000;
  if (p.duration !== undefined && elapsed >= p.duration) return undefined;
  let running: SchedulePeriod | undefined;
  for (const period of p.periods) if (period.startPeriod <= elapsed) running = period;
  return running;
}

/** A Tx profile without a transaction id belongs to whichever transaction runs (remote start profiles). */
function belongs(p: Profile, tx: TxRef): boolean {
  return p.transactionId === undefined || tx.ids.includes(p.transactionId);
}

/** The limit in W of the prevailing profile of a purpose on these EVSEs, if any has a running period. */
function prevailingW(profiles: readonly Profile[], purpose: Profile['purpose'], evseIds: number[], at: number, wiring: Wiring, tx?: TxRef): number | undefined {
  const ranked = profiles
    .filter((p) => p.purpose === purpose && evseIds.includes(p.evseId))
    .filter((p) => purpose !== 'Tx' || (tx !== undefined && belongs(p, tx)))
    .sort((a, b) => b.stackLevel - a.stackLevel);
  for (const p of ranked) {
    const period = periodAt(p, at, tx);
    if (period) return toWatts(period.limit, p.unit, wiring, period.numberPhases);
  }
  return undefined;
}

/** The cap in W on an EVSE at an instant; Infinity when no profile limits it. */
export function limitW(profiles: readonly Profile[], evseId: number, at: number, wiring: Wiring, tx?: TxRef): number {
  const txLimit = (tx && prevailingW(profiles, 'Tx', [evseId], at, wiring, tx))
    ?? prevailingW(profiles, 'TxDefault', [evseId], at, wiring, tx)
    ?? prevailingW(profiles, 'TxDefault', [0], at, wiring, tx);
  const stationMax = prevailingW(profiles, 'StationMax', [0], at, wiring, tx);
  const external = prevailingW(profiles, 'ExternalConstraints', [0, evseId], at, wiring, tx);
  return Math.min(txLimit ?? Infinity, stationMax ?? Infinity, external ?? Infinity);
}

/** The profiles that may shape an EVSE's schedule. */
export function candidates(profiles: readonly Profile[], evseId: number, tx?: TxRef): Profile[] {
  return profiles.filter((p) => (p.evseId === evseId || p.evseId === 0) && (p.purpose !== 'Tx' || (tx !== undefined && belongs(p, tx))));
}

export interface CompositeSchedule {
  start: number;
  durationS: number;
  unit: RateUnit;
  /** numberPhases as a station reports it; absent in the ones computed here (the EVSE's wiring applies). */
  periods: Array<{ startPeriod: number; limit: number; numberPhases?: number }>;
}

export interface CompositeOptions {
  evseId: number;
  /** Epoch ms. */
  at: number;
  durationS: number;
  /** The unit asked for; the first profile's otherwise. */
  unit?: RateUnit;
  wiring: Wiring;
  /** What the EVSE can deliver at most, in W (a cap on every period). */
  hardwareW?: number;
  tx?: TxRef;
}

/**
 * The composite schedule of an EVSE over a window, as GetCompositeSchedule asks for: the cap can only change where
 * some profile's validity, schedule or period starts or ends, so it is evaluated at exactly those instants.
 * Undefined when no profile limits the EVSE anywhere in the window.
 */
export function compositeSchedule(profiles: readonly Profile[], o: CompositeOptions): CompositeSchedule | undefined {
  const found = candidates(profiles, o.evseId, o.tx);
  if (found.length === 0) return undefined;
  const { at } = o;
  const end = at + o.durationS * 1000;
  const edges = new Set<number>([at]);
  const add = (t: number | undefined): void => {
    if (t !== undefined && t > at && t < end) edges.add(t);
  };
  for (const p of found) {
    add(p.validFrom);
    add(p.validTo);
    // A recurring schedule also restarts inside the window: look at the current cycle and the following ones.
    const cycle = p.kind === 'Recurring' ? (p.recurrency === 'Weekly' ? 7 * DAY : DAY) : 0;
    const first = scheduleStart(p, at, o.tx) ?? p.startSchedule ?? p.validFrom;
    if (first === undefined) continue;
    for (let start = first; start < end; start += cycle) {
      add(start);
      for (const period of p.periods) add(start + period.startPeriod * 1000);
      if (p.duration !== undefined) add(start + p.duration * 1000);
      if (cycle === 0) break;
    }
  }
  const unit = o.unit ?? found[0].unit;
  let limited = false;
  const periods: CompositeSchedule['periods'] = [];
  for (const t of [...edges].sort((a, b) => a - b)) {
    const capW = limitW(profiles, o.evseId, t, o.wiring, o.tx);
    if (Number.isFinite(capW)) limited = true;
    const limit = fromWatts(Math.min(capW, o.hardwareW ?? Infinity), unit, o.wiring);
    if (periods.length > 0 && periods[periods.length - 1].limit === limit) continue;
    periods.push({ startPeriod: Math.round((t - at) / 1000), limit });
  }
  return limited ? { start: at, durationS: o.durationS, unit, periods } : undefined;
}
