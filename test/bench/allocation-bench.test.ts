/**
 * Smoke test of the allocator benchmark: the compiled entry point on two days of the ACN sessions at two capacities,
 * as `npm run bench -- --only allocation --quick` runs it. Checks the report's shape and what must hold whatever
 * the speed: no limit exceeded, and no algorithm above the LP optimum.
 */
import assert from 'node:assert/strict';
import { runBench } from '../support/bench';
import { formatAllocationReport, AllocationBenchReport } from '../../bench/allocation';
import { readSessions } from '../../bench/allocation/sessions';

describe('allocator benchmark (two days)', function () {
  this.timeout(180_000);
  let report: AllocationBenchReport;

  before(async () => {
    const { code, stdout, stderr } = await runBench(['--only', 'allocation', '--quick', '--json']);
    assert.equal(code, 0, `benchmark exited with ${code}:\n${stderr}`);
    const json = JSON.parse(stdout) as { allocation?: AllocationBenchReport; archive?: unknown };
    assert.equal(json.archive, undefined, '--only allocation ran another benchmark');
    report = json.allocation!;
  });

  it('reads the data set the README describes', () => {
    const all = readSessions();
    assert.equal(all.length, 954);
    assert.equal(Math.round(all.reduce((s, x) => s + x.energyKwh, 0) * 1000) / 1000, 8900.522);
  });

  it('runs every algorithm at every capacity, within the limit and never above the optimum', () => {
    assert.ok(report.sessions > 10 && report.sessions < 954, `${report.sessions} sessions in two days`);
    assert.deepEqual(report.capacities.map((c) => c.capKw), [20, 30]);
    for (const c of report.capacities) {
      assert.ok(c.optimumEnergyPercent! > 0 && c.optimumEnergyPercent! <= 100);
      for (const [name, f] of Object.entries(c.algorithms)) {
        assert.ok(f.energyPercent > 0 && f.energyPercent <= c.optimumEnergyPercent! + 1e-6, `${name} at ${c.capKw} kW: ${f.energyPercent} > optimum ${c.optimumEnergyPercent}`);
        assert.ok(f.peakKw <= c.capKw + 1e-9, `${name} peak ${f.peakKw}`);
        assert.ok(f.maxViolationA <= 1e-9, `${name} exceeded the limit by ${f.maxViolationA} A`);
      }
    }
    assert.ok(report.goals.some((g) => /no limit ever exceeded/.test(g.goal) && g.pass));
  });

  it("runs the same again with every algorithm told the EV's rate, the baselines then delivering at least as much", () => {
    assert.deepEqual(report.evRate.map((c) => c.capKw), [20, 30]);
    report.evRate.forEach((c, k) => {
      assert.equal(c.optimumEnergyPercent, report.capacities[k].optimumEnergyPercent);
      for (const name of ['FCFS', 'EDF', 'LLF']) {
        const told = c.algorithms[name].energyPercent;
        assert.ok(told >= report.capacities[k].algorithms[name].energyPercent - 1e-9 && told <= c.optimumEnergyPercent! + 1e-6, `${name} at ${c.capKw} kW: ${told}`);
        assert.ok(c.algorithms[name].maxViolationA <= 1e-9);
      }
    });
  });

  it('runs the real 3-phase network too, every algorithm within its phasor limits and the optimum between its bounds', () => {
    assert.deepEqual(report.network.map((c) => c.capKw), [20, 30]);
    for (const c of report.network) {
      const o = c.optimum!;
      assert.ok(o.lower > 0 && o.lower <= o.upper + 1e-9 && o.upper <= 100, JSON.stringify(o));
      assert.deepEqual(Object.keys(c.algorithms).sort(), ['EDF', 'FCFS', 'LLF', 'ours', 'round-robin']);
      for (const [name, f] of Object.entries(c.algorithms)) {
        assert.ok(f.maxViolationA <= 1e-6, `${name} at ${c.capKw} kW: a phasor limit exceeded by ${f.maxViolationA} A`);
        assert.ok(f.energyPercent <= o.upper + 1e-6, `${name} above the optimum's upper bound`);
      }
    }
    assert.ok(report.goals.some((g) => /3-phase network, 20 kW/.test(g.goal)));
  });

  it('times a recomputation for 1,000 EVSEs in a 3-level tree', () => {
    assert.equal(report.largeTree.evses, 1000);
    assert.ok(report.largeTree.constraints > 300, `${report.largeTree.constraints} constraints`);
    assert.ok(report.largeTree.medianMs > 0 && report.largeTree.p90Ms >= report.largeTree.medianMs);
    assert.ok(report.goals.some((g) => /1000 EVSEs in a 3-level tree/.test(g.goal)));
  });

  it('prints a table per capacity and the goals', () => {
    const text = formatAllocationReport(report);
    assert.match(text, /^20 kW\s+energy %/m);
    assert.match(text, /every algorithm told the EV's 6\.6 kW/);
    assert.match(text, /The real 3-phase network/);
    assert.match(text, /LLF/);
    assert.match(text, /goals \(allocation\):/);
  });
});
