/**
 * Archives everything a CSMS sees, restores its live state from the archive after a restart, and re-applies to
 * each station the configuration and charging profiles it had before the stop.
 */
import { EventEmitter } from 'events';
import type { Csms, Exchange } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import { beforeWrite } from '../ocpp/outbox';
import { formatTimestamp } from '../ocpp/time';
import type { ArchiveDatabase } from './database';
import type { ArchiveRecord } from './records';
import { recordsOfEvent } from './from-events';
import { messageRecord, recordsOfCommand } from './from-exchanges';

export interface ArchiverOptions {
  /** Keep the raw OCPP message log, default true. */
  messageLog?: boolean;
  /** Days raw messages are kept, default 30 (0 = forever). */
  retentionDays?: number;
  /** Restore open transactions from the archive when attaching, default true. */
  restore?: boolean;
  /** Re-apply configuration and profiles on each station's first connection, default true. */
  reapply?: boolean;
  /** How long to wait for a BootNotification after a connection before re-applying, default 5000 ms. */
  reapplyDelayMs?: number;
}

export interface ReapplyReport {
  stationId: string;
  config: number;
  profiles: number;
  failed: Array<{ action: string; error: string }>;
}

const HOUR_MS = 3_600_000;

export class CsmsArchiver extends EventEmitter {
  private readonly options: Required<ArchiverOptions>;
  private readonly reapplied = new Set<string>();
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private pruneTimer?: NodeJS.Timeout;
  private readonly onEvent = (e: OcppEvent) => this.event(e);
  private readonly onExchange = (x: Exchange) => this.exchange(x);
  /**
   * Records of the current turn of the event loop, journaled together in one write: every call a station made in
   * that turn, its events and its exchange, before any answer of the turn leaves (outbox.beforeWrite).
   */
  private pending: ArchiveRecord[] = [];
  private flushQueued?: NodeJS.Immediate;
  private removeHook?: () => void;
  private readonly flushPending = () => {
    if (this.flushQueued) clearImmediate(this.flushQueued);
    this.flushQueued = undefined;
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    this.push(records);
  };
  /** Settles when the CSMS state is restored. */
  restored: Promise<void> = Promise.resolve();

  constructor(private readonly csms: Csms, private readonly db: ArchiveDatabase, options: ArchiverOptions = {}) {
    super();
    this.options = {
      messageLog: options.messageLog ?? true, retentionDays: options.retentionDays ?? 30, restore: options.restore ?? true,
      reapply: options.reapply ?? true, reapplyDelayMs: options.reapplyDelayMs ?? 5000,
    };
  }

  attach(): void {
    // First of the event's listeners: a reaction another listener schedules for the next phase runs after the journal.
    this.csms.prependListener('event', this.onEvent);
    this.csms.on('exchange', this.onExchange);
    this.removeHook = beforeWrite(this.flushPending);
    if (this.options.restore) {
      this.restored = this.restore().catch((err) => { this.emit('warn', `state not restored from the archive: ${String(err)}`); });
      this.csms.defer(this.restored);
    }
    if (this.options.messageLog && this.options.retentionDays > 0) {
      const prune = () => { void this.prune(); };
      this.pruneTimer = setInterval(prune, HOUR_MS);
      this.pruneTimer.unref();
      void this.restored.then(prune);
    }
  }

  detach(): void {
    this.flushPending();
    this.removeHook?.();
    this.removeHook = undefined;
    this.csms.off('event', this.onEvent);
    this.csms.off('exchange', this.onExchange);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    for (const t of this.waiting.values()) clearTimeout(t);
    this.waiting.clear();
  }

  private push(records: ArchiveRecord[]): void {
    try {
      this.db.push(records);
    } catch (err) {
      // The journal could not be written (disk full, permissions): say so loudly, never throw into the OCPP path.
      this.emit('warn', `archive journal write failed: ${String(err)}`);
    }
  }

  /**
   * Holds records until the I/O callbacks of the turn have run. A station's call is answered through the outbox,
   * whose hook journals them before the answer leaves; the check phase's own callback covers events that no answer
   * follows, and runs before anything a later listener of the same event scheduled there.
   */
  private collect(records: readonly ArchiveRecord[]): void {
    for (const r of records) this.pending.push(r);
    if (this.flushQueued || this.pending.length === 0) return;
    this.flushQueued = setImmediate(this.flushPending);
  }

  private event(e: OcppEvent): void {
    this.collect(recordsOfEvent(e, formatTimestamp()));
    if (!this.options.reapply) return;
    if (e.type === 'station.connected' && !this.reapplied.has(e.stationId)) this.scheduleReapply(e.stationId, this.options.reapplyDelayMs);
    if (e.type === 'station.booted' && e.status === 'Accepted' && this.waiting.has(e.stationId)) this.scheduleReapply(e.stationId, 0);
  }

  private exchange(x: Exchange): void {
    const records = recordsOfCommand(x);
    if (this.options.messageLog) records.push(messageRecord(x));
    this.collect(records);
  }

  private async restore(): Promise<void> {
    await this.db.ready;
    await this.db.drained();
    const open = await this.db.backend.openTransactions();
    const maxId = await this.db.backend.maxNumericTransactionId();
    const known = this.csms.store.list().flatMap((s) => s.transactions.map((t) => ({ stationId: s.identity, transactionId: t.transactionId })));
    const openKeys = new Set(open.map((t) => `${t.stationId}\u0000${t.transactionId}`));
    const stopped = await this.db.backend.stoppedAmong(known.filter((k) => !openKeys.has(`${k.stationId}\u0000${k.transactionId}`)));
    this.csms.store.restoreTransactions(open, stopped, maxId);
    this.emit('restored', { open: open.length, stopped: stopped.length });
  }

  /** After a connection the station usually boots first; re-applying before its boot is accepted would be refused. */
  private scheduleReapply(stationId: string, delayMs: number): void {
    const previous = this.waiting.get(stationId);
    if (previous) clearTimeout(previous);
    this.waiting.set(stationId, setTimeout(() => {
      this.waiting.delete(stationId);
      void this.reapply(stationId);
    }, delayMs));
  }

  private async reapply(stationId: string): Promise<void> {
    if (this.reapplied.has(stationId) || !this.csms.isConnected(stationId)) return;
    this.reapplied.add(stationId);
    await this.restored;
    let desired;
    try {
      desired = await this.db.backend.desiredState(stationId);
    } catch (err) {
      this.emit('warn', `${stationId}: desired state unreadable: ${String(err)}`);
      return;
    }
    if (desired.config.length === 0 && desired.profiles.length === 0) return;
    const report: ReapplyReport = { stationId, config: 0, profiles: 0, failed: [] };
    const send = async (action: string, request: unknown, count: 'config' | 'profiles') => {
      try {
        await this.csms.call(stationId, action, request as Record<string, unknown>);
        report[count]++;
      } catch (err) {
        report.failed.push({ action, error: (err as Error).message });
      }
    };
    for (const c of desired.config) await send(c.action, c.request, 'config');
    for (const p of desired.profiles) await send('SetChargingProfile', p.request, 'profiles');
    this.emit('reapplied', report);
  }

  private async prune(): Promise<void> {
    const before = new Date(Date.now() - this.options.retentionDays * 86_400_000).toISOString();
    try {
      await this.db.ready;
      const removed = await this.db.backend.pruneMessages(before);
      if (removed > 0) this.emit('pruned', removed);
    } catch (err) {
      this.emit('warn', `message log retention: ${String(err)}`);
    }
  }
}
