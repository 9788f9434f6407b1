/** A bounded map of recently answered CALL ids to the frame we answered with, so a retried id is never processed twice. */
export class ReplayCache {
  private readonly answered = new Map<string, string>();
  private readonly inProgress = new Set<string>();
  // Oldest-first ring of the answered ids: eviction without iterating the map (this runs on every call).
  private readonly ring: string[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  /** undefined: never seen; null: still being processed; string: the answer frame to send again. */
  get(id: string): string | null | undefined {
    if (this.inProgress.size > 0 && this.inProgress.has(id)) return null;
    return this.answered.get(id);
  }

  /** Marks an id as being processed (answered ids leave this state through {@link answer}). */
  begin(id: string): void {
    this.inProgress.add(id);
  }

  /** Records the answer to an id; the oldest answers are forgotten beyond capacity. */
  answer(id: string, frame: string): void {
    if (this.inProgress.size > 0) this.inProgress.delete(id);
    if (this.capacity <= 0) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined && evicted !== id) this.answered.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.answered.set(id, frame);
  }
}
