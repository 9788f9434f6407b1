/**
 * The throughput ceiling: how many calls each server answers per second of its own CPU, with the server, not the
 * load, as the limit. The load is the scale benchmark's farm of bare WebSocket stations (far cheaper per call than
 * ocpp-rpc clients), in a process of its own, each station calling again as soon as it has its answer.
 *
 * Each server has its own farm, all connected before the first window. Windows then alternate between the servers
 * (order reversed every round) and each round's ratio compares neighbouring windows: a virtual machine's speed
 * drifts by tens of per cent within minutes, and only windows close in time see the same machine.
 */
import path from 'path';
import type { LoopReading } from '../scale/farm';
import { Child } from './children';
import { cpuMs } from './cpu';
import { ServerInfo, ServerKind, endpointOf } from './kinds';
import { sleep } from './load';
import type { Log } from './load-phase';
import type { OcppBenchOptions } from './options';
import { median, round } from './stats';

const FARM = path.resolve(__dirname, '../scale/farm.js');

export interface CeilingWindow {
  /** Calls answered per second of server CPU (user + system): the figure per core. */
  perCpuSecond: number;
  callsPerSec: number;
  serverCpuPercent: number;
  farmCpuPercent: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface CeilingFigures extends CeilingWindow {
  /** Each round's window, in the order run. */
  rounds: CeilingWindow[];
}

interface Target {
  kind: ServerKind;
  server: Child;
  farm: Child;
  windows: CeilingWindow[];
}

async function oneWindow(t: Target, o: OcppBenchOptions): Promise<CeilingWindow> {
  await t.farm.request('loop');
  try {
    await sleep(Math.min(o.warmup, 1) * 1000);
    const [c0, r0] = await Promise.all([t.server.request<NodeJS.CpuUsage>('cpu'), t.farm.request<LoopReading>('reading')]);
    await sleep(o.ceilingSeconds * 1000);
    const [c1, r1] = await Promise.all([t.server.request<NodeJS.CpuUsage>('cpu'), t.farm.request<LoopReading>('reading')]);
    const ms = r1.at - r0.at;
    const calls = r1.calls - r0.calls;
    const serverMs = cpuMs(c1) - cpuMs(c0);
    return {
      perCpuSecond: round(serverMs > 0 ? (calls * 1000) / serverMs : NaN, 0),
      callsPerSec: round((calls * 1000) / ms, 0),
      serverCpuPercent: round((serverMs / ms) * 100, 0),
      farmCpuPercent: round(((r1.cpuMs - r0.cpuMs) / ms) * 100, 0),
      p50Ms: round(r1.p50, 3),
      p99Ms: round(r1.p99, 3),
      errors: r1.errors - r0.errors,
    };
  } finally {
    await t.farm.request('stop-loop');
  }
}

function combine(windows: CeilingWindow[]): CeilingFigures {
  const pick = (read: (w: CeilingWindow) => number): number => median(windows.map(read));
  return {
    perCpuSecond: pick((w) => w.perCpuSecond), callsPerSec: pick((w) => w.callsPerSec),
    serverCpuPercent: pick((w) => w.serverCpuPercent), farmCpuPercent: pick((w) => w.farmCpuPercent),
    p50Ms: pick((w) => w.p50Ms), p99Ms: pick((w) => w.p99Ms),
    errors: windows.reduce((n, w) => n + w.errors, 0),
    rounds: windows,
  };
}

/** Ratio of two servers' per-core figures, round by round; the median is the one judged. */
export function pairedRatios(a: CeilingFigures | undefined, b: CeilingFigures | undefined): number[] {
  if (!a || !b) return [];
  return a.rounds.map((w, i) => round(w.perCpuSecond / (b.rounds[i]?.perCpuSecond ?? NaN), 3)).filter(Number.isFinite);
}

export async function measureCeiling(
  kinds: ServerKind[], o: OcppBenchOptions, start: (kind: ServerKind) => Promise<{ child: Child }>, log: Log,
): Promise<Partial<Record<ServerKind, CeilingFigures>>> {
  const targets: Target[] = [];
  try {
    for (const kind of kinds) {
      const { child: server } = await start(kind);
      const farm = await Child.start(FARM, [], `ceiling farm for ${kind}`);
      targets.push({ kind, server, farm, windows: [] });
      const connected = await farm.request<{ failed: number; firstError?: string }>(
        'connect', { endpoint: endpointOf(server.ready as ServerInfo), count: o.ceilingStations, concurrency: 16 }, 120_000);
      if (connected.failed) throw new Error(`${kind}: ${connected.failed} ceiling stations failed to connect: ${connected.firstError}`);
    }
    for (let r = 0; r < o.ceilingRounds; r++) {
      const order = r % 2 ? [...targets].reverse() : targets;
      log(`  ceiling round ${r + 1}/${o.ceilingRounds}: ${o.ceilingStations} bare stations each, ${o.ceilingSeconds} s per server`);
      for (const t of order) t.windows.push(await oneWindow(t, o));
    }
  } finally {
    await Promise.allSettled(targets.map(async (t) => {
      await t.farm.stop();
      await t.server.stop();
    }));
  }
  const out: Partial<Record<ServerKind, CeilingFigures>> = {};
  for (const t of targets) out[t.kind] = combine(t.windows);
  return out;
}
