/**
 * The figures of paced windows (fixedRate) against a CSMS child, one mode of a side-by-side comparison: those of one
 * window, and those of all the rounds of a mode.
 */
import type { WindowCpu } from './cpu';
import type { RateResult } from './load';
import { median, round, Samples, summarize } from './stats';

export interface LatencyFigures {
  achievedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuPercent: number;
  /** Share of the window the server's event loop, and the load's, were ready to run but waited for a CPU (NaN if unknown). */
  serverWaitPercent: number;
  loaderWaitPercent: number;
  errors: number;
  unfinished: number;
}

/** One round of a side-by-side run: the window with the feature off and the one with it on. */
export type OnOffRound = Record<'off' | 'on', LatencyFigures>;

/** One window: its calls and latency, and the server's CPU over it (from cpuWindow). */
export function windowFigures(paced: RateResult, cpu: WindowCpu, cpuDigits = 0): LatencyFigures {
  const percent = (ms: number, digits: number): number => round((ms / paced.windowMs) * 100, digits);
  return {
    achievedPerSec: round((paced.calls * 1000) / paced.windowMs, 1),
    p50Ms: round(paced.latency.p50, 3),
    p99Ms: round(paced.latency.p99, 3),
    maxMs: round(paced.latency.max, 3),
    serverCpuPercent: percent(cpu.serverMs, cpuDigits),
    serverWaitPercent: percent(cpu.serverWaitMs, 1),
    loaderWaitPercent: percent(cpu.loaderWaitMs, 1),
    errors: paced.errors,
    unfinished: paced.unfinished,
  };
}

/**
 * All the rounds of a mode: latency percentiles over every call of the rounds (a p99 of one short window rests on
 * its few slowest calls, which the machine's own hiccups decide), medians of the rest, failures summed so that none
 * hides behind a median.
 */
export function combineWindows(list: LatencyFigures[], samples: Samples[]): LatencyFigures {
  const out = { ...list[0] };
  for (const key of Object.keys(out) as Array<keyof LatencyFigures>) {
    const values = list.map((f) => f[key]);
    out[key] = key === 'errors' || key === 'unfinished' ? values.reduce((a, b) => a + b, 0) : median(values);
  }
  const pooled = summarize(Samples.pooled(samples));
  return { ...out, p50Ms: round(pooled.p50, 3), p99Ms: round(pooled.p99, 3), maxMs: round(pooled.max, 3) };
}
