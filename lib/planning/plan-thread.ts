/**
 * The planner's solver thread: HiGHS blocks whatever thread it runs on for as long as it solves, so plans are
 * solved here and the Node-RED event loop keeps serving stations. One request at a time, in order.
 */
import { parentPort } from 'worker_threads';
import { loadLpSolver, LpSolver } from '../allocation/lp';
import { planCharging } from './plan';
import type { PlanRequest, PlanReply } from './plan-worker';

let solver: Promise<LpSolver> | undefined;

parentPort!.on('message', (request: PlanRequest) => {
  solver ??= loadLpSolver();
  solver.then(
    (lp) => planCharging(request.problem, { solver: lp, budgetMs: request.budgetMs }),
  ).then(
    (plan): PlanReply => ({ id: request.id, plan }),
    (err: unknown): PlanReply => ({ id: request.id, error: String(err) }),
  ).then((reply) => parentPort!.postMessage(reply), () => undefined);
});
