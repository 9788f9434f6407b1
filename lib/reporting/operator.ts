/** What an operator sees of a sink and can do about its records. */
import type { PointMapper } from './ids';
import type { Journal } from './journal';
import type { JournalEntry } from './model';
import type { SinkRunner } from './runner';

export interface SinkSummary {
  sink: string;
  queued: number;
  sent: number;
  /** Uncertain records, of which `held` wait for an operator's confirm() or retry(). */
  uncertain: number;
  held: number;
  acknowledged: number;
  failed: number;
  /** Records carrying a flag (late, doubtful). */
  flagged: number;
  /** Consecutive failed requests. */
  failures: number;
  retryAt?: string;
  /** Why the sink sends nothing until an operator retries (credentials, configuration). */
  blocked?: string;
  /** Queue time of the oldest record not yet acknowledged nor failed. */
  oldestPendingAt?: string;
}

export function summarize(runner: SinkRunner, entries: readonly JournalEntry[]): SinkSummary {
  const summary: SinkSummary = {
    sink: runner.sink.name, queued: 0, sent: 0, uncertain: 0, held: 0, acknowledged: 0, failed: 0, flagged: 0, failures: runner.failures,
    ...(runner.retryAt !== undefined ? { retryAt: new Date(runner.retryAt).toISOString() } : {}),
    ...(runner.blocked !== undefined ? { blocked: runner.blocked } : {}),
  };
  for (const e of entries) {
    summary[e.state]++;
    if (e.held) summary.held++;
    if (e.flags?.length) summary.flagged++;
    const pending = e.state === 'queued' || e.state === 'sent' || e.state === 'uncertain';
    if (pending && (summary.oldestPendingAt === undefined || e.queuedAt < summary.oldestPendingAt)) summary.oldestPendingAt = e.queuedAt;
  }
  return summary;
}

/**
 * Queues a failed or uncertain record again, released at once. The charge point id is derived again from the
 * current mapping, since a refused id is the usual reason an operator retries.
 */
export function operatorRetry(journal: Journal, runner: SinkRunner | undefined, id: string, now: number, mapper: PointMapper): string | undefined {
  if (!runner) return 'no such sink';
  const entry = journal.get(runner.sink.name, id);
  if (!entry) return `no record ${id} for ${runner.sink.name}`;
  if (entry.state !== 'failed' && entry.state !== 'uncertain') return `${id} is ${entry.state}: nothing to retry`;
  const idPdc = mapper.idPdc(entry.record.stationId, entry.record.evseId);
  const remapped = idPdc !== entry.record.idPdc ? ` (charge point id now ${idPdc})` : '';
  entry.record = { ...entry.record, idPdc };
  entry.manual = true;
  delete entry.held;
  journal.move(entry, 'queued', now, 'retry', `operator retry${remapped}`);
  runner.unblock();
  return undefined;
}

export function operatorConfirm(journal: Journal, entry: JournalEntry | undefined, id: string, now: number, remoteId?: string): string | undefined {
  if (!entry) return `no record ${id}`;
  if (entry.state !== 'uncertain') return `${id} is ${entry.state}, not uncertain`;
  delete entry.held;
  if (remoteId) entry.remoteId = remoteId;
  journal.move(entry, 'acknowledged', now, 'confirmed', 'confirmed by an operator');
  return undefined;
}
