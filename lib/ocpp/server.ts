/**
 * The OCPP-J WebSocket endpoint: handshake rules (path, identity, registry, Basic auth or client certificate,
 * subprotocol, no lowering of a station's security profile, brute-force throttling), TLS with the cipher suites
 * OCPP requires and certificates that can be replaced while stations stay connected, permessage-deflate, and
 * dead-socket detection by ping. It hands each accepted socket over as an RpcConnection.
 */
import http from 'http';
import https from 'https';
import type { Duplex } from 'stream';
import type { TLSSocket } from 'tls';
import { EventEmitter } from 'events';
import { WebSocket, WebSocketServer } from 'ws';
import { OcppVersion } from './errors';
import { SUBPROTOCOLS, versionOfSubprotocol } from './actions';
import { StationRegistry, identityProblem } from './registry';
import { PasswordVerifier } from './password';
import { AuthThrottle, ThrottleOptions } from './auth-throttle';
import { clientCertificateProblem } from './client-cert';
import { TokenBucket } from './token-bucket';

type Pem = string | Buffer;

export interface TlsOptions {
  /** One certificate and key, or several (an RSA and an ECDSA one: each client gets the kind its suites allow). */
  cert: Pem | Pem[];
  key: Pem | Pem[];
  /** The CA that signs the stations' certificates (profile 3). */
  ca?: Pem | Pem[];
}

export type SecurityProfile = 0 | 1 | 2 | 3;

/**
 * OCPP 2.0.1 A00.FR.317/421 (and the 1.6 whitepaper): ECDHE-ECDSA and RSA with AES-GCM must be offered, ECDHE-RSA
 * too for RSA-certificate stations; TLS 1.3 suites come first for stations that can; nothing weak follows.
 */
export const OCPP_CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384',
  'AES128-GCM-SHA256', 'AES256-GCM-SHA384',
].join(':');

export interface ServerOptions {
  port: number;
  host?: string;
  /** URL prefix; stations connect to `<path>/<identity>`. */
  path?: string;
  /** Subprotocols we accept, in our order of preference. */
  protocols?: OcppVersion[];
  /** 0: no auth; 1: Basic auth over ws; 2: Basic auth over TLS; 3: client certificate over TLS. */
  securityProfile?: SecurityProfile;
  tls?: TlsOptions;
  /** Profile 3: the operator's name, which the client certificates' O must contain. */
  operatorName?: string;
  /** The profile a station last connected with: a lower one is refused (A05.FR.09). */
  profileFloor?: (identity: string) => number | undefined;
  throttle?: ThrottleOptions;
  /** Open connections at most; more are refused with 503 (default: no limit). */
  maxConnections?: number;
  /** WebSocket handshakes accepted per second at most, with a burst of as many; more get 503 and Retry-After. */
  handshakesPerSecond?: number;
  registry: StationRegistry;
  /** Interval of WebSocket pings that find dead sockets; 0 disables. */
  pingIntervalMs?: number;
  maxPayload?: number;
}

export interface Handshake {
  identity: string;
  version: OcppVersion;
  socket: WebSocket;
  remoteAddress: string;
  securityProfile: SecurityProfile;
}

export interface HandshakeFailure {
  identity?: string;
  remoteAddress: string;
  status: number;
  reason: string;
}

interface Tracked extends WebSocket {
  alive?: boolean;
}

export class OcppServer extends EventEmitter {
  private readonly http: http.Server | https.Server;
  private readonly wss: WebSocketServer;
  private readonly verifier = new PasswordVerifier();
  private readonly throttle: AuthThrottle;
  private readonly profile: SecurityProfile;
  private readonly prefix: string;
  private readonly preference: string[];
  private pingTimer?: NodeJS.Timeout;
  private readonly handshakes?: TokenBucket;

  constructor(private readonly options: ServerOptions) {
    super();
    const profile = options.securityProfile ?? 0;
    this.profile = profile;
    if (profile >= 2 && !options.tls) throw new Error(`Security profile ${profile} needs a TLS certificate and key`);
    if (profile === 3 && !options.tls?.ca) throw new Error('Security profile 3 needs the CA of the stations\' certificates');
    this.throttle = new AuthThrottle(options.throttle);
    // A reconnect storm is spread out: at most one second's worth of handshakes at once.
    this.handshakes = options.handshakesPerSecond ? new TokenBucket(options.handshakesPerSecond) : undefined;
    this.prefix = (options.path ?? '/ocpp').replace(/\/+$/, '');
    this.preference = (options.protocols ?? ['2.0.1', '1.6']).map((v) => SUBPROTOCOLS[v]);
    // Profile 3 asks for a certificate but lets the handshake finish, so that a refusal is told and logged with its reason.
    this.http = options.tls
      ? https.createServer({ ...options.tls, minVersion: 'TLSv1.2', ciphers: OCPP_CIPHERS, honorCipherOrder: true, requestCert: profile === 3, rejectUnauthorized: false })
      : http.createServer();
    this.http.on('request', (_req, res) => {
      res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
      res.end('OCPP-J endpoint: connect with a WebSocket to ' + this.prefix + '/<identity>\n');
    });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload ?? 65536,
      // Required of a 2.0.1 CSMS (Part 4 §3.3). Small frames stay uncompressed and no context is kept between
      // messages, so idle stations hold no zlib memory.
      perMessageDeflate: { threshold: 1024, serverNoContextTakeover: true, clientNoContextTakeover: true },
      handleProtocols: (offered) => this.preference.find((p) => offered.has(p)) ?? false,
    });
    this.http.on('upgrade', (req, socket: Duplex, head) => {
      this.upgrade(req, socket, head).catch((err) => this.refuse(socket, req, 500, `internal error: ${String(err)}`));
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        this.http.off('error', reject);
        const interval = this.options.pingIntervalMs ?? 30_000;
        if (interval > 0) this.pingTimer = setInterval(() => this.sweep(), interval);
        resolve(this.port);
      });
    });
  }

  get port(): number {
    const address = this.http.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  /** New certificates (a renewal): new handshakes use them, connected stations keep their sessions. */
  reloadTls(tls: TlsOptions): void {
    if (!(this.http instanceof https.Server)) throw new Error('this OCPP server does not use TLS');
    this.http.setSecureContext({ ...tls, minVersion: 'TLSv1.2', ciphers: OCPP_CIPHERS, honorCipherOrder: true } as Parameters<https.Server['setSecureContext']>[0]);
  }

  get connectionCount(): number {
    return this.wss.clients.size;
  }

  async close(): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    if (!this.http.listening) return;
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections?.();
    });
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.options.maxConnections !== undefined && this.wss.clients.size >= this.options.maxConnections) {
      return this.refuse(socket, req, 503, `connection limit of ${this.options.maxConnections} reached`);
    }
    if (this.handshakes && !this.handshakes.take()) return this.refuse(socket, req, 503, 'too many handshakes at once: retry in a second', undefined, { 'Retry-After': '1' });
    const url = req.url ?? '';
    const pathname = url.split('?')[0];
    if (!pathname.startsWith(this.prefix + '/')) return this.refuse(socket, req, 404, `path outside ${this.prefix}/`);
    let identity: string;
    try {
      identity = decodeURIComponent(pathname.slice(this.prefix.length + 1));
    } catch {
      return this.refuse(socket, req, 400, 'identity is not valid percent-encoding');
    }
    const problem = identityProblem(identity);
    if (problem) return this.refuse(socket, req, 400, problem, identity);
    const { registry } = this.options;
    if (!registry.admits(identity)) return this.refuse(socket, req, 404, 'unknown identity', identity);
    const floor = this.options.profileFloor?.(identity);
    if (floor !== undefined && floor > this.profile) {
      return this.refuse(socket, req, 403, `security profile ${this.profile} is lower than the ${floor} this station connected with before`, identity);
    }
    const address = req.socket.remoteAddress ?? '';
    const waitMs = this.throttle.waitMs(identity, address);
    if (waitMs > 0) return this.refuse(socket, req, 429, `too many failed authentications: retry in ${Math.ceil(waitMs / 1000)} s`, identity);
    const authProblem = this.profile === 3
      ? clientCertificateProblem(req.socket as TLSSocket, identity, this.options.operatorName)
      : await this.authenticate(req, identity);
    if (authProblem) {
      this.throttle.failed(identity, address);
      return this.refuse(socket, req, 401, authProblem, identity);
    }
    this.throttle.succeeded(identity);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const version = versionOfSubprotocol(ws.protocol);
      const remoteAddress = req.socket.remoteAddress ?? '';
      if (!version) {
        // No common subprotocol: the handshake completed without the header; now close (J16 §3.2, P4 §3.2).
        this.emit('handshakeFailed', { identity, remoteAddress, status: 101, reason: `no common subprotocol (offered: ${req.headers['sec-websocket-protocol'] ?? 'none'})` } satisfies HandshakeFailure);
        ws.close(1002, 'No supported OCPP subprotocol');
        return;
      }
      const tracked = ws as Tracked;
      tracked.alive = true;
      // WebSocket clients answer pings by themselves, busy or not: a missing pong means a dead socket.
      ws.on('pong', () => { tracked.alive = true; });
      this.emit('connection', { identity, version, socket: ws, remoteAddress, securityProfile: this.profile } satisfies Handshake);
    });
  }

  /** Returns why the request is not authenticated, or undefined when it is. */
  private async authenticate(req: http.IncomingMessage, identity: string): Promise<string | undefined> {
    const entry = this.options.registry.get(identity);
    const profile = this.options.securityProfile ?? 0;
    if (profile === 0 && !entry?.passwordHash) return undefined;
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match) return 'Basic authentication required';
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (user !== identity) return 'Basic auth user is not the station identity';
    if (!entry?.passwordHash) return 'no password is set for this station';
    return (await this.verifier.verify(password, entry.passwordHash)) ? undefined : 'wrong password';
  }

  private refuse(socket: Duplex, req: http.IncomingMessage, status: number, reason: string, identity?: string, headers: Record<string, string> = {}): void {
    this.emit('handshakeFailed', { identity, remoteAddress: req.socket.remoteAddress ?? '', status, reason } satisfies HandshakeFailure);
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const body = reason + '\n';
    const extra = (status === 401 ? 'WWW-Authenticate: Basic realm="OCPP", charset="UTF-8"\r\n' : '')
      + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  private sweep(): void {
    for (const client of this.wss.clients as Set<Tracked>) {
      if (!client.alive) {
        client.terminate();
        continue;
      }
      client.alive = false;
      client.ping();
    }
  }
}
