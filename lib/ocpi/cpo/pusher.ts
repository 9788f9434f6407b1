/**
 * Pushes to partners (the Receiver interfaces of their modules), one queue per partner worked in order, so that a
 * Session's PUT reaches the eMSP before its PATCHes and its CDR. A push waiting in the queue is replaced by a newer
 * one for the same object (the newer carries the newer state); a PATCH replacing a PUT that never arrived becomes
 * a PUT of the whole object. A PATCH the partner refuses is sent again as a PUT of the whole object, as the spec
 * advises; partners set to `patch: false` only ever get PUTs.
 *
 * Retry follows the partner's setting. With 0 attempts (the default) a failed push is dropped, as the spec wants:
 * the partner re-syncs by GET. Otherwise it is tried again after intervalMs, then twice that, and so on, at most
 * batchSize retries at each wake-up, so a partner coming back is not flooded.
 */
import { EventEmitter } from 'events';
import { expectSuccess, OcpiCallError, OcpiResponse, partnerClient } from '../client';
import type { ClientOptions } from '../client';
import type { PartyRef, Routing } from '../headers';
import type { Partner, PartnerStore } from '../partners';

export interface PushJob {
  partner: string;
  /** What the push updates, e.g. `evse:CP1-1`: a newer push with the same key replaces a waiting one. */
  key: string;
  method: 'PUT' | 'PATCH' | 'POST';
  url: string;
  body: unknown;
  routing: Routing;
  /** The whole object, PUT where a PATCH is refused or not wanted. */
  whole?: { url: string; body: unknown };
  /** The successful exchange, for what its answer carries (a CDR's Location header). */
  onSent?: (response: OcpiResponse<unknown>) => void;
}

export interface PushReport {
  partner: string;
  key: string;
  method: string;
  url: string;
  ok: boolean;
  attempt: number;
  /** No further attempt will be made (success, or retries used up). */
  final: boolean;
  error?: string;
}

export interface PusherOptions {
  partners: PartnerStore;
  /** Us, as the routing headers' `from`. */
  party: PartyRef;
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  /** Waiting pushes kept per partner; beyond it the oldest go (default 10 000). */
  maxQueue?: number;
  now?: () => number;
}

interface Entry {
  job: PushJob;
  attempt: number;
  dueAt: number;
}

interface Queue {
  entries: Map<string, Entry>;
  busy: boolean;
  timer?: NodeJS.Timeout;
}

export class Pusher extends EventEmitter {
  private readonly queues = new Map<string, Queue>();
  private closed = false;

  constructor(private readonly options: PusherOptions) {
    super();
  }

  push(job: PushJob): void {
    if (this.closed) return;
    const queue = this.queueOf(job.partner);
    const waiting = queue.entries.get(job.key);
    queue.entries.delete(job.key);
    this.enqueue(queue, { job: waiting ? merged(waiting.job, job) : job, attempt: 0, dueAt: 0 });
    void this.work(job.partner);
  }

  /** Pushes waiting, for one partner or all. */
  pending(partner?: string): number {
    const queues = partner ? [this.queues.get(partner)] : [...this.queues.values()];
    return queues.reduce((n, q) => n + (q ? q.entries.size + (q.busy ? 1 : 0) : 0), 0);
  }

  /** Forgets a partner's waiting pushes (it was unregistered). */
  drop(partner: string): void {
    const queue = this.queues.get(partner);
    if (queue?.timer) clearTimeout(queue.timer);
    queue?.entries.clear();
  }

  close(): void {
    this.closed = true;
    for (const q of this.queues.values()) {
      if (q.timer) clearTimeout(q.timer);
      q.entries.clear();
    }
  }

  private queueOf(partner: string): Queue {
    let queue = this.queues.get(partner);
    if (!queue) {
      queue = { entries: new Map(), busy: false };
      this.queues.set(partner, queue);
    }
    return queue;
  }

  private enqueue(queue: Queue, entry: Entry): void {
    queue.entries.set(entry.job.key, entry);
    const max = this.options.maxQueue ?? 10_000;
    for (const key of queue.entries.keys()) {
      if (queue.entries.size <= max) break;
      const lost = queue.entries.get(key)!;
      queue.entries.delete(key);
      this.report(lost, false, true, 'dropped: too many pushes waiting for this partner');
    }
  }

  /** Works the partner's queue until nothing is due, then sleeps until the next retry is. */
  private async work(name: string): Promise<void> {
    const queue = this.queueOf(name);
    if (queue.busy || this.closed) return;
    queue.busy = true;
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    try {
      let retries = 0;
      for (;;) {
        const partner = this.options.partners.get(name);
        const batch = partner?.settings.retry.batchSize ?? 50;
        const entry = this.nextDue(queue, retries < batch);
        if (!entry || this.closed) break;
        queue.entries.delete(entry.job.key);
        if (entry.attempt > 0) retries++;
        await this.attempt(queue, partner, entry);
      }
    } finally {
      queue.busy = false;
    }
    this.sleep(name, queue);
  }

  private nextDue(queue: Queue, retriesAllowed: boolean): Entry | undefined {
    const now = this.now();
    for (const entry of queue.entries.values()) {
      if (entry.dueAt <= now && (entry.attempt === 0 || retriesAllowed)) return entry;
    }
    return undefined;
  }

  private sleep(name: string, queue: Queue): void {
    if (this.closed || queue.entries.size === 0) return;
    const now = this.now();
    const first = Math.min(...[...queue.entries.values()].map((e) => e.dueAt));
    // Retries held back by the batch size wait a whole interval, like the ones that failed.
    const interval = this.options.partners.get(name)?.settings.retry.intervalMs ?? 300_000;
    const wait = first <= now ? interval : first - now;
    queue.timer = setTimeout(() => void this.work(name), wait);
    queue.timer.unref?.();
  }

  private async attempt(queue: Queue, partner: Partner | undefined, entry: Entry): Promise<void> {
    if (!partner || partner.status !== 'registered' || !partner.theirToken) {
      this.report(entry, false, true, 'the partner is not registered');
      return;
    }
    try {
      await this.exchange(partner, partner.settings.patch ? entry.job : wholeOnly(entry.job));
      this.report(entry, true, true);
    } catch (e) {
      const retry = partner.settings.retry;
      const again = entry.attempt < retry.attempts;
      this.report(entry, false, !again, (e as Error).message);
      if (!again) return;
      const newer = queue.entries.get(entry.job.key);
      const job = newer ? merged(entry.job, newer.job) : entry.job;
      queue.entries.delete(entry.job.key);
      this.enqueue(queue, { job, attempt: entry.attempt + 1, dueAt: this.now() + retry.intervalMs * 2 ** entry.attempt });
    }
  }

  private async exchange(partner: Partner, job: PushJob): Promise<void> {
    const client = partnerClient(partner, {
      ...this.options.client, party: this.options.party,
      onEncodingLearned: (form) => this.options.partners.update(partner.name, (p) => { p.detectedEncoding = form; }),
    });
    const response = await client.request<unknown>(job.method, job.url, { body: job.body, routing: job.routing });
    try {
      expectSuccess(response);
      job.onSent?.(response);
    } catch (e) {
      // The receiver does not have the object (lost, or never got its PUT): the whole object repairs that. A
      // receiver that is down (5xx, 3xxx) is a matter for the retry policy instead.
      if (job.method !== 'PATCH' || !job.whole || !refusedObject(e)) throw e;
      const put = await client.request<unknown>('PUT', job.whole.url, { body: job.whole.body, routing: job.routing });
      expectSuccess(put);
      job.onSent?.(put);
    }
  }

  private report(entry: Entry, ok: boolean, final: boolean, error?: string): void {
    const { partner, key, method, url } = entry.job;
    this.emit('push', { partner, key, method, url, ok, attempt: entry.attempt, final, ...(error ? { error } : {}) } satisfies PushReport);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function refusedObject(e: unknown): boolean {
  if (!(e instanceof OcpiCallError)) return false;
  return e.httpStatus === 404 || (e.kind === 'status' && e.statusCode !== undefined && e.statusCode >= 2000 && e.statusCode < 3000);
}

/** A PATCH as the PUT of its whole object, when there is one. */
function wholeOnly(job: PushJob): PushJob {
  return job.method === 'PATCH' && job.whole ? { ...job, method: 'PUT', url: job.whole.url, body: job.whole.body } : job;
}

/** The newer push wins, but a PATCH cannot stand in for a creating PUT the partner never got. */
function merged(older: PushJob, newer: PushJob): PushJob {
  return older.method !== 'PATCH' && newer.method === 'PATCH' ? wholeOnly(newer) : newer;
}
