/**
 * Runs an algorithm over the sessions period by period, with an ideal battery, and measures the metrics of §3. The
 * algorithm sets pilots; each EV draws its pilot up to its own rate (6.6 kW) and the energy it has left.
 */
import type { Algorithm, ActiveEv } from './algorithms';
import type { Infrastructure } from './infrastructure';
import { PhasorLoads } from '../../lib/allocation/phasor';
import { EV_MAX_A, knownMaxA, PERIOD_H, RateKnowledge, Session, VOLTAGE } from './sessions';

export interface SimulationFigures {
  energyPercent: number;
  demandsMetPercent: number;
  peakKw: number;
  /** The largest excess over the limit in any period, A: must be 0. */
  maxViolationA: number;
  /** Per recomputation, ms. */
  msPerPeriodP50: number;
  msPerPeriodP99: number;
}

export function simulate(sessions: readonly Session[], infra: Infrastructure, algorithm: Algorithm, knowledge: RateKnowledge = 'pilot'): SimulationFigures {
  const knownA = knownMaxA(knowledge);
  const remaining = sessions.map((s) => s.energyKwh);
  const ampsLeft = (i: number) => (remaining[i] * 1000) / VOLTAGE / PERIOD_H;
  const last = Math.max(...sessions.map((s) => s.departure));
  const first = Math.min(...sessions.map((s) => s.arrival));
  let peakKw = 0;
  let maxViolationA = 0;
  const times: number[] = [];
  let next = 0;
  const present: number[] = [];
  const byArrival = sessions.map((_, i) => i).sort((a, b) => sessions[a].arrival - sessions[b].arrival);
  for (let t = first; t < last; t++) {
    while (next < byArrival.length && sessions[byArrival[next]].arrival <= t) present.push(byArrival[next++]);
    for (let k = present.length - 1; k >= 0; k--) if (sessions[present[k]].departure <= t) present.splice(k, 1);
    const evs: ActiveEv[] = present.filter((i) => remaining[i] > 1e-9).map((i) => ({
      index: i, evse: evseOf(infra, sessions[i].station), arrival: sessions[i].arrival, departure: sessions[i].departure, remainingKwh: remaining[i],
      knownA, maxA: Math.min(knownA, ampsLeft(i)),
    }));
    if (evs.length === 0) continue;
    const started = process.hrtime.bigint();
    const rates = algorithm(evs, infra, t);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    let totalA = 0;
    const loads = new PhasorLoads(infra.network);
    evs.forEach((ev, k) => {
      const a = Math.max(0, Math.min(rates[k], ev.maxA, EV_MAX_A));
      totalA += a;
      loads.add(ev.evse, a);
      remaining[ev.index] = Math.max(0, remaining[ev.index] - (a * VOLTAGE * PERIOD_H) / 1000);
    });
    peakKw = Math.max(peakKw, (totalA * VOLTAGE) / 1000);
    maxViolationA = Math.max(maxViolationA, loads.violation());
  }
  const requested = sessions.reduce((s, x) => s + x.energyKwh, 0);
  const delivered = sessions.reduce((s, x, i) => s + (x.energyKwh - remaining[i]), 0);
  times.sort((a, b) => a - b);
  const pick = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return {
    energyPercent: (delivered / requested) * 100,
    demandsMetPercent: (remaining.filter((r) => r < 0.1).length / sessions.length) * 100,
    peakKw, maxViolationA: Math.max(0, maxViolationA), msPerPeriodP50: pick(0.5), msPerPeriodP99: pick(0.99),
  };
}

function evseOf(infra: Infrastructure, station: string): number {
  const evse = infra.evseOf.get(station);
  if (evse === undefined) throw new Error(`${infra.name}: no EVSE ${station}`);
  return evse;
}
