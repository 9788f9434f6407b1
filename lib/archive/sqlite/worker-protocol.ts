/** Messages between the main thread and the SQLite writer thread. */
export type WorkerRequest =
  | { id: number; kind: 'write'; json: string; lastSeq: number }
  | { id: number; kind: 'prune'; before: string };

export interface WorkerReply {
  id: number;
  error?: string;
  count?: number;
}
