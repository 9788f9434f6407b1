/**
 * Child processes of the benchmark: forked with an IPC channel, asked questions by request id, and always
 * killed — on stop, on the parent's exit or signal — so no run leaves a server or a client farm behind.
 */
import path from 'path';
import { ChildProcess, fork } from 'child_process';

interface Reply {
  id: number;
  ok: boolean;
  data?: unknown;
  error?: string;
}

interface Ready {
  type: 'ready';
  data: unknown;
}

const live = new Set<ChildProcess>();

/** Kills every child still running; safe to call from an 'exit' handler (synchronous). */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

let guarded = false;

/** Ties the children's life to ours: normal exit, Ctrl-C, kill, or a crash all take them down. */
export function guardChildren(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(private readonly proc: ChildProcess, readonly name: string, readonly ready: unknown) {
    proc.on('message', (msg: Reply) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.data);
      else waiter.reject(new Error(`${name}: ${msg.error}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      live.delete(proc);
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  /**
   * Forks a compiled file and resolves once it has said it is ready. A bare name is a file of this folder; other
   * benchmarks pass an absolute path to their own child.
   */
  static start(file: string, args: string[], name: string, extraExecArgv: string[] = [], readyTimeoutMs = 60_000): Promise<Child> {
    const proc = fork(path.resolve(__dirname, file), args, {
      // --expose-gc so memory is read after a full collection, not whenever V8 last felt like collecting.
      execArgv: ['--expose-gc', ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    live.add(proc);
    return new Promise<Child>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`${name} not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.kill('SIGKILL');
        live.delete(proc);
        reject(err);
      };
      const onMessage = (msg: Ready): void => {
        if (msg?.type !== 'ready') return;
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(new Child(proc, name, msg.data));
      };
      const onExit = (code: number | null, signal: string | null): void => fail(new Error(`${name} exited before ready (${signal ?? code})`));
      proc.on('message', onMessage);
      proc.once('exit', onExit);
      proc.once('error', fail);
    });
  }

  request<T>(op: string, arg?: unknown, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.proc.send({ id, op, arg });
    });
  }

  /** Asks the child to finish, then kills it if it has not exited within graceMs. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.send({ id: 0, op: 'exit' }, (err) => { if (err) this.proc.kill('SIGKILL'); });
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}
