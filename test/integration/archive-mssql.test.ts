/**
 * The archive conformance suite against a real SQL Server, when EVC_MSSQL_URL names one (a scratch database: the
 * suite drops and recreates the archive's tables in it before each test).
 */
import assert from 'node:assert/strict';
import sql from 'mssql';
import { MssqlBackend } from '../../lib/archive/mssql/backend';
import { mssqlConfig } from '../../lib/archive/mssql/connection';
import { MSSQL_MIGRATIONS, MSSQL_TABLES, MSSQL_VERSION_TABLE } from '../../lib/archive/mssql/schema';
import { archiveConformance } from '../support/archive-conformance';

const url = process.env.EVC_MSSQL_URL;
const LATEST_VERSION = MSSQL_MIGRATIONS[MSSQL_MIGRATIONS.length - 1].version;

describe('SQL Server archive (integration)', function () {
  if (!url) {
    before(function () {
      console.log('    SQL Server suite skipped: set EVC_MSSQL_URL=mssql://user:password@host:1433/scratch_db?trustServerCertificate=true'
        + ' (a database the suite may empty) to run it');
      this.skip();
    });
    it('runs the archive conformance suite against SQL Server', function () { /* skipped in before */ });
    return;
  }
  const connection = url;
  let admin: sql.ConnectionPool;
  const backend = (): MssqlBackend => new MssqlBackend({ connection, poolSize: 3 });

  async function dropArchiveTables(): Promise<void> {
    for (const table of MSSQL_TABLES) await admin.request().batch(`DROP TABLE IF EXISTS ${table}`);
  }

  before(async function () {
    admin = await new sql.ConnectionPool(mssqlConfig(connection, 1)).connect();
  });

  after(async function () {
    await admin?.close();
  });

  archiveConformance('mssql', async () => {
    await dropArchiveTables();
    return backend();
  });

  describe('SQL Server specifics', function () {
    beforeEach(dropArchiveTables);

    it('migrations run again by hand, or by a second backend, change nothing', async function () {
      const first = backend();
      await first.open();
      await first.write([{ kind: 'station', stationId: 'CS1', at: '2026-01-15T08:00:00.000Z', vendor: 'ACME' }], 3);
      await first.close();
      // Each statement checks whether its object exists: a DBA may run the DDL script again.
      for (const statement of [MSSQL_VERSION_TABLE, ...MSSQL_MIGRATIONS.flatMap((m) => m.statements)]) await admin.request().batch(statement);
      const second = backend();
      await second.open();
      try {
        assert.equal(await second.schemaVersion(), LATEST_VERSION);
        assert.equal(await second.checkpoint(), 3);
        assert.deepEqual((await second.stations()).map((s) => [s.stationId, s.vendor]), [['CS1', 'ACME']]);
      } finally {
        await second.close();
      }
      const versions = await admin.request().query('SELECT version FROM schema_version ORDER BY version');
      assert.deepEqual(versions.recordset.map((r: { version: number }) => r.version), MSSQL_MIGRATIONS.map((m) => m.version));
    });

    it('two backends opening a new database at once migrate it once', async function () {
      const [a, b] = [backend(), backend()];
      await Promise.all([a.open(), b.open()]);
      try {
        assert.deepEqual([await a.schemaVersion(), await b.schemaVersion()], [LATEST_VERSION, LATEST_VERSION]);
        const rows = await admin.request().query('SELECT COUNT(*) AS n FROM schema_version');
        assert.equal(rows.recordset[0].n, MSSQL_MIGRATIONS.length);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('keys compare as in SQLite (case-sensitive) and instants are DATETIME2(3)', async function () {
      const db = backend();
      await db.open();
      try {
        await db.write([
          { kind: 'station', stationId: 'CS1', at: '2026-01-15T08:00:00.000Z' },
          { kind: 'station', stationId: 'cs1', at: '2026-01-15T08:00:00.001Z' },
        ], 1);
        assert.deepEqual((await db.stations()).map((s) => [s.stationId, s.lastSeenAt]), [['CS1', '2026-01-15T08:00:00.000Z'], ['cs1', '2026-01-15T08:00:00.001Z']]);
        const columns = await admin.request().query(`SELECT DATA_TYPE AS type, DATETIME_PRECISION AS precision FROM INFORMATION_SCHEMA.COLUMNS
          WHERE TABLE_NAME = 'transactions' AND COLUMN_NAME = 'started_at'`);
        assert.deepEqual(columns.recordset[0], { type: 'datetime2', precision: 3 });
      } finally {
        await db.close();
      }
    });
  });
});
