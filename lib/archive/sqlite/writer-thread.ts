/** The main thread's side of the SQLite writer thread: requests out, promises of their outcome back. */
import path from 'path';
import { Worker } from 'worker_threads';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

type Pending = { resolve: (reply: WorkerReply) => void; reject: (err: Error) => void };

export class WriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure?: Error;

  constructor(file: string, journalDir: string) {
    this.worker = new Worker(path.join(__dirname, 'write-worker.js'), { workerData: { file, journalDir } satisfies WorkerSetup });
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!waiting) return;
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply);
    });
    // A thread that died (its database could not be opened) fails every request; the writer spools and retries.
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`SQLite writer thread exited (${code})`)));
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** The thread reads the batch from the journal and commits it; resolves with the last sequence number written. */
  writeFromJournal(afterSeq: number, uptoSeq: number, max: number): Promise<number> {
    return this.send({ kind: 'write', afterSeq, uptoSeq, max }).then((r) => r.lastSeq ?? afterSeq);
  }

  prune(before: string): Promise<number> {
    return this.send({ kind: 'prune', before }).then((r) => r.count ?? 0);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private send(request: { kind: 'write'; afterSeq: number; uptoSeq: number; max: number } | { kind: 'prune'; before: string }): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }
}
