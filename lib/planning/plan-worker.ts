/**
 * Plans off the event loop, always in time: each problem goes to the solver thread (plan-thread.ts) with its time
 * budget. When the thread has not answered a little after that budget (loading HiGHS, a solve that overruns its
 * own limit), the heuristic answers here instead and the thread is replaced, so a late solver never holds a plan.
 */
import path from 'path';
import { Worker } from 'worker_threads';
import { Plan, planCharging } from './plan';
import type { PlanProblem } from './problem';

export interface PlanRequest {
  id: number;
  problem: PlanProblem;
  budgetMs: number;
}

export type PlanReply = { id: number; plan: Plan; error?: undefined } | { id: number; plan?: undefined; error: string };

/** What the thread may take beyond the solver's budget (start-up, building the problem) before the heuristic answers. */
const GRACE_MS = 3000;

export interface PlanWorkerOptions {
  /** The thread's script (tests give one of their own). */
  script?: string;
  graceMs?: number;
}

export class PlanWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { worker: Worker; settle: (reply: PlanReply) => void }>();

  private readonly script: string;
  private readonly graceMs: number;

  constructor(options: PlanWorkerOptions = {}) {
    this.script = options.script ?? path.join(__dirname, 'plan-thread.js');
    this.graceMs = options.graceMs ?? GRACE_MS;
  }

  /** The plan: the solver's when it answers in time, else the heuristic's (its `fallback` says why). */
  plan(problem: PlanProblem, budgetMs: number): Promise<Plan> {
    const id = this.nextId++;
    const worker = this.thread();
    return new Promise<Plan>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.replace(worker);
        resolve(this.heuristic(problem, 'the solver thread did not answer in time'));
      }, budgetMs + this.graceMs);
      this.waiting.set(id, { worker, settle: (reply) => {
        clearTimeout(timer);
        resolve(reply.plan ?? this.heuristic(problem, reply.error!));
      } });
      worker.postMessage({ id, problem, budgetMs } satisfies PlanRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private heuristic(problem: PlanProblem, why: string): Plan {
    return { ...planCharging(problem), fallback: why };
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (reply: PlanReply) => {
      const entry = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      entry?.settle(reply);
    });
    // A thread that dies fails what it held; the heuristic answers those and the next plan starts a new thread.
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, entry] of this.waiting) {
        if (entry.worker !== worker) continue;
        this.waiting.delete(id);
        entry.settle({ id, error: why });
      }
    };
    worker.on('error', (err) => fail(`the solver thread failed: ${err.message}`));
    worker.on('exit', (code) => fail(`the solver thread stopped (${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private replace(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }
}
