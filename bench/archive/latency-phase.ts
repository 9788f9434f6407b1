/**
 * Measurement 2: end-to-end latency of MeterValues at a fixed rate with the archive on and off. Both CSMS children
 * run side by side for the whole measurement (an idle one costs nothing), each with its own fleet of stations in
 * open transactions; the rounds alternate which goes first. Latency percentiles are taken over every call of all
 * the rounds of a mode (a p99 of one short window rests on its few slowest calls, which the machine's own hiccups
 * decide); the other figures are medians over the rounds.
 */
import path from 'path';
import type { WriterOptions } from '../../lib/archive/writer';
import { Child } from '../ocpp/children';
import { cpuWindow } from '../ocpp/cpu';
import { combineWindows, LatencyFigures, OnOffRound, windowFigures } from '../ocpp/window-figures';

export type { LatencyFigures } from '../ocpp/window-figures';
import { ServerInfo, endpointOf } from '../ocpp/kinds';
import { ResampledRatio, resampledRatio } from '../ocpp/resampled-ratio';
import { Fleet, connectFleet, fixedRate } from '../ocpp/load';
import type { Log } from '../ocpp/load-phase';
import type { Samples } from '../ocpp/stats';
import type { ArchiveCount } from './csms-child';
import { removeDir, scratchDir } from './files';
import { ArchiveBenchOptions } from './options';
import { TransactionMeterTraffic, startTransactions } from './transaction-traffic';

export type ArchiveMode = 'off' | 'on';

export const ARCHIVE_MODES: readonly ArchiveMode[] = ['off', 'on'];

export type LatencyRound = OnOffRound;

export interface LatencyPhaseFigures extends LatencyRound {
  rounds: LatencyRound[];
  /** With the archive on: MeterValues answered over the whole run, and the rows meter_values holds after it. */
  meterValuesAnswered: number;
  archivedRows: number;
  /** The p99 ratio, on / off, with the rounds drawn again (see resampledRatio). */
  p99RatioResampled: ResampledRatio;
}

interface Target {
  mode: ArchiveMode;
  child: Child;
  fleet?: Fleet;
}

const CHILD = path.resolve(__dirname, 'csms-child.js');

function startChild(mode: ArchiveMode, file: string, o: ArchiveBenchOptions): Promise<Child> {
  const profile = o.cpuProfDir
    ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`, `--cpu-prof-name=archive-${mode}-${Date.now()}.cpuprofile`] : [];
  const writer: WriterOptions = { batchSize: o.batch, flushMs: o.flushMs };
  return Child.start(CHILD, mode === 'on' ? [mode, file, JSON.stringify(writer)] : [mode], `csms archive ${mode}`, profile);
}

/** The stations of one child, booted, each in an open transaction. */
async function transactionFleet(child: Child, mode: ArchiveMode, o: ArchiveBenchOptions): Promise<Fleet> {
  const traffic = Array.from({ length: o.stations }, (_x, i) => new TransactionMeterTraffic(i));
  const fleet = await connectFleet(endpointOf(child.ready as ServerInfo), o.stations, `archive-${mode}`, (i) => traffic[i]);
  try {
    await startTransactions(fleet, traffic);
  } catch (err) {
    await fleet.close();
    throw err;
  }
  return fleet;
}

async function oneWindow(t: Target, o: ArchiveBenchOptions): Promise<{ figures: LatencyFigures; samples: Samples }> {
  const cpu = cpuWindow(t.child);
  const paced = await fixedRate(t.fleet as Fleet, o.rate, o.warmup * 1000, o.seconds * 1000, cpu.hooks);
  const c = await cpu.result();
  return { samples: paced.samples, figures: windowFigures(paced, c, 0) };
}

export async function measureLatency(o: ArchiveBenchOptions, log: Log): Promise<LatencyPhaseFigures> {
  const dir = scratchDir('latency');
  const targets: Partial<Record<ArchiveMode, Target>> = {};
  try {
    for (const mode of ARCHIVE_MODES) {
      log(`  archive ${mode}: ${o.stations} stations connect and start a transaction`);
      const target: Target = { mode, child: await startChild(mode, path.join(dir, 'archive.db'), o) };
      targets[mode] = target;
      target.fleet = await transactionFleet(target.child, mode, o);
    }
    const on = targets.on as Target;
    const rounds: LatencyRound[] = [];
    const samples: Record<ArchiveMode, Samples[]> = { off: [], on: [] };
    for (let r = 0; r < o.rounds; r++) {
      const order = r % 2 === 0 ? ARCHIVE_MODES : [...ARCHIVE_MODES].reverse();
      const result = {} as LatencyRound;
      for (const mode of order) {
        await on.child.request('drain');
        log(`  round ${r + 1}/${o.rounds}, archive ${mode}: ${o.rate} MeterValues/s for ${o.seconds} s`);
        const window = await oneWindow(targets[mode] as Target, o);
        result[mode] = window.figures;
        samples[mode].push(window.samples);
      }
      rounds.push(result);
    }
    const count = await on.child.request<ArchiveCount>('count');
    return {
      off: combineWindows(rounds.map((x) => x.off), samples.off), on: combineWindows(rounds.map((x) => x.on), samples.on), rounds,
      meterValuesAnswered: count.meterEvents, archivedRows: count.meterRows, p99RatioResampled: resampledRatio(samples.off, samples.on, 99),
    };
  } finally {
    await Promise.allSettled(Object.values(targets).map(async (t) => {
      await t.fleet?.close();
      await t.child.stop();
    }));
    removeDir(dir);
  }
}
