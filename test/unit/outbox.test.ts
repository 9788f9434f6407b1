/**
 * The outbox: frames posted during a turn of the event loop leave together at its end, in the order posted, and
 * only to sockets still open; flushing at once (before a close) writes everything held. Hooks run before each burst.
 */
import assert from 'node:assert/strict';
import type WebSocket from 'ws';
import { beforeWrite, flushOutbox, post } from '../../lib/ocpp/outbox';
import { connectedPair } from '../support/pair';

interface FakeSocket {
  readyState: number;
  sent: string[];
  send(frame: string): void;
}

function fakeSocket(log: string[], name: string): FakeSocket {
  const socket: FakeSocket = {
    readyState: 1,
    sent: [],
    send(frame) {
      socket.sent.push(frame);
      log.push(`${name}:${frame}`);
    },
  };
  return socket;
}

const asWs = (s: FakeSocket): WebSocket => s as unknown as WebSocket;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('outbox', () => {
  it('holds the frames of a turn and writes them together, in order, at its end', async () => {
    const log: string[] = [];
    const a = fakeSocket(log, 'a');
    const b = fakeSocket(log, 'b');
    post(asWs(a), '1');
    post(asWs(b), '2');
    post(asWs(a), '3');
    assert.deepEqual(log, [], 'nothing is written during the turn');
    await Promise.resolve();
    assert.deepEqual(log, [], 'nor by the turn\'s microtasks');
    await nextTurn();
    assert.deepEqual(log, ['a:1', 'b:2', 'a:3']);
    post(asWs(b), '4');
    await nextTurn();
    assert.deepEqual(b.sent, ['2', '4'], 'a later turn is written in its own burst');
  });

  it('drops the frames of a socket closed before the end of the turn, and writes the others', async () => {
    const log: string[] = [];
    const open = fakeSocket(log, 'open');
    const closing = fakeSocket(log, 'closing');
    post(asWs(closing), 'lost');
    post(asWs(open), 'kept');
    closing.readyState = 2;
    await nextTurn();
    assert.deepEqual(log, ['open:kept']);
  });

  it('writes everything held at once when flushed', () => {
    const log: string[] = [];
    const s = fakeSocket(log, 's');
    post(asWs(s), 'x');
    flushOutbox();
    assert.deepEqual(log, ['s:x']);
    flushOutbox();
    assert.deepEqual(log, ['s:x'], 'a frame leaves once');
  });

  it('runs its hooks before each burst, not when nothing is held, and no longer once removed', async () => {
    const log: string[] = [];
    const s = fakeSocket(log, 's');
    const remove = beforeWrite(() => log.push('hook'));
    try {
      post(asWs(s), '1');
      post(asWs(s), '2');
      await nextTurn();
      flushOutbox();
      assert.deepEqual(log, ['hook', 's:1', 's:2'], 'once per burst, ahead of it');
    } finally {
      remove();
    }
    post(asWs(s), '3');
    await nextTurn();
    assert.deepEqual(log, ['hook', 's:1', 's:2', 's:3']);
  });

  it('still writes the frames when a hook throws, and says so as a process warning', async () => {
    const log: string[] = [];
    const s = fakeSocket(log, 's');
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    const remove = beforeWrite(() => { throw new Error('disk gone'); });
    try {
      post(asWs(s), '1');
      await nextTurn();
    } finally {
      remove();
    }
    assert.deepEqual(log, ['s:1']);
    assert.match((await warned).message, /disk gone/);
  });

  it('lets an answer leave before the connection that gave it closes in the same turn', async () => {
    const at = '2024-05-01T08:00:00.000Z';
    let csms: { close(code?: number): void } | undefined;
    const pair = await connectedPair('1.6', () => {
      // Runs after the answer is posted and before the end of the turn, when the outbox would write it.
      queueMicrotask(() => csms?.close(1000));
      return { currentTime: at };
    }, () => ({}));
    csms = pair.csms;
    try {
      const closed = new Promise<number>((resolve) => pair.stationSocket.once('close', (code: number) => resolve(code)));
      assert.deepEqual(await pair.station.call('Heartbeat', {}), { currentTime: at });
      assert.equal(await closed, 1000);
    } finally {
      await pair.close();
    }
  });
});
