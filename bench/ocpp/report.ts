/** The benchmark's figures, the ratios ours / peer, and the goals of our issue with a pass or fail each. */
import type { Environment } from '../environment';
import { ServerKind } from './kinds';
import { OcppBenchOptions } from './options';
import { median, round } from './stats';
import { CeilingFigures, pairedRatios } from './ceiling-phase';

export interface ThroughputFigures {
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPer1000: number;
  serverCpuPercent: number;
  /** Above ~90% the load process, not the server, may be what limits the rate. */
  loaderCpuPercent: number;
  /** CPU of everything else on the machine (other builds, tests) during the window, in % of one core. */
  otherCpuPercent: number;
  calls: number;
  errors: number;
}

export interface RateFigures {
  targetPerSec: number;
  achievedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuPercent: number;
  errors: number;
  unfinished: number;
}

export interface MemoryFigures {
  connections: number;
  /** Connections the server counted when memory was read. */
  open: number;
  rssKbPerConn: number;
  heapExtKbPerConn: number;
  rssMb: number;
  heapExtMb: number;
}

export interface ServerFigures {
  server: ServerKind;
  startupMs: number;
  throughput: ThroughputFigures;
  rate: RateFigures;
  memory: MemoryFigures[];
  /** The throughput ceiling: bare stations, the server as the limit. */
  ceiling: CeilingFigures;
  /** The load runs one by one; throughput and rate above are their medians. */
  rounds: Array<{ throughput: ThroughputFigures; rate: RateFigures }>;
}

/** Each ratio is ours / peer; `better` says which way is good. */
export interface Ratio {
  metric: string;
  value: number;
  better: 'higher' | 'lower';
}

export interface Goal {
  goal: string;
  measured: string;
  pass: boolean;
}

export type { Environment };

export interface OcppBenchReport {
  options: OcppBenchOptions;
  environment: Environment;
  servers: Partial<Record<ServerKind, ServerFigures>>;
  ratios: { vsPlain?: Ratio[]; vsStrict?: Ratio[] };
  /** Ours / peer calls per CPU-second, one per ceiling round (neighbouring windows). */
  ceilingRatios: { vsPlain?: number[]; vsStrict?: number[] };
  goals: Goal[];
}

/** The compared metrics: label, how to read it from a server's figures, and which way is better. */
export function metricsOf(options: OcppBenchOptions): Array<{ metric: string; read: (f: ServerFigures) => number; better: 'higher' | 'lower' }> {
  const rows: Array<{ metric: string; read: (f: ServerFigures) => number; better: 'higher' | 'lower' }> = [
    { metric: 'throughput calls/s', read: (f) => f.throughput.callsPerSec, better: 'higher' },
    { metric: 'throughput p50 ms', read: (f) => f.throughput.p50Ms, better: 'lower' },
    { metric: 'throughput p99 ms', read: (f) => f.throughput.p99Ms, better: 'lower' },
    { metric: 'server CPU ms / 1000 calls', read: (f) => f.throughput.cpuMsPer1000, better: 'lower' },
    { metric: 'ceiling calls / CPU-second', read: (f) => f.ceiling.perCpuSecond, better: 'higher' },
    { metric: 'ceiling calls/s', read: (f) => f.ceiling.callsPerSec, better: 'higher' },
    { metric: 'ceiling p99 ms', read: (f) => f.ceiling.p99Ms, better: 'lower' },
    { metric: `@${options.rate}/s achieved calls/s`, read: (f) => f.rate.achievedPerSec, better: 'higher' },
    { metric: `@${options.rate}/s p50 ms`, read: (f) => f.rate.p50Ms, better: 'lower' },
    { metric: `@${options.rate}/s p99 ms`, read: (f) => f.rate.p99Ms, better: 'lower' },
    { metric: `@${options.rate}/s server CPU %`, read: (f) => f.rate.serverCpuPercent, better: 'lower' },
  ];
  options.idle.forEach((n, i) => {
    rows.push({ metric: `idle ${n}: RSS KB/conn`, read: (f) => f.memory[i]?.rssKbPerConn ?? NaN, better: 'lower' });
    rows.push({ metric: `idle ${n}: heap+ext KB/conn`, read: (f) => f.memory[i]?.heapExtKbPerConn ?? NaN, better: 'lower' });
  });
  return rows;
}

function ratios(options: OcppBenchOptions, ours: ServerFigures, peer: ServerFigures | undefined): Ratio[] | undefined {
  if (!peer) return undefined;
  return metricsOf(options).map(({ metric, read, better }) => {
    const b = read(peer);
    // A peer at zero (a memory delta lost in noise) has no meaningful ratio.
    return { metric, value: b === 0 ? NaN : round(read(ours) / b, 2), better };
  });
}

function goals(options: OcppBenchOptions, ours: ServerFigures, ceilingVsPlain: number[] | undefined): Goal[] {
  const list: Goal[] = [];
  if (ceilingVsPlain?.length) {
    const mid = median(ceilingVsPlain);
    list.push({
      goal: 'validated calls per core, ours / plain ocpp-rpc >= 1.0 (median of the paired rounds)',
      measured: `${mid.toFixed(2)} (rounds ${Math.min(...ceilingVsPlain).toFixed(2)} to ${Math.max(...ceilingVsPlain).toFixed(2)})`,
      pass: mid >= 1.0 && ours.ceiling.errors === 0,
    });
  }
  list.push({
    goal: `p99 < 50 ms at ${options.rate} calls/s${options.rate === 1000 ? '' : ' (goal is set at 1000 calls/s)'}`,
    measured: `${ours.rate.p99Ms} ms (achieved ${ours.rate.achievedPerSec}/s)`,
    pass: ours.rate.p99Ms < 50 && ours.rate.errors === 0 && ours.rate.unfinished === 0,
  });
  // Judged on RSS, what the machine actually pays; heap+external is shown for the diagnosis.
  for (const m of ours.memory) {
    list.push({
      goal: `<= 25 KB per idle connection at ${m.connections} (RSS)`,
      measured: `${m.rssKbPerConn} KB RSS, ${m.heapExtKbPerConn} KB heap+ext`,
      pass: m.rssKbPerConn <= 25 && m.open === m.connections,
    });
  }
  return list;
}

export function buildReport(options: OcppBenchOptions, servers: Partial<Record<ServerKind, ServerFigures>>, environment: Environment): OcppBenchReport {
  const ours = servers.ours;
  if (!ours) return { options, environment, servers, ratios: {}, ceilingRatios: {}, goals: [] };
  const vsPlain = ratios(options, ours, servers.plain);
  const vsStrict = ratios(options, ours, servers.strict);
  const ceilingRatios = {
    ...(servers.plain ? { vsPlain: pairedRatios(ours.ceiling, servers.plain.ceiling) } : {}),
    ...(servers.strict ? { vsStrict: pairedRatios(ours.ceiling, servers.strict.ceiling) } : {}),
  };
  return { options, environment, servers, ratios: { vsPlain, vsStrict }, ceilingRatios, goals: goals(options, ours, ceilingRatios.vsPlain) };
}
