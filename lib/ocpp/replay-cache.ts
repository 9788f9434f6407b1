/** A bounded map of recently answered CALL ids to the frame we answered with, so a retried id is never processed twice. */
export class ReplayCache {
  private readonly answered = new Map<string, string>();
  private readonly inProgress = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** undefined: never seen; null: still being processed; string: the answer frame to send again. */
  get(id: string): string | null | undefined {
    if (this.inProgress.has(id)) return null;
    return this.answered.get(id);
  }

  /** Marks an id as being processed (answered ids leave this state through {@link answer}). */
  begin(id: string): void {
    this.inProgress.add(id);
  }

  /** Records the answer to an id; the oldest answers are forgotten beyond capacity. */
  answer(id: string, frame: string): void {
    this.inProgress.delete(id);
    if (this.capacity <= 0) return;
    this.answered.set(id, frame);
    if (this.answered.size > this.capacity) this.answered.delete(this.answered.keys().next().value as string);
  }
}
