/**
 * A test eMSP that speaks OCPI 2.2.1 on its own: a small server (versions, version details, credentials and a
 * tokens list) and a client, written without our lib/ocpi so the handshakes are checked against a second reading
 * of the spec. It registers with our CPO (TOKEN_A given out of band), rotates and unregisters; as a hub it lets the
 * CPO register with it, calling the CPO's versions back with the CPO's token B before answering with its own C.
 * As a roaming eMSP it takes the CPO's pushes (locations, sessions, cdrs, tariffs, command results), pulls lists
 * page by page, and can be told to refuse pushes.
 */
import http from 'http';
import { AddressInfo } from 'net';
import { randomBytes, randomUUID } from 'crypto';
import { waitFor } from './net';

export interface EmspOptions {
  /** How it writes tokens, and reads them from the CPO. */
  encoding?: 'base64' | 'raw';
  versions?: string[];
  /** Its endpoints besides credentials. */
  modules?: Array<{ identifier: string; role: 'SENDER' | 'RECEIVER' }>;
  role?: 'EMSP' | 'HUB';
  party?: { country_code: string; party_id: string };
}

export interface Seen {
  method: string;
  path: string;
  token?: string;
  headers: http.IncomingHttpHeaders;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: { status_code: number; status_message?: string; data?: unknown; timestamp?: string } | undefined;
}

type Json = Record<string, unknown>;

/** What the CPO pushed to our Receiver endpoints (locations, sessions, cdrs) or posted as a command result. */
export interface Pushed {
  method: string;
  /** Below /emsp/2.2.1, e.g. /sessions/FR/EVC/CP1-42. */
  path: string;
  body: Json;
  headers: http.IncomingHttpHeaders;
}

const RECEIVING = /^\/emsp\/2\.2\.1\/(locations|sessions|cdrs|tariffs|commands)(\/.*)?$/;

export class TestEmsp {
  readonly seen: Seen[] = [];
  /** Tokens the CPO may use with us (A or C we issued, or the CPO's own B while it registers with us). */
  readonly accepted = new Set<string>();
  /** The token we present to the CPO. */
  tokenForCpo?: string;
  cpoVersionsUrl?: string;
  /** The CPO's credentials URL, learnt from its version details. */
  cpoCredentialsUrl?: string;
  /** The CPO's endpoints, from its version details. */
  cpoEndpoints: Json[] = [];
  readonly pushes: Pushed[] = [];
  /** What real-time authorization answers per token uid (upper case): an AuthorizationInfo, or 'silent' (no answer). */
  readonly authorizations = new Map<string, { allowed: string; authorization_reference?: string } | 'silent'>();
  readonly authorizeAsked: Array<{ uid: string; type: string; body: Json }> = [];
  /** How many of the next pushes to refuse, with failWith: 503 as a receiver that is down, 404 as one that lost the object. */
  failPushes = 0;
  failWith = 503;
  private server?: http.Server;
  private base = '';
  private readonly options: Required<EmspOptions>;

  constructor(options: EmspOptions = {}) {
    this.options = {
      encoding: 'base64', versions: ['2.2.1'], modules: [{ identifier: 'tokens', role: 'SENDER' }, { identifier: 'cdrs', role: 'RECEIVER' }],
      role: 'EMSP', party: { country_code: 'NL', party_id: 'EMS' }, ...options,
    };
  }

  get versionsUrl(): string {
    return `${this.base}/emsp/versions`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** As a hub: the registration token the CPO gets out of band. */
  issueTokenA(): string {
    const token = `A-${randomBytes(12).toString('hex')}`;
    this.accepted.add(token);
    return token;
  }

  /** Registers with the CPO: versions and details with A, then POST our credentials with a fresh B. */
  async registerWith(versionsUrl: string, tokenA: string): Promise<Answer> {
    const details = await this.learnCpo(versionsUrl, tokenA);
    if (!details) throw new Error('the CPO offers no 2.2.1');
    const b = `B-${randomBytes(12).toString('hex')}`;
    this.accepted.add(b);
    const answer = await this.call('POST', this.cpoCredentialsUrl!, tokenA, this.credentials(b));
    if (answer.body?.status_code === 1000) this.tokenForCpo = (answer.body.data as Json).token as string;
    return answer;
  }

  /** PUT: new token for the CPO to use, and the CPO's new C back. */
  async rotate(): Promise<Answer> {
    const next = `B-${randomBytes(12).toString('hex')}`;
    this.accepted.add(next);
    const answer = await this.call('PUT', this.cpoCredentialsUrl!, this.tokenForCpo!, this.credentials(next));
    if (answer.body?.status_code === 1000) this.tokenForCpo = (answer.body.data as Json).token as string;
    return answer;
  }

  async unregister(): Promise<Answer> {
    return this.call('DELETE', this.cpoCredentialsUrl!, this.tokenForCpo!);
  }

  /** Any request to the CPO, with our encoding of the token (or none) and fresh request ids unless given. */
  async call(method: string, url: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { 'X-Request-ID': randomUUID(), 'X-Correlation-ID': randomUUID(), ...headers };
    if (token !== undefined) h.Authorization = `Token ${this.encode(token)}`;
    let payload: string | undefined;
    if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(url, { method, headers: h, body: payload });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Answer['body']) : undefined };
  }

  /** The CPO's endpoint for a module, from its version details. */
  cpoUrl(module: string): string {
    return String(this.cpoEndpoints.find((e) => e.identifier === module)?.url);
  }

  /** Where the CPO is to post the result of a command of ours. */
  responseUrl(command: string): string {
    return `${this.base}/emsp/2.2.1/commands/${command}/${randomUUID()}`;
  }

  pushed(prefix: string): Pushed[] {
    return this.pushes.filter((p) => p.path.startsWith(prefix));
  }

  /** Waits until a push matching the test has arrived, and gives it. */
  waitForPush(test: (p: Pushed) => boolean, timeoutMs = 5000): Promise<Pushed> {
    return waitFor(() => this.pushes.find(test), timeoutMs, 'a push from the CPO');
  }

  /** A list GET followed page after page through the Link headers: every item, and each page's answer. */
  async pull(url: string, token = this.tokenForCpo): Promise<{ items: Json[]; pages: Answer[] }> {
    const items: Json[] = [];
    const pages: Answer[] = [];
    for (let next: string | undefined = url; next; ) {
      const page = await this.call('GET', next, token);
      pages.push(page);
      if (page.body?.status_code !== 1000) break;
      items.push(...((page.body.data as Json[] | undefined) ?? []));
      next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    return { items, pages };
  }

  encode(token: string): string {
    return this.options.encoding === 'raw' ? token : Buffer.from(token).toString('base64');
  }

  credentials(token: string): Json {
    const { role, party } = this.options;
    return { token, url: this.versionsUrl, roles: [{ role, ...party, business_details: { name: `Test ${role}` } }] };
  }

  /** GET versions and details of the CPO; the credentials URL is kept. */
  private async learnCpo(versionsUrl: string, token: string): Promise<Json | undefined> {
    const versions = await this.call('GET', versionsUrl, token);
    const entry = (versions.body?.data as Json[] | undefined)?.find((v) => v.version === '2.2.1');
    if (!entry) return undefined;
    const details = (await this.call('GET', entry.url as string, token)).body?.data as Json | undefined;
    const endpoints = (details?.endpoints ?? []) as Json[];
    this.cpoCredentialsUrl = endpoints.find((e) => e.identifier === 'credentials')?.url as string | undefined;
    this.cpoEndpoints = endpoints;
    this.cpoVersionsUrl = versionsUrl;
    return details;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.base).pathname;
    const token = this.decode(req.headers.authorization);
    this.seen.push({ method: req.method ?? 'GET', path, ...(token !== undefined ? { token } : {}), headers: req.headers });
    const reply = (status: number, code: number, data?: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-ID': String(req.headers['x-request-id'] ?? ''), ...extra });
      res.end(JSON.stringify({ ...(data !== undefined ? { data } : {}), status_code: code, timestamp: new Date().toISOString() }));
    };
    if (token === undefined || !this.accepted.has(token)) return reply(401, 2000);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Json) : undefined;
    if (path === '/emsp/versions') return reply(200, 1000, this.options.versions.map((v) => ({ version: v, url: `${this.base}/emsp/${v}` })));
    if (path === '/emsp/2.2.1') {
      const endpoints = [{ identifier: 'credentials', role: 'SENDER', url: `${this.base}/emsp/2.2.1/credentials` },
        ...this.options.modules.map((m) => ({ ...m, url: `${this.base}/emsp/2.2.1/${m.identifier}` }))];
      return reply(200, 1000, { version: '2.2.1', endpoints });
    }
    const authorize = /^\/emsp\/2\.2\.1\/tokens\/([^/]+)\/authorize$/.exec(path);
    if (authorize && req.method === 'POST') {
      const uid = decodeURIComponent(authorize[1]);
      this.authorizeAsked.push({ uid, type: new URL(req.url ?? '/', this.base).searchParams.get('type') ?? '', body: body ?? {} });
      const answer = this.authorizations.get(uid.toUpperCase());
      if (answer === 'silent') return;
      if (!answer) return reply(404, 2004);
      return reply(200, 1000, { token: { uid }, ...answer });
    }
    if (path === '/emsp/2.2.1/tokens') {
      return reply(200, 1000, [{ uid: 'T1' }], { 'OCPI-from-country-code': this.options.party.country_code, 'OCPI-from-party-id': this.options.party.party_id });
    }
    const receiving = RECEIVING.exec(path);
    if (receiving && req.method !== 'GET') {
      if (this.failPushes > 0 && receiving[1] !== 'commands') {
        this.failPushes--;
        return reply(this.failWith, this.failWith === 404 ? 2000 : 3000);
      }
      this.pushes.push({ method: req.method ?? 'GET', path: path.slice('/emsp/2.2.1'.length), body: body ?? {}, headers: req.headers });
      const kept: Record<string, string> = receiving[1] === 'cdrs' ? { Location: `${this.base}/emsp/2.2.1/cdrs/${String(body?.id)}` } : {};
      return reply(req.method === 'POST' && receiving[1] === 'cdrs' ? 201 : 200, 1000, undefined, kept);
    }
    if (path !== '/emsp/2.2.1/credentials') return reply(404, 2000);
    if (req.method === 'POST' || req.method === 'PUT') {
      const registered = this.tokenForCpo !== undefined;
      if (registered !== (req.method === 'PUT')) return reply(405, 2000);
      const cpoToken = body?.token as string;
      // The handshake proper: the CPO's versions and details, called with the token it just gave us.
      this.tokenForCpo = cpoToken;
      if (!(await this.learnCpo(body?.url as string, cpoToken))) return reply(200, 3002);
      this.accepted.delete(token);
      const c = `C-${randomBytes(12).toString('hex')}`;
      this.accepted.add(c);
      return reply(200, 1000, this.credentials(c));
    }
    if (req.method === 'DELETE') {
      this.accepted.delete(token);
      this.tokenForCpo = undefined;
      return reply(200, 1000);
    }
    return reply(405, 2000);
  }

  private decode(header: string | undefined): string | undefined {
    const m = /^Token (\S+)$/.exec(header ?? '');
    if (!m) return undefined;
    return this.options.encoding === 'raw' ? m[1] : Buffer.from(m[1], 'base64').toString();
  }
}
