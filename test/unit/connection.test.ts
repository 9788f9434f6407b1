import assert from 'node:assert/strict';
import { connectedPair, Pair } from '../support/pair';
import { CallError, RpcError } from '../../lib/ocpp/errors';
import { waitFor } from '../support/net';

const ts = '2024-05-01T08:00:00.000Z';
const heartbeatAnswer = () => ({ currentTime: ts });

describe('RPC connection', () => {
  let pair: Pair | undefined;
  afterEach(async () => { await pair?.close(); pair = undefined; });

  it('sends a CALL and resolves with the validated answer', async () => {
    pair = await connectedPair('1.6', heartbeatAnswer, () => ({}));
    assert.deepEqual(await pair.station.call('Heartbeat', {}), { currentTime: ts });
  });

  it('keeps one outstanding CALL per direction and lets calls cross', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let releaseStationSide: () => void = () => {};
    pair = await connectedPair('1.6', async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return heartbeatAnswer();
    }, async () => {
      // The station answers its CSMS call only after its own call was answered: crossing calls must not deadlock.
      await new Promise<void>((r) => { releaseStationSide = r; });
      return { status: 'Accepted' };
    });
    const fromStation = Promise.all([1, 2, 3].map(() => pair!.station.call('Heartbeat', {})));
    const fromCsms = pair.csms.call('ClearCache', {});
    await fromStation;
    releaseStationSide();
    assert.deepEqual(await fromCsms, { status: 'Accepted' });
    assert.equal(maxInFlight, 1);
  });

  it('bounds the outbound queue and times out unanswered calls', async () => {
    pair = await connectedPair('1.6', () => new Promise(() => {}), () => ({}), { maxQueuedCalls: 2, callTimeoutMs: 100 });
    const calls = [1, 2, 3].map(() => pair!.station.call('Heartbeat', {}).then(() => 'ok', (e: CallError) => e.code));
    const results = await Promise.all(calls);
    // The first is sent and times out; the second waits then times out too; the third never fits in the queue... or does once the first left.
    assert.equal(results[0], 'Timeout');
    assert.ok(results.includes('Timeout'));
    const overflow = await Promise.all([1, 2, 3, 4].map(() => pair!.station.call('Heartbeat', {}, 50).then(() => 'ok', (e: CallError) => e.code)));
    assert.ok(overflow.includes('QueueFull'));
  });

  it('counts the time a call waits in the queue against its timeout', async () => {
    pair = await connectedPair('1.6', () => new Promise(() => {}), () => ({}));
    const t0 = Date.now();
    const first = pair.station.call('Heartbeat', {}, 300).catch((e: CallError) => e.code);
    const second = pair.station.call('Heartbeat', {}, 300).catch((e: CallError) => e.code);
    assert.deepEqual(await Promise.all([first, second]), ['Timeout', 'Timeout']);
    assert.ok(Date.now() - t0 < 550, 'the queued call expired with the first one, not after it');
  });

  it('refuses to send invalid payloads and actions the side may not send', async () => {
    pair = await connectedPair('2.0.1', heartbeatAnswer, () => ({}));
    await assert.rejects(pair.csms.call('Reset', { type: 'Later' }), (e: CallError) => e.code === 'ValidationFailed');
    await assert.rejects(pair.csms.call('Heartbeat', {}), (e: CallError) => e.code === 'ValidationFailed');
    await assert.rejects(pair.csms.call('Teleport', {}), (e: CallError) => e.code === 'ValidationFailed');
  });

  it('rejects an answer that does not match the schema', async () => {
    pair = await connectedPair('1.6', () => ({}), () => ({ status: 'Maybe' }));
    await assert.rejects(pair.csms.call('ClearCache', {}), (e: CallError) => e.code === 'ValidationFailed' || e.code === 'InternalError');
  });

  it('turns handler errors into CALLERRORs with the version spelling', async () => {
    pair = await connectedPair('1.6', () => { throw new RpcError('FormatViolation', 'nope'); }, () => ({}));
    await assert.rejects(pair.station.call('Heartbeat', {}), (e: CallError) => e.code === 'FormatViolation' && e.message === 'nope');
  });

  it('answers a retried id from the replay cache without processing it again', async () => {
    let processed = 0;
    pair = await connectedPair('1.6', () => { processed++; return heartbeatAnswer(); }, () => ({}));
    const raw = pair.stationSocket;
    const answers: unknown[] = [];
    raw.on('message', (d) => answers.push(JSON.parse(d.toString())));
    raw.send('[2,"same","Heartbeat",{}]');
    raw.send('[2,"same","Heartbeat",{}]');
    await waitFor(() => answers.length >= 1, 2000, 'answer');
    await new Promise((r) => setTimeout(r, 100));
    raw.send('[2,"same","Heartbeat",{}]');
    await waitFor(() => answers.length >= 2, 2000, 'replayed answer');
    assert.equal(processed, 1);
    assert.deepEqual(answers[0], answers[1]);
  });

  it('fails pending calls when the socket closes', async () => {
    pair = await connectedPair('1.6', () => new Promise(() => {}), () => ({}));
    const pending = pair.station.call('Heartbeat', {});
    pair.stationSocket.terminate();
    await assert.rejects(pending, (e: CallError) => e.code === 'Closed');
    await assert.rejects(pair.station.call('Heartbeat', {}), (e: CallError) => e.code === 'NotConnected');
  });
});


describe('RPC connection against a raw peer', () => {
  it('fails the outstanding call at once when the answer is malformed', async () => {
    const { WebSocketServer, WebSocket } = await import('ws');
    const { RpcConnection } = await import('../../lib/ocpp/connection');
    const { sharedValidator } = await import('../../lib/ocpp/validator');
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.on('message', (data) => {
      const [, id] = JSON.parse(data.toString());
      ws.send(JSON.stringify([3, id, ['not', 'an', 'object']]));
    }));
    const socket = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
    await new Promise((r) => socket.once('open', r));
    const station = new RpcConnection(socket, { version: '1.6', role: 'station', validator: sharedValidator(), handler: () => ({}), callTimeoutMs: 10_000 });
    const t0 = Date.now();
    await assert.rejects(station.call('Heartbeat', {}), (e: CallError) => e.code === 'FormatViolation');
    assert.ok(Date.now() - t0 < 2000);
    socket.terminate();
    await new Promise((r) => wss.close(r));
  });
});

describe('replay cache', () => {
  it('remembers the last answers up to its capacity, oldest forgotten first', async () => {
    const { ReplayCache } = await import('../../lib/ocpp/replay-cache');
    const cache = new ReplayCache(2);
    cache.begin('a');
    assert.equal(cache.get('a'), null);
    cache.answer('a', 'A');
    cache.answer('b', 'B');
    assert.equal(cache.get('a'), 'A');
    cache.answer('c', 'C');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 'B');
    assert.equal(cache.get('c'), 'C');
  });
});
