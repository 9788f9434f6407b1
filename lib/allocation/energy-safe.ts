/**
 * Whether an allocation gives energy up. Serving a session that can still finish before one with less slack (the
 * completion rules of deadline.ts) is free only while the sessions here now can still get, in all, as much as they
 * could before. That amount is a maximum flow (sessions → instants before their departures, at their highest rate;
 * instants → the limit), and as every session is here from now on, its minimum cut is one instant τ: the limit
 * until τ, plus what each session could still take after τ,
 *   F = min over τ of  limit·τ + Σ min(need, rate·(left − τ)⁺),
 * a piecewise linear function whose minimum lies at 0 or where a session's slack runs out or it leaves.
 * An allocation held for a period gives no energy up when what it delivers plus F afterwards is as much as with
 * least-laxity's allocation (the most there is, short of knowing who comes next).
 */
import type { CompiledTree } from './tree';

export interface DeadlineSession {
  /** What it still needs, A·s. */
  needAs: number;
  /** The most it takes, A. */
  rateA: number;
  /** Seconds to departure. */
  leftS: number;
}

/** The most the sessions can still receive under `limitA`, A·s. */
export function deliverable(sessions: readonly DeadlineSession[], limitA: number): number {
  // At τ: limitA·τ + waiting (sessions whose whole need still fits after τ) + Σ rate·(left − τ) of the others.
  let waiting = 0;
  let rate = 0;
  let rateLeft = 0;
  const events: Array<{ at: number; i: number; leaves: boolean }> = [];
  sessions.forEach((s, i) => {
    if (s.rateA <= 0 || s.leftS <= 0 || s.needAs <= 0) return;
    const slack = s.leftS - s.needAs / s.rateA;
    if (slack > 0) {
      waiting += s.needAs;
      events.push({ at: slack, i, leaves: false });
    } else {
      rate += s.rateA;
      rateLeft += s.rateA * s.leftS;
    }
    events.push({ at: s.leftS, i, leaves: true });
  });
  events.sort((a, b) => a.at - b.at);
  let best = waiting + rateLeft;
  for (const e of events) {
    const s = sessions[e.i];
    if (e.leaves) {
      rate -= s.rateA;
      rateLeft -= s.rateA * s.leftS;
    } else {
      waiting -= s.needAs;
      rate += s.rateA;
      rateLeft += s.rateA * s.leftS;
    }
    best = Math.min(best, limitA * e.at + waiting + rateLeft - rate * e.at);
  }
  return Math.max(0, best);
}

/**
 * Per constraint, what holding `currentA` for `holdS` delivers to the sessions that know their departure, plus what
 * they can still receive afterwards, A·s; NaN for a constraint without such sessions.
 */
export function energyKept(tree: CompiledTree, currentA: readonly number[], holdS: number): number[] {
  const after: DeadlineSession[][] = tree.constraints.map(() => []);
  const delivered = tree.constraints.map(() => 0);
  tree.evses.forEach((e, i) => {
    if (!e.deadline || e.capA <= 0) return;
    const { needAs, leftS } = e.deadline;
    const gets = Math.min(needAs, currentA[i] * Math.min(holdS, Math.max(0, leftS)));
    e.constraints.forEach((c, k) => {
      const coef = e.coefs[k];
      after[c].push({ needAs: (needAs - gets) * coef, rateA: e.capA * coef, leftS: leftS - holdS });
      delivered[c] += gets * coef;
    });
  });
  return tree.constraints.map((constraint, c) => (after[c].length && Number.isFinite(constraint.limit)
    ? delivered[c] + deliverable(after[c], constraint.limit) : NaN));
}

