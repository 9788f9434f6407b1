/**
 * Memory per idle connection: a fresh server, one warm-up station (so lazily built parts are in the baseline),
 * memory after a full GC, then N bare WebSocket stations from the idle-client child and memory again. Larger
 * counts add to the smaller ones on the same server.
 */
import { Child } from './children';
import { ConnectResult } from './idle-child';
import { ServerInfo, ServerKind, endpointOf } from './kinds';
import { Log } from './load-phase';
import { OcppBenchOptions } from './options';
import { MemoryFigures } from './report';
import { round } from './stats';

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function measureMemory(kind: ServerKind, o: OcppBenchOptions, server: Child, log: Log): Promise<MemoryFigures[]> {
  const farm = await Child.start('idle-child.js', [], 'idle clients');
  try {
    const endpoint = endpointOf(server.ready as ServerInfo);
    const warm = await farm.request<ConnectResult>('connect', { endpoint, prefix: 'warm', count: 1, concurrency: 1 });
    if (warm.failed) throw new Error(`${kind}: the warm-up station failed: ${warm.firstError}`);
    await farm.request('close');
    await until(async () => (await server.request<number>('connections')) === 0, 5000, `${kind} to see the warm-up station leave`);
    const before = await server.request<Memory>('mem');
    const figures: MemoryFigures[] = [];
    let connected = 0;
    for (const n of o.idle) {
      log(`  ${kind}: ${n} idle connections`);
      const wanted = n - connected;
      // 64 handshakes in flight keeps the accept backlog (511) far from overflowing.
      const result = await farm.request<ConnectResult>('connect', { endpoint, prefix: `idle-${kind}`, count: wanted, concurrency: 64 }, 300_000);
      connected += result.opened;
      if (result.failed) log(`  ${kind}: ${result.failed} of ${wanted} connections failed: ${result.firstError}`);
      await new Promise((r) => setTimeout(r, o.idleWait * 1000));
      const open = await server.request<number>('connections');
      const after = await server.request<Memory>('mem');
      const per = (a: number, b: number): number => round((a - b) / 1024 / Math.max(1, open), 2);
      figures.push({
        connections: n,
        open,
        rssKbPerConn: per(after.rss, before.rss),
        heapExtKbPerConn: per(after.heapUsed + after.external, before.heapUsed + before.external),
        rssMb: round(after.rss / 1048576, 1),
        heapExtMb: round((after.heapUsed + after.external) / 1048576, 1),
      });
    }
    return figures;
  } finally {
    await farm.stop();
  }
}
