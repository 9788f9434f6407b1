/** Scale benchmark settings: defaults, the `--quick` preset, and its command-line flags (all `--scale-…`). */
import type { Parsed } from '../../bin/args';
import { flagReaders } from '../ocpp/options';

export interface ScaleBenchOptions {
  /** Stations connected to each server. */
  stations: number;
  /** Seconds between two messages of one station in the steady load (OCPP's realistic 30 s). */
  periodS: number;
  /** Length of the measured steady window, in seconds. */
  seconds: number;
  /** Handshakes in flight at once while the stations first connect. */
  concurrency: number;
  /** Handshakes in flight at once in the storm: every station at once, as after a site's network outage. */
  stormConcurrency: number;
}

export const DEFAULTS: ScaleBenchOptions = { stations: 10_000, periodS: 30, seconds: 60, concurrency: 64, stormConcurrency: 10_000 };

/** A tiny run through every phase (used by the smoke test). */
export const QUICK: ScaleBenchOptions = { stations: 40, periodS: 1, seconds: 2, concurrency: 8, stormConcurrency: 40 };

export const SCALE_USAGE = '[--scale-stations N] [--scale-period S] [--scale-seconds S] [--scale-concurrency N] [--scale-storm-concurrency N]';

export const SCALE_FLAGS = {
  'scale-stations': 'string', 'scale-period': 'string', 'scale-seconds': 'string', 'scale-concurrency': 'string', 'scale-storm-concurrency': 'string',
} as const;

export function scaleOptionsFrom(o: Parsed, usage: string): ScaleBenchOptions {
  const bench: ScaleBenchOptions = { ...(o.quick ? QUICK : DEFAULTS) };
  const { number, whole } = flagReaders(o, usage);
  bench.stations = whole('scale-stations') ?? bench.stations;
  bench.periodS = number('scale-period') ?? bench.periodS;
  bench.seconds = number('scale-seconds') ?? bench.seconds;
  bench.concurrency = whole('scale-concurrency') ?? bench.concurrency;
  bench.stormConcurrency = whole('scale-storm-concurrency') ?? bench.stormConcurrency;
  return bench;
}
