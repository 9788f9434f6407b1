/** OCPP benchmark settings: defaults, the `--quick` preset, and its command-line flags. */
import { SERVER_KINDS, ServerKind } from './kinds';
import type { Parsed } from '../../bin/args';

export interface OcppBenchOptions {
  /** Concurrent ocpp-rpc clients for the throughput and fixed-rate runs. */
  clients: number;
  /** Length of each measured window, in seconds. */
  seconds: number;
  /** Rounds of the load runs; the report keeps the median of each figure. */
  rounds: number;
  /** Warm-up before each measured window, in seconds. */
  warmup: number;
  /** Calls per second of the fixed-rate run. */
  rate: number;
  /** Idle-connection counts of the memory run, ascending. */
  idle: number[];
  /** Settling time before memory is read, in seconds. */
  idleWait: number;
  servers: ServerKind[];
  /** Bare WebSocket stations loading each server in the throughput-ceiling run. */
  ceilingStations: number;
  /** Length of each ceiling window, in seconds (each after a warm-up of at most 1 s). */
  ceilingSeconds: number;
  /** Ceiling windows per server, alternating between the servers. */
  ceilingRounds: number;
  /** When set, each server child writes a V8 CPU profile (.cpuprofile) into this folder as it exits. */
  cpuProfDir?: string;
}

export const DEFAULTS: OcppBenchOptions = {
  clients: 50, seconds: 5, rounds: 3, warmup: 2, rate: 1000, idle: [1000, 5000], idleWait: 2, servers: [...SERVER_KINDS],
  ceilingStations: 100, ceilingSeconds: 2, ceilingRounds: 10,
};

/** A run of a few seconds per server that still touches every code path (used by the smoke test). */
export const QUICK: OcppBenchOptions = {
  clients: 5, seconds: 1, rounds: 1, warmup: 0.3, rate: 200, idle: [50], idleWait: 0.2, servers: [...SERVER_KINDS],
  ceilingStations: 10, ceilingSeconds: 0.5, ceilingRounds: 2,
};

/** The OCPP benchmark's own options, as the entry point's usage lists them. */
export const OCPP_USAGE = `[--clients N] [--seconds S] [--rounds N] [--warmup S] [--rate R] [--idle N1,N2] [--idle-wait S]
[--servers ours,plain,strict] [--ceiling-stations N] [--ceiling-seconds S] [--ceiling-rounds N]`;

/** A positive number from the command line, or an error that shows the usage. */
export function positive(name: string, text: string | undefined, usage: string): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number\n${usage}`);
  return value;
}

/** Readers of a benchmark's optional numeric flags: a positive number, or one rounded to a whole number of at least 1. */
export function flagReaders(o: Parsed, usage: string): { number(name: string): number | undefined; whole(name: string): number | undefined } {
  const number = (name: string): number | undefined => (o[name] === undefined ? undefined : positive(`--${name}`, String(o[name]), usage));
  return {
    number,
    whole: (name) => {
      const n = number(name);
      return n === undefined ? undefined : Math.max(1, Math.round(n));
    },
  };
}

export const OCPP_FLAGS = {
  clients: 'string', seconds: 'string', rounds: 'string', warmup: 'string',
  rate: 'string', idle: 'string', 'idle-wait': 'string', servers: 'string', 'cpu-prof-dir': 'string',
  'ceiling-stations': 'string', 'ceiling-seconds': 'string', 'ceiling-rounds': 'string',
} as const;

/** The OCPP options out of an already parsed command line (the entry point parses every benchmark's flags at once). */
export function ocppOptionsFrom(o: Parsed, usage: string): OcppBenchOptions {
  const bench: OcppBenchOptions = { ...(o.quick ? QUICK : DEFAULTS) };
  const number = (name: keyof typeof OCPP_FLAGS): number | undefined => (o[name] === undefined ? undefined : positive(`--${name}`, String(o[name]), usage));
  bench.clients = Math.round(number('clients') ?? bench.clients);
  bench.seconds = number('seconds') ?? bench.seconds;
  bench.rounds = Math.round(number('rounds') ?? bench.rounds);
  bench.warmup = number('warmup') ?? bench.warmup;
  bench.rate = number('rate') ?? bench.rate;
  bench.idleWait = number('idle-wait') ?? bench.idleWait;
  bench.ceilingStations = Math.round(number('ceiling-stations') ?? bench.ceilingStations);
  bench.ceilingSeconds = number('ceiling-seconds') ?? bench.ceilingSeconds;
  bench.ceilingRounds = Math.round(number('ceiling-rounds') ?? bench.ceilingRounds);
  if (o.idle !== undefined) bench.idle = String(o.idle).split(',').map((n) => Math.round(positive('--idle', n, usage))).sort((a, b) => a - b);
  if (o['cpu-prof-dir'] !== undefined) bench.cpuProfDir = String(o['cpu-prof-dir']);
  if (o.servers !== undefined) {
    const list = String(o.servers).split(',') as ServerKind[];
    const unknown = list.filter((k) => !SERVER_KINDS.includes(k));
    if (unknown.length || list.length === 0) throw new Error(`--servers takes ${SERVER_KINDS.join(',')}\n${usage}`);
    bench.servers = list;
  }
  return bench;
}
