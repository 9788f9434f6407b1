/**
 * The load: ocpp-rpc 1.6 clients (not strict: the client's own validation is not what is measured) calling
 * the server in a closed loop, or at a fixed rate with latency counted from the time each call was due.
 */
import { performance } from 'perf_hooks';
import { RPCClient } from 'ocpp-rpc';
import { cpuMs } from './cpu';
import { BOOT, StationTraffic } from './messages';
import { LatencySummary, Samples, summarize } from './stats';

interface Station {
  connect(): Promise<unknown>;
  call(method: string, params?: unknown): Promise<unknown>;
  close(options?: { force?: boolean }): Promise<unknown>;
}

/** What one station sends next; the OCPP benchmark's mix by default, another benchmark may bring its own. */
export interface Traffic {
  next(): { action: string; payload: Record<string, unknown> };
}

export interface Fleet {
  stations: Station[];
  traffic: Traffic[];
  close(): Promise<void>;
}

/** Called when the measured window opens and closes, so the caller can read the server's CPU at those moments. */
export interface WindowHooks {
  open(): void;
  close(): void;
}

export interface LoadResult {
  calls: number;
  errors: number;
  windowMs: number;
  latency: LatencySummary;
  /** CPU time of this (load) process during the window, to tell when the load rather than the server is the limit. */
  loaderCpuMs: number;
}

export interface RateResult extends LoadResult {
  /** Calls due in the window that had no answer when the run gave up waiting. */
  unfinished: number;
  /** Each answered call's latency, for percentiles over several windows. */
  samples: Samples;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function connectFleet(
  endpoint: string, count: number, prefix: string, trafficOf: (index: number) => Traffic = (i) => new StationTraffic(i),
): Promise<Fleet> {
  const stations: Station[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(stations.map((s) => s.close({ force: true })));
  };
  try {
    for (let i = 0; i < count; i++) {
      stations.push(new RPCClient({
        endpoint, identity: `${prefix}-${i}`, protocols: ['ocpp1.6'], strictMode: false, reconnect: false,
        // No per-call timer: ocpp-rpc builds a TimeoutError and an AbortController for each timed call, which
        // made the load process, not the server, the limit. The runs below bound their own waiting instead.
        callTimeoutMs: Infinity,
      } as never) as unknown as Station);
    }
    // Connect in small groups: a burst of handshakes would measure the accept backlog, not the server.
    for (let i = 0; i < count; i += 25) {
      await Promise.all(stations.slice(i, i + 25).map(async (s) => {
        await s.connect();
        const answer = (await s.call('BootNotification', BOOT)) as { status?: string };
        // Every server must give the same answers, or the comparison is between different work.
        if (answer?.status !== 'Accepted') throw new Error(`BootNotification answered ${JSON.stringify(answer)}`);
      }));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { stations, traffic: stations.map((_s, i) => trafficOf(i)), close };
}

/** Every station calls again as soon as it has its answer, for warmupMs then durationMs (the measured window). */
export async function closedLoop(fleet: Fleet, warmupMs: number, durationMs: number, hooks: WindowHooks): Promise<LoadResult> {
  const samples = new Samples();
  let measuring = false;
  let running = true;
  let calls = 0;
  let errors = 0;

  const loop = async (i: number): Promise<void> => {
    const station = fleet.stations[i];
    const traffic = fleet.traffic[i];
    while (running) {
      const { action, payload } = traffic.next();
      const started = performance.now();
      let ok = true;
      try {
        await station.call(action, payload);
      } catch {
        ok = false;
      }
      if (!measuring) continue;
      if (!ok) errors++;
      else {
        calls++;
        samples.add(performance.now() - started);
      }
    }
  };

  const loops = fleet.stations.map((_s, i) => loop(i));
  await sleep(warmupMs);
  hooks.open();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  measuring = true;
  await sleep(durationMs);
  measuring = false;
  const windowMs = performance.now() - t0;
  const loaderCpuMs = cpuMs(process.cpuUsage(cpu0));
  hooks.close();
  running = false;
  // A server that stopped answering must not hang the run; its stuck calls end when the fleet closes.
  await Promise.race([Promise.all(loops), sleep(10_000)]);
  return { calls, errors, windowMs, latency: summarize(samples), loaderCpuMs };
}

/**
 * `rate` calls per second, due at even intervals and dealt round-robin to the stations. A station still waiting
 * for an answer queues its next call, and the wait counts in that call's latency (no coordinated omission).
 */
export async function fixedRate(fleet: Fleet, rate: number, warmupMs: number, durationMs: number, hooks: WindowHooks): Promise<RateResult> {
  const n = fleet.stations.length;
  const interval = 1000 / rate;
  const total = Math.floor((rate * (warmupMs + durationMs)) / 1000);
  const queues: number[][] = fleet.stations.map(() => []);
  const busy = new Array<boolean>(n).fill(false);
  const samples = new Samples();
  let errors = 0;
  let inWindow = 0;
  let outstanding = 0;
  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + durationMs;

  const pump = (i: number): void => {
    if (busy[i] || queues[i].length === 0) return;
    const due = queues[i].shift() as number;
    const { action, payload } = fleet.traffic[i].next();
    busy[i] = true;
    fleet.stations[i].call(action, payload).then(() => true, () => false).then((ok) => {
      const done = performance.now();
      busy[i] = false;
      outstanding--;
      if (due >= windowStart && due < windowEnd) {
        if (!ok) errors++;
        else samples.add(done - due);
      }
      if (ok && done >= windowStart && done < windowEnd) inWindow++;
      pump(i);
    });
  };

  let next = 0;
  let opened = false;
  let cpu0 = process.cpuUsage();
  let loaderCpuMs = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      if (!opened && now >= windowStart) {
        opened = true;
        hooks.open();
        cpu0 = process.cpuUsage();
      }
      while (next < total && start + next * interval <= now) {
        const i = next % n;
        queues[i].push(start + next * interval);
        outstanding++;
        next++;
        pump(i);
      }
      if (now >= windowEnd) {
        loaderCpuMs = cpuMs(process.cpuUsage(cpu0));
        hooks.close();
        resolve();
        return;
      }
      setTimeout(tick, 1);
    };
    tick();
  });
  // Let the calls due in the window finish so a slow server shows as latency, up to a limit.
  const giveUp = performance.now() + 10_000;
  while (outstanding > 0 && performance.now() < giveUp) await sleep(5);
  return {
    calls: inWindow, errors, windowMs: durationMs, latency: summarize(samples), loaderCpuMs, unfinished: outstanding, samples,
  };
}
