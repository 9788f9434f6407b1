/**
 * The plan as linear programmes (HiGHS), once each vehicle has its charger: power per vehicle and step, within its
 * rate, its charger's power, the site's capacity, and never more than it needs. Solved in phases, each keeping what
 * the one before won:
 * 1. can every vehicle be ready? (least total shortfall, an LP);
 * 2. if not, the most vehicles ready, then the most energy (a MILP with one binary per vehicle);
 * 3. the objective: the lowest peak, the lowest cost (energy by time of use plus the demand charge on the peak), or
 *    the earliest energy;
 * 4. a tie-break within the optimum of 3: the lowest cost (or the earliest) for the lowest peak, the earliest for
 *    the lowest cost.
 */
import { LpSolver, lpNumber, lpTerm, lpText } from '../allocation/lp';
import type { Placement } from './assign';
import type { PowerPlan } from './heuristic';
import { PlanProblem, rateLimit, stepHours } from './problem';

export interface LpOutcome {
  power?: PowerPlan;
  /** Every phase proved optimal. */
  optimal: boolean;
  /** The objective equals the relaxation's (every vehicle placed, the same energies): no placement could do better. */
  globalOptimum?: boolean;
  /** When it does not: the relaxation's own plan, which another placement may carry. */
  relaxed?: PowerPlan;
  /** Why no plan came back (a phase ran out of time or failed). */
  failure?: string;
}

const TOLERANCE = 1e-6;
const NOISE_KW = 1e-4;

type Terms = Array<[number, string]>;

const sum = (terms: Terms): string => (terms.length ? terms.map(([c, v]) => lpTerm(c, v)).join(' ') : '0 peak');

class PlanLp {
  private readonly h: number;
  /** Vehicles that may charge, each with its rate and the variables of its steps; its charger unless relaxed. */
  readonly placed: Array<{ i: number; charger?: number; rate: number; steps: number[] }>;
  private readonly bounds: string[] = [];
  private readonly shared: string[] = [];

  /**
   * With placements: each vehicle at its charger. Without (the relaxation): every vehicle that needs energy at the
   * fastest charger it may use, and no charger limits: a bound no placement can beat.
   */
  constructor(private readonly p: PlanProblem, placements?: Array<Placement | undefined>) {
    this.h = stepHours(p);
    this.placed = p.vehicles.flatMap((v, i) => {
      const steps = Array.from({ length: v.departure - v.arrival }, (_x, k) => v.arrival + k);
      if (!placements) {
        const rate = Math.max(0, ...v.chargers.map((c) => rateLimit(p, v, c)));
        return v.needKwh > 0 && steps.length > 0 ? [{ i, rate, steps }] : [];
      }
      const at = placements[i];
      return at ? [{ i, charger: at.charger, rate: rateLimit(p, v, at.charger), steps }] : [];
    });
    for (const { i, rate, steps } of this.placed) {
      for (const t of steps) this.bounds.push(` 0 <= ${PlanLp.x(i, t)} <= ${lpNumber(rate)}`);
    }
    this.bounds.push(' peak >= 0');
    this.sharedRows();
  }

  static x(i: number, t: number): string {
    return `p${i}_${t}`;
  }

  /** Rows for every limit that can bind: a charger shared at a step, the site, and the peak's definition. */
  private sharedRows(): void {
    const { p } = this;
    const site: Terms[] = Array.from({ length: p.steps }, () => []);
    const siteRate = new Array<number>(p.steps).fill(0);
    const atCharger = new Map<string, { terms: Terms; rate: number }>();
    for (const { i, charger, rate, steps } of this.placed) {
      for (const t of steps) {
        site[t].push([1, PlanLp.x(i, t)]);
        siteRate[t] += rate;
        if (charger === undefined) continue;
        const key = `${charger}_${t}`;
        const entry = atCharger.get(key) ?? { terms: [], rate: 0 };
        entry.terms.push([1, PlanLp.x(i, t)]);
        entry.rate += rate;
        atCharger.set(key, entry);
      }
    }
    for (const [key, { terms, rate }] of atCharger) {
      const charger = p.chargers[Number(key.split('_')[0])];
      if (rate > charger.maxKw + TOLERANCE) this.shared.push(` c${key}: ${sum(terms)} <= ${lpNumber(charger.maxKw)}`);
    }
    for (let t = 0; t < p.steps; t++) {
      if (site[t].length === 0) continue;
      if (siteRate[t] > p.capacityKw[t] + TOLERANCE) this.shared.push(` s${t}: ${sum(site[t])} <= ${lpNumber(p.capacityKw[t])}`);
      this.shared.push(` k${t}: ${sum(site[t])} - peak <= 0`);
    }
  }

  /** A vehicle's energy over its stay, kWh, as terms. */
  energy(i: number, steps: number[]): Terms {
    return steps.map((t) => [this.h, PlanLp.x(i, t)]);
  }

  objective(kind: 'peak' | 'cost' | 'earliest'): string {
    const { p } = this;
    if (kind === 'peak') return 'peak';
    const terms: Terms = [];
    for (const { i, steps } of this.placed) {
      for (const t of steps) terms.push([kind === 'cost' ? p.pricePerKwh[t] * this.h : (t + 1) * this.h, PlanLp.x(i, t)]);
    }
    if (kind === 'cost' && p.demandChargePerKw > 0) terms.push([p.demandChargePerKw, 'peak']);
    return sum(terms.filter(([c]) => c !== 0));
  }

  text(sense: 'Maximize' | 'Minimize', objective: string, rows: string[], extraBounds: string[] = [], binaries: string[] = []): string {
    return lpText(sense, objective, [...rows, ...this.shared], [...this.bounds, ...extraBounds], binaries);
  }
}

interface Solved {
  value: (name: string) => number;
  objective: number;
}

function solve(solver: LpSolver, text: string, deadline: number): Solved | string {
  const left = (deadline - Date.now()) / 1000;
  if (left <= 0) return 'out of time';
  let result: ReturnType<LpSolver['solve']>;
  try {
    result = solver.solve(text, { time_limit: left, mip_rel_gap: 0 });
  } catch (err) {
    return `solver failed: ${String(err)}`;
  }
  if (result.Status !== 'Optimal') return result.Status === 'Time limit reached' ? 'out of time' : `solver: ${result.Status}`;
  return { value: (name) => result.Columns[name]?.Primal ?? 0, objective: result.ObjectiveValue ?? 0 };
}

/** Energy rows: each vehicle between its floor and its need. */
function energyRows(lp: PlanLp, p: PlanProblem, floor: (i: number) => number): string[] {
  return lp.placed.flatMap(({ i, steps }) => {
    const need = p.vehicles[i].needKwh;
    const low = Math.min(need, floor(i));
    const terms = sum(lp.energy(i, steps));
    if (low >= need - TOLERANCE) return [` e${i}: ${terms} = ${lpNumber(need)}`];
    return [` e${i}: ${terms} >= ${lpNumber(low)}`, ` n${i}: ${terms} <= ${lpNumber(need)}`];
  });
}

/** The energy floor each vehicle keeps into the objective phases: its need when all can be ready, else phase 2's. */
function floors(lp: PlanLp, p: PlanProblem, solver: LpSolver, deadline: number): ((i: number) => number) | string {
  const feasibility = lp.text('Minimize', sum(lp.placed.map(({ i }) => [1, `u${i}`])),
    lp.placed.map(({ i, steps }) => ` e${i}: ${sum(lp.energy(i, steps))} + u${i} = ${lpNumber(p.vehicles[i].needKwh)}`),
    lp.placed.map(({ i }) => ` 0 <= u${i} <= ${lpNumber(p.vehicles[i].needKwh)}`));
  const first = solve(solver, feasibility, deadline);
  if (typeof first === 'string') return first;
  if (first.objective <= TOLERANCE * Math.max(1, lp.placed.length)) return (i) => p.vehicles[i].needKwh;
  // Energy counts less than one vehicle in total, so the count of ready vehicles comes first.
  const totalNeed = lp.placed.reduce((a, { i }) => a + p.vehicles[i].needKwh, 0);
  const weight = 1 / (totalNeed + 1);
  const objective = [...lp.placed.map(({ i }): [number, string] => [1, `r${i}`]), ...lp.placed.flatMap(({ i, steps }) => lp.energy(i, steps).map(([c, x]): [number, string] => [c * weight, x]))];
  const ready = lp.text('Maximize', sum(objective), [
    ...lp.placed.map(({ i, steps }) => ` e${i}: ${sum(lp.energy(i, steps))} - ${lpNumber(p.vehicles[i].needKwh)} r${i} >= 0`),
    ...lp.placed.map(({ i, steps }) => ` n${i}: ${sum(lp.energy(i, steps))} <= ${lpNumber(p.vehicles[i].needKwh)}`),
  ], [], lp.placed.map(({ i }) => `r${i}`));
  const second = solve(solver, ready, deadline);
  if (typeof second === 'string') return second;
  const energy = new Map(lp.placed.map(({ i, steps }) => [i, steps.reduce((a, t) => a + second.value(PlanLp.x(i, t)), 0) * stepHours(p)]));
  return (i) => Math.max(0, (energy.get(i) ?? 0) - TOLERANCE);
}

/** The optimal plan for these placements, or why there is none in the time left. */
export function lpPlan(p: PlanProblem, placements: Array<Placement | undefined>, solver: LpSolver, budgetMs: number): LpOutcome {
  const deadline = Date.now() + budgetMs;
  const lp = new PlanLp(p, placements);
  const power = p.vehicles.map(() => new Array<number>(p.steps).fill(0));
  if (lp.placed.length === 0) return { power, optimal: true, globalOptimum: !p.vehicles.some((v) => v.needKwh > 0) };
  const floor = floors(lp, p, solver, deadline);
  if (typeof floor === 'string') return { optimal: false, failure: floor };
  const rows = energyRows(lp, p, floor);
  const priced = p.pricePerKwh.some((x) => x > 0) || p.demandChargePerKw > 0;
  const [primary, secondary] = p.objective === 'peak' ? ['peak', priced ? 'cost' : 'earliest'] as const
    : p.objective === 'cost' ? ['cost', 'earliest'] as const : ['earliest', undefined] as const;
  const main = solve(solver, lp.text('Minimize', lp.objective(primary), rows), deadline);
  if (typeof main === 'string') return { optimal: false, failure: main };
  let final = main;
  if (secondary) {
    const keep = ` best: ${lp.objective(primary)} <= ${lpNumber(main.objective + Math.max(TOLERANCE, Math.abs(main.objective) * 1e-7))}`;
    const tie = solve(solver, lp.text('Minimize', lp.objective(secondary), [...rows, keep]), deadline);
    if (typeof tie === 'string') return { optimal: false, failure: tie };
    final = tie;
  }
  // The solver's own round-off (a few W here and there) is no power to send.
  for (const { i, steps } of lp.placed) {
    for (const t of steps) {
      const kw = final.value(PlanLp.x(i, t));
      power[i][t] = kw < NOISE_KW ? 0 : kw;
    }
  }
  return { power, optimal: true, ...reachesRelaxation(p, lp, floor, primary, main.objective, solver, deadline) };
}

/**
 * Whether the objective equals that of the relaxation: each vehicle at the fastest charger it may use, no charger
 * limits, the same energy floors (every need when all can be ready). No placement reaching those floors beats it.
 */
function reachesRelaxation(
  p: PlanProblem, lp: PlanLp, floor: (i: number) => number, primary: 'peak' | 'cost' | 'earliest', value: number, solver: LpSolver, deadline: number,
): { globalOptimum: boolean; relaxed?: PowerPlan } {
  const relaxed = new PlanLp(p);
  const planOf = (bound: Solved) => {
    const power = p.vehicles.map(() => new Array<number>(p.steps).fill(0));
    for (const { i, steps } of relaxed.placed) for (const t of steps) power[i][t] = bound.value(PlanLp.x(i, t));
    return power;
  };
  const solveWith = (floorOf: (i: number) => number) => solve(solver, relaxed.text('Minimize', relaxed.objective(primary), energyRows(relaxed, p, floorOf)), deadline);
  const needOf = (i: number) => p.vehicles[i].needKwh;
  const placed = new Set(lp.placed.map(({ i }) => i));
  // Some vehicle short here but every one ready without chargers: another placement may ready more.
  if (relaxed.placed.some(({ i }) => !placed.has(i) || floor(i) < needOf(i) - TOLERANCE)) {
    const all = solveWith(needOf);
    if (typeof all !== 'string') return { globalOptimum: false, relaxed: planOf(all) };
  }
  const bound = solveWith((i) => (placed.has(i) ? floor(i) : needOf(i)));
  if (typeof bound === 'string') return { globalOptimum: false };
  const needing = p.vehicles.filter((v) => v.needKwh > 0 && v.departure > v.arrival).length;
  if (lp.placed.length === needing && value <= bound.objective + Math.max(1e-6, Math.abs(bound.objective) * 1e-6)) return { globalOptimum: true };
  return { globalOptimum: false, relaxed: planOf(bound) };
}
