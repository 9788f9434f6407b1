/** CALLs waiting for the flow's answer, each with a deadline after which the default answer goes out. */
import type { Payload } from '../frames';

interface Waiting {
  action: string;
  resolve: (answer: Payload | undefined) => void;
  timer: NodeJS.Timeout;
}

export type FlowAnswerOutcome = 'sent' | 'late';

export class FlowAnswers {
  private readonly waiting = new Map<string, Waiting>();

  /** Resolves with the flow's answer, or undefined when the deadline passes first. */
  wait(stationId: string, messageId: string, action: string, timeoutMs: number): Promise<Payload | undefined> {
    const key = FlowAnswers.key(stationId, messageId);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(key, { action, resolve, timer });
    });
  }

  /** The action of a call still waiting for the flow, or undefined. */
  waitingAction(stationId: string, messageId: string): string | undefined {
    return this.waiting.get(FlowAnswers.key(stationId, messageId))?.action;
  }

  /** Delivers the flow's answer; 'late' when the call is no longer waiting (answered by default, or unknown). */
  answer(stationId: string, messageId: string, payload: Payload | undefined): FlowAnswerOutcome {
    const key = FlowAnswers.key(stationId, messageId);
    const entry = this.waiting.get(key);
    if (!entry) return 'late';
    clearTimeout(entry.timer);
    this.waiting.delete(key);
    entry.resolve(payload);
    return 'sent';
  }

  /** Lets every waiting call take its default answer (on shutdown). */
  releaseAll(): void {
    for (const [key, entry] of this.waiting) {
      clearTimeout(entry.timer);
      this.waiting.delete(key);
      entry.resolve(undefined);
    }
  }

  private static key(stationId: string, messageId: string): string {
    return `${stationId}\u0000${messageId}`;
  }
}
