/**
 * Local stand-ins for the two receivers, strict where the real ones are known to be strict. Advenir-like: the
 * unofficial trace's PUT with Basic auth, stored by charge point and transaction id (a PUT replaces). QualiCharge-
 * like: the OAuth2 password login, bearer tokens that expire, bulk endpoints of 1–10 items that are all or
 * nothing, its hard checks (tz-aware past dates, start ≤ 1 year, energy 0–1000 kWh, statuses ≤ 1 day), one new
 * row per session POSTed (no idempotency, as in the real API), and a point's status history.
 */
import { randomUUID } from 'crypto';
import { FlakyServer, type FaultPlan, type Handled, type IncomingRequest } from './reporting-flaky';

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;

export interface StoredTransaction {
  userId: string;
  chargePoint: string;
  transactionId: string;
  value: Json;
}

export class AdvenirReceiver extends FlakyServer {
  readonly stored = new Map<string, StoredTransaction>();
  /** Transaction keys (`chargePoint/transactionId`) refused with a 400 while present. */
  readonly refuse = new Map<string, string>();
  readonly authorizations: string[] = [];

  constructor(readonly credentials: { username: string; password: string }, faults?: FaultPlan, readonly path = '/api/operation/put') {
    super(faults);
  }

  protected handle(request: IncomingRequest): Handled {
    if (request.url.pathname !== this.path || (request.method !== 'PUT' && request.method !== 'POST')) return { status: 404 };
    const auth = request.headers.authorization ?? '';
    this.authorizations.push(auth);
    const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    if (auth !== expected) return { status: 401, json: { error: 'bad credentials' } };
    let body: unknown;
    try { body = JSON.parse(request.body); } catch { return { status: 400, json: { error: 'not JSON' } }; }
    const found: StoredTransaction[] = [];
    for (const [userId, points] of Object.entries(isObject(body) ? body : {})) {
      for (const [chargePoint, list] of Object.entries(isObject(points) ? points : {})) {
        if (!Array.isArray(list)) return { status: 400, json: { error: `${chargePoint}: not a list` } };
        for (const item of list) {
          for (const [transactionId, value] of Object.entries(isObject(item) ? item : {})) {
            if (!isObject(value) || !['StartTransaction', 'StopTransaction', 'StartValue', 'StopValue'].every((k) => typeof value[k] === 'number')) {
              return { status: 400, json: { error: `${transactionId}: incomplete` } };
            }
            found.push({ userId, chargePoint, transactionId, value });
          }
        }
      }
    }
    if (!found.length) return { status: 400, json: { error: 'no transaction' } };
    const keys = found.map((t) => `${t.chargePoint}/${t.transactionId}`);
    const refused = keys.find((k) => this.refuse.has(k));
    if (refused) return { status: 400, keys, json: { error: `${refused}: ${this.refuse.get(refused)}` } };
    return { status: 200, keys, json: { status: 'ok', count: found.length }, commit: () => found.forEach((t, i) => this.stored.set(keys[i], t)) };
  }
}

export interface StoredSession {
  uuid: string;
  id_pdc_itinerance: string;
  start: string;
  end: string;
  energy: number;
}

export interface StoredStatus extends Json {
  uuid: string;
  id_pdc_itinerance: string;
  horodatage: string;
}

const AWARE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const PDC = /^[A-Z]{2}[A-Z0-9]{4,33}$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class QualiChargeReceiver extends FlakyServer {
  readonly sessions: StoredSession[] = [];
  readonly statuses: StoredStatus[] = [];
  readonly authorizations: string[] = [];
  logins = 0;
  /** Declared charge points; any id of the right shape when undefined. */
  known?: Set<string>;
  private readonly tokens = new Map<string, number>();

  constructor(private readonly users: Record<string, string>, private readonly now: () => number, faults?: FaultPlan, private readonly tokenLifetimeMs = 30 * 60_000) {
    super(faults);
  }

  /** As if every token had been revoked. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** How many stored sessions equal this one (QualiCharge's rule 17 key: point, start, end, energy). */
  copies(idPdc: string, start: string, end: string, energy: number): number {
    return this.sessions.filter((s) => s.id_pdc_itinerance === idPdc && Date.parse(s.start) === Date.parse(start) && Date.parse(s.end) === Date.parse(end) && s.energy === energy).length;
  }

  protected override exempt(request: IncomingRequest): boolean {
    return request.url.pathname === '/api/v1/auth/token';
  }

  protected handle(request: IncomingRequest): Handled {
    const path = request.url.pathname;
    if (path === '/api/v1/auth/token' && request.method === 'POST') return this.login(request.body);
    const auth = request.headers.authorization ?? '';
    this.authorizations.push(auth);
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const exp = this.tokens.get(token);
    if (exp === undefined || exp <= this.now()) return { status: 401, json: { message: 'Token signature expired' } };
    const history = /^\/api\/v1\/dynamique\/status\/([^/]+)\/history$/.exec(path);
    if (history && request.method === 'GET') return this.history(decodeURIComponent(history[1]), request.url.searchParams.get('from'));
    if (request.method !== 'POST') return { status: 405 };
    const kind = path.startsWith('/api/v1/dynamique/session/') ? 'session' : path.startsWith('/api/v1/dynamique/status/') ? 'status' : undefined;
    if (!kind) return { status: 404, json: { detail: 'Not Found' } };
    let parsed: unknown;
    try { parsed = JSON.parse(request.body); } catch { return { status: 422, json: { detail: 'not JSON' } }; }
    const items = path.endsWith('/bulk') ? parsed : [parsed];
    if (!Array.isArray(items) || items.length < 1 || items.length > 10) return { status: 422, json: { detail: 'bulk takes 1 to 10 items' } };
    const valid = items as Json[];
    const keys = valid.map((i) => `${String(i?.id_pdc_itinerance)}@${String(kind === 'session' ? i?.start : i?.horodatage)}`);
    for (const item of items) {
      const problem = kind === 'session' ? this.badSession(item) : this.badStatus(item);
      if (problem) return { status: problem.status, keys, json: { detail: problem.detail } };
    }
    const uuids = valid.map(() => randomUUID());
    const commit = () => valid.forEach((item, n) => {
      if (kind === 'session') this.sessions.push({ uuid: uuids[n], id_pdc_itinerance: String(item.id_pdc_itinerance), start: String(item.start), end: String(item.end), energy: Number(item.energy) });
      else this.statuses.push({ ...item, uuid: uuids[n], id_pdc_itinerance: String(item.id_pdc_itinerance), horodatage: String(item.horodatage) });
    });
    return { status: 201, keys, commit, json: path.endsWith('/bulk') ? { size: uuids.length, items: uuids } : { id: uuids[0] } };
  }

  private login(body: string): Handled {
    const form = new URLSearchParams(body);
    const username = form.get('username') ?? '';
    if (!(username in this.users) || this.users[username] !== form.get('password')) return { status: 401, json: { message: 'Wrong login or password' } };
    this.logins++;
    const exp = this.now() + this.tokenLifetimeMs;
    const part = (o: Json) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: username, exp: Math.floor(exp / 1000) })}.${randomUUID()}`;
    this.tokens.set(token, exp);
    return { status: 200, json: { access_token: token, token_type: 'bearer' } };
  }

  private badPoint(item: Json): { status: number; detail: string } | undefined {
    const id = item.id_pdc_itinerance;
    if (typeof id !== 'string' || !PDC.test(id)) return { status: 422, detail: `id_pdc_itinerance ${String(id)}: bad pattern` };
    if (this.known && !this.known.has(id)) return { status: 404, detail: 'Undeclared attached point(s) of charge, you should create them all first' };
    return undefined;
  }

  private badSession(item: unknown): { status: number; detail: string } | undefined {
    if (!isObject(item)) return { status: 422, detail: 'not an object' };
    const point = this.badPoint(item);
    if (point) return point;
    const { start, end, energy } = item;
    if (typeof start !== 'string' || typeof end !== 'string' || !AWARE.test(start) || !AWARE.test(end)) return { status: 422, detail: 'start/end must be tz-aware' };
    const s = Date.parse(start);
    const e = Date.parse(end);
    if (s > this.now() || e > this.now()) return { status: 422, detail: 'dates must be in the past' };
    if (s > e) return { status: 422, detail: 'A session cannot start after it has ended.' };
    if (s < this.now() - 365 * DAY_MS) return { status: 422, detail: 'start is older than 365 days' };
    if (typeof energy !== 'number' || energy < 0 || energy > 1000) return { status: 422, detail: 'energy out of range' };
    return undefined;
  }

  private badStatus(item: unknown): { status: number; detail: string } | undefined {
    if (!isObject(item)) return { status: 422, detail: 'not an object' };
    const point = this.badPoint(item);
    if (point) return point;
    const at = item.horodatage;
    if (typeof at !== 'string' || !AWARE.test(at) || Date.parse(at) > this.now()) return { status: 422, detail: 'horodatage must be a tz-aware past date' };
    if (Date.parse(at) < this.now() - DAY_MS) return { status: 422, detail: 'horodatage is older than 1 day' };
    if (!['en_service', 'hors_service', 'inconnu'].includes(String(item.etat_pdc))) return { status: 422, detail: 'etat_pdc' };
    if (!['libre', 'occupe', 'reserve', 'inconnu'].includes(String(item.occupation_pdc))) return { status: 422, detail: 'occupation_pdc' };
    return undefined;
  }

  private history(idPdc: string, from: string | null): Handled {
    const since = from ? Date.parse(from) : -Infinity;
    const list = this.statuses.filter((s) => s.id_pdc_itinerance === idPdc && Date.parse(s.horodatage) >= since);
    if (!list.length) return { status: 404, json: { detail: 'Selected point of charge does not have status record yet' } };
    return { status: 200, json: list.map(({ uuid: _uuid, ...rest }) => rest) };
  }
}
