/**
 * The time of one recomputation on a large site: 1,000 EVSEs in a 3-level tree (site, 10 feeders, 10 sub-groups
 * each), a mix of 3-phase and 1-phase EVSEs rotated over the phases, 4 in 5 charging, limits that bind at every
 * level. Timed as the allocator runs it: the tree read from its description, then the allocation; once with sessions
 * that do not say when they leave (max-min fair), once with every session's departure and remaining energy known.
 */
import { performance } from 'perf_hooks';
import { compileTree, EvseNode, GroupNode, Phase, Site } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';

export interface Timing {
  medianMs: number;
  p90Ms: number;
}

export interface LargeTreeFigures extends Timing {
  evses: number;
  constraints: number;
  rounds: number;
  withDepartures: Timing;
}

const ROTATIONS: Phase[][] = [[1, 2, 3], [2, 3, 1], [3, 1, 2]];

export function largeSite(feeders = 10, groups = 10, evsesPerGroup = 10, departures = false): Site {
  let n = 0;
  const evse = (): EvseNode => {
    const i = n++;
    const rotation = ROTATIONS[i % 3];
    return {
      kind: 'evse', id: `e${i}`, gridPhases: i % 4 === 3 ? [rotation[0]] : rotation, maxA: 32, minA: 6,
      ...(i % 5 === 0 ? {} : {
        session: {
          evPhases: i % 7 === 0 ? 1 : 3, maxA: 16 + (i % 17), priority: i % 3,
          ...(departures ? { departureS: 1800 + ((i * 7919) % 36000), energyWh: 2000 + ((i * 104729) % 40000) } : {}),
        },
      }),
    };
  };
  const group = (f: number, g: number): GroupNode => ({ kind: 'group', id: `f${f}g${g}`, limitA: 60 + 10 * (g % 4), children: Array.from({ length: evsesPerGroup }, evse) });
  const feeder = (f: number): GroupNode => ({ kind: 'group', id: `f${f}`, limitA: 400, children: Array.from({ length: groups }, (_, g) => group(f, g)) });
  return { voltageV: 230, root: { kind: 'group', id: 'site', limitA: 3000, limitW: 230 * 3 * 2500, children: Array.from({ length: feeders }, (_, f) => feeder(f)) } };
}

export function timeLargeTree(rounds = 50): LargeTreeFigures {
  const fair = time(largeSite(), rounds);
  const withDepartures = time(largeSite(10, 10, 10, true), rounds);
  return { evses: fair.evses, constraints: fair.constraints, rounds, medianMs: fair.medianMs, p90Ms: fair.p90Ms, withDepartures: { medianMs: withDepartures.medianMs, p90Ms: withDepartures.p90Ms } };
}

function time(site: Site, rounds: number): Timing & { evses: number; constraints: number } {
  const times: number[] = [];
  let evses = 0;
  let constraints = 0;
  for (let r = 0; r < rounds + 5; r++) {
    const started = performance.now();
    const tree = compileTree(site);
    allocate(tree);
    // The first rounds warm the JIT up; they are not kept.
    if (r >= 5) times.push(performance.now() - started);
    evses = tree.evses.length;
    constraints = tree.constraints.length;
  }
  times.sort((a, b) => a - b);
  return { evses, constraints, medianMs: times[Math.floor(times.length / 2)], p90Ms: times[Math.floor(times.length * 0.9)] };
}
