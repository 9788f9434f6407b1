/**
 * Calling a partner: the Authorization header in the partner's encoding, fresh request ids (a correlation id kept
 * across a chain such as the pages of one list), routing headers on request, the envelope read back, and list GETs
 * followed page by page through their `Link` headers. With `auto` encoding, Base64 goes first and raw is tried once
 * after a 401; what worked is kept and reported so the partner's setting can be fixed.
 */
import { randomUUID } from 'crypto';
import { authorizationHeader, TokenEncoding, TokenForm } from './auth';
import { OcpiEnvelope, readEnvelope } from './envelope';
import { CORRELATION_ID, PartyRef, REQUEST_ID, Routing, routingHeaders } from './headers';
import { Endpoint, findEndpoint, InterfaceRole, ModuleId } from './model';
import { nextLink } from './paging';
import type { Partner } from './partners';
import { isSuccess } from './status';

export interface ClientOptions {
  token: string;
  encoding: TokenEncoding;
  endpoints?: Endpoint[];
  /** Us and the partner, as the routing headers name them when a call asks for them. */
  party?: PartyRef;
  partnerParty?: PartyRef;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** With `auto`: the form to start with, when a past exchange showed what the partner takes. */
  startForm?: TokenForm;
  onEncodingLearned?: (form: TokenForm) => void;
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** true: us to the partner; or explicit addresses. Only for functional modules. */
  routing?: boolean | Routing;
  correlationId?: string;
}

export interface OcpiResponse<T> {
  url: string;
  httpStatus: number;
  headers: Headers;
  envelope?: OcpiEnvelope<T>;
  /** Why the body is not an envelope, when it is not. */
  problem?: string;
  requestId: string;
  correlationId: string;
}

export type CallFailure = 'network' | 'http' | 'envelope' | 'status';

export class OcpiCallError extends Error {
  constructor(readonly kind: CallFailure, message: string, readonly url: string, readonly httpStatus?: number, readonly statusCode?: number) {
    super(message);
    this.name = 'OcpiCallError';
  }
}

const MAX_PAGES = 10_000;

export class OcpiClient {
  private learned?: TokenForm;

  constructor(private readonly options: ClientOptions) {
    this.learned = options.encoding === 'auto' ? options.startForm : options.encoding;
  }

  /** The partner's URL for a module (and role, except for credentials). */
  endpoint(module: ModuleId, role?: InterfaceRole): string {
    const found = findEndpoint(this.options.endpoints ?? [], module, role);
    if (!found) throw new OcpiCallError('http', `the partner has no ${module}${role ? ` ${role}` : ''} endpoint`, '');
    return found.url;
  }

  /** One exchange, whatever its outcome; only a failure to get any HTTP answer throws. */
  async request<T>(method: string, url: string, options: CallOptions = {}): Promise<OcpiResponse<T>> {
    const target = withQuery(url, options.query);
    const first = await this.send<T>(method, target, options, this.learned ?? 'base64');
    if (first.httpStatus !== 401 || this.learned !== undefined) {
      if (this.learned === undefined && first.httpStatus < 400) this.learn('base64');
      return first;
    }
    const second = await this.send<T>(method, target, { ...options, correlationId: first.correlationId }, 'raw');
    if (second.httpStatus !== 401) this.learn('raw');
    return second;
  }

  /** The data of a successful exchange (HTTP 2xx and a 1xxx status); anything else throws an OcpiCallError. */
  async call<T>(method: string, url: string, options: CallOptions = {}): Promise<T | undefined> {
    return expectSuccess(await this.request<T>(method, url, options)).data;
  }

  /** Every item of a list GET, page after page as the `Link` headers lead. */
  async *list<T>(url: string, options: CallOptions = {}): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages<T>(url, options)) yield* page.items;
  }

  async *pages<T>(url: string, options: CallOptions = {}): AsyncGenerator<{ items: T[]; total?: number; limit?: number }, void, undefined> {
    const correlationId = options.correlationId ?? randomUUID();
    let next: string | undefined = withQuery(url, options.query);
    for (let n = 0; next !== undefined && n < MAX_PAGES; n++) {
      const response: OcpiResponse<T[]> = await this.request<T[]>('GET', next, { ...options, query: undefined, correlationId });
      const data = expectSuccess(response).data;
      if (data !== undefined && !Array.isArray(data)) throw new OcpiCallError('envelope', `GET ${next}: data is not a list`, next);
      const items = data ?? [];
      yield { items, total: numberHeader(response.headers, 'X-Total-Count'), limit: numberHeader(response.headers, 'X-Limit') };
      const link = nextLink(response.headers.get('Link'));
      // A next link on an empty page would loop for ever.
      next = items.length > 0 && link ? new URL(link, next).href : undefined;
    }
  }

  private async send<T>(method: string, url: string, options: CallOptions, form: TokenForm): Promise<OcpiResponse<T>> {
    const requestId = randomUUID();
    const correlationId = options.correlationId ?? randomUUID();
    const headers: Record<string, string> = {
      Authorization: authorizationHeader(this.options.token, form), [REQUEST_ID]: requestId, [CORRELATION_ID]: correlationId, Accept: 'application/json',
    };
    const routing = options.routing === true ? { to: this.options.partnerParty, from: this.options.party } : options.routing || {};
    Object.assign(headers, routingHeaders({ ...(routing.to ? { to: routing.to } : {}), ...(routing.from ? { from: routing.from } : {}) }));
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, {
        method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      text = await res.text();
    } catch (e) {
      throw new OcpiCallError('network', `${method} ${url}: ${describe(e)}`, url);
    }
    const out: OcpiResponse<T> = { url, httpStatus: res.status, headers: res.headers, requestId, correlationId };
    const read = parseBody(text);
    if (typeof read === 'string') out.problem = read;
    else out.envelope = read as OcpiEnvelope<T>;
    return out;
  }

  private learn(form: TokenForm): void {
    if (this.options.encoding !== 'auto' || this.learned === form) return;
    this.learned = form;
    this.options.onEncodingLearned?.(form);
  }
}

/** A client for a registered partner: its token, encoding and endpoints, our first role as the routing from. */
export function partnerClient(partner: Partner, options: Partial<ClientOptions> = {}): OcpiClient {
  if (!partner.theirToken) throw new Error(`no token to call OCPI partner ${partner.name}: it is not registered`);
  const role = partner.roles[0];
  return new OcpiClient({
    token: partner.theirToken, encoding: partner.settings.tokenEncoding, endpoints: partner.endpoints,
    ...(partner.detectedEncoding ? { startForm: partner.detectedEncoding } : {}),
    ...(role ? { partnerParty: { country_code: role.country_code, party_id: role.party_id } } : {}),
    ...options,
  });
}

export function expectSuccess<T>(response: OcpiResponse<T>): OcpiEnvelope<T> {
  const where = response.url;
  if (!response.envelope) {
    const kind = response.httpStatus >= 300 ? 'http' : 'envelope';
    throw new OcpiCallError(kind, `${where}: HTTP ${response.httpStatus}, ${response.problem ?? 'no envelope'}`, where, response.httpStatus);
  }
  const { status_code: code, status_message: message } = response.envelope;
  if (response.httpStatus >= 300) {
    throw new OcpiCallError('http', `${where}: HTTP ${response.httpStatus}, status ${code}${message ? ` (${message})` : ''}`, where, response.httpStatus, code);
  }
  if (!isSuccess(code)) throw new OcpiCallError('status', `${where}: status ${code}${message ? ` (${message})` : ''}`, where, response.httpStatus, code);
  return response.envelope;
}

function parseBody(text: string): OcpiEnvelope | string {
  if (text.trim() === '') return 'an empty body';
  try {
    return readEnvelope(JSON.parse(text));
  } catch {
    return 'a body that is not JSON';
  }
}

function withQuery(url: string, query: CallOptions['query']): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.href;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const v = headers.get(name);
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'no answer in time';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
