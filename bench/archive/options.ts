/** Archive benchmark settings: defaults, the `--quick` preset, and its command-line flags (all `--archive-…`). */
import type { Parsed } from '../../bin/args';
import { flagReaders } from '../ocpp/options';

export interface ArchiveBenchOptions {
  /** Meter-value rows written by each ingest path per round. */
  rows: number;
  /** Samples per meter record (one MeterValues message); each sample is one row. */
  samples: number;
  /** Stations, each in one open transaction, in both measurements. */
  stations: number;
  /** Records per database transaction of the writer and of the SQLite-alone path (the writer's default is 2000). */
  batch: number;
  /** Longest a record waits for its batch in the writer (its default is 250 ms): at a steady load, the batch period. */
  flushMs: number;
  /** MeterValues calls per second of the latency runs. */
  rate: number;
  /** Length of each measured latency window, in seconds. */
  seconds: number;
  /** Paced load before each measured window, in seconds. */
  warmup: number;
  /** Rounds of the rows measurement; the report keeps medians. */
  rowsRounds: number;
  /** Rounds (pairs of windows, archive off and on) of the latency measurement; the report keeps medians. */
  rounds: number;
  /** When set, each CSMS child writes a V8 CPU profile (.cpuprofile) into this folder as it exits. */
  cpuProfDir?: string;
}

// Many short rounds rather than a few long ones: on a shared machine a burst of outside load can spoil a whole
// window, and alternating pairs of adjacent windows spreads such bursts over both modes. Sixty, because fewer do not
// resolve a 1.2 line on a 2-core virtual machine: with the archive off in both children ten rounds gave ratios from
// 0.84 to 1.15, and twenty rounds left the middle 90 % of the resampled ratios about 0.2 wide; sixty narrow it to 0.1.
export const DEFAULTS: ArchiveBenchOptions = {
  rows: 200_000, samples: 10, stations: 200, batch: 2000, flushMs: 250, rate: 1000, seconds: 4, warmup: 1, rowsRounds: 3, rounds: 60,
};

/** A tiny run that still goes through every path (used by the smoke test). */
export const QUICK: ArchiveBenchOptions = {
  rows: 400, samples: 10, stations: 20, batch: 2000, flushMs: 250, rate: 200, seconds: 1, warmup: 0.3, rowsRounds: 1, rounds: 1,
};

export const ARCHIVE_USAGE = `[--archive-rows N] [--archive-samples N] [--archive-stations N] [--archive-batch N]
[--archive-flush-ms MS] [--archive-rate R] [--archive-seconds S] [--archive-warmup S] [--archive-rows-rounds N]
[--archive-rounds N]`;

export const ARCHIVE_FLAGS = {
  'archive-rows': 'string', 'archive-samples': 'string', 'archive-stations': 'string', 'archive-batch': 'string',
  'archive-flush-ms': 'string', 'archive-rate': 'string', 'archive-seconds': 'string', 'archive-warmup': 'string', 'archive-rounds': 'string',
  'archive-rows-rounds': 'string',
  'cpu-prof-dir': 'string',
} as const;

export function archiveOptionsFrom(o: Parsed, usage: string): ArchiveBenchOptions {
  const bench: ArchiveBenchOptions = { ...(o.quick ? QUICK : DEFAULTS) };
  const { number, whole } = flagReaders(o, usage);
  bench.rows = whole('archive-rows') ?? bench.rows;
  bench.samples = whole('archive-samples') ?? bench.samples;
  bench.stations = whole('archive-stations') ?? bench.stations;
  bench.batch = whole('archive-batch') ?? bench.batch;
  bench.flushMs = number('archive-flush-ms') ?? bench.flushMs;
  bench.rate = number('archive-rate') ?? bench.rate;
  bench.seconds = number('archive-seconds') ?? bench.seconds;
  bench.warmup = number('archive-warmup') ?? bench.warmup;
  bench.rowsRounds = whole('archive-rows-rounds') ?? bench.rowsRounds;
  bench.rounds = whole('archive-rounds') ?? bench.rounds;
  if (o['cpu-prof-dir'] !== undefined) bench.cpuProfDir = String(o['cpu-prof-dir']);
  return bench;
}
