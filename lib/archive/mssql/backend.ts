/** The production archive: a SQL Server (or Azure SQL) database through an mssql connection pool. */
import sql from 'mssql';
import type {
  AlarmHistoryPage, AlarmHistoryQuery, TagRow,
  AlarmRow, ArchiveBackend, DesiredState, EnergyQuery, EnergyRow, MeterRow, StationRow, TransactionPage, TransactionQuery, TransactionRow,
} from '../backend';
import type { ArchiveRecord } from '../records';
import { planBatch } from '../plan';
import { alarmHistorySql } from '../alarm-history';
import { formatTimestamp } from '../../ocpp/time';
import { MssqlConnection, mssqlConfig } from './connection';
import { MSSQL_WRITES } from './statements';
import { MSSQL_QUERIES, PRUNE_SLICE, energyByMonth, transactionCount, transactionPage } from './query';
import { migrate } from './migrate';
import { inTransaction, run } from './request';

export interface MssqlOptions {
  /** A connection string, a mssql:// URL or an mssql config object (see ./connection.ts). */
  connection: MssqlConnection;
  /** Connections in the pool, default 4: one writes, the others serve the history views. */
  poolSize?: number;
  /** Errors of idle pooled connections (a dropped network link); the pool replaces the connection by itself. */
  onError?: (err: Error) => void;
}

export class MssqlBackend implements ArchiveBackend {
  readonly dialect = 'mssql' as const;
  private pool?: sql.ConnectionPool;
  private opening?: Promise<void>;
  // Batches commit one after another in call order, as SQLite's synchronous writes do: a later checkpoint must
  // never be committed before an earlier batch.
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MssqlOptions) {}

  async open(): Promise<void> {
    if (this.pool) return;
    this.opening ??= this.connect().finally(() => { this.opening = undefined; });
    return this.opening;
  }

  private async connect(): Promise<void> {
    const pool = new sql.ConnectionPool(mssqlConfig(this.options.connection, this.options.poolSize));
    // Without a listener an 'error' event would end the process.
    pool.on('error', (err: Error) => this.options.onError?.(err));
    try {
      await pool.connect();
      await migrate(pool);
    } catch (err) {
      await pool.close().catch(() => undefined);
      throw err;
    }
    this.pool = pool;
  }

  private get handle(): sql.ConnectionPool {
    if (!this.pool) throw new Error('The SQL Server archive is not open');
    return this.pool;
  }

  async checkpoint(): Promise<number> {
    const { rows } = await run(this.handle, MSSQL_QUERIES.checkpoint);
    // BIGINT comes back as text (it may exceed 2^53); journal sequences do not.
    return rows.length ? Number(rows[0].seq) : 0;
  }

  async write(records: ArchiveRecord[], lastSeq: number): Promise<void> {
    const pool = this.handle;
    const plan = planBatch(records, lastSeq, formatTimestamp());
    const done = this.writes.then(() => inTransaction(pool, async (tx) => {
      for (const { statement, params } of plan) await run(tx, MSSQL_WRITES[statement], params);
    }));
    this.writes = done.catch(() => undefined);
    return done;
  }

  async transactions(query: TransactionQuery): Promise<TransactionPage> {
    const count = transactionCount(query);
    const page = transactionPage(query);
    const [total, rows] = await Promise.all([run(this.handle, count.sql, count.params), run(this.handle, page.sql, page.params)]);
    return { total: Number(total.rows[0].n), rows: rows.rows as unknown as TransactionRow[] };
  }

  async meterValues(stationId: string, transactionId: string): Promise<MeterRow[]> {
    const { rows } = await run(this.handle, MSSQL_QUERIES.meterValues, { stationId, transactionId });
    return rows as unknown as MeterRow[];
  }

  async energyByMonth(query: EnergyQuery): Promise<EnergyRow[]> {
    const q = energyByMonth(query);
    const { rows } = await run(this.handle, q.sql, q.params);
    return rows as unknown as EnergyRow[];
  }

  async openTransactions(): Promise<TransactionRow[]> {
    const { rows } = await run(this.handle, MSSQL_QUERIES.openTransactions);
    return rows as unknown as TransactionRow[];
  }

  async stoppedAmong(keys: ReadonlyArray<{ stationId: string; transactionId: string }>): Promise<Array<{ stationId: string; transactionId: string }>> {
    // One lookup per key: the keys are the transactions open at a restart, a handful per station.
    const stopped: Array<{ stationId: string; transactionId: string }> = [];
    for (const { stationId, transactionId } of keys) {
      const { rows } = await run(this.handle, MSSQL_QUERIES.isStopped, { stationId, transactionId });
      if (rows.length) stopped.push({ stationId, transactionId });
    }
    return stopped;
  }

  async maxNumericTransactionId(): Promise<number> {
    const { rows } = await run(this.handle, MSSQL_QUERIES.maxNumericTransactionId);
    const id = rows[0]?.id;
    return id === null || id === undefined ? 0 : Number(id);
  }

  async desiredState(stationId: string): Promise<DesiredState> {
    const [config, profiles] = await Promise.all([
      run(this.handle, MSSQL_QUERIES.desiredConfig, { stationId }),
      run(this.handle, MSSQL_QUERIES.desiredProfiles, { stationId }),
    ]);
    return {
      stationId,
      config: (config.rows as Array<{ key: string; action: string; request: string; at: string }>)
        .map((c) => ({ ...c, request: JSON.parse(c.request) as unknown })),
      profiles: (profiles.rows as Array<{ evseId: number; profileId: number; purpose: string | null; transactionId: string | null; request: string; at: string }>)
        .map((p) => ({ ...p, request: JSON.parse(p.request) as unknown })),
    };
  }

  async stations(): Promise<StationRow[]> {
    const { rows } = await run(this.handle, MSSQL_QUERIES.stations);
    return (rows as Array<Omit<StationRow, 'connected'> & { connected: number }>).map((r) => ({ ...r, connected: r.connected === 1 }));
  }

  async openAlarms(): Promise<AlarmRow[]> {
    return (await run(this.handle, MSSQL_QUERIES.openAlarms)).rows as unknown as AlarmRow[];
  }

  async tags(): Promise<TagRow[]> {
    return (await run(this.handle, MSSQL_QUERIES.tags)).rows as unknown as TagRow[];
  }

  async alarmHistory(query: AlarmHistoryQuery): Promise<AlarmHistoryPage> {
    const sql = alarmHistorySql(query, 'mssql');
    const [total, rows] = await Promise.all([run(this.handle, sql.count, sql.params), run(this.handle, sql.page, sql.params)]);
    return { total: Number(total.rows[0].n), rows: rows.rows as unknown as AlarmRow[] };
  }

  async pruneMessages(before: string): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowsAffected } = await run(this.handle, MSSQL_QUERIES.pruneMessages, { before });
      total += rowsAffected;
      if (rowsAffected < PRUNE_SLICE) return total;
    }
  }

  async schemaVersion(): Promise<number> {
    const { rows } = await run(this.handle, MSSQL_QUERIES.schemaVersion);
    return Number(rows[0]?.v ?? 0);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    await this.writes;
    this.pool = undefined;
    await pool.close();
  }
}
