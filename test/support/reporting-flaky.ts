/**
 * An HTTP receiver that fails now and then on a seeded schedule: 500s, requests left hanging (a client timeout),
 * connections cut; the hanging and cut kinds come in two flavours, before and after the receiver stored what it
 * got, which is exactly the case a sender cannot tell apart. It can also go down (port closed) and come back on
 * the same port.
 */
import http from 'http';
import type net from 'net';
import { Random } from '../../lib/simulator/random';

export type Fault = 'error500' | 'hang' | 'hang-after-store' | 'drop' | 'drop-after-store';

export interface FaultPlan {
  seed: number;
  /** Share of requests that fail. */
  rate: number;
  kinds: Fault[];
}

/** What a route decided; `commit` stores, and runs only when the fault (if any) lets the request through. */
export interface Handled {
  status: number;
  json?: unknown;
  /** Keys of the records the request carried, for the delivery log. */
  keys?: string[];
  commit?: () => void;
}

export interface Delivery {
  method: string;
  path: string;
  fault?: Fault;
  status?: number;
  stored: boolean;
  keys: string[];
}

export interface IncomingRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export abstract class FlakyServer {
  readonly deliveries: Delivery[] = [];
  /** Faults to apply to the next requests, before the seeded ones (for targeted tests). */
  readonly forced: Fault[] = [];
  private server?: http.Server;
  private port = 0;
  private readonly held = new Set<net.Socket>();
  private readonly random?: Random;

  constructor(private readonly plan?: FaultPlan) {
    if (plan) this.random = new Random(plan.seed);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Down: the port refuses connections until start() again; requests left hanging are cut. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests that the fault schedule spares (the login, say). */
  protected exempt(_request: IncomingRequest): boolean {
    return false;
  }

  protected abstract handle(request: IncomingRequest): Handled;

  private roll(): Fault | undefined {
    const forced = this.forced.shift();
    if (forced) return forced;
    if (!this.plan || !this.random || !this.random.chance(this.plan.rate)) return undefined;
    return this.random.pick(this.plan.kinds);
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: IncomingRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', this.url), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const fault = this.exempt(request) ? undefined : this.roll();
      const delivery: Delivery = { method: request.method, path: request.url.pathname, stored: false, keys: [], ...(fault ? { fault } : {}) };
      this.deliveries.push(delivery);
      if (fault === 'error500') return this.answer(res, delivery, { status: 500, json: { detail: 'injected failure' } });
      if (fault === 'drop' || fault === 'hang') return this.cut(req, res, fault);
      const handled = this.handle(request);
      delivery.keys = handled.keys ?? [];
      if (handled.status >= 200 && handled.status < 300 && handled.commit) {
        handled.commit();
        delivery.stored = true;
      }
      if (fault === 'drop-after-store' || fault === 'hang-after-store') return this.cut(req, res, fault);
      this.answer(res, delivery, handled);
    });
  }

  private answer(res: http.ServerResponse, delivery: Delivery, handled: Handled): void {
    delivery.status = handled.status;
    const body = handled.json === undefined ? '' : JSON.stringify(handled.json);
    res.writeHead(handled.status, { 'Content-Type': 'application/json', Connection: 'close' });
    res.end(body);
  }

  private cut(req: http.IncomingMessage, _res: http.ServerResponse, fault: Fault): void {
    if (fault.startsWith('drop')) {
      req.socket.destroy();
      return;
    }
    this.held.add(req.socket);
    req.socket.once('close', () => this.held.delete(req.socket));
  }
}
