/** The embedded archive: one SQLite file (WAL mode) through better-sqlite3. */
import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import type {
  AlarmHistoryPage, AlarmHistoryQuery, TagRow,
  AlarmRow, ArchiveBackend, DesiredState, EnergyQuery, EnergyRow, MeterRow, StationRow, TransactionPage, TransactionQuery, TransactionRow,
} from '../backend';
import type { ArchiveRecord } from '../records';
import { planBatch } from '../plan';
import { alarmHistorySql } from '../alarm-history';
import { formatTimestamp } from '../../ocpp/time';
import { SQLITE_MIGRATIONS, SQLITE_VERSION_TABLE } from './schema';
import { SQLITE_WRITES, TRANSACTION_COLUMNS, WriteStatement } from './statements';
import { ALL_TAGS, OPEN_ALARMS } from '../backend';
import { transactionFilter, SORT_COLUMNS, pageOf } from './query';
import { WriterThread } from './writer-thread';

export interface SqliteOptions {
  /** The database file; ':memory:' for tests. */
  file: string;
  /** Milliseconds a statement waits for a lock held by another process (a third-party reader), default 5000. */
  busyTimeoutMs?: number;
  /**
   * Commit batches on a writer thread with its own connection, which reads them from this journal folder, so the
   * event loop neither commits nor hands batches over (default: none; tests and tools write on the calling thread).
   * Reads stay on this thread.
   */
  writerThread?: { journalDir: string };
}

export class SqliteBackend implements ArchiveBackend {
  readonly dialect = 'sqlite' as const;
  private db?: Database.Database;
  private statements?: Map<WriteStatement, Database.Statement>;
  private thread?: WriterThread;

  constructor(private readonly options: SqliteOptions) {}

  async open(): Promise<void> {
    this.openSync();
  }

  /** SQLite opens synchronously, so the CSMS can restore its state before the first station is heard. */
  openSync(): void {
    if (this.db) return;
    if (this.options.file !== ':memory:') fs.mkdirSync(path.dirname(this.options.file), { recursive: true });
    const db = new Database(this.options.file, { timeout: this.options.busyTimeoutMs ?? 5000 });
    try {
      db.pragma('journal_mode = WAL');
      // WAL with NORMAL survives a killed process (the journal file holds what a crash could lose); only a power cut
      // can cost the last commits, which our own spool file still holds.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      this.statements = new Map(Object.entries(SQLITE_WRITES).map(([name, sql]) => [name as WriteStatement, db.prepare(sql)]));
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
    // Started after the migrations ran here, so the thread finds the schema ready.
    const journalDir = this.options.writerThread?.journalDir;
    if (journalDir && this.options.file !== ':memory:') {
      const thread = new WriterThread(this.options.file, journalDir);
      this.thread = thread;
      this.writeFromJournal = (afterSeq, uptoSeq, max) => thread.writeFromJournal(afterSeq, uptoSeq, max);
    }
  }

  private get handle(): Database.Database {
    if (!this.db) throw new Error('The SQLite archive is not open');
    return this.db;
  }

  async checkpoint(): Promise<number> {
    return this.checkpointSync();
  }

  checkpointSync(): number {
    const row = this.handle.prepare(`SELECT seq FROM archive_checkpoint WHERE name = 'journal'`).get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Set while a writer thread runs (see SqliteOptions.writerThread). */
  writeFromJournal?: (afterSeq: number, uptoSeq: number, max: number) => Promise<number>;

  async write(records: ArchiveRecord[], lastSeq: number): Promise<void> {
    this.writeSync(records, lastSeq);
  }

  writeSync(records: ArchiveRecord[], lastSeq: number): void {
    const statements = this.statements;
    if (!statements) throw new Error('The SQLite archive is not open');
    const plan = planBatch(records, lastSeq, formatTimestamp());
    this.handle.transaction(() => {
      for (const { statement, params } of plan) statements.get(statement)!.run(params);
    })();
  }

  async transactions(query: TransactionQuery): Promise<TransactionPage> {
    return this.transactionsSync(query);
  }

  transactionsSync(query: TransactionQuery): TransactionPage {
    const { where, params } = transactionFilter(query);
    const { limit, offset } = pageOf(query);
    const order = `${SORT_COLUMNS[query.sort ?? 'startedAt']} ${query.descending === false ? 'ASC' : 'DESC'}, t.station_id, t.transaction_id`;
    const from = `FROM transactions t LEFT JOIN tags g ON g.id_tag = t.id_tag ${where}`;
    const total = (this.handle.prepare(`SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
    const rows = this.handle.prepare(`SELECT ${TRANSACTION_COLUMNS} ${from} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as TransactionRow[];
    return { total, rows };
  }

  async meterValues(stationId: string, transactionId: string): Promise<MeterRow[]> {
    return this.handle.prepare(`SELECT station_id AS stationId, evse_id AS evseId, NULLIF(transaction_id, '') AS transactionId,
        sampled_at AS sampledAt, context, energy_wh AS energyWh, power_w AS powerW, current_a AS currentA, voltage_v AS voltageV,
        soc_percent AS socPercent, reactive_power_var AS reactivePowerVar, power_offered_w AS powerOfferedW, temperature_c AS temperatureC
      FROM meter_values WHERE station_id = ? AND transaction_id = ? ORDER BY sampled_at`).all(stationId, transactionId) as MeterRow[];
  }

  async energyByMonth(query: EnergyQuery): Promise<EnergyRow[]> {
    const { where, params } = transactionFilter({ from: query.from, to: query.to, stationId: query.stationId, state: 'closed' });
    const key = query.by === 'group' ? 'g.user_group' : 't.id_tag';
    return this.handle.prepare(`SELECT substr(t.started_at, 1, 7) AS month, ${key} AS key, COUNT(*) AS transactions,
        COALESCE(SUM(t.energy_wh), 0) AS energyWh
      FROM transactions t LEFT JOIN tags g ON g.id_tag = t.id_tag ${where}
      GROUP BY month, key ORDER BY month, key`).all(params) as EnergyRow[];
  }

  async openTransactions(): Promise<TransactionRow[]> {
    return this.openTransactionsSync();
  }

  openTransactionsSync(): TransactionRow[] {
    return this.handle.prepare(`SELECT ${TRANSACTION_COLUMNS} FROM transactions t LEFT JOIN tags g ON g.id_tag = t.id_tag
      WHERE t.stopped_at IS NULL ORDER BY t.started_at`).all() as TransactionRow[];
  }

  async stoppedAmong(keys: ReadonlyArray<{ stationId: string; transactionId: string }>): Promise<Array<{ stationId: string; transactionId: string }>> {
    const statement = this.handle.prepare(`SELECT 1 FROM transactions WHERE station_id = ? AND transaction_id = ? AND stopped_at IS NOT NULL`);
    return keys.filter((k) => statement.get(k.stationId, k.transactionId) !== undefined).map((k) => ({ stationId: k.stationId, transactionId: k.transactionId }));
  }

  async maxNumericTransactionId(): Promise<number> {
    return this.maxNumericTransactionIdSync();
  }

  maxNumericTransactionIdSync(): number {
    // Text ids of 2.0.1 stations are not ours; only all-digit ids (1.6, which we assigned) count.
    const row = this.handle.prepare(`SELECT MAX(CAST(transaction_id AS INTEGER)) AS id FROM transactions
      WHERE transaction_id <> '' AND transaction_id NOT GLOB '*[^0-9]*' AND length(transaction_id) < 16`).get() as { id: number | null };
    return row.id ?? 0;
  }

  async desiredState(stationId: string): Promise<DesiredState> {
    return this.desiredStateSync(stationId);
  }

  desiredStateSync(stationId: string): DesiredState {
    const config = this.handle.prepare(`SELECT config_key AS key, action, request, applied_at AS at FROM station_config
      WHERE station_id = ? ORDER BY applied_at`).all(stationId) as Array<{ key: string; action: string; request: string; at: string }>;
    // A transaction's own profile ends with it: only those of open transactions are worth sending again.
    const profiles = this.handle.prepare(`SELECT p.evse_id AS evseId, p.profile_id AS profileId, p.purpose, p.transaction_id AS transactionId,
        p.request, p.updated_at AS at
      FROM charging_profiles p LEFT JOIN transactions t ON t.station_id = p.station_id AND t.transaction_id = p.transaction_id
      WHERE p.station_id = ? AND p.active = 1 AND (p.transaction_id IS NULL OR (t.transaction_id IS NOT NULL AND t.stopped_at IS NULL))
      ORDER BY p.updated_at`).all(stationId) as Array<{ evseId: number; profileId: number; purpose: string | null; transactionId: string | null; request: string; at: string }>;
    return {
      stationId,
      config: config.map((c) => ({ ...c, request: JSON.parse(c.request) as unknown })),
      profiles: profiles.map((p) => ({ ...p, request: JSON.parse(p.request) as unknown })),
    };
  }

  async stations(): Promise<StationRow[]> {
    const rows = this.handle.prepare(`SELECT station_id AS stationId, ocpp_version AS ocppVersion, vendor, model, serial_number AS serialNumber,
        firmware_version AS firmwareVersion, connected, mode, last_seen_at AS lastSeenAt FROM stations ORDER BY station_id`).all() as Array<Omit<StationRow, 'connected'> & { connected: number }>;
    return rows.map((r) => ({ ...r, connected: r.connected === 1 }));
  }

  async openAlarms(): Promise<AlarmRow[]> {
    return this.handle.prepare(OPEN_ALARMS).all() as AlarmRow[];
  }

  async tags(): Promise<TagRow[]> {
    return this.handle.prepare(ALL_TAGS).all() as TagRow[];
  }

  async alarmHistory(query: AlarmHistoryQuery): Promise<AlarmHistoryPage> {
    const sql = alarmHistorySql(query, 'sqlite');
    const total = (this.handle.prepare(sql.count).get(sql.params) as { n: number }).n;
    return { total, rows: this.handle.prepare(sql.page).all(sql.params) as AlarmRow[] };
  }

  async pruneMessages(before: string): Promise<number> {
    // Deleting is writing: with a writer thread it goes there, rather than waiting here for the thread's lock.
    if (this.thread) return this.thread.prune(before);
    return this.pruneMessagesSync(before);
  }

  pruneMessagesSync(before: string): number {
    return this.handle.prepare(`DELETE FROM ocpp_messages WHERE requested_at < ?`).run(before).changes;
  }

  async schemaVersion(): Promise<number> {
    return currentVersion(this.handle);
  }

  async close(): Promise<void> {
    await this.thread?.close();
    this.thread = undefined;
    this.writeFromJournal = undefined;
    this.db?.close();
    this.db = undefined;
    this.statements = undefined;
  }
}

function currentVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Runs the migrations after the database's version, each in its own transaction with its version row. */
function migrate(db: Database.Database): void {
  db.exec(SQLITE_VERSION_TABLE);
  const from = currentVersion(db);
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      for (const sql of m.statements) db.exec(sql);
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, formatTimestamp());
    })();
  }
}
