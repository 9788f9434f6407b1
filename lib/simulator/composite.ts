/**
 * The composite schedule of a connector: the cap that results from all its profiles over a time window, as
 * GetCompositeSchedule asks for. The cap can only change where some profile's period starts or ends, so it is
 * evaluated at exactly those instants.
 */
import { ProfileStore, RateUnit, TxRef, Wiring, fromWatts, scheduleStart } from './profiles';

export interface CompositeSchedule {
  start: number;
  durationS: number;
  unit: RateUnit;
  periods: Array<{ startPeriod: number; limit: number }>;
}

const DAY = 86_400_000;

/** Undefined when no profile limits the connector anywhere in the window. */
export function compositeSchedule(
  store: ProfileStore, connectorId: number, at: number, durationS: number, requested: RateUnit | undefined,
  wiring: Wiring, hardwareW: number, tx?: TxRef,
): CompositeSchedule | undefined {
  const candidates = store.candidates(connectorId, tx);
  if (candidates.length === 0) return undefined;
  const end = at + durationS * 1000;
  const edges = new Set<number>([at]);
  const add = (t: number | undefined): void => {
    if (t !== undefined && t > at && t < end) edges.add(t);
  };
  for (const p of candidates) {
    add(p.validFrom);
    add(p.validTo);
    // A recurring schedule also restarts inside the window: look at the current cycle and the following ones.
    const cycle = p.kind === 'Recurring' ? (p.recurrency === 'Weekly' ? 7 * DAY : DAY) : 0;
    const first = scheduleStart(p, at, tx) ?? p.startSchedule ?? p.validFrom;
    if (first === undefined) continue;
    for (let start = first; start < end; start += cycle) {
      add(start);
      for (const period of p.periods) add(start + period.startPeriod * 1000);
      if (p.duration !== undefined) add(start + p.duration * 1000);
      if (cycle === 0) break;
    }
  }
  const unit = requested ?? candidates[0].unit;
  let limited = false;
  const periods: CompositeSchedule['periods'] = [];
  for (const t of [...edges].sort((a, b) => a - b)) {
    const capW = store.limitW(connectorId, t, tx);
    if (Number.isFinite(capW)) limited = true;
    const limit = fromWatts(Math.min(capW, hardwareW), unit, wiring);
    if (periods.length > 0 && periods[periods.length - 1].limit === limit) continue;
    periods.push({ startPeriod: Math.round((t - at) / 1000), limit });
  }
  return limited ? { start: at, durationS, unit, periods } : undefined;
}
