/**
 * Session and CDR pushes to the eMSP whose token charged (local badges are nobody's business but ours). A Session
 * is PUT when it starts and PATCHed as energy comes in, but at most once per `throttleMs` per session: stations
 * send meter values every few seconds and an eMSP needs the running kWh and cost, not every sample. The end goes
 * out at once (status, end, final kWh and cost), followed by the CDR, POSTed, whose Location header is kept.
 */
import type { PartyRef } from '../headers';
import { ChargeFacts, sessionId, sessionOf } from '../objects/sessions';
import type { OcpiSiteSpec } from '../objects/site';
import { formatDateTime } from '../datetime';
import type { CdrRecord } from './charges';
import type { Pusher } from './pusher';
import { objectUrl, Targets } from './targets';

export interface SessionFeedOptions {
  pusher: Pusher;
  targets: Targets;
  site: OcpiSiteSpec;
  us: PartyRef;
  throttleMs: number;
  now: () => number;
  /** A partner took a CDR: where it keeps it. */
  onCdrLocation: (cdrId: string, partner: string, url: string) => void;
}

interface Throttle {
  lastAt: number;
  timer?: NodeJS.Timeout;
}

export class SessionFeed {
  private readonly throttles = new Map<string, Throttle>();

  constructor(private readonly options: SessionFeedOptions) {}

  started(facts: ChargeFacts): void {
    this.throttles.set(sessionId(facts.stationId, facts.transactionId), { lastAt: this.options.now() });
    this.send(facts, 'PUT');
  }

  /** `current` reads the facts again when a held-back update goes out, so it carries the latest reading. */
  updated(facts: ChargeFacts, current: () => ChargeFacts | undefined): void {
    if (!facts.token) return;
    const id = sessionId(facts.stationId, facts.transactionId);
    const throttle = this.throttles.get(id) ?? { lastAt: 0 };
    this.throttles.set(id, throttle);
    if (throttle.timer) return;
    const wait = throttle.lastAt + this.options.throttleMs - this.options.now();
    if (wait <= 0) {
      throttle.lastAt = this.options.now();
      this.send(facts, 'PATCH');
      return;
    }
    throttle.timer = setTimeout(() => {
      throttle.timer = undefined;
      const latest = current();
      if (!latest) return;
      throttle.lastAt = this.options.now();
      this.send(latest, 'PATCH');
    }, wait);
    throttle.timer.unref?.();
  }

  ended(record: CdrRecord): void {
    const id = sessionId(record.facts.stationId, record.facts.transactionId);
    const throttle = this.throttles.get(id);
    if (throttle?.timer) clearTimeout(throttle.timer);
    this.throttles.delete(id);
    this.send(record.facts, 'PATCH');
    const token = record.facts.token;
    if (!token) return;
    for (const t of this.options.targets.forParty(token, 'cdrs')) {
      this.options.pusher.push({
        partner: t.partner, key: `cdr:${record.id}`, method: 'POST', url: t.url, body: record.cdr, routing: t.routing,
        onSent: (response) => {
          const location = response.headers.get('Location');
          if (location) this.options.onCdrLocation(record.id, t.partner, location);
        },
      });
    }
  }

  close(): void {
    for (const t of this.throttles.values()) if (t.timer) clearTimeout(t.timer);
    this.throttles.clear();
  }

  private send(facts: ChargeFacts, method: 'PUT' | 'PATCH'): void {
    const token = facts.token;
    if (!token) return;
    const session = sessionOf(facts, this.options.site, formatDateTime(this.options.now()));
    const id = String(session.id);
    for (const t of this.options.targets.forParty(token, 'sessions')) {
      const url = objectUrl(t.url, this.options.us, id);
      const body = method === 'PUT' ? session : changesOf(session);
      this.options.pusher.push({ partner: t.partner, key: `session:${id}`, method, url, body, routing: t.routing, whole: { url, body: session } });
    }
  }
}

/** What moves during a session; PATCH must carry last_updated. */
function changesOf(session: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['kwh', 'status', 'total_cost', 'end_date_time', 'last_updated']) if (session[k] !== undefined) out[k] = session[k];
  return out;
}
