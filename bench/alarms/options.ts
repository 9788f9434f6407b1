/** Alarm-storm benchmark settings: defaults, the `--quick` preset, and its command-line flags (all `--alarms-…`). */
import type { Parsed } from '../../bin/args';
import { flagReaders } from '../ocpp/options';

export interface AlarmBenchOptions {
  /** Stations of each fleet (one per CSMS child), all in the storm. */
  stations: number;
  /** Faults per station per minute: each fault is followed by its recovery, so a station sends twice as many calls. */
  perMinute: number;
  /** Length of each measured window (one storm), in seconds. */
  seconds: number;
  /** Paced load before each measured window, in seconds: the storm's start, not measured. */
  warmup: number;
  /** Rounds (pairs of storms, router off and on); latency is pooled over them. */
  rounds: number;
  /** The board's dead-band, seconds: how long a cleared fault is held active. */
  deadBandS: number;
  /** The board's flood cap: new activations of one station per minute before its alarms are held back. */
  flood: number;
  /** When set, each CSMS child writes a V8 CPU profile (.cpuprofile) into this folder as it exits. */
  cpuProfDir?: string;
}

// The storm: 100 stations faulting and recovering 10 times a minute, with the board's own defaults (10 s
// dead-band, 10 activations a minute). Six rounds of 20 s windows: about 700 StatusNotification per window, some
// 4,000 per mode pooled, so the p99 rests on some forty calls rather than a handful.
export const DEFAULTS: AlarmBenchOptions = { stations: 100, perMinute: 10, seconds: 20, warmup: 2, rounds: 6, deadBandS: 10, flood: 10 };

/**
 * A run of some fifteen seconds that still goes through every path (used by the smoke test). The stations toggle
 * faster (every second) so that even a 4-second storm has each of them fault several times, and the dead-band is
 * shortened to match (still longer than the toggle period, so the damping goal applies), which also shortens the
 * wait for the storm's alarms to return.
 */
export const QUICK: AlarmBenchOptions = { stations: 10, perMinute: 30, seconds: 4, warmup: 0.5, rounds: 1, deadBandS: 3, flood: 10 };

export const ALARMS_USAGE = `[--alarms-stations N] [--alarms-per-minute N] [--alarms-seconds S] [--alarms-warmup S]
[--alarms-rounds N] [--alarms-dead-band-s S] [--alarms-flood N]`;

export const ALARMS_FLAGS = {
  'alarms-stations': 'string', 'alarms-per-minute': 'string', 'alarms-seconds': 'string', 'alarms-warmup': 'string',
  'alarms-rounds': 'string', 'alarms-dead-band-s': 'string', 'alarms-flood': 'string',
  'cpu-prof-dir': 'string',
} as const;

/** Seconds between a station's fault and its recovery, and between its recovery and its next fault. */
export function togglePeriodS(o: AlarmBenchOptions): number {
  return 60 / o.perMinute / 2;
}

/** StatusNotification calls per second of one fleet: each station's faults and recoveries, spread evenly. */
export function callRate(o: AlarmBenchOptions): number {
  return (o.stations * o.perMinute * 2) / 60;
}

export function alarmsOptionsFrom(o: Parsed, usage: string): AlarmBenchOptions {
  const bench: AlarmBenchOptions = { ...(o.quick ? QUICK : DEFAULTS) };
  const { number, whole } = flagReaders(o, usage);
  bench.stations = whole('alarms-stations') ?? bench.stations;
  bench.perMinute = number('alarms-per-minute') ?? bench.perMinute;
  bench.seconds = number('alarms-seconds') ?? bench.seconds;
  bench.warmup = number('alarms-warmup') ?? bench.warmup;
  bench.rounds = whole('alarms-rounds') ?? bench.rounds;
  bench.deadBandS = number('alarms-dead-band-s') ?? bench.deadBandS;
  bench.flood = whole('alarms-flood') ?? bench.flood;
  if (o['cpu-prof-dir'] !== undefined) bench.cpuProfDir = String(o['cpu-prof-dir']);
  // Calls are dealt round-robin, one station after the other: a storm shorter than one turn would leave some
  // stations out of it, and the expected counts (one activation per station and storm) would not hold.
  if (bench.warmup + bench.seconds < togglePeriodS(bench)) {
    throw new Error(`--alarms-warmup + --alarms-seconds must be at least ${togglePeriodS(bench)} s so every station faults in each storm\n${usage}`);
  }
  return bench;
}
