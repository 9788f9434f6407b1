/**
 * The OCPP server benchmark: the same 1.6 load against our Csms, a plain ocpp-rpc server and a strict one, each
 * alone in a child process. Throughput and fixed-rate latency with ocpp-rpc clients from this process; the
 * throughput ceiling per core with bare WebSocket stations in another child; memory per idle connection with a
 * farm of bare WebSocket clients in another child, on a fresh server.
 */
import { readEnvironment } from '../environment';
import { Child } from './children';
import { ServerKind } from './kinds';
import { Log, measureLoad } from './load-phase';
import { measureCeiling } from './ceiling-phase';
import { measureMemory } from './memory-phase';
import { OcppBenchOptions } from './options';
import { OcppBenchReport, ServerFigures, buildReport } from './report';

export type { Log } from './load-phase';

async function startServer(kind: ServerKind, o: OcppBenchOptions): Promise<{ child: Child; startupMs: number }> {
  const started = Date.now();
  const profile = o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`, `--cpu-prof-name=${kind}-${started}.cpuprofile`] : [];
  const child = await Child.start('server-child.js', [kind], `server ${kind}`, profile);
  return { child, startupMs: Date.now() - started };
}

export async function runOcppBench(options: OcppBenchOptions, log: Log = () => undefined): Promise<OcppBenchReport> {
  const environment = readEnvironment();
  log(`load: ${options.rounds} round(s) over ${options.servers.join(', ')}`);
  const load = await measureLoad(options.servers, options, (kind) => startServer(kind, options), log);
  log(`throughput ceiling: ${options.ceilingRounds} round(s) over ${options.servers.join(', ')}`);
  const ceiling = await measureCeiling(options.servers, options, (kind) => startServer(kind, options), log);
  const servers: Partial<Record<ServerKind, ServerFigures>> = {};
  for (const kind of options.servers) {
    log(`memory, ${kind}:`);
    const { child } = await startServer(kind, options);
    try {
      const memory = await measureMemory(kind, options, child, log);
      const l = load[kind];
      const c = ceiling[kind];
      if (!l || !c) throw new Error(`no load figures for ${kind}`);
      servers[kind] = { server: kind, startupMs: l.startupMs, throughput: l.throughput, rate: l.rate, ceiling: c, memory, rounds: l.rounds };
    } finally {
      await child.stop();
    }
  }
  return buildReport(options, servers, environment);
}
