/**
 * A farm of stations in its own process for the scale benchmark: thousands of bare `ws` OCPP 1.6 stations that
 * boot, then each send one message every `periodS` at its own phase (MeterValues and Heartbeat in the benchmark's
 * mix) while the latency of every answer is recorded; and the reconnect storm: every socket dropped at once, then
 * every station connecting and booting again at once, timed until the last is accepted. The OCPP benchmark's
 * throughput ceiling uses its closed loop (`loop`, `reading`, `stop-loop`).
 */
import WebSocket from 'ws';
import { ready, serve } from '../ocpp/child-side';
import { cpuMs } from '../ocpp/cpu';
import { bootFrame, StationTraffic } from '../ocpp/messages';
import { Samples, summarize, LatencySummary } from '../ocpp/stats';

export interface ConnectRequest {
  endpoint: string;
  count: number;
  /** Handshakes in flight at once. */
  concurrency: number;
}

export interface ConnectResult {
  opened: number;
  failed: number;
  /** Refusals answered 503 and tried again after their Retry-After. */
  retried: number;
  /** BootNotifications answered Pending, booted again after their interval. */
  pending: number;
  firstError?: string;
  ms: number;
}

export interface TrafficResult extends LatencySummary {
  sent: number;
  answered: number;
  errors: number;
}

interface Station {
  identity: string;
  ws?: WebSocket;
  traffic: StationTraffic;
  pending: Map<string, number>;
}

const stations: Station[] = [];
let endpoint = '';
let samples = new Samples();
let errors = 0;
let nextId = 0;

interface Counters {
  retried: number;
  pending: number;
}

/**
 * Opens and boots one station as a real one does: a 503 (a rate-limited handshake) is tried again after Retry-After,
 * a Pending boot is sent again on the same socket after the interval the CSMS gave.
 */
async function open(station: Station, counters: Counters): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const refusal = await new Promise<string | undefined>((resolve) => {
      const ws = new WebSocket(`${endpoint}/${encodeURIComponent(station.identity)}`, 'ocpp1.6');
      const timer = setTimeout(() => { ws.terminate(); resolve('not accepted within 120 s'); }, 120_000);
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        res.resume();
        ws.terminate();
        resolve(res.statusCode === 503 ? `retry:${String(res.headers['retry-after'] ?? '1')}` : `HTTP ${res.statusCode}`);
      });
      ws.once('error', (err) => { clearTimeout(timer); resolve(String(err)); });
      ws.once('open', () => ws.send(bootFrame(`boot-${++nextId}`)));
      const onBootAnswer = (data: WebSocket.RawData): void => {
        const frame = JSON.parse(String(data)) as unknown[];
        const answer = frame[2] as { status?: string; interval?: number };
        if (frame[0] === 3 && answer.status === 'Pending') {
          counters.pending++;
          setTimeout(() => { if (ws.readyState === WebSocket.OPEN) ws.send(bootFrame(`boot-${++nextId}`)); }, (answer.interval ?? 1) * 1000);
          ws.once('message', onBootAnswer);
          return;
        }
        clearTimeout(timer);
        if (frame[0] !== 3 || answer.status !== 'Accepted') {
          ws.terminate();
          resolve(`BootNotification answered ${String(data).slice(0, 100)}`);
          return;
        }
        ws.removeAllListeners('error');
        ws.on('error', () => undefined);
        ws.on('message', (reply) => received(station, reply));
        station.ws = ws;
        resolve(undefined);
      };
      ws.once('message', onBootAnswer);
    });
    if (refusal === undefined) return;
    if (!refusal.startsWith('retry:') || attempt > 100) throw new Error(refusal);
    counters.retried++;
    await new Promise((resolve) => setTimeout(resolve, Number(refusal.slice(6)) * 1000 * (0.5 + Math.random())));
  }
}

function received(station: Station, data: WebSocket.RawData): void {
  const frame = JSON.parse(String(data)) as unknown[];
  const id = String(frame[1]);
  const sentAt = station.pending.get(id);
  if (sentAt === undefined) return;
  station.pending.delete(id);
  if (frame[0] === 3) samples.add(performance.now() - sentAt);
  else errors++;
}

async function connectAll(list: Station[], concurrency: number): Promise<ConnectResult> {
  const started = Date.now();
  const counters: Counters = { retried: 0, pending: 0 };
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const station = list[next++];
      try {
        await open(station, counters);
      } catch (err) {
        failed++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { opened: list.length - failed, failed, ...counters, ms: Date.now() - started, ...(firstError ? { firstError } : {}) };
}

async function connect(req: ConnectRequest): Promise<ConnectResult> {
  endpoint = req.endpoint;
  const fresh = Array.from({ length: req.count }, (_, i): Station => ({
    identity: `SCALE${String(stations.length + i).padStart(5, '0')}`, traffic: new StationTraffic(i), pending: new Map(),
  }));
  stations.push(...fresh);
  return connectAll(fresh, req.concurrency);
}

/** Every station sends one message per period, phases spread evenly, for `seconds`. */
async function traffic(req: { seconds: number; periodS: number }): Promise<TrafficResult> {
  samples = new Samples();
  errors = 0;
  let sent = 0;
  const open = stations.filter((s) => s.ws?.readyState === WebSocket.OPEN);
  const timers: NodeJS.Timeout[] = [];
  open.forEach((station, i) => {
    const tick = () => {
      // Heartbeat and MeterValues only: the realistic steady load (statuses change rarely).
      let call = station.traffic.next();
      while (call.action === 'StatusNotification') call = station.traffic.next();
      const id = `m-${++nextId}`;
      station.pending.set(id, performance.now());
      station.ws?.send(JSON.stringify([2, id, call.action, call.payload]));
      sent++;
    };
    timers.push(setTimeout(() => {
      tick();
      timers.push(setInterval(tick, req.periodS * 1000));
    }, (i / open.length) * req.periodS * 1000));
  });
  await new Promise((resolve) => setTimeout(resolve, req.seconds * 1000));
  for (const t of timers) clearTimeout(t);
  // Answers still on their way are waited for a little; what never comes counts as an error.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const missing = open.reduce((n, s) => n + s.pending.size, 0);
  for (const s of open) s.pending.clear();
  return { sent, answered: samples.count, errors: errors + missing, ...summarize(samples) };
}

/** All sockets dropped at once, then all stations back at once (the handshakes in flight bounded by `concurrency`). */
async function storm(req: { concurrency: number }): Promise<ConnectResult> {
  for (const s of stations) s.ws?.terminate();
  for (const s of stations) s.ws = undefined;
  await new Promise((resolve) => setTimeout(resolve, 500));
  return connectAll(stations, req.concurrency);
}

/** The closed loop of the throughput ceiling: every open station calls again as soon as it has its answer. */
const loop = { running: false, calls: 0, errors: 0 };

function startLoop(): void {
  if (loop.running) return;
  loop.running = true;
  loop.calls = 0;
  loop.errors = 0;
  samples = new Samples();
  for (const station of stations) {
    const ws = station.ws;
    if (ws?.readyState !== WebSocket.OPEN) continue;
    let id = '';
    let sentAt = 0;
    const call = (): void => {
      const { action, payload } = station.traffic.next();
      id = `l-${++nextId}`;
      sentAt = performance.now();
      ws.send(JSON.stringify([2, id, action, payload]));
    };
    ws.removeAllListeners('message');
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      if (frame[1] !== id) return;
      if (frame[0] === 3) {
        loop.calls++;
        samples.add(performance.now() - sentAt);
      } else loop.errors++;
      if (loop.running) call();
    });
    call();
  }
}

/** What the closed loop reports: totals since it started, this process's CPU time, and the latency since the last reading. */
export interface LoopReading extends LatencySummary {
  calls: number;
  errors: number;
  cpuMs: number;
  at: number;
}

function loopReading(): LoopReading {
  const latency = summarize(samples);
  samples = new Samples();
  return { calls: loop.calls, errors: loop.errors, cpuMs: cpuMs(process.cpuUsage()), at: performance.now(), ...latency };
}

async function stopLoop(): Promise<void> {
  loop.running = false;
  // The calls in flight are answered before the stations go back to the steady load's listener.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const station of stations) {
    station.ws?.removeAllListeners('message');
    station.ws?.on('message', (answer) => received(station, answer));
  }
}

serve({
  loop: () => startLoop(),
  reading: () => loopReading(),
  'stop-loop': () => stopLoop(),
  connect: (arg) => connect(arg as ConnectRequest),
  traffic: (arg) => traffic(arg as { seconds: number; periodS: number }),
  storm: (arg) => storm(arg as { concurrency: number }),
  count: () => stations.filter((s) => s.ws?.readyState === WebSocket.OPEN).length,
}, () => { for (const s of stations) s.ws?.terminate(); });
ready({ pid: process.pid });
