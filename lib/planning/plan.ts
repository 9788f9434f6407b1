/**
 * A depot plan: each vehicle's charger, window and power per step, its expected state of charge at departure and
 * whether it will be ready; the site's power per step, its peak and its cost. Solved by the LP phases when a
 * solver is given and answers within the budget, else by the heuristic, which always answers.
 */
import type { LpSolver } from '../allocation/lp';
import { assignChargers, placeToFit } from './assign';
import { heuristicPlan, PowerPlan, shortfalls } from './heuristic';
import { lpPlan } from './lp-plan';
import { PlanObjective, PlanProblem, rateLimit, stepHours } from './problem';

export type VehicleStatus = 'planned' | 'at risk';

export interface VehiclePlan {
  id: string;
  charger?: string;
  connector?: number;
  /** The first and last instants it draws power (ISO), absent when it draws none. */
  from?: string;
  to?: string;
  /** Its stay, as given (ISO), and its state of charge now and the one it should leave with. */
  arrival: string;
  departure: string;
  socPercent: number;
  targetSocPercent: number;
  /** Per step of the plan, kW. */
  powerKw: number[];
  energyKwh: number;
  needKwh: number;
  socAtDeparturePercent: number;
  status: VehicleStatus;
  /** What it misses at its departure, kWh (0 when planned). */
  shortfallKwh: number;
  reason?: string;
}

export interface Plan {
  start: string;
  stepMin: number;
  objective: PlanObjective;
  method: 'optimal' | 'heuristic';
  /**
   * The optimal plan is optimal whatever the placement: its objective equals that of the relaxation without
   * chargers (each vehicle at the fastest it may use, the same energy each), a bound no placement can beat.
   */
  globalOptimum: boolean;
  /** Why the heuristic answered. */
  fallback?: string;
  vehicles: VehiclePlan[];
  /** Site power per step, kW. */
  siteKw: number[];
  peakKw: number;
  energyKwh: number;
  cost: number;
  vehiclesReady: number;
  solveMs: number;
}

export interface PlanOptions {
  solver?: LpSolver;
  /** Time the solver may take in all, ms; default 2000. The heuristic answers when it runs out. */
  budgetMs?: number;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** The plan's site power, peak and cost. */
export function planTotals(p: PlanProblem, power: PowerPlan): { siteKw: number[]; peakKw: number; energyKwh: number; cost: number } {
  const h = stepHours(p);
  const siteKw = Array.from({ length: p.steps }, (_x, t) => power.reduce((a, row) => a + row[t], 0));
  const peakKw = Math.max(0, ...siteKw);
  const energyKwh = siteKw.reduce((a, kw) => a + kw * h, 0);
  const cost = siteKw.reduce((a, kw, t) => a + kw * h * p.pricePerKwh[t], 0) + peakKw * p.demandChargePerKw;
  return { siteKw, peakKw, energyKwh, cost };
}

function whyShort(p: PlanProblem, i: number, charger: number | undefined): string {
  const v = p.vehicles[i];
  if (v.departure <= v.arrival) return 'no whole step between its arrival and its departure in the horizon';
  if (charger === undefined) return 'no charger it may use has a free connector for its stay';
  const most = rateLimit(p, v, charger) * (v.departure - v.arrival) * stepHours(p);
  if (most < v.needKwh - 1e-3) return `its stay is too short: at most ${round(most)} kWh at its highest rate`;
  return 'not enough power before its departure: the site or its charger is shared';
}

export function planCharging(p: PlanProblem, options: PlanOptions = {}): Plan {
  const began = Date.now();
  let placements = assignChargers(p);
  let power: PowerPlan | undefined;
  let fallback: string | undefined;
  let globalOptimum = false;
  if (options.solver) {
    const deadline = began + (options.budgetMs ?? 2000);
    let outcome = lpPlan(p, placements, options.solver, deadline - Date.now());
    // Chargers shared by connectors held the plan above what no placement can beat: place the buses where the
    // bound's own plan fits, and plan again there.
    const refit = outcome.relaxed && placeToFit(p, outcome.relaxed);
    if (refit) {
      const again = lpPlan(p, refit, options.solver, deadline - Date.now());
      if (again.optimal && again.globalOptimum) [outcome, placements] = [again, refit];
    }
    power = outcome.power;
    fallback = outcome.failure;
    globalOptimum = !!outcome.globalOptimum;
  } else {
    fallback = 'no LP solver';
  }
  const method = power ? 'optimal' : 'heuristic';
  power ??= heuristicPlan(p, placements);
  const h = stepHours(p);
  const short = shortfalls(p, power);
  const stepIso = (t: number) => new Date(p.startMs + t * p.stepMin * 60_000).toISOString();
  const vehicles = p.vehicles.map((v, i): VehiclePlan => {
    const at = placements[i];
    const energyKwh = power![i].reduce((a, b) => a + b, 0) * h;
    const powerKw = power![i].map((kw) => round(kw));
    const used = powerKw.map((kw, t) => (kw > 0 ? t : -1)).filter((t) => t >= 0);
    const ready = short[i] <= 1e-3;
    return {
      id: v.id, charger: at ? p.chargers[at.charger].id : undefined, connector: at ? at.connector + 1 : undefined,
      from: used.length ? stepIso(used[0]) : undefined, to: used.length ? stepIso(used[used.length - 1] + 1) : undefined,
      arrival: new Date(v.arrivalMs).toISOString(), departure: new Date(v.departureMs).toISOString(), socPercent: v.socPercent,
      targetSocPercent: round(v.batteryKwh > 0 ? Math.min(100, v.socPercent + (v.needKwh / v.batteryKwh) * 100) : v.socPercent, 1),
      powerKw, energyKwh: round(energyKwh), needKwh: round(v.needKwh),
      socAtDeparturePercent: round(v.batteryKwh > 0 ? Math.min(100, v.socPercent + (energyKwh / v.batteryKwh) * 100) : v.socPercent, 1),
      status: ready ? 'planned' : 'at risk', shortfallKwh: ready ? 0 : round(short[i]),
      ...(ready ? {} : { reason: whyShort(p, i, at?.charger) }),
    };
  });
  const totals = planTotals(p, power);
  return {
    start: new Date(p.startMs).toISOString(), stepMin: p.stepMin, objective: p.objective, method, globalOptimum, ...(method === 'heuristic' ? { fallback } : {}),
    vehicles, siteKw: totals.siteKw.map((kw) => round(kw)), peakKw: round(totals.peakKw), energyKwh: round(totals.energyKwh),
    cost: round(totals.cost, 4), vehiclesReady: vehicles.filter((v) => v.status === 'planned').length, solveMs: Date.now() - began,
  };
}
