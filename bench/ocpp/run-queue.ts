/**
 * How long the calling thread has waited for a CPU while ready to run, from Linux's per-thread scheduler statistics.
 * On a shared virtual machine a latency tail is often made there, not in the code under test: the benchmarks report
 * it beside their percentiles so a run says how much of its window the machine kept the event loop waiting.
 */
import fs from 'fs';

/** Milliseconds this thread has spent runnable but not running since it started; NaN where the kernel does not say. */
export function runQueueWaitMs(): number {
  try {
    // Fields: time on a CPU, time waiting on a run queue (both ns), time slices run.
    const waitNs = Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[1]);
    return Number.isFinite(waitNs) ? waitNs / 1e6 : NaN;
  } catch {
    return NaN;
  }
}

/** A server child's answer to 'cpu': its CPU time, and how long its event loop has waited for a CPU. */
export interface ServerCpu extends NodeJS.CpuUsage {
  runQueueMs: number;
}

/** The 'cpu' answer of a server child, read now. */
export const serverCpu = (): ServerCpu => ({ ...process.cpuUsage(), runQueueMs: runQueueWaitMs() });
