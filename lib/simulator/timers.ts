/**
 * Every timer a station runs goes through one registry, so stop() can clear them all at once and the process can
 * exit: a forgotten heartbeat or firmware step would otherwise keep Node alive.
 */
export type Task = () => unknown;

// Node fires at once (with a warning) past this delay, so longer waits are capped instead.
const MAX_DELAY = 2 ** 31 - 1;

const clamp = (ms: number): number => Math.min(MAX_DELAY, Math.max(0, Number.isFinite(ms) ? ms : 0));

export class Timers {
  private readonly handles = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<(elapsed: boolean) => void>();

  /** Errors thrown (or rejected) by tasks go here rather than becoming uncaught exceptions. */
  constructor(private readonly onError: (err: unknown) => void) {}

  after(ms: number, task: Task): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      this.run(task);
    }, clamp(ms));
    this.handles.add(handle);
    return handle;
  }

  every(ms: number, task: Task): NodeJS.Timeout {
    const handle = setInterval(() => this.run(task), Math.max(1, clamp(ms)));
    this.handles.add(handle);
    return handle;
  }

  cancel(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  /** Resolves true after the delay, or false as soon as clear() runs, so loops waiting on it can end. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = (elapsed: boolean): void => {
        this.sleepers.delete(wake);
        this.cancel(handle);
        resolve(elapsed);
      };
      const handle = this.after(ms, () => wake(true));
      this.sleepers.add(wake);
    });
  }

  clear(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
    for (const wake of [...this.sleepers]) wake(false);
  }

  /** Timers still pending (for tests and diagnostics). */
  get size(): number {
    return this.handles.size;
  }

  private run(task: Task): void {
    try {
      const result = task();
      if (result instanceof Promise) result.catch(this.onError);
    } catch (err) {
      this.onError(err);
    }
  }
}
