import assert from 'node:assert/strict';
import { DEFAULT_DEADLINE_OPTIONS, deadlineTiers } from '../../lib/allocation/deadline';
import { compileTree, EvseNode } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';

const H = 3600;
/** A 1-phase EVSE on L1 at 230 V, its EV leaving in `leftS` s with `energyWh` to go. */
const ev = (id: string, leftS?: number, energyWh?: number, maxA = 32): EvseNode => ({
  kind: 'evse', id, gridPhases: [1], maxA, minA: 0,
  session: leftS === undefined ? {} : { departureS: leftS, energyWh },
});
const site = (limitA: number, children: EvseNode[]) => compileTree({ voltageV: 230, root: { kind: 'group', id: 'site', limitA: [limitA, Infinity, Infinity], children } });
const rounded = (xs: number[]) => xs.map((x) => Math.round(x * 1000) / 1000);
/** Wh an EV takes in `s` seconds at `a` A on one phase. */
const wh = (a: number, s: number) => (a * 230 * s) / H;

describe('allocation: sessions that know their departure', () => {
  it('serves the least slack first, each as much as it can take, and shares the rest fairly among the others', () => {
    const tree = site(40, [ev('relaxed', 8 * H, wh(32, 1 * H)), ev('urgent', 1 * H, wh(30, 1 * H)), ev('unknown-1'), ev('unknown-2')]);
    const { currentA } = allocate(tree);
    // urgent: 32 A (its maximum); relaxed next: the 8 A left; the sessions without a departure share nothing.
    assert.deepEqual(rounded(currentA), [8, 32, 0, 0]);
    const roomy = site(100, [ev('relaxed', 8 * H, wh(32, 1 * H)), ev('urgent', 1 * H, wh(30, 1 * H)), ev('unknown-1'), ev('unknown-2')]);
    assert.deepEqual(rounded(allocate(roomy).currentA), [32, 32, 18, 18]);
  });

  it('lets sessions with more slack than flexibleSlackS share fairly with those that do not know their departure', () => {
    const tree = site(48, [ev('relaxed', 8 * H, wh(32, 1 * H)), ev('urgent', 1 * H, wh(30, 1 * H)), ev('unknown')]);
    const { currentA } = allocate(tree, { ...DEFAULT_DEADLINE_OPTIONS, flexibleSlackS: 2 * H });
    assert.deepEqual(rounded(currentA), [8, 32, 8]);
  });

  it('among sessions already late, serves the one closest to done first', () => {
    // Both cannot finish at 32 A before they leave; the smaller need goes first.
    const tree = site(32, [ev('big', 0.5 * H, wh(32, 2 * H)), ev('small', 0.25 * H, wh(32, 0.5 * H))]);
    assert.deepEqual(rounded(allocate(tree).currentA), [0, 32]);
    // Served by slack alone, the one further behind goes first.
    assert.deepEqual(rounded(allocate(tree, { ...DEFAULT_DEADLINE_OPTIONS, lateSlackS: -Infinity, completionBiasS: 0 }).currentA), [32, 0]);
  });

  it('sets aside the session that needs the most when the group cannot carry every session to its departure', () => {
    // 32 A for 2 h carries 2 × 32 A·h. a and b each need 1 h at 32 A by 2 h; c needs 1.1 h by 2 h: one must give way.
    // c has the least slack (0.9 h), but set aside it waits 600 s more than its slack says, after a and b (1 h).
    const tree = site(32, [ev('a', 2 * H, wh(32, 1 * H)), ev('b', 2 * H, wh(32, 1 * H)), ev('c', 2 * H, wh(32, 1.1 * H))]);
    const tiers = deadlineTiers(tree, [true, true, true], DEFAULT_DEADLINE_OPTIONS);
    assert.deepEqual(tiers.map((t) => tree.evses[t[0]].id), ['a', 'b', 'c']);
    // With no bias, least slack first: c (0.5 h of slack) before a and b (1 h).
    const bySlack = deadlineTiers(tree, [true, true, true], { ...DEFAULT_DEADLINE_OPTIONS, completionBiasS: 0 });
    assert.equal(tree.evses[bySlack[0][0]].id, 'c');
  });

  it('sets the same sessions aside as a direct check of every instant (500 random single-limit sites)', () => {
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 500; round++) {
      const n = 2 + Math.floor(r() * 12);
      const limitA = 10 + r() * 80;
      const evs = Array.from({ length: n }, (_, i) => ev(`e${i}`, Math.round(r() * 6) * 1800 + 600, r() * 20000, 16 + Math.floor(r() * 17)));
      const tree = site(limitA, evs);
      const options = { ...DEFAULT_DEADLINE_OPTIONS, lateSlackS: 0, completionBiasS: 1e7 };
      const order = deadlineTiers(tree, tree.evses.map(() => true), options).map((t) => t[0]);
      // Direct: at each departure in turn, while the limit cannot carry what is owed, drop the largest need.
      const needs = tree.evses.map((e) => ({ i: tree.evses.indexOf(e), need: e.deadline!.needAs, left: e.deadline!.leftS, rate: e.capA }));
      const aside = new Set<number>();
      for (const k of [...new Set(needs.map((x) => x.left))].sort((a, b) => a - b)) {
        for (;;) {
          const owed = (x: (typeof needs)[number]) => Math.max(0, x.need - x.rate * Math.max(0, x.left - k));
          const kept = needs.filter((x) => !aside.has(x.i));
          if (kept.reduce((s, x) => s + owed(x), 0) <= limitA * k + 1e-9 * Math.max(1, limitA * k)) break;
          const weighing = kept.filter((x) => owed(x) > 1e-9).sort((a, b) => b.need - a.need);
          aside.add(weighing[0].i);
        }
      }
      // Late sessions (no slack left) count as equally late; the nearest to done first.
      const slack = (i: number) => Math.max(0, needs[i].left - needs[i].need / needs[i].rate);
      const expected = needs.map((x) => x.i).sort((a, b) => Number(aside.has(a)) - Number(aside.has(b)) || slack(a) - slack(b) || needs[a].need - needs[b].need || a - b);
      assert.deepEqual(order, expected, `round ${round}`);
    }
  });
});
