/** Brings a SQL Server database to the current schema version, as the SQLite backend does for its file. */
import sql from 'mssql';
import { formatTimestamp } from '../../ocpp/time';
import { MSSQL_MIGRATIONS, MSSQL_VERSION_TABLE } from './schema';
import { MSSQL_QUERIES } from './query';
import { inTransaction, run } from './request';

/** SQL Server's "There is already an object named ..." */
const ALREADY_EXISTS = 2714;

/** Runs the migrations after the database's version, each in its own transaction with its version row. */
export async function migrate(pool: sql.ConnectionPool): Promise<void> {
  try {
    await pool.request().batch(MSSQL_VERSION_TABLE);
  } catch (err) {
    // Another process created the table between our existence check and our CREATE: it is there, as wanted.
    if ((err as { number?: number }).number !== ALREADY_EXISTS) throw err;
  }
  for (const m of MSSQL_MIGRATIONS) {
    await inTransaction(pool, async (tx) => {
      // Read under lock: a process that waited here while another migrated finds the work done.
      const { rows } = await run(tx, MSSQL_QUERIES.lockedSchemaVersion);
      if (Number(rows[0]?.v ?? 0) >= m.version) return;
      // DDL is transactional in SQL Server: a failed step leaves no half-built schema behind.
      for (const statement of m.statements) await tx.request().batch(statement);
      await run(tx, MSSQL_QUERIES.recordMigration, { migration: m.version, description: m.description, at: formatTimestamp() });
    });
  }
}
