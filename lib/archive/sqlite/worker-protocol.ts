/** Messages between the main thread and the SQLite writer thread. */
export interface WorkerSetup {
  /** The database file. */
  file: string;
  /** The journal folder the thread reads its batches from. */
  journalDir: string;
}

export type WorkerRequest =
  | { id: number; kind: 'write'; afterSeq: number; uptoSeq: number; max: number }
  | { id: number; kind: 'prune'; before: string };

export interface WorkerReply {
  id: number;
  error?: string;
  /** write: the last sequence number committed (afterSeq when nothing was readable). */
  lastSeq?: number;
  /** prune: rows deleted. */
  count?: number;
}
