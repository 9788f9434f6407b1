/**
 * The peer of the ingest measurement: what archiving without batching costs. Same schema and table (created by our
 * migrations), same pragmas as our backend (WAL, synchronous NORMAL) so only the batching differs: one INSERT
 * statement per row, each its own autocommitted transaction, through better-sqlite3 directly. It writes the rows
 * only, none of the transaction summaries our path keeps up to date, so it does less work per row than ours.
 */
import path from 'path';
import { performance } from 'perf_hooks';
import Database from 'better-sqlite3';
import type { MeterRecord } from '../../lib/archive/records';
import { SqliteBackend } from '../../lib/archive/sqlite/backend';
import { countMeterRows, removeDir, scratchDir } from './files';
import { IngestRun } from './ingest';
import { rowCount } from './meter-records';

const INSERT = `INSERT INTO meter_values (station_id, evse_id, transaction_id, sampled_at, context, energy_wh, power_w, current_a,
  voltage_v, soc_percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export async function naiveInserts(records: readonly MeterRecord[]): Promise<IngestRun> {
  const dir = scratchDir('naive');
  try {
    const file = path.join(dir, 'archive.db');
    const schema = new SqliteBackend({ file });
    schema.openSync();
    await schema.close();
    const db = new Database(file);
    let ms: number;
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const insert = db.prepare(INSERT);
      const started = performance.now();
      for (const r of records) {
        const transactionId = r.transactionId ?? '';
        for (const s of r.samples) {
          insert.run(r.stationId, r.evseId, transactionId, s.timestamp, s.context ?? null, s.energyWh ?? null, s.powerW ?? null,
            s.currentA ?? null, s.voltageV ?? null, s.socPercent ?? null);
        }
      }
      ms = performance.now() - started;
    } finally {
      db.close();
    }
    const rows = countMeterRows(file);
    if (rows !== rowCount(records)) throw new Error(`naive: ${rows} rows in meter_values, expected ${rowCount(records)}`);
    return { rows, ms };
  } finally {
    removeDir(dir);
  }
}
