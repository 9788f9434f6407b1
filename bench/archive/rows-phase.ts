/**
 * Measurement 1: meter-value rows per second into SQLite. Each round writes the same rows into a fresh database by
 * the whole path, by SQLite alone and by the naive peer, in a rotated order so drift in what else the machine does
 * spreads over all three; the figures kept are medians over the rounds.
 */
import type { Log } from '../ocpp/load-phase';
import { median, round } from '../ocpp/stats';
import { IngestRun, throughArchive, throughSqlite } from './ingest';
import { meterRecords } from './meter-records';
import { naiveInserts } from './naive';
import { ArchiveBenchOptions } from './options';

export type IngestPath = 'whole' | 'sqlite' | 'naive';

export const INGEST_PATHS: readonly IngestPath[] = ['whole', 'sqlite', 'naive'];

export interface IngestFigures {
  rowsPerSec: number;
  ms: number;
  rows: number;
  /** Whole path only: time in push() (the journal), per row and as a share of the run. */
  journalUsPerRow?: number;
  journalPercent?: number;
}

export type RowsRound = Record<IngestPath, IngestFigures>;

export interface RowsFigures extends RowsRound {
  rounds: RowsRound[];
}

function figures(run: IngestRun): IngestFigures {
  const out: IngestFigures = { rowsPerSec: round((run.rows * 1000) / run.ms, 0), ms: round(run.ms, 1), rows: run.rows };
  if (run.journalMs !== undefined) {
    out.journalUsPerRow = round((run.journalMs * 1000) / run.rows, 2);
    out.journalPercent = round((run.journalMs / run.ms) * 100, 1);
  }
  return out;
}

function medianOf(list: IngestFigures[]): IngestFigures {
  const out = { ...list[0] };
  for (const key of Object.keys(out) as Array<keyof IngestFigures>) out[key] = median(list.map((f) => f[key] as number));
  return out;
}

export async function measureRows(o: ArchiveBenchOptions, log: Log): Promise<RowsFigures> {
  const records = meterRecords(o.rows, o.samples, o.stations);
  const run: Record<IngestPath, () => Promise<IngestRun>> = {
    whole: () => throughArchive(records, { batchSize: o.batch, flushMs: o.flushMs }),
    sqlite: () => throughSqlite(records, o.batch),
    naive: () => naiveInserts(records),
  };
  const rounds: RowsRound[] = [];
  for (let r = 0; r < o.rowsRounds; r++) {
    const result = {} as RowsRound;
    for (let i = 0; i < INGEST_PATHS.length; i++) {
      const path = INGEST_PATHS[(i + r) % INGEST_PATHS.length];
      result[path] = figures(await run[path]());
      log(`  round ${r + 1}/${o.rowsRounds}, ${path}: ${result[path].rowsPerSec} rows/s`);
    }
    rounds.push(result);
  }
  return {
    whole: medianOf(rounds.map((x) => x.whole)),
    sqlite: medianOf(rounds.map((x) => x.sqlite)),
    naive: medianOf(rounds.map((x) => x.naive)),
    rounds,
  };
}
