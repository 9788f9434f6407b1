/**
 * One interface for the archive's databases (SQLite embedded, SQL Server in production) over one schema. Writes
 * come in batches, each one database transaction that also stores the journal sequence it reached, so a batch
 * is applied exactly once even when it is replayed after a crash.
 */
import type { ArchiveRecord } from './records';

export type Dialect = 'sqlite' | 'mssql';

/** A transaction as the archive keeps it (table `transactions`), the row of the Transaction History view. */
export interface TransactionRow {
  stationId: string;
  transactionId: string;
  evseId: number | null;
  connectorId: number | null;
  idTag: string | null;
  /** From the `tags` table when the badge is known there. */
  userGroup: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  /** The last register reading (the live one while open, the stop reading once stopped). */
  meterLastWh: number | null;
  energyWh: number | null;
  socStartPercent: number | null;
  socStopPercent: number | null;
  maxPowerW: number | null;
  stopReason: string | null;
  durationS: number | null;
  lastSeqNo: number | null;
  updatedAt: string;
}

export type TransactionSortKey = 'startedAt' | 'stoppedAt' | 'energyWh' | 'stationId' | 'idTag' | 'durationS';

export interface TransactionQuery {
  stationId?: string;
  transactionId?: string;
  idTag?: string;
  /** Transactions started at or after this instant (ISO). */
  from?: string;
  /** Transactions started before this instant (ISO). */
  to?: string;
  /** 'open' = not stopped yet, 'closed' = stopped. */
  state?: 'open' | 'closed';
  sort?: TransactionSortKey;
  descending?: boolean;
  /** Default 100, at most 10,000 (exports ask page by page). */
  limit?: number;
  offset?: number;
}

export interface TransactionPage {
  total: number;
  rows: TransactionRow[];
}

/** One meter sample of the `meter_values` table. */
export interface MeterRow {
  stationId: string;
  evseId: number;
  transactionId: string | null;
  sampledAt: string;
  context: string | null;
  energyWh: number | null;
  powerW: number | null;
  currentA: number | null;
  voltageV: number | null;
  socPercent: number | null;
  reactivePowerVar: number | null;
  powerOfferedW: number | null;
  temperatureC: number | null;
}

export interface EnergyQuery {
  /** Group by badge or by the badge's user group. */
  by: 'tag' | 'group';
  from?: string;
  to?: string;
  stationId?: string;
}

/** Energy of closed transactions per month (YYYY-MM, UTC) and per tag or user group. */
export interface EnergyRow {
  month: string;
  /** The tag or the group; null for transactions without a tag or a tag in no group. */
  key: string | null;
  transactions: number;
  energyWh: number;
}

/** What the CSMS applied to a station and should apply again after a restart. */
export interface DesiredState {
  stationId: string;
  config: Array<{ key: string; action: string; request: unknown; at: string }>;
  profiles: Array<{ evseId: number; profileId: number; purpose: string | null; transactionId: string | null; request: unknown; at: string }>;
}

export interface StationRow {
  stationId: string;
  ocppVersion: string | null;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmwareVersion: string | null;
  connected: boolean;
  mode: string;
  lastSeenAt: string | null;
}

/** One row of the alarm journal: an alarm as a transition (or a change of its condition while held) left it. */
export interface AlarmRow {
  alarmId: string;
  stationId: string | null;
  evseId: number | null;
  alarmType: string;
  priority: number | null;
  state: string;
  message: string | null;
  errorCode: string | null;
  info: string | null;
  vendorErrorCode: string | null;
  /** 1 or 0; null in rows journaled before the column existed. */
  active: number | null;
  cause: string | null;
  actor: string | null;
  shelvedUntil: string | null;
  resumesAs: string | null;
  at: string;
}

/** The journal's columns as AlarmRow names them (plain SQL both dialects read). */
export const ALARM_COLUMNS = `a.alarm_id AS alarmId, a.station_id AS stationId, a.evse_id AS evseId, a.alarm_type AS alarmType, a.priority, a.state,
    a.message, a.error_code AS errorCode, a.info, a.vendor_error_code AS vendorErrorCode, a.active, a.cause, a.actor,
    a.shelved_until AS shelvedUntil, a.resumes_as AS resumesAs, a.occurred_at AS [at]`;

/** The latest row of each alarm, when it is not normal. */
export const OPEN_ALARMS = `SELECT ${ALARM_COLUMNS}
  FROM alarms a JOIN (SELECT alarm_id, MAX(id) AS id FROM alarms GROUP BY alarm_id) latest ON latest.id = a.id
  WHERE a.state <> 'normal' ORDER BY a.id`;

/** A badge as the `tags` table keeps it (blocked is 1 or 0). */
export interface TagRow {
  idTag: string;
  owner: string | null;
  userGroup: string | null;
  validUntil: string | null;
  blocked: number;
  parentId: string | null;
  email: string | null;
  updatedAt: string;
}

export const ALL_TAGS = `SELECT id_tag AS idTag, owner, user_group AS userGroup, valid_until AS validUntil, blocked, parent_id AS parentId,
    email, updated_at AS updatedAt FROM tags ORDER BY id_tag`;

/** A page of the alarm journal, most recent first. */
export interface AlarmHistoryQuery {
  alarmId?: string;
  stationId?: string;
  alarmType?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface AlarmHistoryPage {
  total: number;
  rows: AlarmRow[];
}

export interface ArchiveBackend {
  readonly dialect: Dialect;
  /** Connects and brings the schema to the current version. */
  open(): Promise<void>;
  /** The last journal sequence number whose records are committed (0 for a new database). */
  checkpoint(): Promise<number>;
  /** Applies the records in one database transaction together with the new checkpoint; all or nothing. */
  write(records: ArchiveRecord[], lastSeq: number): Promise<void>;
  /**
   * Present when the backend takes its batches from the journal itself (the SQLite writer thread): writes the
   * records after `afterSeq` up to `uptoSeq`, at most `max`, in one transaction, and returns the last seq written.
   */
  writeFromJournal?: (afterSeq: number, uptoSeq: number, max: number) => Promise<number>;
  transactions(query: TransactionQuery): Promise<TransactionPage>;
  meterValues(stationId: string, transactionId: string): Promise<MeterRow[]>;
  energyByMonth(query: EnergyQuery): Promise<EnergyRow[]>;
  /** Transactions without a stop, to restore the CSMS's live state after a restart. */
  openTransactions(): Promise<TransactionRow[]>;
  /** Which of these transactions the archive has seen stop (the live state may have missed the stop). */
  stoppedAmong(keys: ReadonlyArray<{ stationId: string; transactionId: string }>): Promise<Array<{ stationId: string; transactionId: string }>>;
  /** The highest numeric transaction id, so ids we assign keep growing across restarts. */
  maxNumericTransactionId(): Promise<number>;
  desiredState(stationId: string): Promise<DesiredState>;
  stations(): Promise<StationRow[]>;
  /** The alarms whose latest transition left them anything but normal, to restore an alarm router after a restart. */
  openAlarms(): Promise<AlarmRow[]>;
  /** Every badge, to load a tag store. */
  tags(): Promise<TagRow[]>;
  /** The alarm journal, filtered and paged. */
  alarmHistory(query: AlarmHistoryQuery): Promise<AlarmHistoryPage>;
  /** Deletes raw OCPP messages older than the instant; returns how many went. */
  pruneMessages(before: string): Promise<number>;
  /** The current schema version. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

export const MAX_PAGE = 10_000;
