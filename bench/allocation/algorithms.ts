/**
 * What each algorithm gives the EVs present in one period, under one aggregate limit (A at 208 V). The baselines
 * follow ACN-Sim's definitions (specs/smart-charging.md §2): the sorted family gives each EV in turn the highest
 * pilot it may have (FCFS by arrival, EDF by departure, LLF by laxity over that pilot); round-robin adds 0.1 A to
 * each EV in turn while it fits. Every algorithm knows the same of an EV's rate (RateKnowledge).
 * Ours is lib/allocation over a one-group tree, each session saying when it leaves and what it still needs: with its
 * default policy (more drivers leave with what they asked), with its energy-first policy, and without departures
 * (max-min fair water-filling).
 */
import { compileTree, EvseNode, Site } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';
import { DEFAULT_DEADLINE_OPTIONS, DeadlineOptions } from '../../lib/allocation/deadline';
import { PERIOD_H, VOLTAGE } from './sessions';
import type { Infrastructure } from './infrastructure';
import { PhasorLoads } from '../../lib/allocation/phasor';
import type { LpSolver } from '../../lib/allocation/lp';

export interface ActiveEv {
  index: number;
  /** Its EVSE in the infrastructure. */
  evse: number;
  arrival: number;
  departure: number;
  remainingKwh: number;
  /** The highest rate the algorithms count on for it, A (sessions.ts, RateKnowledge). */
  knownA: number;
  /** The most it may be given this period: that rate, and no more than its energy left takes in one period, A. */
  maxA: number;
}

export type Algorithm = (evs: ActiveEv[], infra: Infrastructure, period: number) => number[];

/** Gives each EV, in this order, what it can take of what is left. */
function sorted(key: (ev: ActiveEv, period: number) => number): Algorithm {
  return (evs, infra, period) => {
    const order = evs.map((_, i) => i).sort((a, b) => key(evs[a], period) - key(evs[b], period) || evs[a].arrival - evs[b].arrival || evs[a].index - evs[b].index);
    const rates = evs.map(() => 0);
    const loads = new PhasorLoads(infra.network);
    for (const i of order) {
      rates[i] = Math.max(0, Math.min(evs[i].maxA, loads.headroom(evs[i].evse)));
      loads.add(evs[i].evse, rates[i]);
    }
    return rates;
  };
}

/** Periods it still needs at the highest rate known for it. */
const periodsNeeded = (ev: ActiveEv): number => (ev.remainingKwh * 1000) / VOLTAGE / PERIOD_H / ev.knownA;

const roundRobin: Algorithm = (evs, infra) => {
  const rates = evs.map(() => 0);
  const step = 0.1;
  const loads = new PhasorLoads(infra.network);
  for (let moved = true; moved;) {
    moved = false;
    for (let i = 0; i < evs.length; i++) {
      if (rates[i] + step > evs[i].maxA + 1e-9 || loads.headroom(evs[i].evse) < step - 1e-9) continue;
      rates[i] += step;
      loads.add(evs[i].evse, step);
      moved = true;
    }
  }
  return rates;
};

const PERIOD_S = PERIOD_H * 3600;

/**
 * lib/allocation over the infrastructure: one group with the aggregate limit, or every EVSE at its angle under the
 * network's phasor limits; with `deadlines`, each session says when it leaves and what it still needs.
 */
function ours(solver: LpSolver | undefined, deadlines?: Partial<DeadlineOptions>): Algorithm {
  const options = { ...DEFAULT_DEADLINE_OPTIONS, ...deadlines };
  return (evs, infra, period) => {
    const children: EvseNode[] = evs.map((ev) => ({
      kind: 'evse', id: String(ev.evse), gridPhases: [1], maxA: ev.maxA, minA: 0,
      ...(infra.phasor ? { angleDeg: (infra.network.angles[ev.evse] * 180) / Math.PI } : {}),
      session: deadlines ? { departureS: (ev.departure - period) * PERIOD_S, energyWh: ev.remainingKwh * 1000 } : {},
    }));
    const present = new Set(evs.map((ev) => String(ev.evse)));
    const site: Site = infra.phasor
      ? {
        voltageV: VOLTAGE, root: { kind: 'group', id: 'site', children },
        phasor: infra.network.constraints.map((c) => ({
          id: c.id, limitA: c.limit, members: Object.fromEntries(c.members.filter((m) => present.has(String(m.evse))).map((m) => [String(m.evse), m.coef])),
        })),
      }
      : { voltageV: VOLTAGE, root: { kind: 'group', id: 'site', limitA: [infra.network.constraints[0].limit, Infinity, Infinity], children } };
    return allocate(compileTree(site), options, solver).currentA;
  };
}

/** Every algorithm; ours on a phasor network needs the LP solver. */
export function algorithms(solver?: LpSolver): Record<string, Algorithm> {
  return {
    ours: ours(solver, { holdS: PERIOD_S }),
    'ours, energy first': ours(solver, { completionBiasS: 0, lateSlackS: 0 }),
    'ours without departures': ours(solver),
    FCFS: sorted((ev) => ev.arrival),
    EDF: sorted((ev) => ev.departure),
    LLF: sorted((ev, t) => ev.departure - t - periodsNeeded(ev)),
    'round-robin': roundRobin,
  };
}

/** Variants of ours run on one aggregate limit only: on a phasor network both serve by weighted current (an LP per period). */
export const SINGLE_LIMIT_ONLY = ['ours, energy first', 'ours without departures'];
