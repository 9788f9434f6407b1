/**
 * Drives one sink: picks what is due, sends it in batches, and applies each answer to the journal. One request
 * at a time per sink, so the journal never has two requests racing over the same entries, and a failure stops
 * the sink as a whole (the receiver is down, not the record) until its back-off ends.
 */
import type { Clock } from '../continuity/clock';
import type { Journal } from './journal';
import { recordTime } from './journal';
import type { JournalEntry } from './model';
import { classifyError, type Outcome } from './outcome';
import { basicCheck } from './records';
import { backoffDelay, lastSlot, nextSlot, type Backoff } from './schedule';
import type { Sink } from './sink';

export interface RunnerContext {
  journal: Journal;
  clock: Clock;
  backoff: Backoff;
  /** Transient failures a record may go through before it is journaled as failed; unbounded when undefined. */
  maxAttempts?: number;
  random: () => number;
  /** Writes the journal; false when it could not be written. */
  save(): boolean;
  stopped(): boolean;
  changed(entries: readonly JournalEntry[]): void;
}

type Work = { resolve: JournalEntry[] } | { send: JournalEntry[] };

const byAge = (a: JournalEntry, b: JournalEntry): number => recordTime(a.record) - recordTime(b.record) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SinkRunner {
  /** Consecutive failed requests: the back-off exponent. */
  failures = 0;
  retryAt?: number;
  /** Set by a refusal no retry can cure (credentials, configuration); cleared by an operator's retry. */
  blocked?: string;
  private running?: Promise<number>;

  constructor(readonly sink: Sink, private readonly ctx: RunnerContext) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves to the number of steps (sends, look-ups) it took. */
  run(): Promise<number> {
    this.running ??= this.loop().finally(() => { this.running = undefined; });
    return this.running;
  }

  unblock(): void {
    this.blocked = undefined;
    this.retryAt = undefined;
    this.failures = 0;
  }

  /** When this sink next has something to do (now or later), undefined when nothing waits for it. */
  nextWake(now: number): number | undefined {
    if (this.blocked !== undefined) return undefined;
    const entries = this.ctx.journal.list({ sink: this.sink.name });
    const resolvable = entries.some((e) => e.state === 'uncertain' && !e.held);
    const queued = entries.filter((e) => e.state === 'queued');
    if (!resolvable && !queued.length) return undefined;
    if (this.retryAt !== undefined && this.retryAt > now) return this.retryAt;
    if (resolvable || queued.some((e) => this.released(e, now))) return now;
    return nextSlot(this.sink.schedule, now);
  }

  private released(entry: JournalEntry, now: number): boolean {
    return entry.manual === true || this.sink.schedule.everyMs <= 0 || Date.parse(entry.queuedAt) <= lastSlot(this.sink.schedule, now);
  }

  private pick(now: number): Work | undefined {
    if (this.blocked !== undefined || (this.retryAt !== undefined && now < this.retryAt)) return undefined;
    const entries = this.ctx.journal.list({ sink: this.sink.name });
    const uncertain = entries.filter((e) => e.state === 'uncertain' && !e.held).sort(byAge);
    if (uncertain.length) return { resolve: this.sameKind(uncertain) };
    const ready = entries.filter((e) => e.state === 'queued' && this.released(e, now)).sort(byAge);
    if (!ready.length) return undefined;
    if (ready[0].solo) return { send: [ready[0]] };
    return { send: this.sameKind(ready.filter((e) => !e.solo)) };
  }

  private sameKind(entries: JournalEntry[]): JournalEntry[] {
    const kind = entries[0].record.kind;
    return entries.filter((e) => e.record.kind === kind).slice(0, this.sink.maxBatch);
  }

  private async loop(): Promise<number> {
    for (let steps = 0; ; steps++) {
      if (this.ctx.stopped()) return steps;
      const work = this.pick(this.ctx.clock.now());
      if (!work) return steps;
      if ('resolve' in work) await this.resolve(work.resolve);
      else await this.send(work.send);
    }
  }

  /** Uncertain entries: resend when harmless, look them up when the receiver allows, else per the sink's policy. */
  private async resolve(entries: JournalEntry[]): Promise<void> {
    const { journal, clock } = this.ctx;
    let presence = new Map<string, boolean>();
    if (!this.sink.idempotent && this.sink.verify) {
      try {
        presence = await this.sink.verify(entries.map((e) => e.record));
      } catch (err) {
        if (this.ctx.stopped()) return;
        const outcome = classifyError(err);
        this.fail(outcome.kind === 'blocked' ? outcome.reason : undefined);
        entries.forEach((e) => journal.note(e, clock.now(), 'transient', `lookup failed: ${'reason' in outcome ? outcome.reason : ''}`));
        this.ctx.save();
        return;
      }
      if (this.ctx.stopped()) return;
    }
    const now = clock.now();
    for (const e of entries) {
      const found = this.sink.idempotent ? undefined : presence.get(e.id);
      if (found === true) journal.move(e, 'acknowledged', now, 'verified', undefined);
      else if (found === false) journal.move(e, 'queued', now, 'retry', 'not at the receiver after an unanswered request: sent again');
      else if (this.sink.idempotent || this.sink.onUncertain === 'resend') journal.move(e, 'queued', now, 'retry', `sent again after an unanswered request (${this.sink.idempotent ? 'the receiver replaces what it has' : 'policy: resend'})`);
      else {
        e.held = true;
        journal.note(e, now, 'uncertain', 'cannot be looked up at the receiver: waiting for an operator to confirm or retry');
      }
    }
    this.ctx.save();
    this.ctx.changed(entries);
  }

  private async send(entries: JournalEntry[]): Promise<void> {
    const { journal, clock } = this.ctx;
    const now = clock.now();
    const batch: JournalEntry[] = [];
    for (const e of entries) {
      const verdict = this.verdict(e, now);
      if (verdict.reject) {
        journal.move(e, 'failed', now, 'failed', verdict.reject);
        continue;
      }
      const flags = verdict.flags ?? [];
      if (flags.join('\n') !== (e.flags ?? []).join('\n')) {
        if (flags.length) e.flags = flags;
        else delete e.flags;
        if (flags.length) journal.note(e, now, 'flagged', flags.join('; '));
      }
      batch.push(e);
    }
    if (!batch.length) {
      this.ctx.save();
      this.ctx.changed(entries);
      return;
    }
    if (this.sink.prepare) {
      try {
        await this.sink.prepare();
      } catch (err) {
        if (this.ctx.stopped()) return;
        const outcome = classifyError(err);
        // Nothing of ours left: an unanswered login is a failed one, not an uncertain delivery.
        this.apply(batch, outcome.kind === 'uncertain' ? { kind: 'transient', reason: outcome.reason } : outcome);
        this.ctx.save();
        this.ctx.changed(entries);
        return;
      }
      if (this.ctx.stopped()) return;
    }
    for (const e of batch) {
      e.attempts++;
      journal.move(e, 'sent', now, 'sent', e.reason);
    }
    // Written before the request leaves: after a crash these entries read `sent`, i.e. possibly delivered. A
    // request whose `sent` mark is not on disk could be repeated after a crash, so it does not leave.
    if (!this.ctx.save()) {
      if (this.ctx.stopped()) return;
      for (const e of batch) {
        e.attempts--;
        journal.move(e, 'queued', now, 'transient', 'journal not saved: not sent');
      }
      this.fail();
      return;
    }
    const outcome = await this.sink.send(batch.map((e) => e.record));
    if (this.ctx.stopped()) return;
    this.apply(batch, outcome);
    this.ctx.save();
    this.ctx.changed(entries);
  }

  private verdict(entry: JournalEntry, now: number): { reject?: string; flags?: string[] } {
    const basic = basicCheck(entry.record);
    return basic ? { reject: basic } : this.sink.check(entry.record, now);
  }

  private apply(batch: JournalEntry[], outcome: Outcome): void {
    const { journal, clock, maxAttempts } = this.ctx;
    const now = clock.now();
    switch (outcome.kind) {
      case 'ok':
        this.failures = 0;
        this.retryAt = undefined;
        batch.forEach((e, i) => {
          const remoteId = outcome.remoteIds?.[i];
          if (remoteId) e.remoteId = remoteId;
          delete e.manual;
          journal.move(e, 'acknowledged', now, 'acknowledged', undefined);
        });
        return;
      case 'transient':
        this.fail();
        for (const e of batch) {
          if (maxAttempts !== undefined && e.attempts >= maxAttempts) journal.move(e, 'failed', now, 'failed', `gave up after ${e.attempts} attempts: ${outcome.reason}`);
          else journal.move(e, 'queued', now, 'transient', outcome.reason);
        }
        return;
      case 'uncertain':
        this.fail();
        batch.forEach((e) => journal.move(e, 'uncertain', now, 'uncertain', outcome.reason));
        return;
      case 'rejected':
        if (batch.length > 1) {
          // The receiver refuses whole batches for one bad record: each goes alone once, the culprit is found.
          batch.forEach((e) => { e.solo = true; journal.move(e, 'queued', now, 'retry', `batch refused (${outcome.reason}): sent alone`); });
        } else {
          journal.move(batch[0], 'failed', now, 'failed', outcome.reason);
        }
        return;
      case 'blocked':
        this.fail(outcome.reason);
        batch.forEach((e) => journal.move(e, 'failed', now, 'failed', outcome.reason));
    }
  }

  private fail(blocked?: string): void {
    if (blocked !== undefined) {
      this.blocked = blocked;
      return;
    }
    this.failures++;
    this.retryAt = this.ctx.clock.now() + backoffDelay(this.ctx.backoff, this.failures, this.ctx.random);
  }
}
