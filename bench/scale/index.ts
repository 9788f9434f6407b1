/**
 * The scale benchmark (issue 10): many stations on one server process, the farm in a second process. For our CSMS
 * with the archive on (SQLite, as evc-archive runs it) and for a plain ocpp-rpc server on the same load: memory
 * per connection, latency of a realistic steady load (one message per station per 30 s), and a reconnect storm
 * (every socket dropped, every station back with a BootNotification at once): time until all are accepted,
 * failures, the server's peak resident memory.
 */
import path from 'path';
import { readEnvironment, Environment } from '../environment';
import { removeDir, scratchDir } from '../archive/files';
import { Child } from '../ocpp/children';
import { endpointOf, ServerInfo } from '../ocpp/kinds';
import type { Log } from '../ocpp/load-phase';
import { round } from '../ocpp/stats';
import type { ConnectResult, TrafficResult } from './farm';
import type { ScaleBenchOptions } from './options';

export interface ScaleFigures {
  server: 'ours' | 'ocpp-rpc';
  connected: number;
  connectMs: number;
  connectFailed: number;
  /** Heap and external memory per connection after a full GC, KB. */
  kbPerConnection: number;
  /** Resident memory per connection, KB (the whole process, sockets and buffers included). */
  rssKbPerConnection: number;
  steady: TrafficResult & { perSecond: number };
  storm: ConnectResult & { peakRssMb: number; back: number };
}

export interface ScaleBenchReport {
  options: ScaleBenchOptions;
  environment: Environment;
  servers: ScaleFigures[];
}

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

const SERVER_CHILD = path.resolve(__dirname, '../ocpp/server-child.js');
const CSMS_CHILD = path.resolve(__dirname, '../archive/csms-child.js');
const FARM = path.resolve(__dirname, 'farm.js');

async function measure(server: Child, name: ScaleFigures['server'], o: ScaleBenchOptions, log: Log): Promise<ScaleFigures> {
  const farm = await Child.start(FARM, [], 'station farm', ['--max-old-space-size=4096']);
  try {
    const endpoint = endpointOf(server.ready as ServerInfo);
    const before = await server.request<Memory>('mem');
    log(`  ${name}: connecting ${o.stations} stations`);
    const connected = await farm.request<ConnectResult>('connect', { endpoint, count: o.stations, concurrency: o.concurrency }, 600_000);
    if (connected.failed) log(`  ${name}: ${connected.failed} stations failed to connect: ${connected.firstError}`);
    const open = await server.request<number>('connections');
    const after = await server.request<Memory>('mem');
    const per = (a: number, b: number): number => round((a - b) / 1024 / Math.max(1, open), 2);
    log(`  ${name}: steady load, one message per station every ${o.periodS} s, for ${o.seconds} s`);
    const steady = await farm.request<TrafficResult>('traffic', { seconds: o.seconds, periodS: o.periodS }, (o.seconds + 60) * 1000);
    log(`  ${name}: reconnect storm`);
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await server.request<number>('rss').catch(() => 0));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const storm = await farm.request<ConnectResult>('storm', { concurrency: o.stormConcurrency }, 600_000);
    sampling = false;
    await sampler;
    const back = await server.request<number>('connections');
    return {
      server: name, connected: open, connectMs: connected.ms, connectFailed: connected.failed,
      kbPerConnection: per(after.heapUsed + after.external, before.heapUsed + before.external), rssKbPerConnection: per(after.rss, before.rss),
      steady: { ...steady, p50: round(steady.p50), p99: round(steady.p99), max: round(steady.max), perSecond: round(steady.sent / o.seconds, 1) },
      storm: { ...storm, peakRssMb: round(peak / 1e6, 1), back },
    };
  } finally {
    await farm.stop();
  }
}

export async function runScaleBench(o: ScaleBenchOptions, log: Log = () => undefined): Promise<ScaleBenchReport> {
  const environment = readEnvironment();
  const servers: ScaleFigures[] = [];
  const dir = scratchDir('scale');
  try {
    log(`scale: ${o.stations} stations, ours (archive on) then ocpp-rpc`);
    const limits = { ...(o.bootRate ? { bootsPerSecond: o.bootRate } : {}), ...(o.handshakeRate ? { handshakesPerSecond: o.handshakeRate } : {}) };
    const ours = await Child.start(CSMS_CHILD, ['on', path.join(dir, 'archive.db'), '{}', JSON.stringify(limits)], 'csms archive on', ['--max-old-space-size=4096']);
    try {
      servers.push(await measure(ours, 'ours', o, log));
    } finally {
      await ours.stop();
    }
    const peer = await Child.start(SERVER_CHILD, ['plain'], 'ocpp-rpc', ['--max-old-space-size=4096']);
    try {
      servers.push(await measure(peer, 'ocpp-rpc', o, log));
    } finally {
      await peer.stop();
    }
  } finally {
    removeDir(dir);
  }
  return { options: o, environment, servers };
}

const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? (a / b).toFixed(2) : '-');

export function formatScaleReport(r: ScaleBenchReport): string {
  const [ours, peer] = [r.servers.find((s) => s.server === 'ours'), r.servers.find((s) => s.server === 'ocpp-rpc')];
  const row = (label: string, pick: (s: ScaleFigures) => number, goal = '') =>
    `| ${label}${goal ? ` (goal ${goal})` : ''} | ${ours ? pick(ours) : '-'} | ${peer ? pick(peer) : '-'} | ${ours && peer ? ratio(pick(ours), pick(peer)) : '-'} |`;
  return [
    `Scale: ${r.options.stations} stations, one message each per ${r.options.periodS} s for ${r.options.seconds} s; ours with the archive on (SQLite)`,
    `ours admits ${r.options.bootRate || 'any number of'} boots/s (Pending beyond) and ${r.options.handshakeRate || 'any number of'} handshakes/s (503 beyond); ocpp-rpc accepts all at once`,
    `(${r.environment.cpus} × ${r.environment.cpuModel}, node ${r.environment.node}, load ${r.environment.loadAverage.join(' ')})`,
    '',
    '| | ours | ocpp-rpc | ratio |',
    '| --- | --- | --- | --- |',
    row('stations connected', (s) => s.connected),
    row('memory per connection, heap + external (KB)', (s) => s.kbPerConnection, '≤ 25 KB'),
    row('resident memory per connection (KB)', (s) => s.rssKbPerConnection),
    row('steady load, messages/s', (s) => s.steady.perSecond),
    row('steady load p50 (ms)', (s) => s.steady.p50),
    row('steady load p99 (ms)', (s) => s.steady.p99, '< 50 ms'),
    row('steady load errors', (s) => s.steady.errors),
    row('storm: seconds until all accepted', (s) => round(s.storm.ms / 1000, 1), '< 60 s'),
    row('storm: stations back', (s) => s.storm.back),
    row('storm: failures', (s) => s.storm.failed, '0'),
    row('storm: boots answered Pending', (s) => s.storm.pending ?? 0),
    row('storm: handshakes answered 503', (s) => s.storm.retried),
    row('storm: peak resident memory (MB)', (s) => s.storm.peakRssMb),
  ].join('\n');
}
