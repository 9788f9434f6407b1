/** Scratch databases of the archive benchmark: a fresh folder per run, removed after it, and a row count to check. */
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';

/** A real file on the machine's disk (not :memory:), so the figures include what SQLite and the journal write. */
export function scratchDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `evc-archive-bench-${label}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Rows in meter_values, read on a connection of its own so it sees only what was committed. */
export function countMeterRows(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM meter_values').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
