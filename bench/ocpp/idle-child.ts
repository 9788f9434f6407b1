/**
 * A farm of idle stations in its own process, so thousands of client sockets weigh on neither the server's
 * nor the parent's memory and CPU. Each is a bare `ws` client that sends one BootNotification and then waits.
 */
import WebSocket from 'ws';
import { ready, serve } from './child-side';
import { bootFrame } from './messages';

export interface ConnectRequest {
  endpoint: string;
  prefix: string;
  count: number;
  /** Handshakes in flight at once. */
  concurrency: number;
}

export interface ConnectResult {
  opened: number;
  failed: number;
  firstError?: string;
  ms: number;
}

const sockets: WebSocket[] = [];

function openOne(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'ocpp1.6');
    const timer = setTimeout(() => fail(new Error('no BootNotification answer within 30 s')), 30_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      ws.terminate();
      reject(err);
    };
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () => ws.send(bootFrame('boot-1')));
    ws.once('message', (data) => {
      clearTimeout(timer);
      const frame = JSON.parse(data.toString()) as unknown[];
      if (frame[0] !== 3) {
        fail(new Error(`BootNotification answered with ${data.toString().slice(0, 120)}`));
        return;
      }
      ws.off('error', fail);
      // Errors after the boot (the server going away at the end) are expected; only the count matters.
      ws.on('error', () => undefined);
      resolve(ws);
    });
  });
}

async function connect(req: ConnectRequest): Promise<ConnectResult> {
  const started = Date.now();
  let nextIndex = 0;
  let failed = 0;
  let firstError: string | undefined;
  const base = sockets.length;
  const worker = async (): Promise<void> => {
    while (nextIndex < req.count) {
      const identity = `${req.prefix}-${base + nextIndex++}`;
      try {
        sockets.push(await openOne(`${req.endpoint}/${encodeURIComponent(identity)}`));
      } catch (err) {
        failed++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, req.concurrency) }, worker));
  return { opened: req.count - failed, failed, firstError, ms: Date.now() - started };
}

function closeAll(): number {
  const count = sockets.length;
  for (const ws of sockets.splice(0)) ws.terminate();
  return count;
}

serve({
  connect: (arg) => connect(arg as ConnectRequest),
  close: () => closeAll(),
  count: () => sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length,
}, () => { closeAll(); });
ready({ pid: process.pid });
