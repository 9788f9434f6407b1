/** Benchmark settings: defaults, the `--quick` preset, and command-line parsing. */
import { SERVER_KINDS, ServerKind } from './kinds';

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
  /** When set, each server child writes a V8 CPU profile (.cpuprofile) into this folder as it exits. */
  cpuProfDir?: string;
}

export const DEFAULTS: OcppBenchOptions = {
  clients: 50, seconds: 5, rounds: 3, warmup: 2, rate: 1000, idle: [1000, 5000], idleWait: 2, servers: [...SERVER_KINDS],
};

/** A run of a few seconds per server that still touches every code path (used by the smoke test). */
export const QUICK: OcppBenchOptions = {
  clients: 5, seconds: 1, rounds: 1, warmup: 0.3, rate: 200, idle: [50], idleWait: 0.2, servers: [...SERVER_KINDS],
};

export interface CliOptions {
  bench: OcppBenchOptions;
  json: boolean;
}

export const USAGE = `usage: node dist/bench/run.js [--quick] [--json] [--clients N] [--seconds S] [--rounds N] [--warmup S]
       [--rate R] [--idle N1,N2] [--idle-wait S] [--servers ours,plain,strict] [--cpu-prof-dir DIR]`;

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number\n${USAGE}`);
  return value;
}

export function parseArgs(argv: string[]): CliOptions {
  const bench: OcppBenchOptions = { ...(argv.includes('--quick') ? QUICK : DEFAULTS) };
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (arg) {
      case '--quick':
        break;
      case '--json':
        json = true;
        break;
      case '--clients':
        bench.clients = Math.round(positive(arg, value()));
        break;
      case '--seconds':
        bench.seconds = positive(arg, value());
        break;
      case '--rounds':
        bench.rounds = Math.round(positive(arg, value()));
        break;
      case '--warmup':
        bench.warmup = positive(arg, value());
        break;
      case '--rate':
        bench.rate = positive(arg, value());
        break;
      case '--idle-wait':
        bench.idleWait = positive(arg, value());
        break;
      case '--idle':
        bench.idle = (value() ?? '').split(',').map((n) => Math.round(positive(arg, n))).sort((a, b) => a - b);
        break;
      case '--cpu-prof-dir': {
        const dir = value();
        if (!dir) throw new Error(`--cpu-prof-dir needs a folder\n${USAGE}`);
        bench.cpuProfDir = dir;
        break;
      }
      case '--servers': {
        const list = (value() ?? '').split(',') as ServerKind[];
        const unknown = list.filter((k) => !SERVER_KINDS.includes(k));
        if (unknown.length || list.length === 0) throw new Error(`--servers takes ${SERVER_KINDS.join(',')}\n${USAGE}`);
        bench.servers = list;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return { bench, json };
}
