/**
 * The order in which sessions that know their departure are served, most urgent first. Urgency is the slack: the
 * time to departure less the time the remaining energy takes at the EV's highest rate (least-laxity first, which
 * delivers the most energy). Two refinements make more drivers leave with a full battery without giving energy up:
 * - Sessions already late (slack under `lateSlackS`) lose energy whichever of them waits: among them, the one
 *   closest to done goes first.
 * - Where a group cannot carry every session to its departure, the sessions that need the most are set aside
 *   (Moore-Hodgson's rule: it leaves out the fewest) and served `completionBiasS` later than their slack says.
 * Sessions without a departure, or with more slack than `flexibleSlackS`, share what is left max-min fairly.
 */
import type { CompiledEvse, CompiledTree } from './tree';

export interface DeadlineOptions {
  /** Slack below which sessions count as late, s. Default 300. */
  lateSlackS: number;
  /** How much later the sessions set aside are served, s. 0 serves purely by slack (the most energy). Default 600. */
  completionBiasS: number;
  /** Sessions with more slack than this share fairly with those that do not know their departure, s. Default no limit. */
  flexibleSlackS: number;
  /**
   * How long an allocation holds (until the next), s. With it, the two refinements are kept only as far as they give
   * no energy up (energy-safe.ts); without it they always apply.
   */
  holdS?: number;
}

export const DEFAULT_DEADLINE_OPTIONS: DeadlineOptions = { lateSlackS: 300, completionBiasS: 600, flexibleSlackS: Infinity };

const EPS = 1e-9;

interface Need {
  /** Index in the compiled tree. */
  evse: number;
  /** Remaining energy, A·s per phase. */
  needAs: number;
  /** Seconds to departure. */
  leftS: number;
  /** Slack, s. */
  slackS: number;
}

/** The time to spare: to departure, less what the remaining energy takes at the EV's highest rate; none unknown. */
export function slackOf(e: CompiledEvse): number | undefined {
  return e.deadline && e.capA > EPS ? e.deadline.leftS - e.deadline.needAs / e.capA : undefined;
}

/**
 * Tiers of EVSE indexes, to be filled one after the other: one per urgent session, in order, then one shared by
 * everything else that may still rise. Only EVSEs in `eligible` appear.
 */
export function deadlineTiers(tree: CompiledTree, eligible: readonly boolean[], options: DeadlineOptions): number[][] {
  const needs: Need[] = [];
  const shared: number[] = [];
  tree.evses.forEach((e, i) => {
    if (!eligible[i]) return;
    const slackS = slackOf(e);
    if (!e.deadline || slackS === undefined || slackS > options.flexibleSlackS) return void shared.push(i);
    needs.push({ evse: i, needAs: e.deadline.needAs, leftS: e.deadline.leftS, slackS });
  });
  const aside = options.completionBiasS > 0 ? setAside(tree, needs) : new Set<number>();
  const key = (n: Need) => Math.max(n.slackS, options.lateSlackS) + (aside.has(n.evse) ? options.completionBiasS : 0);
  needs.sort((a, b) => key(a) - key(b) || a.needAs - b.needAs || a.evse - b.evse);
  return [...needs.map((n) => [n.evse]), ...(shared.length ? [shared] : [])];
}

/**
 * The sessions the constraints cannot carry to their departures even with their whole limits: by any instant k, a
 * session needs what it cannot take after k at its highest rate, and a constraint gives at most limit × k. While
 * an instant is short, the session with the most energy among those that weigh on it is set aside.
 *
 * What is owed by instant k is piecewise linear: nothing until the session's slack runs out, then its rate × the
 * time since, then its whole energy from its departure on; it can only be short at a departure. One sweep over
 * those instants keeps, per constraint, the sums of the sessions in their linear part (rate, and rate × start) and
 * of those past departure (energy), so each check costs nothing and a session set aside leaves every sum at once.
 */
function setAside(tree: CompiledTree, needs: readonly Need[]): Set<number> {
  const count = tree.constraints.length;
  const rate = new Float64Array(count);
  const rateStart = new Float64Array(count);
  const done = new Float64Array(count);
  const heaps: Array<MaxHeap | undefined> = [];
  // Per session: 0 not yet owing, 1 in its linear part, 2 past departure, 3 set aside.
  const state = new Uint8Array(needs.length);
  const move = (j: number, sign: 1 | -1) => {
    const n = needs[j];
    const e = tree.evses[n.evse];
    e.constraints.forEach((c, k) => {
      const coef = e.coefs[k] * sign;
      if (state[j] === 1) {
        rate[c] += coef * e.capA;
        rateStart[c] += coef * e.capA * n.slackS;
      } else if (state[j] === 2) done[c] += coef * n.needAs;
    });
  };
  const events: number[] = [];
  needs.forEach((_, j) => events.push(2 * j, 2 * j + 1));
  const at = (ev: number) => (ev & 1 ? needs[ev >> 1].leftS : needs[ev >> 1].slackS);
  events.sort((a, b) => at(a) - at(b) || (a & 1) - (b & 1));
  const aside = new Set<number>();
  for (const ev of events) {
    const j = ev >> 1;
    if (state[j] === 3) continue;
    const e = tree.evses[needs[j].evse];
    move(j, -1);
    state[j] = ev & 1 ? 2 : 1;
    move(j, 1);
    if (!(ev & 1)) {
      e.constraints.forEach((c, k) => (heaps[c] ??= new MaxHeap()).push(j, e.coefs[k] * needs[j].needAs));
      continue;
    }
    const t = needs[j].leftS;
    for (const c of e.constraints) {
      const limit = tree.constraints[c].limit * t;
      while (rate[c] * t - rateStart[c] + done[c] > limit + EPS * Math.max(1, limit)) {
        let worst = heaps[c]?.pop();
        while (worst !== undefined && state[worst] === 3) worst = heaps[c]?.pop();
        if (worst === undefined) break;
        move(worst, -1);
        state[worst] = 3;
        aside.add(needs[worst].evse);
      }
    }
  }
  return aside;
}

/** Items by weight, heaviest first. */
class MaxHeap {
  private readonly items: number[] = [];
  private readonly weights: number[] = [];

  push(item: number, weight: number): void {
    const { items, weights } = this;
    items.push(item);
    weights.push(weight);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (weights[parent] >= weights[i]) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): number | undefined {
    const { items, weights } = this;
    if (items.length === 0) return undefined;
    const top = items[0];
    this.swap(0, items.length - 1);
    items.pop();
    weights.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      let big = i;
      if (l < items.length && weights[l] > weights[big]) big = l;
      if (l + 1 < items.length && weights[l + 1] > weights[big]) big = l + 1;
      if (big === i) break;
      this.swap(i, big);
      i = big;
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b], this.items[a]];
    [this.weights[a], this.weights[b]] = [this.weights[b], this.weights[a]];
  }
}
