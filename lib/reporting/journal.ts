/**
 * The journal: one entry per sink and record, the single source of truth for "was it sent". An entry moves
 * queued → sent → acknowledged | failed | uncertain, and the whole journal is saved before a request leaves and
 * after its answer, so a crash at any point leaves at worst entries marked `sent`, which a restart treats as
 * uncertain rather than as never sent.
 */
import type { EntryState, JournalEntry, JournalEventName, JournalSnapshot, ReportRecord } from './model';

/** Events kept per entry: enough to read what happened lately, bounded so a long outage does not bloat the file. */
const LOG_CAP = 12;

const key = (sink: string, id: string): string => `${sink}\u0000${id}`;

export function recordTime(record: ReportRecord): number {
  return Date.parse(record.kind === 'session' ? record.end : record.at);
}

export interface EntryFilter {
  sink?: string;
  state?: EntryState;
  kind?: ReportRecord['kind'];
}

export class Journal {
  private readonly entries = new Map<string, JournalEntry>();
  private readonly forgotten = new Map<string, number>();
  private highWaterMs?: number;

  restore(snapshot: JournalSnapshot | undefined): void {
    this.entries.clear();
    this.forgotten.clear();
    if (!snapshot) return;
    for (const entry of snapshot.entries) this.entries.set(key(entry.sink, entry.id), entry);
    for (const [sink, id, endMs] of snapshot.forgotten) this.forgotten.set(key(sink, id), endMs);
    this.highWaterMs = snapshot.highWaterMs;
  }

  snapshot(): JournalSnapshot {
    const forgotten: JournalSnapshot['forgotten'] = [];
    for (const [k, endMs] of this.forgotten) {
      const [sink, id] = k.split('\u0000');
      forgotten.push([sink, id, endMs]);
    }
    return { version: 1, entries: [...this.entries.values()], forgotten, ...(this.highWaterMs !== undefined ? { highWaterMs: this.highWaterMs } : {}) };
  }

  /** Known to this sink, whether still kept or pruned after its acknowledgement. */
  knows(sink: string, id: string): boolean {
    const k = key(sink, id);
    return this.entries.has(k) || this.forgotten.has(k);
  }

  get(sink: string, id: string): JournalEntry | undefined {
    return this.entries.get(key(sink, id));
  }

  add(sink: string, record: ReportRecord, now: number, state: EntryState = 'queued', reason?: string): JournalEntry {
    const at = new Date(now).toISOString();
    const entry: JournalEntry = {
      sink, id: record.id, record, state, attempts: 0, queuedAt: at, updatedAt: at,
      ...(reason ? { reason } : {}), log: [{ at, event: 'queued' }],
    };
    if (state === 'failed') entry.log.push({ at, event: 'failed', ...(reason ? { detail: reason } : {}) });
    this.entries.set(key(sink, record.id), entry);
    if (record.kind === 'session') this.highWaterMs = Math.max(this.highWaterMs ?? 0, recordTime(record));
    return entry;
  }

  /** Moves an entry and notes why; `reason` undefined clears the previous one. */
  move(entry: JournalEntry, state: EntryState, now: number, event: JournalEventName, reason?: string): void {
    const at = new Date(now).toISOString();
    entry.state = state;
    entry.updatedAt = at;
    if (reason === undefined) delete entry.reason;
    else entry.reason = reason;
    this.note(entry, now, event, reason);
  }

  note(entry: JournalEntry, now: number, event: JournalEventName, detail?: string): void {
    entry.log.push({ at: new Date(now).toISOString(), event, ...(detail ? { detail } : {}) });
    if (entry.log.length > LOG_CAP) entry.log.splice(0, entry.log.length - LOG_CAP);
  }

  list(filter: EntryFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const entry of this.entries.values()) {
      if (filter.sink !== undefined && entry.sink !== filter.sink) continue;
      if (filter.state !== undefined && entry.state !== filter.state) continue;
      if (filter.kind !== undefined && entry.record.kind !== filter.kind) continue;
      out.push(entry);
    }
    return out;
  }

  /** The latest session end journaled (ms), surviving pruning. */
  get highWater(): number | undefined {
    return this.highWaterMs;
  }

  /**
   * Drops acknowledged entries last touched before `before` (their ids stay known so a catch-up never sends
   * them again), and forgets those ids once their record is older than `forgetBefore`, when no catch-up reaches.
   */
  prune(before: number, forgetBefore: number): number {
    let dropped = 0;
    for (const [k, entry] of this.entries) {
      if (entry.state !== 'acknowledged' || Date.parse(entry.updatedAt) >= before) continue;
      this.entries.delete(k);
      this.forgotten.set(k, recordTime(entry.record));
      dropped++;
    }
    for (const [k, endMs] of this.forgotten) if (endMs < forgetBefore) this.forgotten.delete(k);
    return dropped;
  }
}
