/**
 * The reporting engine behind `evc-advenir`: takes closed sessions and status changes, journals them once per
 * sink, and hands them to each sink's runner on its schedule. Exactly once per sink and record: the journal is
 * keyed by (sink, record id), saved before and after every request, and restored on start.
 */
import { systemClock, type Clock, type TimerHandle } from '../continuity/clock';
import type { TransactionRow } from '../archive/backend';
import { sessionsCsv, type CsvOptions } from './csv';
import { PointMapper } from './ids';
import { Journal, recordTime, type EntryFilter } from './journal';
import type { JournalEntry, ReportRecord, SessionRecord } from './model';
import { sessionFromRow, statusFromOcpp, type StatusInput } from './records';
import { SinkRunner } from './runner';
import { DEFAULT_BACKOFF } from './schedule';
import type { AddResult, CatchUpResult, ReportingOptions } from './engine-options';
import { operatorConfirm, operatorRetry, summarize, type SinkSummary } from './operator';

const DAY_MS = 86_400_000;

export class ReportingEngine {
  readonly mapper: PointMapper;
  private readonly journal = new Journal();
  private readonly clock: Clock;
  private readonly runners: SinkRunner[];
  private readonly active = new Set<Promise<void>>();
  private timer?: TimerHandle;
  private stopped = false;
  private lastPrune = 0;

  constructor(private readonly options: ReportingOptions) {
    const names = new Set(options.sinks.map((s) => s.name));
    if (names.size !== options.sinks.length) throw new Error('reporting: two sinks share a name; the journal is keyed by it');
    this.clock = options.clock ?? systemClock;
    this.mapper = new PointMapper(options.points);
    this.journal.restore(options.store?.load());
    const now = this.clock.now();
    // In flight when the previous run stopped: the receiver may hold them.
    for (const e of this.journal.list({ state: 'sent' })) this.journal.move(e, 'uncertain', now, 'uncertain', 'in flight when the engine stopped');
    const context = {
      journal: this.journal,
      clock: this.clock,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      maxAttempts: options.maxAttempts,
      random: options.random ?? Math.random,
      save: () => this.save(),
      stopped: () => this.stopped,
      changed: (entries: readonly JournalEntry[]) => options.onChange?.(entries),
    };
    this.runners = options.sinks.map((sink) => new SinkRunner(sink, context));
    this.save();
    this.reschedule();
  }

  /** A transaction that just closed; open ones are ignored (they come back when they stop). */
  addSession(row: TransactionRow): AddResult {
    if (!row.stoppedAt) return { queued: [], known: [] };
    const built = sessionFromRow(row, this.mapper);
    const result = this.enqueue(built.record, built.problem);
    this.commit(result.queued.length > 0);
    return result;
  }

  addStatus(input: StatusInput): AddResult {
    const result = this.enqueue(statusFromOcpp(input, this.mapper));
    this.commit(result.queued.length > 0);
    return result;
  }

  /**
   * Closed transactions archived while the engine was stopped (or any superset: what is known is skipped).
   * Ask the archive for transactions started from catchUpFrom().
   */
  catchUp(rows: readonly TransactionRow[]): CatchUpResult {
    const result: CatchUpResult = { queued: 0, known: 0, open: 0, failed: 0 };
    for (const row of rows) {
      if (!row.stoppedAt) { result.open++; continue; }
      const built = sessionFromRow(row, this.mapper);
      const added = this.enqueue(built.record, built.problem);
      if (added.queued.length && built.problem) result.failed++;
      else if (added.queued.length) result.queued++;
      else result.known++;
    }
    this.commit(result.queued + result.failed > 0);
    return result;
  }

  /**
   * Where a catch-up should start, as the archive filters (by start time): the latest session end journaled,
   * less a look-back covering sessions that started before it and ended after (7 days, QualiCharge's longest).
   */
  catchUpFrom(lookbackMs = 7 * DAY_MS): string | undefined {
    const high = this.journal.highWater;
    return high === undefined ? undefined : new Date(high - lookbackMs).toISOString();
  }

  /** Sends whatever is due now and resolves when every sink is idle again. */
  pump(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const now = this.clock.now();
    for (const runner of this.runners) {
      if (runner.busy) continue;
      const wake = runner.nextWake(now);
      if (wake === undefined || wake > now) continue;
      const done: Promise<void> = runner.run()
        .catch((err: unknown) => { this.options.onError?.(err instanceof Error ? err : new Error(String(err))); return 0; })
        .then((steps) => { this.active.delete(done); this.reschedule(steps === 0); });
      this.active.add(done);
    }
    return this.idle();
  }

  async idle(): Promise<void> {
    while (this.active.size) await Promise.all([...this.active]);
  }

  /** Sends a failed or held-uncertain record again, at once; also lifts a blocked sink. */
  retry(sink: string, id: string): string | undefined {
    const error = operatorRetry(this.journal, this.runner(sink), id, this.clock.now(), this.mapper);
    if (!error) this.commit(true);
    return error;
  }

  /** Every failed record of one sink (or all), e.g. once credentials or the point mapping are fixed. */
  retryFailed(sink?: string): number {
    let count = 0;
    for (const runner of this.runners) {
      if (sink !== undefined && runner.sink.name !== sink) continue;
      for (const e of this.journal.list({ sink: runner.sink.name, state: 'failed' })) {
        if (!operatorRetry(this.journal, runner, e.id, this.clock.now(), this.mapper)) count++;
      }
      runner.unblock();
    }
    this.commit(count > 0);
    return count;
  }

  /** An operator saw an uncertain record at the receiver: acknowledged without sending it again. */
  confirm(sink: string, id: string, remoteId?: string): string | undefined {
    const entry = this.journal.get(sink, id);
    const error = operatorConfirm(this.journal, entry, id, this.clock.now(), remoteId);
    if (!error && entry) {
      this.commit(true);
      this.options.onChange?.([entry]);
    }
    return error;
  }

  entries(filter: EntryFilter = {}): JournalEntry[] {
    return this.journal.list(filter);
  }

  /** The sessions one sink has journaled (optionally one state), oldest first, e.g. for a CSV export. */
  sessions(sink: string, state?: JournalEntry['state']): SessionRecord[] {
    return this.journal.list({ sink, kind: 'session', ...(state ? { state } : {}) })
      .map((e) => e.record)
      .filter((r): r is SessionRecord => r.kind === 'session')
      .sort((a, b) => recordTime(a) - recordTime(b));
  }

  exportCsv(sink: string, options?: CsvOptions & { state?: JournalEntry['state'] }): string {
    return sessionsCsv(this.sessions(sink, options?.state), options);
  }

  summary(): SinkSummary[] {
    return this.runners.map((r) => summarize(r, this.journal.list({ sink: r.sink.name })));
  }

  /** Stops timers; answers of requests still in flight are ignored, as after a crash. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }

  private runner(name: string): SinkRunner | undefined {
    return this.runners.find((r) => r.sink.name === name);
  }

  private enqueue(record: ReportRecord, problem?: string): AddResult {
    const result: AddResult = { queued: [], known: [], ...(problem ? { problem } : {}) };
    const now = this.clock.now();
    for (const { sink } of this.runners) {
      if (!sink.accepts.includes(record.kind)) continue;
      if (this.journal.knows(sink.name, record.id)) { result.known.push(sink.name); continue; }
      this.journal.add(sink.name, record, now, problem ? 'failed' : 'queued', problem);
      result.queued.push(sink.name);
    }
    return result;
  }

  private commit(changed: boolean): void {
    if (!changed) return;
    this.save();
    this.reschedule();
  }

  /** False when the journal could not be written (or the engine is stopped): the caller must not send. */
  private save(): boolean {
    if (this.stopped) return false;
    const now = this.clock.now();
    if (now - this.lastPrune >= 3_600_000) {
      this.lastPrune = now;
      this.journal.prune(now - (this.options.retentionMs ?? 35 * DAY_MS), now - (this.options.forgetAfterMs ?? 400 * DAY_MS));
    }
    try {
      this.options.store?.save(this.journal.snapshot());
      return true;
    } catch (err) {
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      return false;
    }
  }

  /**
   * One timer for the earliest wake of any sink; work due now starts at once, unless a run just found nothing to
   * do: then a second later, so a disagreement between "due" and "nothing to pick" cannot spin.
   */
  private reschedule(idleRun = false): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    let earliest: number | undefined;
    for (const runner of this.runners) {
      if (runner.busy) continue;
      const wake = runner.nextWake(now);
      if (wake !== undefined && (earliest === undefined || wake < earliest)) earliest = wake;
    }
    if (earliest === undefined) return;
    if (earliest <= now && !idleRun) void this.pump();
    else this.timer = this.clock.setTimeout(() => { this.timer = undefined; void this.pump(); }, Math.max(earliest - now, idleRun ? 1000 : 0));
  }
}
