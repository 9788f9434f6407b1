/**
 * The max-min fair allocation of a compiled tree computed independently, with linear programmes (HiGHS): raise the
 * lowest current as far as it goes, fix every EVSE that cannot go above that level, and repeat with the others.
 * Each round is one LP for the level and, for each EVSE at that level in its solution, one LP asking whether it can
 * exceed it. Slow, but it shares no code with the allocator.
 */
import type { CompiledTree } from '../../lib/allocation/tree';

interface HighsSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}
export interface Highs {
  solve(problem: string, options?: Record<string, unknown>): HighsSolution;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require('highs') as (options?: unknown) => Promise<Highs>;
let instance: Promise<Highs> | undefined;
export const highs = (): Promise<Highs> => (instance ??= loader());

const num = (x: number): string => (Number.isFinite(x) ? x.toPrecision(15) : '1e30');

/** The LP text: maximise `objective` over the currents with `extra` rows; `fixed` EVSEs hold their value. */
function lp(tree: CompiledTree, admitted: boolean[], fixed: Map<number, number>, objective: string, extra: string[]): string {
  const rows = tree.constraints.filter((c) => c.members.some((m) => admitted[m.evse])).map((c, k) =>
    ` c${k}: ${c.members.filter((m) => admitted[m.evse]).map((m) => `${num(m.coef)} a${m.evse}`).join(' + ')} <= ${num(c.limit)}`);
  const bounds = tree.evses.flatMap((e, i) => {
    if (!admitted[i]) return [];
    if (fixed.has(i)) return [` a${i} = ${num(fixed.get(i)!)}`];
    return [` ${num(e.floorA)} <= a${i} <= ${num(e.capA)}`];
  });
  return ['Maximize', ` obj: ${objective}`, 'Subject To', ...rows, ...extra, 'Bounds', ' t >= 0', ...bounds, 'End'].join('\n');
}

/** Currents of the admitted EVSEs (0 for the others), max-min fair above each one's minimum. */
export async function maxMinFair(tree: CompiledTree, admitted: boolean[]): Promise<number[]> {
  const solver = await highs();
  const fixed = new Map<number, number>();
  const open = () => tree.evses.map((_, i) => i).filter((i) => admitted[i] && !fixed.has(i));
  for (let guard = 0; open().length > 0 && guard < 1000; guard++) {
    const free = open();
    const level = free.map((i) => ` l${i}: a${i} - t >= 0`);
    const round = solver.solve(lp(tree, admitted, fixed, 't', level));
    if (round.Status !== 'Optimal') throw new Error(`max-min LP: ${round.Status}`);
    const t = round.ObjectiveValue;
    let fixedOne = false;
    for (const i of free) {
      const floor = tree.evses[i].floorA;
      // Above its minimum and above the level, an EVSE is not held by it this round.
      if (floor > t + 1e-7) continue;
      const others = free.filter((j) => j !== i).map((j) => ` l${j}: a${j} - t >= 0`);
      const up = solver.solve(lp(tree, admitted, fixed, `a${i}`, [...others, ` tl: t >= ${num(t - 1e-9)}`]));
      if (up.Status !== 'Optimal') throw new Error(`max-min LP (raise ${i}): ${up.Status}`);
      if (up.ObjectiveValue <= t + 1e-7) {
        fixed.set(i, Math.max(t, floor));
        fixedOne = true;
      }
    }
    if (!fixedOne) throw new Error('max-min LP: no EVSE could be fixed this round');
  }
  return tree.evses.map((_, i) => (admitted[i] ? fixed.get(i) ?? 0 : 0));
}
