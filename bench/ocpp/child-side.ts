/** The child half of children.ts: answers the parent's requests and dies with it. */
import { serverCpu } from './run-queue';

export type Handlers = Record<string, (arg: unknown) => unknown>;

interface Request {
  id: number;
  op: string;
  arg?: unknown;
}

function send(message: unknown): void {
  if (process.connected) process.send?.(message);
}

/**
 * Serves requests by op name. 'exit' is built in: it runs onExit then leaves. The IPC channel closing means
 * the parent is gone (even after SIGKILL), so the child exits too instead of lingering as an orphan.
 */
export function serve(handlers: Handlers, onExit: () => Promise<void> | void): void {
  if (!process.send) throw new Error('this file runs as a forked child of the benchmark');
  const leave = async (): Promise<void> => {
    try {
      await Promise.race([onExit(), new Promise((r) => setTimeout(r, 2000))]);
    } finally {
      process.exit(0);
    }
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: Request) => {
    if (msg.op === 'exit') {
      void leave();
      return;
    }
    const handler = handlers[msg.op];
    if (!handler) {
      send({ id: msg.id, ok: false, error: `unknown op ${msg.op}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(msg.arg))
      .then((data) => send({ id: msg.id, ok: true, data }), (err: unknown) => send({ id: msg.id, ok: false, error: String(err) }));
  });
}

/**
 * What every server child answers: its CPU time (with its event loop's wait for a CPU), its memory (settled, and
 * resident now) and its open connections.
 */
export function serverOps(connections: () => number): Handlers {
  return {
    cpu: serverCpu,
    mem: () => settledMemory(),
    rss: () => process.memoryUsage().rss,
    connections: () => connections(),
  };
}

export function ready(data: unknown): void {
  send({ type: 'ready', data });
}

/** Full collections until the heap stops shrinking, with turns in between so finalizers free external memory. */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start the child with --expose-gc');
  let previous = Infinity;
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
    const used = process.memoryUsage().heapUsed;
    if (i >= 2 && used >= previous * 0.995) break;
    previous = used;
  }
  return process.memoryUsage();
}
