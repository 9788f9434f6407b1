/**
 * The offline optima the allocators are compared with: with perfect knowledge of every session, the most energy
 * the infrastructure allows (linear programmes solved by HiGHS). Maximise Σ r·Δt with 0 ≤ r ≤ the EV's highest
 * rate while it is present, each EV's energy at most its request, and in each period:
 * - one aggregate limit: the sum of the rates at most the limit;
 * - the real 3-phase network: each phasor magnitude at most its limit. A circle is not linear, so it is cut: the
 *   first programme has none of them, and each round adds, for every period and constraint over its limit, the
 *   tangent where the solution crossed it. The last programme is an upper bound; scaling each period's rates down
 *   into the circles gives a feasible schedule, a lower bound.
 */
import type { Infrastructure } from './infrastructure';
import { EV_MAX_A, PERIOD_H, Session, VOLTAGE } from './sessions';
import { loadLpSolver, LpSolver, lpTerm, lpText } from '../../lib/allocation/lp';

export interface OptimumBounds {
  /** Energy delivered, % of requested: feasible schedule found, and no schedule can do better than upper. */
  lower: number;
  upper: number;
  rounds: number;
}

interface Programme {
  /** Variables per session: [period, name]. */
  vars: Array<Array<[number, string]>>;
  objective: string;
  energy: string[];
  bounds: string[];
}

/** The part every variant shares: rates in A per session and period, energies in kWh. */
function programme(sessions: readonly Session[]): Programme {
  const kwhPerA = (VOLTAGE * PERIOD_H) / 1000;
  const vars = sessions.map((s, i) => Array.from({ length: Math.max(0, s.departure - s.arrival) }, (_, k): [number, string] => [s.arrival + k, `r${i}_${s.arrival + k}`]));
  const all = vars.flat().map(([, v]) => v);
  return {
    vars,
    objective: all.join(' + '),
    energy: vars.flatMap((vs, i) => (vs.length ? [` e${i}: ${vs.map(([, v]) => `${kwhPerA} ${v}`).join(' + ')} <= ${sessions[i].energyKwh}`] : [])),
    bounds: all.map((v) => ` 0 <= ${v} <= ${EV_MAX_A}`),
  };
}

function solve(solver: LpSolver, p: Programme, rows: string[], sessions: readonly Session[]): { percent: number; rates: Record<string, number> } {
  const lp = lpText('Maximize', p.objective, [...p.energy, ...rows], p.bounds);
  const solution = solver.solve(lp, { time_limit: 300 });
  if (solution.Status !== 'Optimal') throw new Error(`the LP optimum: ${solution.Status}`);
  const rates: Record<string, number> = {};
  let deliveredA = 0;
  for (const vs of p.vars) for (const [, v] of vs) deliveredA += (rates[v] = solution.Columns[v]?.Primal ?? 0);
  return { percent: percentOf(deliveredA, sessions), rates };
}

const percentOf = (sumA: number, sessions: readonly Session[]) => ((sumA * VOLTAGE * PERIOD_H) / 1000 / sessions.reduce((s, x) => s + x.energyKwh, 0)) * 100;

/** Sessions present in each period, with their EVSE. */
function byPeriod(p: Programme, sessions: readonly Session[], infra: Infrastructure): Map<number, Array<{ v: string; evse: number }>> {
  const out = new Map<number, Array<{ v: string; evse: number }>>();
  p.vars.forEach((vs, i) => {
    const evse = infra.evseOf.get(sessions[i].station)!;
    for (const [t, v] of vs) {
      let list = out.get(t);
      if (!list) out.set(t, (list = []));
      list.push({ v, evse });
    }
  });
  return out;
}

/**
 * Sessions that never share a period share no constraint: the programme splits where no session spans the gap,
 * and the pieces (each a few days at most) solve much faster than the month at once.
 */
export async function optimumEnergy(sessions: readonly Session[], infra: Infrastructure, maxRounds = 10): Promise<OptimumBounds> {
  const solver = await loadLpSolver();
  const sorted = [...sessions].sort((a, b) => a.arrival - b.arrival);
  const pieces: Session[][] = [];
  let end = -Infinity;
  for (const s of sorted) {
    if (s.arrival >= end) pieces.push([]);
    pieces[pieces.length - 1].push(s);
    end = Math.max(end, s.departure);
  }
  const requested = sessions.reduce((sum, s) => sum + s.energyKwh, 0);
  let lower = 0;
  let upper = 0;
  let rounds = 0;
  for (const piece of pieces) {
    const share = piece.reduce((sum, s) => sum + s.energyKwh, 0) / requested;
    const b = optimumOf(solver, piece, infra, maxRounds);
    lower += b.lower * share;
    upper += b.upper * share;
    rounds = Math.max(rounds, b.rounds);
  }
  return { lower, upper, rounds };
}

function optimumOf(solver: LpSolver, sessions: readonly Session[], infra: Infrastructure, maxRounds: number): OptimumBounds {
  const p = programme(sessions);
  const { angles, constraints } = infra.network;
  // Per period and constraint, the sessions that weigh on it with their coefficient.
  const terms = [...byPeriod(p, sessions, infra)].flatMap(([period, present]) => constraints.map((c) => ({
    period, c, members: present.flatMap((x) => {
      const coef = c.members.find((m) => m.evse === x.evse)?.coef;
      return coef ? [{ ...x, coef }] : [];
    }),
  }))).filter((t) => t.members.length > 0);
  const cut = (t: (typeof terms)[number], phi: number) => {
    const row = t.members.map((x) => ({ x, v: x.coef * Math.cos(angles[x.evse] - phi) })).filter((m) => Math.abs(m.v) > 1e-12);
    return row.length ? ` c${cuts.length}: ${row.map((m) => lpTerm(m.v, m.x.v)).join(' ')} <= ${t.c.limit}` : undefined;
  };
  const cuts: string[] = [];
  // A first cut where every session at its highest rate would cross the circle, in that direction.
  for (const t of terms) {
    const re = t.members.reduce((s, x) => s + x.coef * EV_MAX_A * Math.cos(angles[x.evse]), 0);
    const im = t.members.reduce((s, x) => s + x.coef * EV_MAX_A * Math.sin(angles[x.evse]), 0);
    const row = Math.hypot(re, im) > t.c.limit ? cut(t, Math.atan2(im, re)) : undefined;
    if (row) cuts.push(row);
  }
  for (let round = 1; ; round++) {
    const { percent, rates } = solve(solver, p, cuts, sessions);
    // Each period's rates scaled down, all alike, into every circle: a feasible schedule.
    const scale = new Map<number, number>();
    let added = 0;
    for (const t of terms) {
      const re = t.members.reduce((s, x) => s + x.coef * rates[x.v] * Math.cos(angles[x.evse]), 0);
      const im = t.members.reduce((s, x) => s + x.coef * rates[x.v] * Math.sin(angles[x.evse]), 0);
      const magnitude = Math.hypot(re, im);
      if (magnitude <= t.c.limit * (1 + 1e-7)) continue;
      scale.set(t.period, Math.min(scale.get(t.period) ?? 1, t.c.limit / magnitude));
      const row = cut(t, Math.atan2(im, re));
      if (row) { cuts.push(row); added++; }
    }
    if (added === 0 || round >= maxRounds) {
      const feasibleA = p.vars.flat().reduce((s, [period, v]) => s + rates[v] * (scale.get(period) ?? 1), 0);
      return { lower: percentOf(feasibleA, sessions), upper: percent, rounds: round };
    }
  }
}
