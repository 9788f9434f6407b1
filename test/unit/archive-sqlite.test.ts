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

  it('migrates a version 1 file: meter values kept and clustered by transaction, the redundant indexes gone', async function () {
    const file = nextFile();
    const v1 = new Database(file);
    v1.exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    for (const statement of SQLITE_MIGRATIONS[0].statements) v1.exec(statement);
    v1.prepare(`INSERT INTO schema_version VALUES (1, 'v1', '2026-01-01T00:00:00.000Z')`).run();
    const insert = v1.prepare(`INSERT INTO meter_values (station_id, evse_id, transaction_id, sampled_at, energy_wh, power_w)
      VALUES (?, ?, ?, ?, ?, ?)`);
    insert.run('CS1', 1, 'T1', '2026-01-15T08:01:00.000Z', 1200, 7000);
    insert.run('CS1', 1, 'T1', '2026-01-15T08:00:00.000Z', 1000, 6900);
    insert.run('CS2', 2, 'T2', '2026-01-15T08:00:00.000Z', 500, null);
    v1.close();

    const db = new SqliteBackend({ file });
    await db.open();
    try {
      assert.equal(await db.schemaVersion(), SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version);
      assert.deepEqual((await db.meterValues('CS1', 'T1')).map((r) => [r.sampledAt, r.energyWh, r.powerW]),
        [['2026-01-15T08:00:00.000Z', 1000, 6900], ['2026-01-15T08:01:00.000Z', 1200, 7000]]);
      assert.deepEqual((await db.meterValues('CS2', 'T2')).map((r) => r.energyWh), [500]);
      // A replayed sample is still the same row under the new key.
      await db.write([{ kind: 'meter', stationId: 'CS1', evseId: 1, transactionId: 'T1', samples: [{ timestamp: '2026-01-15T08:00:00.000Z', energyWh: 1000 }] }], 1);
      assert.equal((await db.meterValues('CS1', 'T1')).length, 2);
    } finally {
      await db.close();
    }
    const raw = new Database(file, { readonly: true });
    try {
      const key = raw.prepare(`SELECT name FROM pragma_table_info('meter_values') WHERE pk > 0 ORDER BY pk`).all() as Array<{ name: string }>;
      assert.deepEqual(key.map((c) => c.name), ['station_id', 'transaction_id', 'evse_id', 'sampled_at']);
      const indexes = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>;
      assert.ok(!indexes.some((i) => i.name === 'meter_values_transaction' || i.name === 'ocpp_messages_station'), JSON.stringify(indexes));
      assert.ok(indexes.some((i) => i.name === 'ocpp_messages_time'));
    } finally {
      raw.close();
    }
  });
});
