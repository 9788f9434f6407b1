/**
 * The planner benchmark: generated bus depots (scenarios.ts) of 20, 50 and 100 vehicles over 24 h in 15-minute
 * steps, planned as soon as possible (the unmanaged baseline), for the lowest peak and for the lowest cost, by the
 * LP phases (HiGHS) and by the heuristic. Prints per size the peak and cost reductions against as soon as
 * possible, the vehicles ready, the heuristic's peak against the LP's, and the solve times.
 */
import type { Parsed } from '../../bin/args';
import { loadLpSolver, LpSolver } from '../../lib/allocation/lp';
import { Plan, planCharging } from '../../lib/planning/plan';
import { PlanObjective, PlanProblem, readPlanInput } from '../../lib/planning/problem';
import { Environment, readEnvironment } from '../environment';
import type { Log } from '../ocpp/load-phase';
import { positive } from '../ocpp/options';
import type { Goal } from '../ocpp/report';
import { median } from '../ocpp/stats';
import { depotScenario } from './scenarios';

export interface PlannerBenchOptions {
  sizes: number[];
  /** Scenarios (seeds) per size. */
  seeds: number;
  /** The solver's budget per plan, ms. */
  budgetMs: number;
}

export const PLANNER_DEFAULTS: PlannerBenchOptions = { sizes: [20, 50, 100], seeds: 5, budgetMs: 10_000 };
export const PLANNER_QUICK: PlannerBenchOptions = { sizes: [20], seeds: 1, budgetMs: 10_000 };
export const PLANNER_USAGE = '[--planner-sizes 20,50,100] [--planner-seeds 5] [--planner-budget-ms 10000]';
export const PLANNER_FLAGS = { 'planner-sizes': 'string', 'planner-seeds': 'string', 'planner-budget-ms': 'string' } as const;

export function plannerOptionsFrom(o: Parsed, usage: string): PlannerBenchOptions {
  const base = { ...(o.quick ? PLANNER_QUICK : PLANNER_DEFAULTS) };
  if (o['planner-sizes'] !== undefined) base.sizes = String(o['planner-sizes']).split(',').map((s) => Math.round(positive('--planner-sizes', s, usage)));
  if (o['planner-seeds'] !== undefined) base.seeds = Math.round(positive('--planner-seeds', String(o['planner-seeds']), usage));
  if (o['planner-budget-ms'] !== undefined) base.budgetMs = positive('--planner-budget-ms', String(o['planner-budget-ms']), usage);
  return base;
}

/** Medians over the scenarios of one size. */
export interface SizeFigures {
  vehicles: number;
  scenarios: number;
  asapPeakKw: number;
  asapCost: number;
  minPeakKw: number;
  peakReductionPercent: number;
  minCost: number;
  costReductionPercent: number;
  /** Vehicles ready in every plan of the LP, % (the lowest over the scenarios). */
  readyPercent: number;
  /** The heuristic's peak above the LP's, % (the largest over the scenarios). */
  heuristicPeakGapPercent: number;
  minPeakSolveMs: number;
  minCostSolveMs: number;
  heuristicMs: number;
  /** Plans the LP did not prove optimal (the heuristic answered). */
  notOptimal: number;
  /** Min-peak plans proven optimal for any placement of the buses, not only the one the planner chose. */
  globalOptima: number;
}

export interface PlannerBenchReport {
  options: PlannerBenchOptions;
  environment: Environment;
  sizes: SizeFigures[];
  goals: Goal[];
}

const percentBelow = (base: number, x: number) => (base > 0 ? ((base - x) / base) * 100 : 0);

function plan(problem: PlanProblem, objective: PlanObjective, solver?: LpSolver, budgetMs?: number): Plan {
  return planCharging({ ...problem, objective }, { solver, budgetMs });
}

function runSize(vehicles: number, o: PlannerBenchOptions, solver: LpSolver, log: Log): SizeFigures {
  const runs = Array.from({ length: o.seeds }, (_x, seed) => {
    const read = readPlanInput(depotScenario(vehicles, seed + 1));
    if (!read.problem) throw new Error(`generated scenario rejected: ${read.errors.join('; ')}`);
    const p = read.problem;
    const asap = plan(p, 'earliest');
    const minPeak = plan(p, 'peak', solver, o.budgetMs);
    const minCost = plan(p, 'cost', solver, o.budgetMs);
    const heuristic = plan(p, 'peak');
    log(`  ${vehicles} vehicles, scenario ${seed + 1}: peak ${asap.peakKw.toFixed(0)} -> ${minPeak.peakKw.toFixed(1)} kW (${minPeak.solveMs} ms), heuristic ${heuristic.peakKw.toFixed(1)} kW`);
    return { asap, minPeak, minCost, heuristic };
  });
  const med = (f: (r: (typeof runs)[number]) => number) => median(runs.map(f));
  return {
    vehicles, scenarios: runs.length,
    asapPeakKw: med((r) => r.asap.peakKw), asapCost: med((r) => r.asap.cost),
    minPeakKw: med((r) => r.minPeak.peakKw), peakReductionPercent: med((r) => percentBelow(r.asap.peakKw, r.minPeak.peakKw)),
    minCost: med((r) => r.minCost.cost), costReductionPercent: med((r) => percentBelow(r.asap.cost, r.minCost.cost)),
    readyPercent: Math.min(...runs.flatMap((r) => [r.minPeak, r.minCost].map((x) => (x.vehiclesReady / vehicles) * 100))),
    heuristicPeakGapPercent: Math.max(...runs.map((r) => (r.minPeak.peakKw > 0 ? (r.heuristic.peakKw / r.minPeak.peakKw - 1) * 100 : 0))),
    minPeakSolveMs: med((r) => r.minPeak.solveMs), minCostSolveMs: med((r) => r.minCost.solveMs), heuristicMs: med((r) => r.heuristic.solveMs),
    notOptimal: runs.filter((r) => r.minPeak.method !== 'optimal' || r.minCost.method !== 'optimal').length,
    globalOptima: runs.filter((r) => r.minPeak.globalOptimum).length,
  };
}

export async function runPlannerBench(o: PlannerBenchOptions, log: Log): Promise<PlannerBenchReport> {
  log(`planner benchmark: depots of ${o.sizes.join(', ')} vehicles, ${o.seeds} scenario(s) each`);
  const solver = await loadLpSolver();
  const sizes = o.sizes.map((n) => runSize(n, o, solver, log));
  const largest = sizes.find((s) => s.vehicles === 100);
  const goals: Goal[] = largest ? [
    {
      goal: '100 vehicles x 96 steps: proven-optimal min-peak plan in < 2 s (median)',
      measured: `${largest.minPeakSolveMs} ms, ${largest.scenarios - largest.notOptimal} of ${largest.scenarios} optimal (${largest.globalOptima} for any placement)`,
      pass: largest.minPeakSolveMs < 2000 && largest.notOptimal === 0,
    },
    {
      goal: 'the heuristic within 5 % of the optimal peak (100 vehicles, worst scenario)',
      measured: `+${largest.heuristicPeakGapPercent.toFixed(2)} %`, pass: largest.heuristicPeakGapPercent <= 5,
    },
  ] : [];
  return { options: o, environment: readEnvironment(), sizes, goals };
}

export function formatPlannerReport(r: PlannerBenchReport): string {
  const header = ['vehicles', 'ASAP peak kW', 'min-peak kW', 'peak cut %', 'ASAP cost', 'min cost', 'cost cut %', 'ready %', 'heuristic peak +%', 'LP ms (peak/cost)', 'heuristic ms', 'optimal for any placement'];
  const rows = [header, ...r.sizes.map((s) => [
    String(s.vehicles), s.asapPeakKw.toFixed(0), s.minPeakKw.toFixed(1), s.peakReductionPercent.toFixed(1), s.asapCost.toFixed(2), s.minCost.toFixed(2),
    s.costReductionPercent.toFixed(1), s.readyPercent.toFixed(0), s.heuristicPeakGapPercent.toFixed(2), `${s.minPeakSolveMs}/${s.minCostSolveMs}`, String(s.heuristicMs), `${s.globalOptima}/${s.scenarios}`,
  ])];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return [
    `Planner benchmark — generated bus depots over 24 h in 15-min steps, ${r.options.seeds} scenario(s) per size (medians; ready % the lowest, heuristic gap the largest)`,
    `${r.environment.platform}, ${r.environment.cpus} × ${r.environment.cpuModel}, node ${r.environment.node}`,
    '', ...rows.map((row) => row.map((cell, i) => cell.padStart(widths[i])).join('  ')),
    '', 'goals (planner):', ...r.goals.map((g) => `  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.measured}`),
  ].join('\n');
}
