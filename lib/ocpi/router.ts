/**
 * Our OCPI server: `{base}/versions`, `{base}/2.2.1` (version details) and `{base}/2.2.1/{module}/…` for each
 * registered module handler, credentials included. It authenticates, wraps answers in the envelope, echoes the
 * request and correlation ids, swaps routing headers on functional modules and writes paging headers. It is a plain
 * `(req, res, next)` function so a Node-RED node can mount it with `RED.httpNode.use(path, router.handle)`, and it
 * never throws at the HTTP server: a handler bug is answered 3000 with HTTP 500.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { tokenCandidates } from './auth';
import { envelope } from './envelope';
import { CORRELATION_ID, header, isFunctionalModule, PartyRef, readRequestIds, readRouting, REQUEST_ID, RequestIds, Routing, routingHeaders, swapRouting } from './headers';
import { Endpoint, InterfaceRole, ModuleId, OCPI_VERSION, VersionDetails, VersionEntry } from './model';
import { pageHeaders, readPageQuery } from './paging';
import type { Authenticated, PartnerStore } from './partners';
import { ModuleHandler, OcpiReply, OcpiRequest, readJsonBody } from './request';
import { methodNotAllowed, notFound, OcpiError, OcpiStatus, unauthorized } from './status';

export interface OcpiRouterOptions {
  partners: PartnerStore;
  /** The public, absolute URL of basePath (what partners call), e.g. https://cpo.example.com/ocpi/cpo. */
  publicUrl: string;
  /** The prefix of req.url this router answers under: '' when Express mounted it (it strips the mount path). */
  basePath?: string;
  /** Server maximum of `limit` on list GETs (default 100). */
  maxLimit?: number;
  /** Our party in answers whose request named none (open routing). */
  party?: PartyRef;
  /** Handler bugs, for the log: the partner only gets 3000. */
  onError?: (error: unknown, request?: OcpiRequest) => void;
}

export interface ModuleOptions {
  /** The URL segment after the version; the module id by default. */
  path?: string;
  maxLimit?: number;
}

interface Registration {
  module: ModuleId;
  role: InterfaceRole;
  path: string;
  maxLimit: number;
  handler: ModuleHandler;
}

/** Answers the OCPI layer could not give: these carry their own HTTP status. */
interface Answer {
  httpStatus: number;
  body: ReturnType<typeof envelope>;
  headers: Record<string, string>;
}

export class OcpiRouter {
  readonly versionsUrl: string;
  readonly detailsUrl: string;
  private readonly modules: Registration[] = [];
  private readonly basePath: string;
  private readonly publicUrl: string;

  constructor(private readonly options: OcpiRouterOptions) {
    this.publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.versionsUrl = `${this.publicUrl}/versions`;
    this.detailsUrl = `${this.publicUrl}/${OCPI_VERSION}`;
  }

  /** Registers a module's interface; the same module in both roles needs a distinct path for one of them. */
  module(id: ModuleId, role: InterfaceRole, handler: ModuleHandler, options: ModuleOptions = {}): this {
    const path = options.path ?? id;
    if (this.modules.some((m) => m.path === path)) throw new Error(`OCPI path ${path} is already taken`);
    if (this.modules.some((m) => m.module === id && m.role === role)) throw new Error(`OCPI module ${id} ${role} is already registered`);
    this.modules.push({ module: id, role, path, handler, maxLimit: options.maxLimit ?? this.options.maxLimit ?? 100 });
    return this;
  }

  /** Our endpoints as version details list them. */
  endpoints(): Endpoint[] {
    return this.modules.map((m) => ({ identifier: m.module, role: m.role, url: `${this.detailsUrl}/${m.path}` }));
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse, next?: () => void): void => {
    this.dispatch(req, res, next).catch((e: unknown) => {
      this.options.onError?.(e);
      if (res.writableEnded) return;
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(envelope(OcpiStatus.SERVER_ERROR, undefined, 'internal error')));
    });
  };

  private async dispatch(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://ocpi.invalid');
    const rest = this.below(url.pathname);
    if (rest === undefined) {
      if (next) return next();
      return send(res, { httpStatus: 404, body: envelope(OcpiStatus.CLIENT_ERROR, undefined, 'not an OCPI path'), headers: {} });
    }
    const ids = readRequestIds(req.headers);
    try {
      const segments = decodeSegments(rest);
      const auth = this.authenticate(req);
      const publicUrl = new URL(`${this.publicUrl}${rest}${url.search}`);
      const answer = await this.route(req, segments, auth, ids, publicUrl);
      return send(res, withIds(answer, ids));
    } catch (e) {
      return send(res, withIds(this.failure(e), ids));
    }
  }

  private async route(req: IncomingMessage, segments: string[], auth: Authenticated, ids: RequestIds, url: URL): Promise<Answer> {
    const method = (req.method ?? 'GET').toUpperCase();
    const [first, second, ...rest] = segments;
    if (first === 'versions' && segments.length === 1) return this.configuration(method, this.versions());
    if (first !== OCPI_VERSION) throw notFound(`no OCPI resource at /${segments.join('/')}`);
    if (second === undefined) return this.configuration(method, this.details());
    const registration = this.modules.find((m) => m.path === second);
    if (!registration) throw notFound(`no module ${second} in OCPI ${OCPI_VERSION} here`);
    if (auth.kind === 'A' && registration.module !== 'credentials') {
      // transport_and_format.asciidoc: a valid TOKEN_A anywhere but credentials and versions is a 401.
      throw unauthorized('a registration token (TOKEN_A) only opens versions and credentials');
    }
    const functional = isFunctionalModule(registration.module);
    const routing: Routing = functional ? readRouting(req.headers) : {};
    const body = await readJsonBody(req);
    const request: OcpiRequest = {
      method, module: registration.module, role: registration.role, path: rest, query: url.searchParams, body,
      partner: auth.partner, tokenKind: auth.kind, routing, url, ...ids,
      pageQuery: (defaultLimit?: number) => readPageQuery(url.searchParams, registration.maxLimit, defaultLimit),
    };
    const reply = await this.call(registration, request);
    const headers: Record<string, string> = {};
    if (functional) Object.assign(headers, routingHeaders(this.answerRouting(routing, auth)));
    if (reply.page) Object.assign(headers, pageHeaders(url, reply.page));
    Object.assign(headers, reply.headers);
    const data = reply.page ? reply.page.items : reply.data;
    return { httpStatus: reply.httpStatus ?? 200, body: envelope(reply.status ?? OcpiStatus.SUCCESS, data, reply.message), headers };
  }

  private async call(registration: Registration, request: OcpiRequest): Promise<OcpiReply> {
    try {
      return await registration.handler(request);
    } catch (e) {
      if (!(e instanceof OcpiError)) this.options.onError?.(e, request);
      throw e;
    }
  }

  /** The answer goes back swapped; what the request left open is filled with us and the partner. */
  private answerRouting(routing: Routing, auth: Authenticated): Routing {
    const swapped = swapRouting(routing);
    const partnerRole = auth.partner.roles[0];
    const to = swapped.to ?? (partnerRole && { country_code: partnerRole.country_code, party_id: partnerRole.party_id });
    const from = swapped.from ?? this.options.party;
    return { ...(to ? { to } : {}), ...(from ? { from } : {}) };
  }

  private configuration(method: string, data: unknown): Answer {
    if (method !== 'GET') throw methodNotAllowed(`${method} is not allowed here: only GET`);
    return { httpStatus: 200, body: envelope(OcpiStatus.SUCCESS, data), headers: {} };
  }

  private versions(): VersionEntry[] {
    return [{ version: OCPI_VERSION, url: this.detailsUrl }];
  }

  private details(): VersionDetails {
    return { version: OCPI_VERSION, endpoints: this.endpoints() };
  }

  private authenticate(req: IncomingMessage): Authenticated {
    const value = header(req.headers, 'authorization');
    if (value === undefined) throw unauthorized('the Authorization header is missing: send "Authorization: Token <base64 of your token>"');
    const auth = this.options.partners.authenticate(tokenCandidates(value));
    if (!auth) throw unauthorized('the credentials token is not known here');
    return auth;
  }

  /** The path under basePath ('' for basePath itself), or undefined when the request is not ours. */
  private below(pathname: string): string | undefined {
    if (this.basePath === '') return pathname === '/' ? '' : pathname;
    if (pathname === this.basePath) return '';
    return pathname.startsWith(`${this.basePath}/`) ? pathname.slice(this.basePath.length) : undefined;
  }

  private failure(e: unknown): Answer {
    if (e instanceof OcpiError) return { httpStatus: e.httpStatus, body: envelope(e.statusCode, undefined, e.message), headers: {} };
    return { httpStatus: 500, body: envelope(OcpiStatus.SERVER_ERROR, undefined, 'internal error while handling the request'), headers: {} };
  }
}

function decodeSegments(path: string): string[] {
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    throw new OcpiError(OcpiStatus.INVALID_PARAMETERS, 'the path has a malformed percent-encoding', 400);
  }
}

function withIds(answer: Answer, ids: RequestIds): Answer {
  return { ...answer, headers: { ...answer.headers, [REQUEST_ID]: ids.requestId, [CORRELATION_ID]: ids.correlationId } };
}

function send(res: ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.httpStatus, { ...answer.headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
