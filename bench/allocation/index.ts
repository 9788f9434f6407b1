/**
 * The allocator benchmark on the ACN Caltech sessions of March 2019 (specs/smart-charging.md §5), on two
 * infrastructures: one aggregate limit, and the garage's real 3-phase network. Energy delivered, demands fully met
 * and peak for our allocator and the ACN-Sim baselines at each capacity, against the offline LP optimum; the
 * largest limit violation (must be 0); the time of one recomputation for 1,000 EVSEs.
 */
import type { Parsed } from '../../bin/args';
import { readEnvironment, Environment } from '../environment';
import type { Goal } from '../ocpp/report';
import { positive } from '../ocpp/options';
import type { Log } from '../ocpp/load-phase';
import { Algorithm, algorithms as allAlgorithms, SINGLE_LIMIT_ONLY } from './algorithms';
import { optimumEnergy, OptimumBounds } from './optimum';
import { RateKnowledge, readSessions, Session } from './sessions';
import { caltechNetwork, Infrastructure, singleLimit } from './infrastructure';
import { loadLpSolver } from '../../lib/allocation/lp';
import { simulate, SimulationFigures } from './simulate';
import { LargeTreeFigures, timeLargeTree } from './large-tree';

export interface AllocationBenchOptions {
  /** Site limits in kW. */
  capacities: number[];
  /** Transformer sizes of the 3-phase network, kW (those of data/acn-caltech-network.json). */
  networkCapacities: number[];
  /** Only the sessions that arrive in the first this many days (all 31 by default). */
  days: number;
  /** Solve the LP optimum (about 2 s per capacity for the month). */
  optimum: boolean;
}

export const ALLOCATION_DEFAULTS: AllocationBenchOptions = { capacities: [10, 20, 30, 40, 50, 70], networkCapacities: [10, 20, 30, 50], days: 31, optimum: true };
export const ALLOCATION_QUICK: AllocationBenchOptions = { capacities: [20, 30], networkCapacities: [20, 30], days: 2, optimum: true };
export const ALLOCATION_USAGE = '[--allocation-capacities 10,20,30] [--allocation-network 10,20,30,50] [--allocation-days 31] [--allocation-no-optimum]';
export const ALLOCATION_FLAGS = { 'allocation-capacities': 'string', 'allocation-network': 'string', 'allocation-days': 'string', 'allocation-no-optimum': 'boolean' } as const;

export function allocationOptionsFrom(o: Parsed, usage: string): AllocationBenchOptions {
  const base = { ...(o.quick ? ALLOCATION_QUICK : ALLOCATION_DEFAULTS) };
  if (o['allocation-capacities'] !== undefined) {
    base.capacities = String(o['allocation-capacities']).split(',').map((c) => positive('--allocation-capacities', c, usage));
  }
  if (o['allocation-network'] !== undefined) {
    base.networkCapacities = String(o['allocation-network']).split(',').map((c) => positive('--allocation-network', c, usage));
  }
  if (o['allocation-days'] !== undefined) base.days = positive('--allocation-days', String(o['allocation-days']), usage);
  if (o['allocation-no-optimum'] === true) base.optimum = false;
  return base;
}

export interface CapacityFigures {
  capKw: number;
  /** The optimum's upper bound (exact on one aggregate limit), and its bounds on the network. */
  optimumEnergyPercent?: number;
  optimum?: OptimumBounds;
  algorithms: Record<string, SimulationFigures>;
}

export interface AllocationBenchReport {
  options: AllocationBenchOptions;
  environment: Environment;
  sessions: number;
  requestedKwh: number;
  /** One aggregate limit, the protocol of the spec digest and ACN-Sim: the algorithms know the EVSE's pilot (the goals). */
  capacities: CapacityFigures[];
  /** The same with every algorithm told the EV's own rate (not a goal: there least-laxity first is optimal). */
  evRate: CapacityFigures[];
  /** The real 3-phase network, per transformer size. */
  network: CapacityFigures[];
  largeTree: LargeTreeFigures;
  goals: Goal[];
}

const OURS = 'ours';

/** One recomputation for 1,000 EVSEs in a 3-level tree: the bound, median. */
export const LARGE_TREE_GOAL_MS = 5;

/** Ours (its default policy) against LLF's energy and EDF's demands met. */
function vsBaselines(c: CapacityFigures): string {
  const { LLF: llf, EDF: edf, [OURS]: f } = c.algorithms;
  return `energy ${f.energyPercent.toFixed(3)} vs LLF ${llf.energyPercent.toFixed(3)} %, met ${f.demandsMetPercent.toFixed(1)} vs EDF ${edf.demandsMetPercent.toFixed(1)} %`;
}

function goalsOf(capacities: CapacityFigures[], network: CapacityFigures[], large: LargeTreeFigures): Goal[] {
  const at = (cap: number) => capacities.find((c) => c.capKw === cap);
  const goals: Goal[] = [];
  for (const cap of [20, 30, 50]) {
    const c = at(cap);
    if (!c) continue;
    const { LLF: llf, EDF: edf, [OURS]: ours } = c.algorithms;
    goals.push({
      goal: `${cap} kW: energy >= LLF's and demands met >= EDF's`, measured: vsBaselines(c),
      pass: ours.energyPercent >= llf.energyPercent - 1e-9 && ours.demandsMetPercent >= edf.demandsMetPercent - 1e-9,
    });
    if ((cap === 20 || cap === 30) && c.optimumEnergyPercent !== undefined) {
      goals.push({
        goal: `${cap} kW: within 1 % of the LP optimum's energy`,
        measured: `${((ours.energyPercent / c.optimumEnergyPercent) * 100).toFixed(2)} % of ${c.optimumEnergyPercent.toFixed(2)} %`,
        pass: ours.energyPercent >= 0.99 * c.optimumEnergyPercent,
      });
    }
  }
  for (const c of network) {
    if ((c.capKw !== 20 && c.capKw !== 30) || c.optimumEnergyPercent === undefined) continue;
    const ours = c.algorithms[OURS].energyPercent;
    goals.push({
      goal: `3-phase network, ${c.capKw} kW: at least 97 % of the LP optimum's energy`,
      measured: `${ours.toFixed(2)} %, ${((ours / c.optimumEnergyPercent) * 100).toFixed(2)} % of the optimum's upper bound ${c.optimumEnergyPercent.toFixed(2)} % (EDF ${c.algorithms.EDF.energyPercent.toFixed(2)}, LLF ${c.algorithms.LLF.energyPercent.toFixed(2)})`,
      pass: ours >= 0.97 * c.optimumEnergyPercent,
    });
  }
  const worst = Math.max(...[...capacities, ...network].flatMap((c) => Object.values(c.algorithms).map((f) => f.maxViolationA)));
  goals.push({ goal: 'no limit ever exceeded (any algorithm, any capacity)', measured: `${worst.toFixed(6)} A at worst`, pass: worst <= 1e-6 });
  goals.push({
    goal: `one recomputation for ${large.evses} EVSEs in a 3-level tree < ${LARGE_TREE_GOAL_MS} ms (median)`,
    measured: `${large.medianMs.toFixed(2)} ms (p90 ${large.p90Ms.toFixed(2)} ms, ${large.constraints} constraints)`,
    pass: large.medianMs < LARGE_TREE_GOAL_MS,
  });
  goals.push({
    goal: `the same with every departure known < ${LARGE_TREE_GOAL_MS} ms (median)`,
    measured: `${large.withDepartures.medianMs.toFixed(2)} ms (p90 ${large.withDepartures.p90Ms.toFixed(2)} ms)`,
    pass: large.withDepartures.medianMs < LARGE_TREE_GOAL_MS,
  });
  return goals;
}

export async function runAllocationBench(options: AllocationBenchOptions, log: Log = () => undefined): Promise<AllocationBenchReport> {
  const all = readSessions();
  const first = Math.min(...all.map((s) => s.arrival));
  const sessions: Session[] = all.filter((s) => s.arrival < first + options.days * 288);
  const algorithms = allAlgorithms(await loadLpSolver());
  const run = async (infra: Infrastructure, capKw: number, names: string[], knowledge: RateKnowledge, optimum?: OptimumBounds): Promise<CapacityFigures> => {
    log(`allocation: ${sessions.length} sessions, ${infra.name} at ${capKw} kW${knowledge === 'ev' ? ', the EV\'s rate known' : ''}`);
    const figures: Record<string, SimulationFigures> = {};
    for (const name of names) figures[name] = simulate(sessions, infra, algorithms[name] as Algorithm, knowledge);
    optimum ??= options.optimum ? await optimumEnergy(sessions, infra) : undefined;
    return { capKw, ...(optimum ? { optimumEnergyPercent: optimum.upper, optimum } : {}), algorithms: figures };
  };
  const capacities: CapacityFigures[] = [];
  const evRate: CapacityFigures[] = [];
  for (const capKw of options.capacities) {
    const infra = singleLimit(capKw, sessions);
    const pilot = await run(infra, capKw, Object.keys(algorithms), 'pilot');
    capacities.push(pilot);
    evRate.push(await run(infra, capKw, Object.keys(algorithms), 'ev', pilot.optimum));
  }
  const network: CapacityFigures[] = [];
  const networkNames = Object.keys(algorithms).filter((n) => !SINGLE_LIMIT_ONLY.includes(n));
  for (const capKw of options.networkCapacities) network.push(await run(caltechNetwork(capKw), capKw, networkNames, 'pilot'));
  log('allocation: 1,000 EVSEs in a 3-level tree');
  const largeTree = timeLargeTree();
  return {
    options, environment: readEnvironment(), sessions: sessions.length, requestedKwh: sessions.reduce((s, x) => s + x.energyKwh, 0),
    capacities, evRate, network, largeTree, goals: goalsOf(capacities, network, largeTree),
  };
}

export function formatAllocationReport(r: AllocationBenchReport): string {
  const lines = [
    `Allocator benchmark — ACN Caltech, March 2019: ${r.sessions} sessions, ${r.requestedKwh.toFixed(1)} kWh requested; 5-min periods, 208 V, 32 A EVSEs, 6.6 kW EVs`,
    `${r.environment.platform}, ${r.environment.cpus} × ${r.environment.cpuModel}, node ${r.environment.node}`,
    '', 'One aggregate limit (pilots up to the EVSE\'s 32 A, as ACN-Sim; each EV draws at most 6.6 kW):', ...table(r.capacities),
    '', 'The same, every algorithm told the EV\'s 6.6 kW (not a goal: least-laxity first is optimal there):', ...table(r.evRate),
    ...r.evRate.filter((c) => [20, 30, 50].includes(c.capKw)).map((c) => `  ${c.capKw} kW, the EV's rate known: ${vsBaselines(c)}`),
    '', 'The real 3-phase network (transformer size; phasor limits; the optimum between its bounds, cutting planes):', ...table(r.network),
  ];
  const t = r.largeTree;
  lines.push('', `one recomputation, ${t.evses} EVSEs in a 3-level tree (${t.constraints} constraints): median ${t.medianMs.toFixed(2)} ms, p90 ${t.p90Ms.toFixed(2)} ms over ${t.rounds} rounds; with every departure known: median ${t.withDepartures.medianMs.toFixed(2)} ms, p90 ${t.withDepartures.p90Ms.toFixed(2)} ms`);
  lines.push('', 'goals (allocation):', ...r.goals.map((g) => `  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.measured}`));
  return lines.join('\n');
}

function table(capacities: CapacityFigures[]): string[] {
  if (capacities.length === 0) return ['  (not run)'];
  const names = Object.keys(capacities[0].algorithms);
  const header = ['capacity', 'metric', ...names, 'LP optimum'];
  const rows: string[][] = [header];
  for (const c of capacities) {
    const cell = (f: (x: SimulationFigures) => number, digits: number) => names.map((n) => f(c.algorithms[n]).toFixed(digits));
    const o = c.optimum;
    const optimum = !o ? '-' : o.upper - o.lower < 0.005 ? o.upper.toFixed(2) : `${o.lower.toFixed(2)}-${o.upper.toFixed(2)}`;
    rows.push([`${c.capKw} kW`, 'energy %', ...cell((x) => x.energyPercent, 2), optimum]);
    rows.push(['', '% of optimum', ...names.map((n) => (c.optimumEnergyPercent ? ((c.algorithms[n].energyPercent / c.optimumEnergyPercent) * 100).toFixed(1) : '-')), '']);
    rows.push(['', 'demands met %', ...cell((x) => x.demandsMetPercent, 1), '']);
    rows.push(['', 'peak kW', ...cell((x) => x.peakKw, 1), '']);
    rows.push(['', 'ms per period p50', ...cell((x) => x.msPerPeriodP50, 3), '']);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}
