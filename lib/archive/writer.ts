/**
 * The archive writer: records are journaled at once (synchronously, before the CSMS answers the station) and
 * written to the database in batches behind the OCPP path. When the database fails, records stay in the journal
 * and are replayed in order when it is back; on start, whatever the last run journaled but did not commit is
 * replayed first.
 */
import { EventEmitter } from 'events';
import type { ArchiveBackend } from './backend';
import type { ArchiveRecord } from './records';
import { Journal, recordOf } from './journal';

export interface WriterOptions {
  /** Records per database transaction, default 2000. */
  batchSize?: number;
  /** Longest a record waits for its batch, default 250 ms. */
  flushMs?: number;
  /** Records kept in memory; beyond that (an outage) they are read back from the journal, default 50,000. */
  maxInMemory?: number;
  /** First retry after a failed write, doubled up to maxRetryMs; defaults 1000 and 30000. */
  retryMs?: number;
  maxRetryMs?: number;
}

export type WriterState = 'starting' | 'live' | 'spooling' | 'closed';

export interface WriterStatus {
  state: WriterState;
  /** Journaled but not yet in the database. */
  pending: number;
  committedSeq: number;
  lastSeq: number;
  spooledBytes: number;
  lastError?: string;
}

export class ArchiveWriter extends EventEmitter {
  private readonly options: Required<WriterOptions>;
  /** Journaled records waiting for the database, unless the backend reads them from the journal itself. */
  private queue: Array<{ seq: number; record: ArchiveRecord }> = [];
  /** Some journaled records are only on disk: the queue must be refilled from the journal before new ones. */
  private onDiskOnly = false;
  private committed = 0;
  private opened = false;
  private stateValue: WriterState = 'starting';
  private writing = false;
  private timer?: NodeJS.Timeout;
  private retryDelay: number;
  private lastError?: string;
  private idle: Array<() => void> = [];

  constructor(readonly backend: ArchiveBackend, private readonly journal: Journal, options: WriterOptions = {}) {
    super();
    this.options = {
      batchSize: options.batchSize ?? 2000,
      flushMs: options.flushMs ?? 250,
      maxInMemory: options.maxInMemory ?? 50_000,
      retryMs: options.retryMs ?? 1000,
      maxRetryMs: options.maxRetryMs ?? 30_000,
    };
    this.retryDelay = this.options.retryMs;
  }

  /**
   * Opens the journal at the database's checkpoint and queues what an earlier run left uncommitted. When the
   * database cannot be reached, the writer still starts (records are journaled) and keeps retrying.
   */
  async start(): Promise<void> {
    let checkpoint = 0;
    let reachable = true;
    try {
      await this.backend.open();
      checkpoint = await this.backend.checkpoint();
      this.opened = true;
    } catch (err) {
      reachable = false;
    }
    this.resume(checkpoint);
    if (reachable) {
      this.stateValue = 'live';
      this.schedule(0);
    } else {
      this.stateValue = 'live';
      this.fail(new Error('database unreachable at start'));
      this.schedule(this.retryDelay);
    }
  }

  /** Same as start() for a backend that opens synchronously (SQLite), so the caller can read restored data at once. */
  startSync(open: () => number): void {
    const checkpoint = open();
    this.opened = true;
    this.resume(checkpoint);
    this.stateValue = 'live';
  }

  /** Opens the journal at the database's checkpoint: what lies beyond it is read back from disk first. */
  private resume(checkpoint: number): void {
    this.journal.open(checkpoint);
    this.committed = checkpoint;
    this.onDiskOnly = this.journal.next - 1 > checkpoint;
  }

  get state(): WriterState {
    return this.stateValue;
  }

  status(): WriterStatus {
    return {
      state: this.stateValue, pending: this.journal.next - 1 - this.committed, committedSeq: this.committed, lastSeq: this.journal.next - 1,
      spooledBytes: this.journal.bytesOnDisk(), lastError: this.lastError,
    };
  }

  /** Journals the records (durable when this returns) and queues them for the database. */
  push(records: readonly ArchiveRecord[]): void {
    if (records.length === 0 || this.stateValue === 'closed') return;
    const first = this.journal.append(records);
    const last = first + records.length - 1;
    // A backend that reads the journal itself needs no queue.
    if (!this.backend.writeFromJournal) this.enqueue(records.map((record, i) => ({ seq: first + i, record })));
    if (last - this.committed >= this.options.batchSize) this.schedule(0);
    else this.schedule(this.options.flushMs);
  }

  private enqueue(entries: Array<{ seq: number; record: ArchiveRecord }>): void {
    if (this.onDiskOnly || this.queue.length + entries.length > this.options.maxInMemory) this.onDiskOnly = true;
    else for (const entry of entries) this.queue.push(entry);
  }

  /** Resolves when everything journaled so far is in the database (or the writer is closed). */
  drained(): Promise<void> {
    if (this.journal.next - 1 <= this.committed || this.stateValue === 'closed') return Promise.resolve();
    this.schedule(0);
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Writes what it can, then closes the journal; what could not be written stays there for the next start. */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stateValue === 'live') {
      try {
        while (this.writing) await new Promise((r) => setTimeout(r, 5));
        await this.flushAll();
      } catch {
        // Still journaled: the next start replays it.
      }
    }
    this.stateValue = 'closed';
    this.journal.close();
    await this.journal.removed();
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private schedule(delayMs: number): void {
    if (this.stateValue === 'closed' || this.writing) return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private async flushAll(): Promise<void> {
    while (this.journal.next - 1 > this.committed) await this.writeBatch();
  }

  private async flush(): Promise<void> {
    if (this.writing || this.stateValue === 'closed') return;
    this.writing = true;
    try {
      await this.writeBatch();
      this.recovered();
    } catch (err) {
      this.fail(err);
      this.writing = false;
      this.schedule(this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryMs);
      return;
    }
    this.writing = false;
    if (this.journal.next - 1 > this.committed) this.schedule(0);
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  /** One database transaction with the oldest uncommitted records. */
  private async writeBatch(): Promise<void> {
    if (!this.opened) await this.openLate();
    if (this.journal.next - 1 <= this.committed) return;
    const lastSeq = this.backend.writeFromJournal
      ? await this.backend.writeFromJournal(this.committed, this.journal.next - 1, this.options.batchSize)
      : await this.writeQueued();
    // Records are pending, yet none could be read: fail (and retry later) rather than spin.
    if (lastSeq <= this.committed) throw new Error(`no journaled record readable after ${this.committed}`);
    this.committed = lastSeq;
    this.journal.release(lastSeq);
  }

  /** Writes the oldest queued records; returns the last sequence number written. */
  private async writeQueued(): Promise<number> {
    if (this.queue.length === 0 && this.onDiskOnly) this.refill();
    const batch = this.queue.slice(0, this.options.batchSize);
    if (batch.length === 0) return this.committed;
    const lastSeq = batch[batch.length - 1].seq;
    await this.backend.write(batch.map((e) => e.record), lastSeq);
    this.queue.splice(0, batch.length);
    return lastSeq;
  }

  /** The database was down at start: now that it answers, its checkpoint says where the journal resumes. */
  private async openLate(): Promise<void> {
    await this.backend.open();
    const checkpoint = await this.backend.checkpoint();
    this.opened = true;
    if (checkpoint > this.committed) {
      this.committed = checkpoint;
      this.queue = this.queue.filter((e) => e.seq > checkpoint);
      this.journal.release(checkpoint);
    }
  }

  /** Reads the next records back from the journal; once it has caught up, new records queue in memory again. */
  private refill(): void {
    this.queue = this.journal.read(this.committed, this.options.batchSize * 4).map((e) => ({ seq: e.seq, record: recordOf(e) }));
    const last = this.queue[this.queue.length - 1]?.seq ?? this.committed;
    if (last >= this.journal.next - 1) this.onDiskOnly = false;
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const first = this.stateValue !== 'spooling';
    this.lastError = message;
    this.stateValue = 'spooling';
    // Records stay in the journal; memory is freed and the queue refilled from disk on recovery.
    this.queue = [];
    this.onDiskOnly = this.journal.next - 1 > this.committed;
    if (first) this.emit('spooling', message);
  }

  private recovered(): void {
    this.retryDelay = this.options.retryMs;
    if (this.stateValue !== 'spooling') return;
    this.stateValue = 'live';
    this.lastError = undefined;
    this.emit('recovered');
  }
}
