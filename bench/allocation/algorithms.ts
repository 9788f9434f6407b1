/**
 * What each algorithm gives the EVs present in one period, under one aggregate limit (A at 208 V). The baselines
 * follow ACN-Sim's definitions (specs/smart-charging.md §2): the sorted family gives each EV in turn the most it can
 * take (FCFS by arrival, EDF by departure, LLF by laxity); round-robin adds 0.1 A to each EV in turn while it fits.
 * Ours is lib/allocation over a one-group tree, each session saying when it leaves and what it still needs: with its
 * default policy (more drivers leave with what they asked), with its energy-first policy, and without departures
 * (max-min fair water-filling).
 */
import { compileTree, EvseNode } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';
import { DEFAULT_DEADLINE_OPTIONS, DeadlineOptions } from '../../lib/allocation/deadline';
import { MAX_PILOT_A, PERIOD_H, VOLTAGE } from './sessions';

export interface ActiveEv {
  index: number;
  arrival: number;
  departure: number;
  remainingKwh: number;
  /** The most it can take this period, A. */
  maxA: number;
}

export type Algorithm = (evs: ActiveEv[], limitA: number, period: number) => number[];

/** Gives each EV, in this order, what it can take of what is left. */
function sorted(key: (ev: ActiveEv, period: number) => number): Algorithm {
  return (evs, limitA, period) => {
    const order = evs.map((_, i) => i).sort((a, b) => key(evs[a], period) - key(evs[b], period) || evs[a].arrival - evs[b].arrival || evs[a].index - evs[b].index);
    const rates = evs.map(() => 0);
    let left = limitA;
    for (const i of order) {
      rates[i] = Math.max(0, Math.min(evs[i].maxA, left));
      left -= rates[i];
    }
    return rates;
  };
}

/** Periods it still needs at the highest pilot. */
const periodsNeeded = (ev: ActiveEv): number => (ev.remainingKwh * 1000) / VOLTAGE / PERIOD_H / MAX_PILOT_A;

const roundRobin: Algorithm = (evs, limitA) => {
  const rates = evs.map(() => 0);
  const step = 0.1;
  let left = limitA;
  for (let moved = true; moved && left >= step - 1e-9;) {
    moved = false;
    for (let i = 0; i < evs.length && left >= step - 1e-9; i++) {
      if (rates[i] + step > evs[i].maxA + 1e-9) continue;
      rates[i] += step;
      left -= step;
      moved = true;
    }
  }
  return rates;
};

const PERIOD_S = PERIOD_H * 3600;

/** lib/allocation over a one-group tree; with `deadlines`, each session says when it leaves and what it still needs. */
function ours(deadlines?: Partial<DeadlineOptions>): Algorithm {
  const options = { ...DEFAULT_DEADLINE_OPTIONS, ...deadlines };
  return (evs, limitA, period) => {
    const children: EvseNode[] = evs.map((ev) => ({
      kind: 'evse', id: String(ev.index), gridPhases: [1], maxA: ev.maxA, minA: 0,
      session: deadlines ? { departureS: (ev.departure - period) * PERIOD_S, energyWh: ev.remainingKwh * 1000 } : {},
    }));
    const tree = compileTree({ voltageV: VOLTAGE, root: { kind: 'group', id: 'site', limitA: [limitA, Infinity, Infinity], children } });
    return allocate(tree, options).currentA;
  };
}

export const ALGORITHMS: Record<string, Algorithm> = {
  ours: ours({}),
  'ours, energy first': ours({ completionBiasS: 0, lateSlackS: 0 }),
  'ours without departures': ours(),
  FCFS: sorted((ev) => ev.arrival),
  EDF: sorted((ev) => ev.departure),
  LLF: sorted((ev, t) => ev.departure - t - periodsNeeded(ev)),
  'round-robin': roundRobin,
};
