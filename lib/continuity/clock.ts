/**
 * Time as the continuity service sees it. Stall timeouts are counted in minutes and charging windows in hours:
 * tests and simulations inject a ManualClock and move it forward instead of waiting.
 */

export type TimerHandle = unknown;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(task: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock. Timers are unref'd: a service left running must not keep the process alive on its own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (task, ms) => {
    const handle = setTimeout(task, Math.max(0, ms));
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Pending {
  at: number;
  seq: number;
  task: () => void;
}

/** A clock that only moves when told to; due timers run in time order, synchronously, inside advance(). */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(task: () => void, ms: number): TimerHandle {
    const timer: Pending = { at: this.current + Math.max(0, ms), seq: this.seq++, task };
    this.pending.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p !== handle);
  }

  /** Moves time forward by ms, running each timer due on the way at its own instant. */
  advance(ms: number): void {
    const end = this.current + Math.max(0, ms);
    for (;;) {
      const next = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.current = Math.max(this.current, next.at);
      next.task();
    }
    this.current = end;
  }

  /** Timers waiting (for tests). */
  get size(): number {
    return this.pending.length;
  }
}
