/**
 * The archive's own ingest paths for meter rows: the whole path (journal, then the batched writer into SQLite) and
 * SQLite alone (the backend's batched write without journal nor writer), so the journal's share shows.
 */
import path from 'path';
import { performance } from 'perf_hooks';
import type { MeterRecord } from '../../lib/archive/records';
import { sqliteDatabase } from '../../lib/archive/database';
import { SqliteBackend } from '../../lib/archive/sqlite/backend';
import type { WriterOptions } from '../../lib/archive/writer';
import { countMeterRows, removeDir, scratchDir } from './files';
import { rowCount } from './meter-records';

export interface IngestRun {
  rows: number;
  ms: number;
  /** Time spent in push(), i.e. journaling before the CSMS could answer; whole path only. */
  journalMs?: number;
}

// The CSMS pushes one message's records at a time between socket reads; yielding every so often lets the writer's
// timers run between pushes as they would in the live process, instead of all writes waiting for the last push.
const PUSHES_PER_TURN = 100;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function checked(file: string, records: readonly MeterRecord[], ms: number, journalMs?: number): IngestRun {
  const rows = countMeterRows(file);
  const expected = rowCount(records);
  // A path that lost or merged rows would look fast for the wrong reason.
  if (rows !== expected) throw new Error(`${path.basename(path.dirname(file))}: ${rows} rows in meter_values, expected ${expected}`);
  return { rows, ms, journalMs };
}

/** push() per record as CsmsArchiver does, timed until drained(): the figure the goal is about. */
export async function throughArchive(records: readonly MeterRecord[], writer: WriterOptions): Promise<IngestRun> {
  const dir = scratchDir('whole');
  try {
    const file = path.join(dir, 'archive.db');
    const db = sqliteDatabase(file, writer);
    await db.ready;
    let journalMs = 0;
    const started = performance.now();
    for (let i = 0; i < records.length; i++) {
      const t = performance.now();
      db.push([records[i]]);
      journalMs += performance.now() - t;
      if (i % PUSHES_PER_TURN === PUSHES_PER_TURN - 1) await turn();
    }
    await db.drained();
    const ms = performance.now() - started;
    await db.close();
    return checked(file, records, ms, journalMs);
  } finally {
    removeDir(dir);
  }
}

/** SqliteBackend.write in batches of `batch` records, each one database transaction with its checkpoint. */
export async function throughSqlite(records: readonly MeterRecord[], batch: number): Promise<IngestRun> {
  const dir = scratchDir('sqlite');
  try {
    const file = path.join(dir, 'archive.db');
    const backend = new SqliteBackend({ file });
    backend.openSync();
    const started = performance.now();
    for (let i = 0; i < records.length; i += batch) {
      const slice = records.slice(i, i + batch);
      await backend.write(slice, i + slice.length);
    }
    const ms = performance.now() - started;
    await backend.close();
    return checked(file, records, ms);
  } finally {
    removeDir(dir);
  }
}
