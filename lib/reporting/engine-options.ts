/** The engine's options and the answers of its add and catch-up calls. */
import type { Clock } from '../continuity/clock';
import type { PointMappingOptions } from './ids';
import type { JournalEntry, JournalStore } from './model';
import type { Backoff } from './schedule';
import type { Sink } from './sink';

export interface ReportingOptions {
  sinks: Sink[];
  clock?: Clock;
  /** Where the journal survives restarts; without one it lives in memory only. */
  store?: JournalStore;
  points?: PointMappingOptions;
  backoff?: Partial<Backoff>;
  /** Bound on transient failures per record before it is journaled as failed (default: none; the delay is bounded). */
  maxAttempts?: number;
  /** Acknowledged entries are kept this long for reading (default 35 days), then only their ids. */
  retentionMs?: number;
  /** Ids of pruned entries are kept this long after the record's time (default 400 days: past QualiCharge's 1-year window). */
  forgetAfterMs?: number;
  random?: () => number;
  onError?: (err: Error) => void;
  /** Entries that just changed state (for a node's status and outputs). */
  onChange?: (entries: readonly JournalEntry[]) => void;
}

export interface AddResult {
  /** Sinks that queued it now. */
  queued: string[];
  /** Sinks that already had it (sent or waiting): nothing done. */
  known: string[];
  /** Why it was journaled as failed at once (an incomplete row). */
  problem?: string;
}

export interface CatchUpResult {
  queued: number;
  known: number;
  open: number;
  failed: number;
}
