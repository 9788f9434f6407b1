/**
 * Smoke test of the planner benchmark: the compiled entry point on one generated depot of 20 buses, as
 * `npm run bench -- --only planner --quick` runs it. Checks the report's shape and what must hold whatever the
 * speed: the LP's peak and cost never above the baseline's or the heuristic's, and the generator's determinism.
 */
import assert from 'node:assert/strict';
import { runBench } from '../support/bench';
import { formatPlannerReport, PlannerBenchReport } from '../../bench/planner';
import { depotScenario } from '../../bench/planner/scenarios';

describe('planner benchmark (one depot)', function () {
  this.timeout(120_000);
  let report: PlannerBenchReport;

  before(async () => {
    const { code, stdout, stderr } = await runBench(['--only', 'planner', '--quick', '--json']);
    assert.equal(code, 0, `benchmark exited with ${code}:\n${stderr}`);
    const json = JSON.parse(stdout) as { planner?: PlannerBenchReport; allocation?: unknown };
    assert.equal(json.allocation, undefined, '--only planner ran another benchmark');
    report = json.planner!;
  });

  it('generates the same depot from the same seed, and another from another', () => {
    assert.deepEqual(depotScenario(20, 1), depotScenario(20, 1));
    assert.notDeepEqual(depotScenario(20, 1).vehicles, depotScenario(20, 2).vehicles);
    assert.equal(depotScenario(100, 3).chargers.length, 50);
  });

  it('plans the depot: the optimum below the baseline and the heuristic, every plan proven optimal', () => {
    const [size] = report.sizes;
    assert.equal(size.vehicles, 20);
    assert.equal(size.notOptimal, 0);
    assert.ok(size.minPeakKw > 0 && size.minPeakKw <= size.asapPeakKw, `${size.minPeakKw} kW against ${size.asapPeakKw} kW`);
    assert.ok(size.minCost > 0 && size.minCost <= size.asapCost);
    assert.ok(size.heuristicPeakGapPercent >= -1e-6, 'the heuristic cannot beat the optimal peak');
    assert.ok(size.readyPercent > 50 && size.readyPercent <= 100);
    assert.match(formatPlannerReport(report), /Planner benchmark[\s\S]*peak cut %/);
  });
});
