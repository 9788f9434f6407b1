/**
 * QualiCharge sink (French State API, `MTES-MCT/qualicharge`): sessions to `POST /dynamique/session/bulk`,
 * statuses to `POST /dynamique/status/bulk`, at most 10 items per request, all-or-nothing (one bad item fails the
 * batch, which the engine then splits). Sessions are only ever created (POST, a server-made UUID, no lookup by
 * our id): a session request that ends without an answer cannot be checked, hence `onUncertain` ('hold' unless
 * configured). Statuses can be: a point's history is readable and two statuses with one timestamp are the same.
 */
import { systemClock, type Clock } from '../continuity/clock';
import { QUALICHARGE_ID, qualichargeId } from './ids';
import { nodeTransport, TransportError, type HttpRequest, type HttpResponse, type Transport } from './http';
import type { ReportRecord, SessionRecord, StatusRecord } from './model';
import { classifyError, classifyResponse, type Outcome } from './outcome';
import { CredentialsRefused, TokenSource, type QualiChargeAuth } from './qualicharge-auth';
import { IMMEDIATE, type Schedule } from './schedule';
import type { Presence, Sink, Verdict } from './sink';
import { qualichargeCheck, type QualiChargeLimits } from './qualicharge-rules';

export interface QualiChargeOptions extends QualiChargeLimits {
  /** The API root including `/api/v1`, e.g. `https://…/api/v1`. */
  baseUrl: string;
  auth: QualiChargeAuth;
  /** Immediate by default: statuses are expected within 5 minutes of the change. */
  schedule?: Schedule;
  /** Capped at the API's bulk limit of 10. */
  maxBatch?: number;
  /** What to send: both by default. */
  kinds?: Array<'session' | 'status'>;
  /**
   * A session request that ended without an answer may have been stored. QualiCharge offers no way to look it up
   * by our id, so by default it waits for an operator (confirm or retry); `true` resends it and accepts that a
   * copy may be stored, which QualiCharge's quality control reports as a duplicate (its rule 17).
   */
  resendUncertainSessions?: boolean;
  timeoutMs?: number;
  name?: string;
  transport?: Transport;
  /** Token expiry and the age rules are judged on this clock. */
  clock?: Clock;
}

const API_BULK_MAX = 10;

const tzIso = (iso: string): string => new Date(iso).toISOString().replace(/Z$/, '+00:00');

export function sessionBody(record: SessionRecord): Record<string, unknown> {
  return {
    id_pdc_itinerance: qualichargeId(record.idPdc),
    start: tzIso(record.start),
    end: tzIso(record.end),
    // kWh; a Wh is the resolution of the meters we read.
    energy: Math.round(record.energyWh) / 1000,
  };
}

export function statusBody(record: StatusRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id_pdc_itinerance: qualichargeId(record.idPdc),
    etat_pdc: record.status.etatPdc,
    occupation_pdc: record.status.occupationPdc,
    horodatage: tzIso(record.at),
  };
  for (const [plug, state] of Object.entries(record.status.plugs ?? {})) body[`etat_prise_type_${plug}`] = state;
  return body;
}

export class QualiChargeSink implements Sink {
  readonly name: string;
  readonly accepts: ReadonlyArray<'session' | 'status'>;
  readonly schedule: Schedule;
  readonly maxBatch: number;
  readonly idempotent = false;
  readonly onUncertain: 'hold' | 'resend';
  readonly tokens: TokenSource;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly baseUrl: string;

  constructor(private readonly options: QualiChargeOptions) {
    this.name = options.name ?? 'qualicharge';
    this.accepts = options.kinds ?? ['session', 'status'];
    this.schedule = options.schedule ?? IMMEDIATE;
    this.maxBatch = Math.min(API_BULK_MAX, Math.max(1, options.maxBatch ?? API_BULK_MAX));
    this.onUncertain = options.resendUncertainSessions ? 'resend' : 'hold';
    this.transport = options.transport ?? nodeTransport;
    this.clock = options.clock ?? systemClock;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = new TokenSource(options.auth, this.baseUrl, this.transport, this.clock, this.timeoutMs);
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 30_000;
  }

  check(record: ReportRecord, now: number): Verdict {
    const id = qualichargeId(record.idPdc);
    if (!QUALICHARGE_ID.test(id)) {
      return { reject: `id_pdc_itinerance '${id}' is not an AFIREV charge point id (${QUALICHARGE_ID.source}): map ${record.stationId}/${record.evseId ?? ''} to its id` };
    }
    return qualichargeCheck(record, now, this.options);
  }

  /** Logs in (when the token is missing or about to expire) before the engine marks records as sent. */
  async prepare(): Promise<void> {
    await this.bearer();
  }

  async send(records: ReportRecord[]): Promise<Outcome> {
    const kind = records[0]?.kind;
    const body = kind === 'session'
      ? records.filter((r): r is SessionRecord => r.kind === 'session').map(sessionBody)
      : records.filter((r): r is StatusRecord => r.kind === 'status').map(statusBody);
    const path = kind === 'session' ? '/dynamique/session/bulk' : '/dynamique/status/bulk';
    let response: HttpResponse;
    try {
      response = await this.request({ method: 'POST', url: `${this.baseUrl}${path}`, body: JSON.stringify(body), timeoutMs: this.timeoutMs });
    } catch (err) {
      return err instanceof CredentialsRefused ? { kind: 'blocked', reason: err.message } : classifyError(err);
    }
    const outcome = classifyResponse(response);
    if (outcome.kind !== 'ok') return outcome;
    return { kind: 'ok', remoteIds: createdIds(response.body, records.length) };
  }

  /** Statuses only: looks each one up in its point's history by timestamp. */
  async verify(records: ReportRecord[]): Promise<Presence> {
    const presence: Presence = new Map();
    for (const record of records) {
      if (record.kind !== 'status') continue;
      const url = `${this.baseUrl}/dynamique/status/${encodeURIComponent(qualichargeId(record.idPdc))}/history?from=${encodeURIComponent(tzIso(record.at))}`;
      const response = await this.request({ method: 'GET', url, timeoutMs: this.timeoutMs });
      if (response.status === 404) presence.set(record.id, false);
      else if (response.status >= 200 && response.status < 300) presence.set(record.id, holds(response.body, record.at));
      else if (response.status >= 500 || response.status === 408 || response.status === 429) throw new TransportError('unsent', `status lookup: HTTP ${response.status}`);
      // 403 (no dynamic:read scope) and the like: cannot tell, the policy decides.
    }
    return presence;
  }

  /** One request with the bearer token; after a 401, one new login and one more try. */
  private async request(request: Omit<HttpRequest, 'headers'>): Promise<HttpResponse> {
    const response = await this.authorized(request);
    if (response.status !== 401 || !this.tokens.renewable) return response;
    this.tokens.invalidate();
    return this.authorized(request);
  }

  private async authorized(request: Omit<HttpRequest, 'headers'>): Promise<HttpResponse> {
    const bearer = await this.bearer();
    return this.transport({ ...request, headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${bearer}` } });
  }

  private async bearer(): Promise<string> {
    try {
      return await this.tokens.bearer();
    } catch (err) {
      // A login that failed sent nothing about our records, whatever happened to the login itself.
      if (err instanceof TransportError) throw new TransportError('unsent', `login: ${err.message}`);
      throw err;
    }
  }
}

/** The `items` of a bulk answer (`{size, items: [uuid…]}`), when they match the request one for one. */
function createdIds(body: string, count: number): string[] | undefined {
  try {
    const parsed = JSON.parse(body) as { items?: unknown };
    const items = Array.isArray(parsed.items) ? parsed.items.filter((i): i is string => typeof i === 'string') : [];
    return items.length === count ? items : undefined;
  } catch {
    return undefined;
  }
}

function holds(body: string, at: string): boolean {
  const wanted = Date.parse(at);
  try {
    const list = JSON.parse(body) as unknown;
    return Array.isArray(list) && list.some((s) => typeof s === 'object' && s !== null && Date.parse(String((s as { horodatage?: unknown }).horodatage)) === wanted);
  } catch {
    return false;
  }
}
