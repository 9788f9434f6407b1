import assert from 'node:assert/strict';
import { compileTree, EvseNode, Site, TreeError } from '../../lib/allocation/tree';
import { allocate } from '../../lib/allocation/waterfill';
import { networkOf, PhasorLoads } from '../../lib/allocation/phasor';
import { loadLpSolver, LpSolver } from '../../lib/allocation/lp';
import { siteFromJson } from '../../lib/allocation/site-json';

/** A 208 V delta secondary: EVSEs wired AB (30°), BC (-90°), CA (150°); line A = AB − CA, B = BC − AB, C = CA − BC. */
const ANGLE = { AB: 30, BC: -90, CA: 150 } as const;
type Pair = keyof typeof ANGLE;
const LINES: Record<string, Partial<Record<Pair, number>>> = { A: { AB: 1, CA: -1 }, B: { BC: 1, AB: -1 }, C: { CA: 1, BC: -1 } };

function delta(lineA: number, evses: Array<{ id: string; pair: Pair; session?: EvseNode['session']; minA?: number }>): Site {
  const children: EvseNode[] = evses.map((e) => ({ kind: 'evse', id: e.id, gridPhases: [1], maxA: 32, minA: e.minA ?? 0, angleDeg: ANGLE[e.pair], session: e.session ?? {} }));
  const phasor = Object.entries(LINES).map(([line, coefs]) => ({
    id: `line ${line}`, limitA: lineA, members: Object.fromEntries(evses.filter((e) => coefs[e.pair]).map((e) => [e.id, coefs[e.pair]!])),
  }));
  return { voltageV: 208, root: { kind: 'group', id: 'site', children }, phasor };
}

describe('allocation: phasor limits (a delta secondary)', () => {
  let solver: LpSolver;
  before(async () => { solver = await loadLpSolver(); });

  it('finds how much more an EVSE can take before a line current reaches its limit', () => {
    const tree = compileTree(delta(50, [{ id: 'ab', pair: 'AB' }, { id: 'bc', pair: 'BC' }]));
    const loads = new PhasorLoads(networkOf(tree));
    loads.add(0, 30);
    // Line B = BC − AB: |y·e^{-i90°} − 30·e^{i30°}|² = y² + 900 + 30y ≤ 2500, so y = 27.72 A.
    const y = loads.headroom(1);
    assert.ok(Math.abs(y - (-30 + Math.sqrt(900 + 4 * 1600)) / 2) < 1e-9, String(y));
    loads.add(1, y);
    assert.ok(Math.abs(loads.violation()) < 1e-9);
    assert.equal(loads.headroom(1), 0);
  });

  it('balances the three line pairs instead of piling current on one: close to √3 times the line limit in all', () => {
    // Urgent sessions on AB alone would take the whole of lines A and B; balanced, each pair carries L/√3.
    const soon = { departureS: 3600, energyWh: 6000 };
    const site = delta(30, [
      { id: 'ab1', pair: 'AB', session: soon }, { id: 'ab2', pair: 'AB', session: soon },
      { id: 'bc', pair: 'BC' }, { id: 'ca', pair: 'CA' },
    ]);
    const tree = compileTree(site);
    const { currentA } = allocate(tree, undefined, solver);
    const total = currentA.reduce((s, a) => s + a, 0);
    // In urgency order alone, AB would take 30 A and fill lines A and B: 30 A in all. Balanced: 30·√3 = 52 A; the
    // urgent pair weighs a little more, so it keeps a little more than its third, at a small cost in total.
    assert.ok(total > 0.995 * 30 * Math.sqrt(3) && total <= 30 * Math.sqrt(3) + 1e-6, `total ${total}`);
    assert.ok(currentA[0] + currentA[1] >= 30 / Math.sqrt(3) - 1e-6, `urgent pair ${currentA[0] + currentA[1]}`);
    const loads = new PhasorLoads(networkOf(tree));
    currentA.forEach((a, i) => loads.add(i, a));
    assert.ok(loads.violation() < 1e-9);
  });

  it('never exceeds a line and holds every minimum it admits (200 random delta sites)', () => {
    let seed = 11;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pairs: Pair[] = ['AB', 'BC', 'CA'];
    for (let round = 0; round < 200; round++) {
      const evses = Array.from({ length: 2 + Math.floor(r() * 12) }, (_, i) => ({
        id: `e${i}`, pair: pairs[Math.floor(r() * 3)], minA: r() < 0.5 ? 6 : 0,
        session: r() < 0.5 ? { departureS: r() * 20000, energyWh: r() * 30000 } : {},
      }));
      const tree = compileTree(delta(10 + r() * 100, evses));
      const { currentA, leftOut } = allocate(tree, undefined, solver);
      const loads = new PhasorLoads(networkOf(tree));
      currentA.forEach((a, i) => loads.add(i, a));
      assert.ok(loads.violation() < 1e-6, `round ${round}: a line is over by ${loads.violation()}`);
      const out = new Set(leftOut.map((x) => x.id));
      tree.evses.forEach((e, i) => {
        if (out.has(e.id)) return assert.equal(currentA[i], 0);
        assert.ok(currentA[i] >= e.floorA - 1e-9 && currentA[i] <= e.capA + 1e-9, `round ${round}: ${e.id} ${currentA[i]}`);
        // Nothing left on the table: below its maximum, an EVSE is stopped by a line.
        if (currentA[i] < e.capA - 1e-6) assert.ok(loads.headroom(i) < 1e-6, `round ${round}: ${e.id} could take ${loads.headroom(i)} A more`);
      });
    }
  });

  it('reads phasor limits from the site JSON, and says what is wrong with them', () => {
    const json = { voltageV: 208, root: { id: 'site', children: [{ station: 'CP1', angleDeg: 30 }, { station: 'CP2', angleDeg: -90 }] }, phasor: [{ id: 'line B', limitA: 40, members: { 'CP2/1': 1, 'CP1/1': -1 } }] };
    const tree = compileTree(siteFromJson(json));
    assert.deepEqual(tree.phasor, [{ id: 'line B', limit: 40, members: [{ evse: 1, coef: 1 }, { evse: 0, coef: -1 }] }]);
    assert.throws(() => compileTree(siteFromJson({ ...json, phasor: [{ id: 'x', limitA: 40, members: { nope: 1 } }] })), /x: no EVSE nope/);
    assert.throws(() => compileTree(siteFromJson({ ...json, root: { id: 'site', children: [{ station: 'CP1' }] }, phasor: [{ id: 'x', limitA: 4, members: { 'CP1/1': 1 } }] })), /CP1\/1 has no angle/);
    assert.throws(() => siteFromJson({ ...json, phasor: { id: 'x' } }), /phasor must be a list/);
    assert.throws(() => allocate(tree), (err: Error) => err instanceof TreeError && /needs the LP solver/.test(err.message));
  });
});
