import assert from 'node:assert/strict';
import { compileTree, CompiledTree, EvseNode, GroupNode, Phase, Site, TreeError } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';
import { uniform } from '../../lib/simulator/random';
import { maxMinFair } from '../support/maxmin-lp';

/** Seeded, so a failing tree can be rebuilt from its seed. */
const random = uniform;

export function randomSite(seed: number, maxEvses = 40, departures = false): Site {
  const r = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  let n = 0;
  const evse = (): EvseNode => {
    const three = r() < 0.6;
    const rotation = pick<Phase[]>([[1, 2, 3], [2, 3, 1], [3, 1, 2]]);
    const minA = pick([0, 6, 6, 8]);
    return {
      kind: 'evse', id: `e${n++}`, gridPhases: three ? rotation : [rotation[0]], maxA: pick([16, 32, 32, 63]), minA,
      ...(r() < 0.8 ? { session: {
        evPhases: pick([1, 3, 3] as const), maxA: r() < 0.3 ? pick([10, 16, 20]) : undefined, minA: r() < 0.2 ? 10 : undefined, priority: pick([0, 0, 1, 2]),
        ...(departures && r() < 0.7 ? { departureS: r() * 8 * 3600, energyWh: r() * 40000 } : {}),
      } } : {}),
    };
  };
  const limit = (scale: number): GroupNode['limitA'] => (r() < 0.3 ? [scale * (0.3 + r()), scale * (0.3 + r()), scale * (0.3 + r())] : scale * (0.3 + r()));
  const group = (id: string, depth: number): GroupNode => {
    const children: GroupNode['children'] = [];
    const kids = 1 + Math.floor(r() * 4);
    for (let k = 0; k < kids && n < maxEvses; k++) children.push(depth < 2 && r() < 0.5 ? group(`${id}.${k}`, depth + 1) : evse());
    return { kind: 'group', id, children, ...(r() < 0.8 ? { limitA: limit(40 / (depth + 1)) } : {}), ...(r() < 0.3 ? { limitW: 230 * 40 * (0.5 + r()) } : {}) };
  };
  return { root: group('site', 0), voltageV: 230 };
}

/** Every constraint's load with these currents. */
const loads = (tree: CompiledTree, currentA: number[]) => tree.constraints.map((c) => c.members.reduce((s, m) => s + m.coef * currentA[m.evse], 0));

describe('allocation: water-filling over a site tree', () => {
  const evse = (id: string, over: Partial<EvseNode> = {}): EvseNode => ({ kind: 'evse', id, gridPhases: [1, 2, 3], maxA: 32, minA: 6, session: {}, ...over });

  it('shares a feeder equally, gives what a capped EV leaves to the others, and keeps free EVSEs at 0', () => {
    const tree = compileTree({ voltageV: 230, root: { kind: 'group', id: 'site', limitA: 63, children: [
      evse('a'), evse('b', { session: { maxA: 10 } }), evse('c'), evse('free', { session: undefined }),
    ] } });
    const { currentA, leftOut } = allocate(tree);
    assert.deepEqual(currentA.map((x) => Math.round(x * 1000) / 1000), [26.5, 10, 26.5, 0]);
    assert.deepEqual(leftOut, []);
  });

  it('counts each 1-phase EVSE on the phase it is wired to, and a power limit over all phases', () => {
    const tree = compileTree({ voltageV: 230, root: { kind: 'group', id: 'site', limitA: [20, 63, 63], limitW: 230 * 60, children: [
      evse('l1', { gridPhases: [1], minA: 0 }), evse('l2', { gridPhases: [2], minA: 0 }), evse('three', { minA: 0 }),
    ] } });
    const { currentA } = allocate(tree);
    // L1 holds l1 and the 3-phase EVSE: 10 A each; then the 60 A of power left (× 230 V) go to l2 (3-phase counts 3 ×).
    assert.deepEqual(currentA.map((x) => Math.round(x * 1000) / 1000), [10, 20, 10]);
    const [l1Load, , , watts] = loads(tree, currentA);
    assert.equal(Math.round(l1Load), 20);
    assert.equal(Math.round(watts), 230 * 60);
  });

  it('gives minimums in priority order and says which EVSE it left out and why', () => {
    const tree = compileTree({ voltageV: 230, root: { kind: 'group', id: 'site', limitA: 14, children: [
      evse('low', { session: { priority: 0 } }), evse('high', { session: { priority: 2 } }), evse('mid', { session: { priority: 1 } }),
    ] } });
    const { currentA, leftOut } = allocate(tree);
    assert.deepEqual(currentA, [0, 7, 7]);
    assert.deepEqual(leftOut, [{ id: 'low', reason: 'its minimum of 6 A does not fit: site/L1 has 2 A left for it' }]);
  });

  it('refuses a tree it cannot read, with the reason', () => {
    const bad = (root: GroupNode, pattern: RegExp) => assert.throws(() => compileTree({ voltageV: 230, root }), (e: Error) => e instanceof TreeError && pattern.test(e.message));
    bad({ kind: 'group', id: 's', children: [evse('x'), evse('x')] }, /x appears twice/);
    bad({ kind: 'group', id: 's', children: [evse('x', { gridPhases: [1, 1] as Phase[] })] }, /distinct phases/);
    bad({ kind: 'group', id: 's', limitA: -1, children: [] }, /limit of L1 must be 0 A or more/);
  });

  for (const departures of [false, true]) {
  it(`never exceeds any limit of any group on any phase, holds every minimum it admitted, and leaves no EVSE below what the tree allows (2,000 random trees${departures ? ', sessions that know their departure' : ''})`, () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const tree = compileTree(randomSite(seed, 40, departures));
      const { currentA, leftOut } = allocate(tree);
      loads(tree, currentA).forEach((load, c) => assert.ok(load <= tree.constraints[c].limit + 1e-6, `seed ${seed}: ${tree.constraints[c].id} ${load} > ${tree.constraints[c].limit}`));
      const out = new Set(leftOut.map((x) => x.id));
      tree.evses.forEach((e, i) => {
        if (out.has(e.id) || e.capA === 0) return assert.equal(currentA[i], 0, `seed ${seed}: ${e.id} without a share gets nothing`);
        assert.ok(currentA[i] >= e.floorA - 1e-9 && currentA[i] <= e.capA + 1e-9, `seed ${seed}: ${e.id} ${currentA[i]} outside [${e.floorA}, ${e.capA}]`);
      });
      // One left out really did not fit beside the minimums of those admitted before it (higher priority, then tree order).
      for (const { id } of leftOut) {
        const i = tree.evses.findIndex((e) => e.id === id);
        const before = (j: number) => tree.evses[j].priority > tree.evses[i].priority || (tree.evses[j].priority === tree.evses[i].priority && j < i);
        const fits = tree.evses[i].constraints.every((c, k) => {
          const held = tree.constraints[c].members.filter((m) => before(m.evse) && !out.has(tree.evses[m.evse].id)).reduce((s, m) => s + m.coef * tree.evses[m.evse].floorA, 0);
          return held + tree.evses[i].coefs[k] * tree.evses[i].floorA <= tree.constraints[c].limit + 1e-9;
        });
        assert.ok(!fits, `seed ${seed}: ${id} was left out though its minimum fits`);
      }
      // Nothing is left on the table: an admitted EVSE below its maximum is in a constraint that is full.
      const load = loads(tree, currentA);
      tree.evses.forEach((e, i) => {
        if (out.has(e.id) || e.capA === 0 || currentA[i] >= e.capA - 1e-6) return;
        assert.ok(e.constraints.some((c) => load[c] >= tree.constraints[c].limit - 1e-6), `seed ${seed}: ${e.id} at ${currentA[i]} A could take more`);
      });
    }
  });
  }

  it('equals the max-min fair optimum that linear programmes find (300 random trees, HiGHS)', async function () {
    this.timeout(120_000);
    for (let seed = 5001; seed <= 5300; seed++) {
      const tree = compileTree(randomSite(seed, 10));
      const { currentA, leftOut } = allocate(tree);
      const out = new Set(leftOut.map((x) => x.id));
      const admitted = tree.evses.map((e) => e.capA > 0 && e.phases.length > 0 && !out.has(e.id));
      const optimum = await maxMinFair(tree, admitted);
      optimum.forEach((x, i) => assert.ok(Math.abs(x - currentA[i]) <= 1e-5 * Math.max(1, x), `seed ${seed}: ${tree.evses[i].id} ours ${currentA[i]}, LP ${x}`));
    }
  });
});
