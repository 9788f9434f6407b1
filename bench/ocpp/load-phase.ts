/**
 * Throughput and fixed-rate latency for every server, in rounds. All servers run side by side (an idle one costs
 * nothing), and each round visits them in a rotated order: drift in what else the machine is doing spreads over
 * all of them instead of landing on whichever ran last. The figures kept are medians over the rounds.
 */
import { Child } from './children';
import { cpuWindow } from './cpu';
import { ServerInfo, ServerKind, endpointOf } from './kinds';
import { Fleet, closedLoop, connectFleet, fixedRate } from './load';
import { OcppBenchOptions } from './options';
import { RateFigures, ThroughputFigures } from './report';
import { median, round } from './stats';

export type Log = (line: string) => void;

export interface LoadFigures {
  throughput: ThroughputFigures;
  rate: RateFigures;
  rounds: Array<{ throughput: ThroughputFigures; rate: RateFigures }>;
  startupMs: number;
}

interface Target {
  kind: ServerKind;
  child: Child;
  fleet?: Fleet;
  startupMs: number;
  rounds: Array<{ throughput: ThroughputFigures; rate: RateFigures }>;
}

const percent = (partMs: number, windowMs: number): number => round((partMs / windowMs) * 100, 0);

async function oneRound(t: Target, o: OcppBenchOptions): Promise<{ throughput: ThroughputFigures; rate: RateFigures }> {
  const fleet = t.fleet as Fleet;
  const loopCpu = cpuWindow(t.child);
  const loop = await closedLoop(fleet, o.warmup * 1000, o.seconds * 1000, loopCpu.hooks);
  const lc = await loopCpu.result();
  const throughput: ThroughputFigures = {
    callsPerSec: round((loop.calls * 1000) / loop.windowMs, 1),
    p50Ms: round(loop.latency.p50, 3),
    p99Ms: round(loop.latency.p99, 3),
    cpuMsPer1000: round(loop.calls ? (lc.serverMs * 1000) / loop.calls : NaN, 1),
    serverCpuPercent: percent(lc.serverMs, loop.windowMs),
    loaderCpuPercent: percent(loop.loaderCpuMs, loop.windowMs),
    otherCpuPercent: Math.max(0, percent(lc.machineMs - lc.serverMs - loop.loaderCpuMs, loop.windowMs)),
    calls: loop.calls,
    errors: loop.errors,
  };
  const rateCpu = cpuWindow(t.child);
  const paced = await fixedRate(fleet, o.rate, Math.min(o.warmup, 1) * 1000, o.seconds * 1000, rateCpu.hooks);
  const rc = await rateCpu.result();
  const rate: RateFigures = {
    targetPerSec: o.rate,
    achievedPerSec: round((paced.calls * 1000) / paced.windowMs, 1),
    p50Ms: round(paced.latency.p50, 3),
    p99Ms: round(paced.latency.p99, 3),
    serverCpuPercent: percent(rc.serverMs, paced.windowMs),
    errors: paced.errors,
    unfinished: paced.unfinished,
  };
  return { throughput, rate };
}

/** Median of each numeric field; counts of failures are summed so none is hidden. */
function combine<T extends object>(items: T[], summed: Array<keyof T>): T {
  const out = { ...items[0] };
  for (const key of Object.keys(out) as Array<keyof T>) {
    const values = items.map((i) => i[key] as unknown as number);
    (out[key] as unknown as number) = summed.includes(key) ? values.reduce((a, b) => a + b, 0) : median(values);
  }
  return out;
}

export async function measureLoad(
  kinds: ServerKind[], o: OcppBenchOptions, start: (kind: ServerKind) => Promise<{ child: Child; startupMs: number }>, log: Log,
): Promise<Partial<Record<ServerKind, LoadFigures>>> {
  const targets: Target[] = [];
  try {
    for (const kind of kinds) {
      const { child, startupMs } = await start(kind);
      const target: Target = { kind, child, startupMs, rounds: [] };
      targets.push(target);
      target.fleet = await connectFleet(endpointOf(child.ready as ServerInfo), o.clients, `load-${kind}`);
    }
    for (let r = 0; r < o.rounds; r++) {
      const order = targets.map((_t, i) => targets[(i + r) % targets.length]);
      for (const t of order) {
        log(`  round ${r + 1}/${o.rounds}, ${t.kind}: ${o.clients} clients closed loop, then ${o.rate} calls/s, ${o.seconds} s each`);
        t.rounds.push(await oneRound(t, o));
      }
    }
  } finally {
    await Promise.allSettled(targets.map(async (t) => {
      await t.fleet?.close();
      await t.child.stop();
    }));
  }
  const out: Partial<Record<ServerKind, LoadFigures>> = {};
  for (const t of targets) {
    out[t.kind] = {
      throughput: combine(t.rounds.map((x) => x.throughput), ['calls', 'errors']),
      rate: combine(t.rounds.map((x) => x.rate), ['errors', 'unfinished']),
      rounds: t.rounds,
      startupMs: t.startupMs,
    };
  }
  return out;
}
