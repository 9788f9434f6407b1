/** A bounded map of recently answered CALL ids to the frame we answered with, so a retried id is never processed twice. */
export class ReplayCache {
  private readonly entries = new Map<string, string | null>();
  constructor(private readonly capacity: number) {}

  /** undefined: never seen; null: still being processed; string: the answer frame to send again. */
  get(id: string): string | null | undefined {
    return this.entries.get(id);
  }

  /** Marks an id as in progress (null) or answered (frame); evicts the oldest entries beyond capacity. */
  set(id: string, frame: string | null): void {
    if (this.capacity <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, frame);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
