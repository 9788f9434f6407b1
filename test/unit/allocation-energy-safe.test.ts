import assert from 'node:assert/strict';
import { DEFAULT_DEADLINE_OPTIONS } from '../../lib/allocation/deadline';
import { DeadlineSession, deliverable } from '../../lib/allocation/energy-safe';
import { loadLpSolver, lpNumber, lpTerm, lpText } from '../../lib/allocation/lp';
import { compileTree, EvseNode } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';
import { allocatorSettings } from '../../nodes/evc-power-allocator/config';

/** A 1-phase EVSE on L1 at 230 V, of 10 A at most, its EV leaving in `leftS` s with `needAs` A·s to go. */
const ev = (id: string, leftS: number, needAs: number): EvseNode => ({
  kind: 'evse', id, gridPhases: [1], maxA: 10, minA: 0, session: { departureS: leftS, energyWh: (needAs * 230) / 3600 },
});
const site = (limitA: number, children: EvseNode[]) => compileTree({ voltageV: 230, root: { kind: 'group', id: 'site', limitA: [limitA, Infinity, Infinity], children } });
const rounded = (xs: number[], digits = 3) => xs.map((x) => Number(x.toFixed(digits)));

/** The same maximum by LP over whole seconds: x(i, t) ≤ rate, Σt ≤ need, Σi ≤ limit. */
function byLp(solve: (text: string) => number, sessions: DeadlineSession[], limitA: number): number {
  const horizon = Math.max(0, ...sessions.map((s) => s.leftS));
  const rows: string[] = [];
  const bounds: string[] = [];
  const vars: string[] = [];
  const at: string[][] = Array.from({ length: horizon }, () => []);
  sessions.forEach((s, i) => {
    const own: string[] = [];
    for (let t = 0; t < s.leftS; t++) {
      const v = `x${i}_${t}`;
      own.push(v);
      at[t].push(v);
      bounds.push(`0 <= ${v} <= ${lpNumber(s.rateA)}`);
    }
    if (own.length) rows.push(`need${i}: ${own.map((v) => lpTerm(1, v)).join(' ')} <= ${lpNumber(s.needAs)}`);
    vars.push(...own);
  });
  at.forEach((list, t) => { if (list.length) rows.push(`cap${t}: ${list.map((v) => lpTerm(1, v)).join(' ')} <= ${lpNumber(limitA)}`); });
  if (!vars.length) return 0;
  return solve(lpText('Maximize', vars.map((v) => lpTerm(1, v)).join(' '), rows, bounds));
}

describe('allocation: the energy an allocation keeps within reach', () => {
  it('is the most the sessions here now can still receive: the limit, their rates and their departures', () => {
    assert.equal(deliverable([{ needAs: 30, rateA: 10, leftS: 9 }, { needAs: 20, rateA: 10, leftS: 9 }], 10), 50, 'all of it');
    assert.equal(deliverable([{ needAs: 100, rateA: 10, leftS: 10 }, { needAs: 100, rateA: 10, leftS: 10 }], 10), 100, 'the limit');
    assert.equal(deliverable([{ needAs: 100, rateA: 5, leftS: 10 }], 100), 50, 'the rate');
    // The first must take the limit until it leaves at 3 s; the second gets the 6 s after.
    assert.equal(deliverable([{ needAs: 30, rateA: 10, leftS: 3 }, { needAs: 100, rateA: 10, leftS: 9 }], 10), 90);
    assert.equal(deliverable([{ needAs: 30, rateA: 10, leftS: 0 }, { needAs: 0, rateA: 10, leftS: 9 }], 10), 0, 'gone, or needing nothing');
  });

  it('equals the maximum flow an LP finds (300 random sets of sessions)', async () => {
    const highs = await loadLpSolver();
    const solve = (text: string) => {
      const r = highs.solve(text);
      assert.equal(r.Status, 'Optimal');
      return r.ObjectiveValue!;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const sessions = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({
        needAs: Math.round(random() * 120), rateA: 1 + Math.round(random() * 9), leftS: Math.floor(random() * 15),
      }));
      const limitA = 1 + Math.round(random() * 20);
      const expected = byLp(solve, sessions, limitA);
      assert.ok(Math.abs(deliverable(sessions, limitA) - expected) < 1e-6, `${JSON.stringify(sessions)} under ${limitA} A: ${expected}`);
    }
  });

  it('keeps the completion rules only as far as they give no energy up over the time an allocation holds', () => {
    // a leaves in 300 s needing 3000 A·s (all of 10 A until then); b, late too, needs 2800 A·s by 550 s. Closest to
    // done first serves b and a leaves with nothing: 2800 A·s in all, where a first gives 3000 + 2500.
    const tree = site(10, [ev('a', 300, 3000), ev('b', 550, 2800)]);
    assert.deepEqual(rounded(allocate(tree).currentA), [0, 10]);
    assert.deepEqual(rounded(allocate(tree, { ...DEFAULT_DEADLINE_OPTIONS, lateSlackS: 0, completionBiasS: 0 }).currentA), [10, 0]);
    // Held for 300 s, b may have what does not cost a: the 300 A·s b cannot take after a leaves, 1 A.
    assert.deepEqual(rounded(allocate(tree, { ...DEFAULT_DEADLINE_OPTIONS, holdS: 300 }).currentA, 1), [9, 1]);
    // Where setting c aside costs nothing, it is kept: the three leave together and the limit is full until then
    // whoever goes first, so a and b finish and c alone falls short.
    const free = site(10, [ev('a', 7200, 36_000), ev('b', 7200, 36_000), ev('c', 7200, 39_600)]);
    assert.deepEqual(rounded(allocate(free, { ...DEFAULT_DEADLINE_OPTIONS, holdS: 300 }).currentA), [10, 0, 0]);
    assert.deepEqual(rounded(allocate(free, { ...DEFAULT_DEADLINE_OPTIONS, completionBiasS: 0 }).currentA), [0, 0, 10], 'least slack: c');
  });
});

describe('evc-power-allocator settings: the deadline policy', () => {
  const tree = JSON.stringify({ voltageV: 230, root: { id: 'site', limitA: 32, children: [{ station: 'CP1', evse: 1 }] } });
  it('holds each allocation of drivers first until the next recomputation, so its completion rules give no energy up', () => {
    const drivers = allocatorSettings({ tree, interval: 30 }).allocator.deadlines!;
    assert.deepEqual([drivers.holdS, drivers.completionBiasS, drivers.lateSlackS], [30, 600, 300]);
    const energy = allocatorSettings({ tree, interval: 30, policy: 'energy' }).allocator.deadlines!;
    assert.deepEqual([energy.holdS, energy.completionBiasS, energy.lateSlackS], [undefined, 0, 0]);
  });
});
