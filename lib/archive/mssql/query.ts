/**
 * The SQL Server backend's reads and maintenance statements. Filters, sort columns and the transaction projection
 * are SQLite's (../sqlite/query.ts, ../sqlite/statements.ts): that text is also valid T-SQL, so both backends
 * select the same rows. What differs is written here: paging, the month of an instant, digit-only ids, and `key`,
 * a reserved word in T-SQL (bracketed, as `at` is in case a server reads it as AT TIME ZONE).
 */
import type { EnergyQuery, TransactionQuery } from '../backend';
import { ALL_TAGS, OPEN_ALARMS } from '../backend';
import { TRANSACTION_COLUMNS } from '../sqlite/statements';
import { pageOf, SORT_COLUMNS, transactionFilter } from '../sqlite/query';

export interface SqlText {
  sql: string;
  params: Record<string, string | number | null>;
}

/** Messages deleted per statement when pruning. */
export const PRUNE_SLICE = 5000;

/** Fixed statements, by what they are for. */
export const MSSQL_QUERIES = {
  checkpoint: `SELECT seq FROM archive_checkpoint WHERE name = 'journal'`,
  schemaVersion: 'SELECT MAX(version) AS v FROM schema_version',
  // Read under an update lock held to the end of the migration's transaction: a second process opening the same
  // database waits here and then finds the migration done, instead of running it twice.
  lockedSchemaVersion: 'SELECT MAX(version) AS v FROM schema_version WITH (UPDLOCK, HOLDLOCK)',
  recordMigration: 'INSERT INTO schema_version (version, description, applied_at) VALUES (@migration, @description, @at)',
  meterValues: `SELECT station_id AS stationId, evse_id AS evseId, NULLIF(transaction_id, '') AS transactionId,
      sampled_at AS sampledAt, context, energy_wh AS energyWh, power_w AS powerW, current_a AS currentA, voltage_v AS voltageV,
      soc_percent AS socPercent, reactive_power_var AS reactivePowerVar, power_offered_w AS powerOfferedW, temperature_c AS temperatureC
    FROM meter_values WHERE station_id = @stationId AND transaction_id = @transactionId ORDER BY sampled_at`,
  openTransactions: `SELECT ${TRANSACTION_COLUMNS} FROM transactions t LEFT JOIN tags g ON g.id_tag = t.id_tag
    WHERE t.stopped_at IS NULL ORDER BY t.started_at`,
  isStopped: `SELECT 1 AS stopped FROM transactions
    WHERE station_id = @stationId AND transaction_id = @transactionId AND stopped_at IS NOT NULL`,
  // Text ids of 2.0.1 stations are not ours; only all-digit ids (1.6, which we assigned) count. TRY_CONVERT, as
  // SQL Server may evaluate the conversion before the filter.
  maxNumericTransactionId: `SELECT MAX(TRY_CONVERT(BIGINT, transaction_id)) AS id FROM transactions
    WHERE transaction_id <> '' AND transaction_id NOT LIKE '%[^0-9]%' AND LEN(transaction_id) < 16`,
  desiredConfig: `SELECT config_key AS [key], action, request, applied_at AS [at] FROM station_config
    WHERE station_id = @stationId ORDER BY applied_at`,
  // A transaction's own profile ends with it: only those of open transactions are worth sending again.
  desiredProfiles: `SELECT p.evse_id AS evseId, p.profile_id AS profileId, p.purpose, p.transaction_id AS transactionId,
      p.request, p.updated_at AS [at]
    FROM charging_profiles p LEFT JOIN transactions t ON t.station_id = p.station_id AND t.transaction_id = p.transaction_id
    WHERE p.station_id = @stationId AND p.active = 1 AND (p.transaction_id IS NULL OR (t.transaction_id IS NOT NULL AND t.stopped_at IS NULL))
    ORDER BY p.updated_at`,
  stations: `SELECT station_id AS stationId, ocpp_version AS ocppVersion, vendor, model, serial_number AS serialNumber,
      firmware_version AS firmwareVersion, connected, mode, last_seen_at AS lastSeenAt FROM stations ORDER BY station_id`,
  openAlarms: OPEN_ALARMS,
  tags: ALL_TAGS,
  // In slices, so pruning a large log neither holds locks for long nor grows the transaction log in one go.
  pruneMessages: `DELETE TOP (${PRUNE_SLICE}) FROM ocpp_messages WHERE requested_at < @before`,
} as const;

const FROM_TRANSACTIONS = 'FROM transactions t LEFT JOIN tags g ON g.id_tag = t.id_tag';

/** The number of transactions a query matches, before paging. */
export function transactionCount(query: TransactionQuery): SqlText {
  const { where, params } = transactionFilter(query);
  return { sql: `SELECT COUNT(*) AS n ${FROM_TRANSACTIONS} ${where}`, params };
}

/** One page of transactions. OFFSET and FETCH take the numbers inline: they are integers checked here. */
export function transactionPage(query: TransactionQuery): SqlText {
  const { where, params } = transactionFilter(query);
  const { limit, offset } = pageOf(query);
  const safeLimit = Number.isSafeInteger(limit) ? limit : 100;
  const safeOffset = Number.isSafeInteger(offset) ? offset : 0;
  const order = `${SORT_COLUMNS[query.sort ?? 'startedAt']} ${query.descending === false ? 'ASC' : 'DESC'}, t.station_id, t.transaction_id`;
  return {
    sql: `SELECT ${TRANSACTION_COLUMNS} ${FROM_TRANSACTIONS} ${where}
      ORDER BY ${order} OFFSET ${safeOffset} ROWS FETCH NEXT ${safeLimit} ROWS ONLY`,
    params,
  };
}

/** Energy of closed transactions per month (style 126 is ISO 8601, its first 7 characters YYYY-MM) and key. */
export function energyByMonth(query: EnergyQuery): SqlText {
  const { where, params } = transactionFilter({ from: query.from, to: query.to, stationId: query.stationId, state: 'closed' });
  const key = query.by === 'group' ? 'g.user_group' : 't.id_tag';
  const month = 'CONVERT(CHAR(7), t.started_at, 126)';
  return {
    sql: `SELECT ${month} AS month, ${key} AS [key], COUNT(*) AS transactions, COALESCE(SUM(t.energy_wh), 0) AS energyWh
      ${FROM_TRANSACTIONS} ${where}
      GROUP BY ${month}, ${key} ORDER BY month, [key]`,
    params,
  };
}
