/**
 * The station's own composite schedule (its GetCompositeSchedule answer) against the one computed here from the
 * profiles it was sent: where they differ, the station applies something else than the CSMS believes (a profile it
 * dropped, another stack level winning, a unit read differently).
 */
import type { OcppVersion } from '../ocpp/errors';
import type { CompositeSchedule } from './schedule';
import { toWatts } from './schedule';
import type { RateUnit, Wiring } from './types';

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A GetCompositeSchedule answer of either version as a composite schedule; undefined when it was not Accepted. */
export function compositeFromAnswer(version: OcppVersion, answer: unknown): CompositeSchedule | undefined {
  const a = asRecord(answer);
  if (a.status !== 'Accepted') return undefined;
  const s = asRecord(version === '1.6' ? a.chargingSchedule : a.schedule);
  const startText = version === '1.6' ? a.scheduleStart ?? s.startSchedule : s.scheduleStart;
  const start = typeof startText === 'string' ? Date.parse(startText) : NaN;
  const periods = (Array.isArray(s.chargingSchedulePeriod) ? s.chargingSchedulePeriod : []).map((p) => {
    const r = asRecord(p);
    return { startPeriod: Number(r.startPeriod), limit: Number(r.limit), ...(r.numberPhases !== undefined ? { numberPhases: Number(r.numberPhases) } : {}) };
  });
  if (Number.isNaN(start) || periods.length === 0) return undefined;
  return { start, durationS: Number(s.duration ?? 0), unit: (s.chargingRateUnit === 'A' ? 'A' : 'W') as RateUnit, periods };
}

export interface ScheduleDifference {
  /** Epoch ms. */
  from: number;
  to: number;
  localW: number;
  stationW: number;
}

/** The limit in W a schedule gives at an instant; Infinity outside it. */
function wattsAt(s: CompositeSchedule, at: number, wiring: Wiring): number {
  if (at < s.start || at >= s.start + s.durationS * 1000) return Infinity;
  let running: CompositeSchedule['periods'][number] | undefined;
  for (const p of s.periods) if (s.start + p.startPeriod * 1000 <= at) running = p;
  return running ? toWatts(running.limit, s.unit, wiring, running.numberPhases) : Infinity;
}

/**
 * Where the two schedules give different limits over the time both cover, beyond a tolerance (by default the
 * rounding to one decimal of a limit in A: 0.1 A on every phase).
 */
export function compareComposite(local: CompositeSchedule, station: CompositeSchedule, wiring: Wiring, toleranceW = 0.1 * wiring.voltageV * wiring.phases): ScheduleDifference[] {
  const from = Math.max(local.start, station.start);
  const to = Math.min(local.start + local.durationS * 1000, station.start + station.durationS * 1000);
  if (!(from < to)) return [];
  const edges = new Set<number>([from]);
  for (const s of [local, station]) for (const p of s.periods) {
    const t = s.start + p.startPeriod * 1000;
    if (t > from && t < to) edges.add(t);
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const out: ScheduleDifference[] = [];
  sorted.forEach((t, i) => {
    const end = i + 1 < sorted.length ? sorted[i + 1] : to;
    const localW = wattsAt(local, t, wiring);
    const stationW = wattsAt(station, t, wiring);
    const same = localW === stationW || Math.abs(localW - stationW) <= toleranceW;
    if (same) return;
    const last = out[out.length - 1];
    if (last && last.to === t && last.localW === localW && last.stationW === stationW) last.to = end;
    else out.push({ from: t, to: end, localW, stationW });
  });
  return out;
}
