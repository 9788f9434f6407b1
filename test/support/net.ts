/** Test plumbing: free ports, raw WebSocket clients that send any frame, waiting for conditions. */
import http from 'http';
import { randomBytes } from 'crypto';
import net from 'net';
import WebSocket from 'ws';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A WebSocket client for hand-made frames: queues what it receives so a test can await the next one. */
export class RawClient {
  readonly ws: WebSocket;
  private readonly received: string[] = [];
  private waiters: Array<(text: string) => void> = [];
  closed?: { code: number; reason: string };

  constructor(url: string, protocols: string | string[] = 'ocpp1.6', options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, protocols, options);
    this.ws.on('message', (data) => {
      const text = data.toString();
      const waiter = this.waiters.shift();
      if (waiter) waiter(text);
      else this.received.push(text);
    });
    this.ws.on('close', (code, reason) => { this.closed = { code, reason: reason.toString() }; });
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(frame: string | unknown[]): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  next(timeoutMs = 3000): Promise<unknown[]> {
    const queued = this.received.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error('no frame received'));
      }, timeoutMs);
      const waiter = (text: string) => {
        clearTimeout(timer);
        resolve(JSON.parse(text));
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves true when nothing arrives within the time. */
  async silent(ms = 300): Promise<boolean> {
    try {
      await this.next(ms);
      return false;
    } catch {
      return true;
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The HTTP status a WebSocket upgrade is refused with (or 101 when it succeeds). */
export function handshakeStatus(url: string, protocols: string[] = ['ocpp1.6'], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => { ws.terminate(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); ws.terminate(); });
    ws.once('error', () => resolve(0));
  });
}

/** A hand-made WebSocket upgrade request: what the server answered, and whether it then closed the socket. */
export function rawUpgrade(url: string, protocols: string[]): Promise<{ status: number; protocol?: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url.replace(/^ws/, 'http'));
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': protocols.join(', '),
      },
    });
    req.on('upgrade', (res, socket, head: Buffer) => {
      const protocol = res.headers['sec-websocket-protocol'] as string | undefined;
      let closeFrame = head.length > 0 && (head[0] & 0x0f) === 0x8;
      socket.on('data', (chunk: Buffer) => { if ((chunk[0] & 0x0f) === 0x8) closeFrame = true; });
      const done = () => resolve({ status: 101, protocol, closedByServer: closeFrame });
      socket.on('end', done);
      socket.on('close', done);
      setTimeout(() => { socket.destroy(); }, 2000);
    });
    req.on('response', (res) => { res.resume(); resolve({ status: res.statusCode ?? 0, closedByServer: true }); });
    req.on('error', reject);
    req.end();
  });
}
