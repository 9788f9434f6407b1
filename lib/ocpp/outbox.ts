/**
 * Outgoing OCPP-J frames of every connection of the process, held until the event loop has run the I/O callbacks
 * of its current turn, then written back to back.
 *
 * Why: on a busy server the answers to the calls read in one turn would otherwise be written one at a time between
 * the handlers, and each write to a peer that has gone back to waiting pays for waking it again (on a virtual
 * machine, an exit to the hypervisor per write). Written in one burst, they wake each peer once. A quiet server
 * loses nothing: the turn's check phase follows its poll phase at once. Frames keep their order per socket since
 * the queue is one list.
 */
import type WebSocket from 'ws';

const OPEN = 1;

let held: Array<WebSocket | string> = [];
let scheduled = false;
const hooks = new Set<() => void>();

/**
 * Runs `before` ahead of every burst, so that what the frames acknowledge is made durable first: the archive journals
 * a whole turn's records in one write there, not one write per call. `before` should not throw; returns its removal.
 */
export function beforeWrite(before: () => void): () => void {
  hooks.add(before);
  return () => { hooks.delete(before); };
}

/** Queues a frame for `socket`; it leaves at the end of this turn of the event loop. */
export function post(socket: WebSocket, frame: string): void {
  held.push(socket, frame);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushOutbox);
  }
}

/** Writes every held frame now (before a socket is closed, so what was answered still leaves first). */
export function flushOutbox(): void {
  scheduled = false;
  if (held.length === 0) return;
  for (const before of hooks) {
    try {
      before();
    } catch (err) {
      // The frames still leave: holding every answer of the process back for one failing hook would stall them all.
      process.emitWarning(`outbox: a hook before writing failed: ${String(err)}`);
    }
  }
  const list = held;
  held = [];
  for (let i = 0; i < list.length; i += 2) {
    const socket = list[i] as WebSocket;
    // A socket closed meanwhile takes nothing: its frames could not leave anyway.
    if (socket.readyState === OPEN) socket.send(list[i + 1] as string);
  }
}
