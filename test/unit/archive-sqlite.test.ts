import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { SqliteBackend } from '../../lib/archive/sqlite/backend';
import { SQLITE_MIGRATIONS } from '../../lib/archive/sqlite/schema';
import { archiveConformance } from '../support/archive-conformance';

describe('SQLite archive', function () {
  let dir: string;
  let files = 0;
  const nextFile = (): string => path.join(dir, `archive-${++files}.db`);

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-archive-sqlite-'));
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // A real file in a directory that does not exist yet, as in production (not only :memory:).
  archiveConformance('sqlite', async () => new SqliteBackend({ file: path.join(dir, `fresh-${++files}`, 'archive.db') }));

  it('runs in WAL mode', async function () {
    const file = nextFile();
    const db = new SqliteBackend({ file });
    await db.open();
    try {
      const reader = new Database(file, { readonly: true });
      try {
        assert.equal(reader.pragma('journal_mode', { simple: true }), 'wal');
      } finally {
        reader.close();
      }
    } finally {
      await db.close();
    }
  });

  it('reopening a file keeps its data, checkpoint and schema version, and migrates nothing again', async function () {
    const file = nextFile();
    const first = new SqliteBackend({ file });
    await first.open();
    await first.write([{ kind: 'station', stationId: 'CS1', at: '2026-01-15T08:00:00.000Z', vendor: 'ACME' }], 4);
    await first.close();

    const second = new SqliteBackend({ file });
    await second.open();
    try {
      assert.equal(await second.schemaVersion(), SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version);
      assert.equal(await second.checkpoint(), 4);
      assert.deepEqual((await second.stations()).map((s) => [s.stationId, s.vendor]), [['CS1', 'ACME']]);
    } finally {
      await second.close();
    }
    const raw = new Database(file, { readonly: true });
    try {
      const versions = raw.prepare('SELECT version FROM schema_version ORDER BY version').all() as Array<{ version: number }>;
      assert.deepEqual(versions.map((v) => v.version), SQLITE_MIGRATIONS.map((m) => m.version));
    } finally {
      raw.close();
    }
  });
});
