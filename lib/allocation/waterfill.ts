/**
 * One allocation of the site's current among its EVSEs: first every EVSE's minimum, in priority order, as long as
 * the tree holds it (an EVSE below its minimum cannot charge at all); then the sessions that know their departure,
 * most urgent first, each as much as it can take (deadline.ts); then the max-min fair share of what is left
 * (water-filling): every other EVSE rises at the same pace from its minimum until a limit of its own or of a group it
 * belongs to stops it. The result is exact, computed event by event (a level where an EVSE joins the rise, reaches
 * its maximum, or fills a group), not by small steps.
 */
import { deadlineTiers, DeadlineOptions, DEFAULT_DEADLINE_OPTIONS } from './deadline';
import { CompiledTree, TreeError } from './tree';
import { networkOf, PhasorLoads, weightedFill } from './phasor';
import type { LpSolver } from './lp';
import { raiseAll } from './raise';
import { energyKept } from './energy-safe';

export interface Allocation {
  /** A per phase for each EVSE of the compiled tree, in its order. */
  currentA: number[];
  /** EVSEs with a session that get nothing because their minimum did not fit, and why. */
  leftOut: Array<{ id: string; reason: string }>;
}

const EPS = 1e-9;
/** Energy given up that counts, A·s: a milliamp over a second. */
const EPS_AS = 1e-3;

/** Minimums, highest priority first (then tree order): an EVSE whose minimum does not fit is left out. */
function admit(tree: CompiledTree, used: number[], loads?: PhasorLoads): { admitted: boolean[]; leftOut: Allocation['leftOut'] } {
  const { evses, constraints } = tree;
  const admitted = evses.map(() => false);
  const leftOut: Allocation['leftOut'] = [];
  const order = evses.map((_, i) => i).filter((i) => evses[i].capA > 0 && evses[i].phases.length > 0)
    .sort((a, b) => evses[b].priority - evses[a].priority || a - b);
  for (const i of order) {
    const e = evses[i];
    const full = e.constraints.findIndex((c, k) => used[c] + e.coefs[k] * e.floorA > constraints[c].limit + EPS);
    if (full >= 0) {
      const c = constraints[e.constraints[full]];
      const left = Math.max(0, c.limit - used[e.constraints[full]]) / e.coefs[full];
      leftOut.push({ id: e.id, reason: `its minimum of ${e.floorA} A does not fit: ${c.id} has ${round(left)} A left for it` });
      continue;
    }
    const room = loads?.headroom(i) ?? Infinity;
    if (room < e.floorA - EPS) {
      leftOut.push({ id: e.id, reason: `its minimum of ${e.floorA} A does not fit: the phasor limits leave ${round(room)} A for it` });
      continue;
    }
    admitted[i] = true;
    loads?.add(i, e.floorA);
    e.constraints.forEach((c, k) => { used[c] += e.coefs[k] * e.floorA; });
  }
  return { admitted, leftOut };
}

const round = (x: number): number => Math.round(x * 100) / 100;

export function allocate(tree: CompiledTree, options: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS, solver?: LpSolver): Allocation {
  const { evses, constraints } = tree;
  const used = constraints.map(() => 0);
  const loads = tree.phasor.length ? new PhasorLoads(networkOf(tree)) : undefined;
  if (loads && !solver) throw new TreeError('a site with phasor limits needs the LP solver (loadLpSolver)');
  const { admitted, leftOut } = admit(tree, used, loads);
  const currentA = evses.map((e, i) => (admitted[i] ? e.floorA : 0));
  const slack = constraints.map((c, i) => c.limit - used[i]);
  if (loads && solver) {
    weightedFill(tree, currentA, admitted, slack, loads, solver);
    return { currentA, leftOut };
  }
  const fill = (policy: DeadlineOptions): number[] => {
    const rates = [...currentA];
    const left = [...slack];
    for (const tier of deadlineTiers(tree, admitted, policy)) {
      if (tier.length === 1) raiseAll(tree, rates, tier[0], left);
      else rise(tree, rates, tier, left);
    }
    return rates;
  };
  const served = fill(options);
  const refined = options.completionBiasS > 0 || options.lateSlackS > 0;
  if (!options.holdS || !refined) return { currentA: served, leftOut };
  return { currentA: energySafe(tree, served, () => fill({ ...options, completionBiasS: 0, lateSlackS: 0 }), options.holdS), leftOut };
}

/**
 * `served` if it keeps as much energy within reach as least-laxity's allocation (energy-safe.ts), else the mix of
 * the two that goes as far towards `served` as that allows (what a mix keeps is concave in it while no session gets
 * more than it needs, so the safe mixes are one span).
 */
function energySafe(tree: CompiledTree, served: number[], leastLaxity: () => number[], holdS: number): number[] {
  const fallback = leastLaxity();
  const floor = energyKept(tree, fallback, holdS);
  const safe = (rates: readonly number[]) => energyKept(tree, rates, holdS).every((kept, c) => !(kept < floor[c] - EPS_AS));
  if (safe(served)) return served;
  const mix = (w: number) => served.map((a, i) => w * a + (1 - w) * fallback[i]);
  let [lo, hi] = [0, 1];
  for (let step = 0; step < 12; step++) {
    const mid = (lo + hi) / 2;
    if (safe(mix(mid))) lo = mid;
    else hi = mid;
  }
  return mix(lo);
}

/**
 * Water-filling of `members` from where they stand: each joins the rise when the level reaches its current, and
 * stops at its maximum or when a constraint it is in fills. The others keep what they have; `slack` is updated.
 */
function rise(tree: CompiledTree, currentA: number[], members: readonly number[], slack: number[]): void {
  const { evses, constraints } = tree;
  const rate = constraints.map(() => 0);
  const frozen = evses.map(() => true);
  for (const i of members) frozen[i] = false;
  const rising = evses.map(() => false);
  // EVSEs join the rise where they stand and stop at their maximum: both orders are fixed, so two pointers do.
  // Until it joins, an EVSE's current is where it starts.
  const joins = [...members].sort((a, b) => currentA[a] - currentA[b]);
  const caps = [...members].sort((a, b) => evses[a].capA - evses[b].capA);
  let nextJoin = 0;
  let nextCap = 0;
  let risingCount = 0;
  let level = 0;

  const freeze = (i: number, value: number): void => {
    if (frozen[i]) return;
    frozen[i] = true;
    currentA[i] = value;
    if (rising[i]) {
      rising[i] = false;
      risingCount--;
      evses[i].constraints.forEach((c, k) => { rate[c] -= evses[i].coefs[k]; });
    }
  };

  for (;;) {
    // Joining: every waiting EVSE whose current the level has reached starts rising with it.
    while (nextJoin < joins.length && currentA[joins[nextJoin]] <= level + EPS) {
      const i = joins[nextJoin++];
      if (frozen[i]) continue;
      if (evses[i].capA <= level + EPS) {
        freeze(i, evses[i].capA);
        continue;
      }
      rising[i] = true;
      risingCount++;
      evses[i].constraints.forEach((c, k) => { rate[c] += evses[i].coefs[k]; });
    }
    while (nextJoin < joins.length && frozen[joins[nextJoin]]) nextJoin++;
    while (nextCap < caps.length && frozen[caps[nextCap]]) nextCap++;
    if (risingCount === 0 && nextJoin >= joins.length) break;
    // The next event: a join, a maximum reached (an EVSE still waiting has a larger one), or a group filled.
    let target = nextJoin < joins.length ? currentA[joins[nextJoin]] : Infinity;
    if (nextCap < caps.length && evses[caps[nextCap]].capA < target) target = evses[caps[nextCap]].capA;
    for (let c = 0; c < constraints.length; c++) {
      if (rate[c] > EPS) target = Math.min(target, level + Math.max(0, slack[c]) / rate[c]);
    }
    const step = target - level;
    level = target;
    // A filled group stops every member still rising, and those still waiting at their minimum.
    // Every load moves before any EVSE stops: a stop changes the pace of the other groups it belongs to.
    for (let c = 0; c < constraints.length; c++) if (rate[c] > EPS) slack[c] -= rate[c] * step;
    for (let c = 0; c < constraints.length; c++) {
      if (rate[c] <= EPS || slack[c] > EPS * Math.max(1, constraints[c].limit)) continue;
      for (const m of constraints[c].members) if (!frozen[m.evse]) freeze(m.evse, rising[m.evse] ? level : currentA[m.evse]);
    }
    // Maxima reached; one still waiting to join (its maximum is its minimum) is stopped when it joins.
    while (nextCap < caps.length && (frozen[caps[nextCap]] || (rising[caps[nextCap]] && evses[caps[nextCap]].capA <= level + EPS))) {
      const i = caps[nextCap++];
      if (!frozen[i]) freeze(i, evses[i].capA);
    }
  }
}
