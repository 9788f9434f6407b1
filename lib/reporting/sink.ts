/** The contract between the engine (journal, schedule, retries) and one receiver (Advenir, QualiCharge, …). */
import type { RecordKind, ReportRecord } from './model';
import type { Outcome } from './outcome';
import type { Schedule } from './schedule';

/** A sink's opinion of a record just before it is sent. */
export interface Verdict {
  /** The receiver would refuse it for good: journaled as failed with this reason, not sent. */
  reject?: string;
  /** Still sent, but noted (late, doubtful): the journal keeps the flags. */
  flags?: string[];
}

/** Whether the receiver already holds each record (true/false), or cannot tell (absent from the map). */
export type Presence = Map<string, boolean>;

export interface Sink {
  readonly name: string;
  readonly accepts: readonly RecordKind[];
  readonly schedule: Schedule;
  /** Records per request; one request never mixes kinds. */
  readonly maxBatch: number;
  /**
   * Sending a record the receiver already has replaces it rather than adding a copy (a PUT keyed by the record's
   * id): a request that ended without an answer is simply sent again.
   */
  readonly idempotent: boolean;
  /** For uncertain records the sink can neither resend harmlessly nor look up: wait for an operator, or resend. */
  readonly onUncertain: 'hold' | 'resend';
  check(record: ReportRecord, now: number): Verdict;
  /**
   * Work that sends none of our records (a login), done before the records are marked as sent: a crash or a
   * failure there must not leave them looking possibly delivered.
   */
  prepare?(): Promise<void>;
  send(records: ReportRecord[]): Promise<Outcome>;
  /**
   * Looks uncertain records up at the receiver. Throws (a TransportError) when the receiver cannot be asked now;
   * records it cannot look up are left out of the answer.
   */
  verify?(records: ReportRecord[]): Promise<Presence>;
}
