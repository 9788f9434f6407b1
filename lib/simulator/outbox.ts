/**
 * The transaction outbox: StartTransaction, MeterValues of a transaction, StopTransaction and TransactionEvent go out
 * in order and survive a lost connection, as OCPP requires of a station (C16 §3.7, 2.0.1 E04). Other messages may
 * be lost offline; these may not.
 */
import type { Payload } from '../ocpp/frames';
import { CallError } from '../ocpp/errors';

export interface OutgoingCall {
  action: string;
  payload: Payload;
}

export interface TxMessage {
  /** Built when it is sent, so a 1.6 message can use the transactionId the CSMS gave after it was queued. */
  build(): OutgoingCall;
  /** Runs before the next message is built (a StartTransaction answer sets the id the next ones need). */
  accept?(answer: Payload): void;
  /** Periodic readings: when the queue is full, the oldest of these make room (they resolve with an empty answer). */
  droppable?: boolean;
}

interface Item {
  message: TxMessage;
  attempts: number;
  resolve: (answer: Payload) => void;
  reject: (err: unknown) => void;
}

/** Why queued messages were dropped: the station stopped. Not worth an 'error' event. */
export class StationStoppedError extends Error {
  constructor(identity: string) {
    super(`${identity} was stopped`);
    this.name = 'StationStoppedError';
  }
}

export interface OutboxLink {
  send(call: OutgoingCall): Promise<Payload>;
  /** Connected and past the boot: transaction messages may flow. */
  ready(): boolean;
}

// A CSMS that times out three times in a row on one message is not going to answer it.
const MAX_ATTEMPTS = 3;
// A real station's memory is finite too: a long outage costs the oldest periodic readings, never a start or a stop.
const MAX_QUEUED = 1000;

const LOST = new Set(['NotConnected', 'Closed']);

export class TxOutbox {
  private readonly items: Item[] = [];
  private delivering = false;

  constructor(private readonly link: OutboxLink) {}

  get size(): number {
    return this.items.length;
  }

  /** Queues a message; resolves with the CSMS's answer once delivered, whenever that is. */
  push(message: TxMessage): Promise<Payload> {
    return new Promise<Payload>((resolve, reject) => {
      if (this.items.length >= MAX_QUEUED) {
        // The first item may be in flight; the search starts after it.
        const victim = this.items.findIndex((item, i) => i > 0 && item.message.droppable);
        if (victim > 0) this.items.splice(victim, 1)[0].resolve({});
      }
      this.items.push({ message, attempts: 0, resolve, reject });
      void this.flush();
    });
  }

  /** Delivers what is queued, in order, while the link is ready. Called again when a session opens. */
  async flush(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.items.length > 0 && this.link.ready()) {
        const item = this.items[0];
        let call: OutgoingCall;
        try {
          call = item.message.build();
        } catch (err) {
          this.items.shift();
          item.reject(err);
          continue;
        }
        let answer: Payload;
        try {
          answer = await this.link.send(call);
        } catch (err) {
          if (this.items[0] !== item) continue; // dropped by rejectAll() meanwhile
          // Lost with the connection: kept for the next session, still first in line.
          if (err instanceof CallError && LOST.has(err.code)) break;
          if (err instanceof CallError && err.code === 'Timeout' && ++item.attempts < MAX_ATTEMPTS) continue;
          this.items.shift();
          item.reject(err);
          continue;
        }
        if (this.items[0] !== item) continue;
        this.items.shift();
        try {
          item.message.accept?.(answer);
          item.resolve(answer);
        } catch (err) {
          item.reject(err);
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  rejectAll(reason: Error): void {
    for (const item of this.items.splice(0)) item.reject(reason);
  }
}
