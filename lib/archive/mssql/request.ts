/** Running one statement, and a unit of work in one SQL Server transaction. */
import sql from 'mssql';
import { bindParameters, parameterNames } from './params';

export type Row = Record<string, unknown>;

/**
 * Runs a statement with the parameters it names (others in `params` are ignored, as one plan entry can feed two
 * statements). Instants come back as ISO text, the form SQLite stores, so both backends return equal rows.
 */
export async function run(parent: sql.ConnectionPool | sql.Transaction, text: string, params: Record<string, unknown> = {}): Promise<{ rows: Row[]; rowsAffected: number }> {
  const request = parent.request();
  bindParameters(request, parameterNames(text), params);
  const result = await request.query<Row>(text);
  const rows = (result.recordset ?? []).map(isoRow);
  return { rows, rowsAffected: result.rowsAffected.reduce((a, b) => a + b, 0) };
}

function isoRow(row: Row): Row {
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) out[name] = value instanceof Date ? value.toISOString() : value;
  return out;
}

/** Runs the work in one transaction: committed when it resolves, rolled back when anything in it fails. */
export async function inTransaction<T>(pool: sql.ConnectionPool, work: (tx: sql.Transaction) => Promise<T>): Promise<T> {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  let result: T;
  try {
    result = await work(tx);
  } catch (err) {
    // Some errors (deadlock victim, conversion errors) make the server roll back by itself; mssql then refuses a
    // second rollback, which is not news: the error that matters is the first one.
    await tx.rollback().catch(() => undefined);
    throw err;
  }
  await tx.commit();
  return result;
}
