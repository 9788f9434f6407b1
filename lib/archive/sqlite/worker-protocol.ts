/** Messages between the main thread and the SQLite writer thread. */
import type { ArchiveRecord } from '../records';

export type WorkerRequest =
  | { id: number; kind: 'write'; records: ArchiveRecord[]; lastSeq: number }
  | { id: number; kind: 'prune'; before: string };

export interface WorkerReply {
  id: number;
  error?: string;
  count?: number;
}
