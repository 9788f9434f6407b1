/**
 * The SQLite writer thread: batches commit here, on their own connection, so a commit (and the WAL checkpoint
 * that sometimes follows it) never holds up the OCPP event loop. The main thread keeps its connection for reads.
 */
import { parentPort, workerData } from 'worker_threads';
import { SqliteBackend } from './backend';
import { JournalReader } from '../journal-reader';
import { recordOf } from '../journal';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';
import { lowerThreadPriority } from './thread-priority';

// Commits can wait a few milliseconds; answers to stations should not. At nice 10 this thread still gets any idle
// core whole and about a tenth of a busy one; should it fall behind, what waits is in the journal.
lowerThreadPriority(10);

const setup = workerData as WorkerSetup;
const backend = new SqliteBackend({ file: setup.file, busyTimeoutMs: 30_000 });
backend.openSync();
const journal = new JournalReader(setup.journalDir);

/** Commits the journaled records after afterSeq (at most max, none after uptoSeq); returns the last one written. */
function writeFromJournal(afterSeq: number, uptoSeq: number, max: number): number {
  const entries = journal.read(afterSeq, uptoSeq, max);
  if (entries.length === 0) return afterSeq;
  const lastSeq = entries[entries.length - 1].seq;
  backend.writeSync(entries.map(recordOf), lastSeq);
  return lastSeq;
}

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    if (request.kind === 'write') {
      reply = { id: request.id, lastSeq: writeFromJournal(request.afterSeq, request.uptoSeq, request.max) };
    } else {
      reply = { id: request.id, count: backend.pruneMessagesSync(request.before) };
    }
  } catch (err) {
    reply = { id: request.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
