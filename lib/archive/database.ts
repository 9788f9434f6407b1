/**
 * An archive database as the nodes share it: the backend (SQLite or SQL Server), its journal and its writer.
 * One per evc-database config node; any number of CSMS archivers and queries use it.
 */
import path from 'path';
import { EventEmitter } from 'events';
import type { AlarmHistoryPage, AlarmHistoryQuery, AlarmRow, TagRow, ArchiveBackend, EnergyQuery, EnergyRow, MeterRow, StationRow, TransactionPage, TransactionQuery } from './backend';
import type { ArchiveRecord } from './records';
import { Journal } from './journal';
import { ArchiveWriter, WriterOptions, WriterStatus } from './writer';
import { SqliteBackend } from './sqlite/backend';

export interface DatabaseOptions extends WriterOptions {
  backend: ArchiveBackend;
  /** Where the journal (spool) lives; beside the SQLite file by default. */
  spoolDir: string;
}

export class ArchiveDatabase extends EventEmitter {
  readonly backend: ArchiveBackend;
  readonly writer: ArchiveWriter;
  /** Settles once the backend is open (or known unreachable: records are then spooled until it is back). */
  readonly ready: Promise<void>;

  constructor(options: DatabaseOptions) {
    super();
    this.backend = options.backend;
    this.writer = new ArchiveWriter(options.backend, new Journal({ dir: options.spoolDir }), options);
    this.writer.on('spooling', (reason: string) => this.emit('spooling', reason));
    this.writer.on('recovered', () => this.emit('recovered'));
    if (options.backend instanceof SqliteBackend) {
      const sqlite = options.backend;
      // Opened at once: the CSMS can restore its state before the first station is heard.
      this.writer.startSync(() => { sqlite.openSync(); return sqlite.checkpointSync(); });
      this.ready = Promise.resolve();
    } else {
      this.ready = this.writer.start();
    }
  }

  push(records: readonly ArchiveRecord[]): void {
    this.writer.push(records);
  }

  /** Resolves once every record pushed so far is in the database. */
  drained(): Promise<void> {
    return this.writer.drained();
  }

  status(): WriterStatus & { dialect: string } {
    return { ...this.writer.status(), dialect: this.backend.dialect };
  }

  transactions(query: TransactionQuery): Promise<TransactionPage> {
    return this.backend.transactions(query);
  }

  meterValues(stationId: string, transactionId: string): Promise<MeterRow[]> {
    return this.backend.meterValues(stationId, transactionId);
  }

  energyByMonth(query: EnergyQuery): Promise<EnergyRow[]> {
    return this.backend.energyByMonth(query);
  }

  stations(): Promise<StationRow[]> {
    return this.backend.stations();
  }

  openAlarms(): Promise<AlarmRow[]> {
    return this.backend.openAlarms();
  }

  tags(): Promise<TagRow[]> {
    return this.backend.tags();
  }

  alarmHistory(query: AlarmHistoryQuery): Promise<AlarmHistoryPage> {
    return this.backend.alarmHistory(query);
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.backend.close();
  }
}

/** The embedded default: `<dir>/archive.db` and its spool `<dir>/archive-spool/`. */
export function sqliteDatabase(file: string, options: WriterOptions = {}): ArchiveDatabase {
  const spoolDir = `${file.replace(/\.db$/, '')}-spool`;
  return new ArchiveDatabase({ ...options, backend: new SqliteBackend({ file, writerThread: { journalDir: spoolDir } }), spoolDir });
}

export function defaultArchiveFile(userDir: string): string {
  return path.join(userDir, 'evcharge', 'archive.db');
}
