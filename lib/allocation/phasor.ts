/**
 * Networks whose limits bound phasor magnitudes: EVSEs wired line to line on a delta secondary (a US 208 V
 * garage) load two lines at once, and a transformer's line current is the vector sum of the EVSE currents at
 * their phase angles: |Σ coef · r · e^{i·angle}| ≤ limit. There, serving sessions one after the other by urgency
 * piles current onto one pair of lines and blocks the rest of the transformer (Caltech's garage loses 7 to 10 % of
 * the energy that way). So on such a network one recomputation maximises the weighted current, every session
 * weighing 1 plus its urgency, under all the limits at once: a linear programme (HiGHS) where each circle is
 * replaced by the inscribed polygon, then topped up exactly along the circles.
 */
import type { CompiledTree } from './tree';
import { LpSolver, lpNumber, lpTerm, lpText } from './lp';
import { raise, raiseAll } from './raise';
import { slackOf } from './deadline';

export interface PhasorConstraint {
  id: string;
  limit: number;
  members: ReadonlyArray<{ evse: number; coef: number }>;
}

export interface PhasorNetwork {
  /** Radians, per EVSE. */
  angles: ArrayLike<number>;
  constraints: readonly PhasorConstraint[];
}

/** The phasor sums as currents are added, and how much more an EVSE can take. */
export class PhasorLoads {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  /** Per EVSE: the constraints it is in, with the coefficient as a phasor. */
  private readonly of: Array<Array<{ k: number; ur: number; ui: number }>>;

  constructor(private readonly network: PhasorNetwork) {
    this.re = new Float64Array(network.constraints.length);
    this.im = new Float64Array(network.constraints.length);
    this.of = Array.from({ length: network.angles.length }, () => []);
    network.constraints.forEach((c, k) => {
      for (const m of c.members) {
        const angle = network.angles[m.evse];
        this.of[m.evse].push({ k, ur: m.coef * Math.cos(angle), ui: m.coef * Math.sin(angle) });
      }
    });
  }

  add(evse: number, a: number): void {
    for (const { k, ur, ui } of this.of[evse]) {
      this.re[k] += ur * a;
      this.im[k] += ui * a;
    }
  }

  /** The most the EVSE can add before a magnitude reaches its limit; 0 when one is already there. */
  headroom(evse: number): number {
    let most = Infinity;
    for (const { k, ur, ui } of this.of[evse]) {
      // |S + t·u|² = L²: t²|u|² + 2t·Re(S̄u) + |S|² − L² = 0, its positive root.
      const a = ur * ur + ui * ui;
      if (a === 0) continue;
      const b = this.re[k] * ur + this.im[k] * ui;
      const over = this.re[k] ** 2 + this.im[k] ** 2 - this.network.constraints[k].limit ** 2;
      const disc = b * b - a * over;
      most = Math.min(most, over >= 0 || disc < 0 ? 0 : (-b + Math.sqrt(disc)) / a);
    }
    return Math.max(0, most);
  }

  /** The largest excess of a magnitude over its limit (0 when none). */
  violation(): number {
    let worst = 0;
    this.network.constraints.forEach((c, k) => { worst = Math.max(worst, Math.hypot(this.re[k], this.im[k]) - c.limit); });
    return worst;
  }
}

export function networkOf(tree: CompiledTree): PhasorNetwork {
  return { angles: tree.evses.map((e) => e.angle ?? 0), constraints: tree.phasor };
}

/** Sides of the polygon inscribed in each circle: it keeps cos(π/48) = 99.8 % of the limit; the top-up takes the rest. */
const SIDES = 48;
/** Slack at which urgency weighs as much as current itself: a session this late weighs 2, one with no hurry 1. */
const URGENCY_S = 300;

/**
 * From the minimums (`currentA`, admitted in `eligible`) up: the weighted-current optimum over the polygons, then,
 * heaviest first, as much more as each EVSE can take along the circles and the linear limits (`slack`).
 */
export function weightedFill(tree: CompiledTree, currentA: number[], eligible: readonly boolean[], slack: number[], loads: PhasorLoads, solver: LpSolver): void {
  const ids = tree.evses.map((_, i) => i).filter((i) => eligible[i] && tree.evses[i].capA > currentA[i]);
  if (ids.length === 0) return;
  const weight = tree.evses.map((e) => { const slackS = slackOf(e); return slackS === undefined ? 1 : 1 + 1 / (1 + Math.max(0, slackS) / URGENCY_S); });
  const solved = solve(tree, ids, currentA, slack, weight, solver);
  if (solved) {
    for (const i of ids) {
      const add = Math.max(0, Math.min(solved[i] ?? currentA[i], tree.evses[i].capA) - currentA[i]);
      raise(tree, currentA, i, add, slack, loads);
    }
  }
  // The polygons leave a sliver of each circle, and a failed solve leaves everything: heaviest first, exactly.
  for (const i of [...ids].sort((a, b) => weight[b] - weight[a] || a - b)) raiseAll(tree, currentA, i, slack, loads);
}

/** The LP in HiGHS's text format; the currents it finds, or undefined when it finds none. */
function solve(tree: CompiledTree, ids: number[], currentA: number[], slack: number[], weight: number[], solver: LpSolver): Record<number, number> | undefined {
  const num = lpNumber;
  const term = (coef: number, i: number) => lpTerm(coef, `r${i}`);
  const inLp = new Set(ids);
  const rows: string[] = [];
  // Linear limits, over what the minimums leave: only the EVSEs that may still rise.
  tree.constraints.forEach((c, ci) => {
    const members = c.members.filter((m) => inLp.has(m.evse));
    if (members.length && Number.isFinite(slack[ci])) {
      rows.push(` l${ci}: ${members.map((m) => term(m.coef, m.evse)).join(' ')} <= ${num(Math.max(0, slack[ci]) + members.reduce((s, m) => s + m.coef * currentA[m.evse], 0))}`);
    }
  });
  // Circles: Re(z·e^{-iφ}) ≤ L·cos(π/n) for n directions φ; EVSEs that stay put enter as constants.
  tree.phasor.forEach((c, ci) => {
    if (!c.members.some((m) => inLp.has(m.evse))) return;
    const limit = c.limit * Math.cos(Math.PI / SIDES);
    for (let j = 0; j < SIDES; j++) {
      const phi = (2 * Math.PI * j) / SIDES;
      let fixed = 0;
      const terms: string[] = [];
      for (const m of c.members) {
        const v = m.coef * Math.cos((tree.evses[m.evse].angle ?? 0) - phi);
        if (inLp.has(m.evse)) { if (Math.abs(v) > 1e-12) terms.push(term(v, m.evse)); } else fixed += v * currentA[m.evse];
      }
      if (terms.length) rows.push(` p${ci}_${j}: ${terms.join(' ')} <= ${num(limit - fixed)}`);
    }
  });
  const objective = ids.map((i) => term(weight[i], i)).join(' ');
  const bounds = ids.map((i) => ` ${num(currentA[i])} <= r${i} <= ${num(tree.evses[i].capA)}`);
  const lp = lpText('Maximize', objective, rows, bounds);
  try {
    const solution = solver.solve(lp);
    if (solution.Status !== 'Optimal') return undefined;
    return Object.fromEntries(ids.map((i) => [i, solution.Columns[`r${i}`]?.Primal ?? currentA[i]]));
  } catch {
    return undefined;
  }
}
