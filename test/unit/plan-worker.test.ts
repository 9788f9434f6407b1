import assert from 'node:assert/strict';
import path from 'path';
import { PlanWorker } from '../../lib/planning/plan-worker';
import { readPlanInput } from '../../lib/planning/problem';

const START = '2026-03-02T18:00:00Z';
const at = (hours: number) => new Date(Date.parse(START) + hours * 3_600_000).toISOString();

function problem() {
  const read = readPlanInput({
    start: START, horizonH: 12, objective: 'peak', capacityKw: 100, chargers: [{ id: 'C1', maxKw: 22 }, { id: 'C2', maxKw: 22 }],
    vehicles: [
      { id: 'V1', batteryKwh: 100, socPercent: 20, targetSocPercent: 40, arrival: at(0), departure: at(4), maxKw: 22 },
      { id: 'V2', batteryKwh: 100, socPercent: 20, targetSocPercent: 40, arrival: at(2), departure: at(6), maxKw: 22 },
    ],
  });
  if (!read.problem) throw new Error(read.errors.join('; '));
  return read.problem;
}

describe('fleet planner: the solver thread', function () {
  this.timeout(30_000);

  it('plans on its own thread with HiGHS, and again with the same thread', async () => {
    const worker = new PlanWorker();
    try {
      const first = await worker.plan(problem(), 10_000);
      assert.equal(first.method, 'optimal');
      assert.ok(Math.abs(first.peakKw - 40 / 6) < 1e-3, `peak ${first.peakKw}`);
      const second = await worker.plan({ ...problem(), objective: 'earliest' }, 10_000);
      assert.equal(second.method, 'optimal');
      assert.equal(second.peakKw, 22);
    } finally {
      await worker.close();
    }
  });

  it('answers with the heuristic, in time, when the thread does not answer, and starts a new thread for the next plan', async () => {
    const worker = new PlanWorker({ script: path.resolve(__dirname, '../support/silent-thread.js'), graceMs: 200 });
    try {
      const began = Date.now();
      const plan = await worker.plan(problem(), 300);
      assert.ok(Date.now() - began < 2000, `answered after ${Date.now() - began} ms`);
      assert.equal(plan.method, 'heuristic');
      assert.equal(plan.fallback, 'the solver thread did not answer in time');
      assert.equal(plan.vehiclesReady, 2);
      const again = await worker.plan(problem(), 100);
      assert.equal(again.method, 'heuristic', 'a new (silent) thread, the same fallback');
    } finally {
      await worker.close();
    }
  });
});
