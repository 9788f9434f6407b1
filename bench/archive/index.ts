/**
 * The archive benchmark: meter rows per second into SQLite through the archive's own paths against a naive peer,
 * then the latency MeterValues get from our Csms with the archive on and off.
 */
import { readEnvironment } from '../environment';
import type { Log } from '../ocpp/load-phase';
import { measureLatency } from './latency-phase';
import { ArchiveBenchOptions } from './options';
import { ArchiveBenchReport, buildArchiveReport } from './report';
import { measureRows } from './rows-phase';

export async function runArchiveBench(options: ArchiveBenchOptions, log: Log = () => undefined): Promise<ArchiveBenchReport> {
  const environment = readEnvironment();
  log(`archive rows: ${options.rowsRounds} round(s) of ${options.rows} rows by each path`);
  const rows = await measureRows(options, log);
  log(`archive latency: ${options.rounds} round(s), archive off and on`);
  const latency = await measureLatency(options, log);
  return buildArchiveReport(options, environment, rows, latency);
}
