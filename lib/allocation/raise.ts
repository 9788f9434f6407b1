/** Raising one EVSE's current while every constraint keeps count: the step the ordered fills are made of. */
import type { CompiledTree } from './tree';

/** Phasor sums kept beside the linear slack (phasor.ts), where the site has such limits. */
export interface Loads {
  add(evse: number, a: number): void;
  headroom(evse: number): number;
}

/** Adds `add` A to EVSE i, taking it off the slack of its constraints (and the phasor sums). */
export function raise(tree: CompiledTree, currentA: number[], i: number, add: number, slack: number[], loads?: Loads): void {
  if (!(add > 0)) return;
  currentA[i] += add;
  loads?.add(i, add);
  tree.evses[i].constraints.forEach((c, k) => { slack[c] -= tree.evses[i].coefs[k] * add; });
}

/** One EVSE alone: as far as its maximum, its fullest constraint or a phasor limit allows. */
export function raiseAll(tree: CompiledTree, currentA: number[], i: number, slack: number[], loads?: Loads): void {
  const e = tree.evses[i];
  let add = Math.min(e.capA - currentA[i], loads ? loads.headroom(i) : Infinity);
  e.constraints.forEach((c, k) => { add = Math.min(add, Math.max(0, slack[c]) / e.coefs[k]); });
  raise(tree, currentA, i, add, slack, loads);
}
