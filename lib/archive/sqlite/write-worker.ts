/**
 * The SQLite writer thread: batches commit here, on their own connection, so a commit (and the WAL checkpoint
 * that sometimes follows it) never holds up the OCPP event loop. The main thread keeps its connection for reads.
 */
import { parentPort, workerData } from 'worker_threads';
import { SqliteBackend } from './backend';
import type { ArchiveRecord } from '../records';
import type { WorkerReply, WorkerRequest } from './worker-protocol';
import { lowerThreadPriority } from './thread-priority';

// Commits can wait a few milliseconds; answers to stations should not. At nice 10 this thread still gets any idle
// core whole and about a tenth of a busy one; should it fall behind, what waits is in the journal.
lowerThreadPriority(10);

const backend = new SqliteBackend({ file: (workerData as { file: string }).file, busyTimeoutMs: 30_000 });
backend.openSync();

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    if (request.kind === 'write') {
      backend.writeSync(JSON.parse(request.json) as ArchiveRecord[], request.lastSeq);
      reply = { id: request.id };
    } else {
      reply = { id: request.id, count: backend.pruneMessagesSync(request.before) };
    }
  } catch (err) {
    reply = { id: request.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
