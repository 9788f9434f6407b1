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
  /** Our CSMS's boot admission in boots per second (beyond, Pending with a turn); 0: none. */
  bootRate: number;
  /** Our CSMS's handshakes per second (beyond, 503 and Retry-After); 0: none. */
  handshakeRate: number;
}

export const DEFAULTS: ScaleBenchOptions = {
  stations: 10_000, periodS: 30, seconds: 60, concurrency: 64, stormConcurrency: 10_000, bootRate: 2000, handshakeRate: 4000,
};

/** A tiny run through every phase (used by the smoke test). */
export const QUICK: ScaleBenchOptions = { stations: 40, periodS: 1, seconds: 2, concurrency: 8, stormConcurrency: 40, bootRate: 20, handshakeRate: 30 };

export const SCALE_USAGE = '[--scale-stations N] [--scale-period S] [--scale-seconds S] [--scale-concurrency N] [--scale-storm-concurrency N]'
  + ' [--scale-boot-rate N|0] [--scale-handshake-rate N|0]';

export const SCALE_FLAGS = {
  'scale-stations': 'string', 'scale-period': 'string', 'scale-seconds': 'string', 'scale-concurrency': 'string', 'scale-storm-concurrency': 'string',
  'scale-boot-rate': 'string', 'scale-handshake-rate': 'string',
} as const;

export function scaleOptionsFrom(o: Parsed, usage: string): ScaleBenchOptions {
  const bench: ScaleBenchOptions = { ...(o.quick ? QUICK : DEFAULTS) };
  const { number, whole } = flagReaders(o, usage);
  bench.stations = whole('scale-stations') ?? bench.stations;
  bench.periodS = number('scale-period') ?? bench.periodS;
  bench.seconds = number('scale-seconds') ?? bench.seconds;
  bench.concurrency = whole('scale-concurrency') ?? bench.concurrency;
  bench.stormConcurrency = whole('scale-storm-concurrency') ?? bench.stormConcurrency;
  // 0 turns a limit off, which the positive-number readers refuse.
  const limit = (name: string, fallback: number): number => (String(o[name]) === '0' ? 0 : whole(name) ?? fallback);
  bench.bootRate = limit('scale-boot-rate', bench.bootRate);
  bench.handshakeRate = limit('scale-handshake-rate', bench.handshakeRate);
  return bench;
}
