import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Csms, CsmsOptions, IncomingMessage } from '../../lib/ocpp/csms';
import { OcppEvent } from '../../lib/ocpp/events';
import { strictClient, BOOT, Peer } from '../support/rpc';
import { waitFor } from '../support/net';

const ts = () => new Date().toISOString();

describe('CSMS engine with strict ocpp-rpc stations', () => {
  let csms: Csms;
  let endpoint: string;
  const clients: Peer[] = [];
  const events: OcppEvent[] = [];
  const messages: IncomingMessage[] = [];

  async function start(options: CsmsOptions = {}) {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, ...options });
    csms.on('event', (e: OcppEvent) => events.push(e));
    csms.on('message', (m: IncomingMessage) => messages.push(m));
    const port = await csms.start();
    endpoint = `ws://127.0.0.1:${port}/ocpp`;
  }

  async function station(identity: string, version: '1.6' | '2.0.1', extra: Record<string, unknown> = {}) {
    const client = strictClient(endpoint, identity, version, extra);
    clients.push(client);
    await client.connect();
    return client;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close({ force: true }).catch(() => {});
    await csms?.stop();
    events.length = 0;
    messages.length = 0;
  });

  it('runs a full 1.6 session: boot, status, authorize, start, meter values, stop', async () => {
    await start({ heartbeatIntervalS: 120 });
    const cp = await station('CP16', '1.6');
    const boot = await cp.call('BootNotification', BOOT['1.6']);
    assert.equal(boot.status, 'Accepted');
    assert.equal(boot.interval, 120);
    assert.ok(await cp.call('Heartbeat', {}));
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: ts() });
    assert.equal((await cp.call('Authorize', { idTag: 'TAG1' })).idTagInfo.status, 'Accepted');
    const startReq = { connectorId: 1, idTag: 'TAG1', meterStart: 1000, timestamp: ts() };
    const started = await cp.call('StartTransaction', startReq);
    assert.ok(Number.isInteger(started.transactionId));
    // A retried StartTransaction gets the same transactionId.
    assert.equal((await cp.call('StartTransaction', startReq)).transactionId, started.transactionId);
    await cp.call('MeterValues', {
      connectorId: 1, transactionId: started.transactionId,
      meterValue: [{ timestamp: ts(), sampledValue: [{ value: '3.5', unit: 'kWh' }, { value: '7400', measurand: 'Power.Active.Import', unit: 'W' }, { value: '55', measurand: 'SoC', unit: 'Percent' }] }],
    });
    const snapshot = csms.store.get('CP16')!;
    assert.equal(snapshot.transactions[0].energyWh, 2500);
    assert.equal(snapshot.meter['1'].powerW, 7400);
    await cp.call('StopTransaction', { transactionId: started.transactionId, meterStop: 5000, timestamp: ts(), idTag: 'TAG1', reason: 'Local' });
    const ended = events.find((e) => e.type === 'transaction.ended')!;
    assert.equal(ended.energyWh, 4000);
    assert.equal(ended.evseId, 1);
    assert.equal(csms.store.get('CP16')!.transactions.length, 0);
    assert.deepEqual(
      [...new Set(events.map((e) => e.type))],
      ['station.connected', 'station.booted', 'station.heartbeat', 'connector.status', 'authorize.request', 'transaction.started', 'meter.values', 'transaction.updated', 'transaction.ended'],
    );
  });

  it('runs a full 2.0.1 session with TransactionEvent and deduplicated seqNo state', async () => {
    await start();
    const cs = await station('CS201', '2.0.1');
    assert.equal((await cs.call('BootNotification', BOOT['2.0.1'])).status, 'Accepted');
    await cs.call('StatusNotification', { timestamp: ts(), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
    assert.equal((await cs.call('Authorize', { idToken: { idToken: 'TAG2', type: 'ISO14443' } })).idTokenInfo.status, 'Accepted');
    const tx = { transactionId: 'tx-1', chargingState: 'Charging' };
    await cs.call('TransactionEvent', {
      eventType: 'Started', timestamp: ts(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: tx,
      idToken: { idToken: 'TAG2', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 },
      meterValue: [{ timestamp: ts(), sampledValue: [{ value: 100 }] }],
    });
    await cs.call('TransactionEvent', {
      eventType: 'Updated', timestamp: ts(), triggerReason: 'MeterValuePeriodic', seqNo: 1, transactionInfo: tx,
      meterValue: [{ timestamp: ts(), sampledValue: [{ value: 1.1, unitOfMeasure: { unit: 'kWh' } }] }],
    });
    assert.equal(csms.store.get('CS201')!.transactions[0].energyWh, 1000);
    await cs.call('TransactionEvent', {
      eventType: 'Ended', timestamp: ts(), triggerReason: 'EVCommunicationLost', seqNo: 2,
      transactionInfo: { transactionId: 'tx-1', stoppedReason: 'EVDisconnected' },
      meterValue: [{ timestamp: ts(), sampledValue: [{ value: 2100, context: 'Transaction.End' }] }],
    });
    const ended = events.find((e) => e.type === 'transaction.ended')!;
    assert.equal(ended.energyWh, 2000);
    assert.equal(ended.reason, 'EVDisconnected');
  });

  it('answers the actions the reference table gives to the driver', async () => {
    await start({ dataTransferStatus: 'Rejected' });
    const cp = await station('CP1', '1.6');
    await cp.call('BootNotification', BOOT['1.6']);
    assert.deepEqual(await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' }), {});
    assert.deepEqual(await cp.call('FirmwareStatusNotification', { status: 'Installed' }), {});
    assert.equal((await cp.call('DataTransfer', { vendorId: 'acme' })).status, 'Rejected');
    assert.deepEqual(await cp.call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: ts() }), {});
    const cs = await station('CS1', '2.0.1');
    assert.deepEqual(await cs.call('NotifyEvent', { generatedAt: ts(), seqNo: 0, eventData: [{ eventId: 1, timestamp: ts(), trigger: 'Alerting', actualValue: 'x', eventNotificationType: 'HardWiredNotification', component: { name: 'EVSE' }, variable: { name: 'Problem' } }] }), {});
    assert.deepEqual(await cs.call('NotifyReport', { requestId: 1, generatedAt: ts(), seqNo: 0 }), {});
    assert.deepEqual(await cs.call('LogStatusNotification', { status: 'Uploaded' }), {});
  });

  it('answers boots beyond its boot rate Pending, with each station\'s turn as the interval, then accepts them', async () => {
    await start({ bootsPerSecond: 2, heartbeatIntervalS: 300 });
    const ids = ['B1', 'B2', 'B3', 'B4', 'B5'];
    const versionOf = (i: number) => (i % 2 ? '2.0.1' : '1.6') as '1.6' | '2.0.1';
    const stations = await Promise.all(ids.map((id, i) => station(id, versionOf(i))));
    const boots = await Promise.all(stations.map((cp, i) => cp.call('BootNotification', BOOT[versionOf(i)])));
    // Which two arrive first is the network's choice; the answers' shape is not (turns 1, 1.5 and 2 s away).
    const shape = boots.map((b) => `${String(b.status)} ${String(b.interval)}`).sort();
    assert.deepEqual(shape, ['Accepted 300', 'Accepted 300', 'Pending 1', 'Pending 2', 'Pending 2']);
    const pending = boots.map((b, i) => ({ i, interval: b.interval as number, status: b.status })).filter((b) => b.status === 'Pending');
    // What an accepted boot sets off waits: the store still says Pending.
    for (const p of pending) assert.equal(csms.store.get(ids[p.i])?.boot?.status, 'Pending');
    const last = pending.filter((p) => p.interval === 2)[1];
    const early = await stations[last.i].call('BootNotification', BOOT[versionOf(last.i)]);
    assert.equal(early.status, 'Pending', 'a station back before its turn waits on');
    await new Promise((r) => setTimeout(r, 1000));
    const onTime = pending.find((p) => p.interval === 1)!;
    assert.equal((await stations[onTime.i].call('BootNotification', BOOT[versionOf(onTime.i)])).status, 'Accepted');
    assert.ok(events.some((e) => e.type === 'station.booted' && e.status === 'Pending'));
  });

  it('applies the boot policy: Pending for unknown stations, SecurityError after a Rejected boot', async () => {
    await start({ registry: { open: true, bootUnknown: 'Pending', stations: [{ identity: 'BAD', boot: 'Rejected' }] }, heartbeatIntervalS: 300 });
    const pending = await station('NEW', '1.6');
    const answer = await pending.call('BootNotification', BOOT['1.6']);
    assert.equal(answer.status, 'Pending');
    assert.equal(answer.interval, 60);
    const bad = await station('BAD', '2.0.1');
    assert.equal((await bad.call('BootNotification', BOOT['2.0.1'])).status, 'Rejected');
    await assert.rejects(bad.call('Heartbeat', {}), (e: Error & { rpcErrorCode?: string }) => e.rpcErrorCode === 'SecurityError');
  });

  it('leaves Authorize to the flow, and sends the default answer when the flow is silent', async () => {
    await start({ flowAnswers: { Authorize: true, StartTransaction: true }, flowTimeoutMs: 200, defaultIdTagStatus: 'Invalid' });
    csms.on('message', (m: IncomingMessage) => {
      if (!m.needsResponse) return;
      if (m.action === 'Authorize' && m.payload.idTag === 'GOOD') csms.respond(m.stationId, m.messageId, { idTagInfo: { status: 'Accepted' } });
      if (m.action === 'StartTransaction') {
        assert.ok(m.events[0].transactionId);
        const outcome = csms.respond(m.stationId, m.messageId, { idTagInfo: { status: 'Blocked', extra: 1 } });
        assert.equal(outcome.outcome, 'invalid');
      }
    });
    const cp = await station('CP1', '1.6');
    assert.equal((await cp.call('Authorize', { idTag: 'GOOD' })).idTagInfo.status, 'Accepted');
    const t0 = Date.now();
    assert.equal((await cp.call('Authorize', { idTag: 'SILENT' })).idTagInfo.status, 'Invalid');
    assert.ok(Date.now() - t0 >= 150);
    // An invalid flow answer sends the default at once, with the driver's transactionId.
    const started = await cp.call('StartTransaction', { connectorId: 1, idTag: 'X', meterStart: 0, timestamp: ts() });
    assert.equal(started.idTagInfo.status, 'Invalid');
    assert.ok(Number.isInteger(started.transactionId));
    assert.equal(csms.respond('CP1', 'no-such-call', {}).outcome, 'late');
  });

  it('answers at once by default when the flow should answer but nothing listens', async () => {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, flowAnswers: { Authorize: true }, flowTimeoutMs: 5000, defaultIdTagStatus: 'Blocked' });
    endpoint = `ws://127.0.0.1:${await csms.start()}/ocpp`;
    const cp = await station('CP1', '1.6');
    const t0 = Date.now();
    assert.equal((await cp.call('Authorize', { idTag: 'X' })).idTagInfo.status, 'Blocked');
    assert.ok(Date.now() - t0 < 1000);
  });

  it('sends commands, raw and version-neutral, and reports station errors', async () => {
    await start();
    const cp = await station('CP1', '1.6');
    cp.handle('Reset', async ({ params }: { params?: Record<string, unknown> }) => ({ status: params?.type === 'Hard' ? 'Accepted' : 'Rejected' }));
    cp.handle('RemoteStartTransaction', async () => ({ status: 'Accepted' }));
    const cs = await station('CS1', '2.0.1');
    cs.handle('RequestStartTransaction', async ({ params }: { params?: Record<string, unknown> }) => ({ status: 'Accepted', transactionId: String((params as { remoteStartId: number }).remoteStartId) }));
    assert.deepEqual(await csms.call('CP1', 'Reset', { type: 'Hard' }), { status: 'Accepted' });
    const neutral = await csms.command('CP1', { command: 'remoteStart', connectorId: 1, idTag: 'T' });
    assert.equal(neutral.action, 'RemoteStartTransaction');
    const neutral201 = await csms.command('CS1', { command: 'remoteStart', evseId: 1, idTag: 'T' });
    assert.equal(neutral201.action, 'RequestStartTransaction');
    assert.equal(neutral201.response.status, 'Accepted');
    await assert.rejects(csms.call('CP1', 'Reset', { type: 'Later' }), (e: { code: string }) => e.code === 'ValidationFailed');
    await assert.rejects(csms.call('CP1', 'ClearCache', {}), (e: { code: string }) => e.code === 'NotImplemented');
    await assert.rejects(csms.call('NOPE', 'ClearCache', {}), (e: { code: string }) => e.code === 'UnknownStation');
    await assert.rejects(csms.call('CP1', 'ClearCache', {}, 1), (e: { code: string }) => ['Timeout', 'NotImplemented'].includes(e.code));
  });

  it('closes a connection that sends a frame above the size limit, and keeps serving others', async () => {
    await start({ maxPayload: 2048 });
    const { RawClient } = await import('../support/net');
    const big = new RawClient(`${endpoint}/BIG`, 'ocpp1.6');
    await big.open();
    big.send([2, 'b1', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(5000) }]);
    await waitFor(() => big.closed, 3000, 'close');
    assert.equal(big.closed!.code, 1009);
    const small = await station('SMALL', '1.6');
    assert.ok(await small.call('Heartbeat', {}));
  });

  it('replaces the socket of a station that reconnects with the same identity', async () => {
    await start();
    const first = await station('CP1', '1.6');
    const closed = new Promise((r) => first.once('close', r));
    const second = await station('CP1', '1.6');
    await closed;
    assert.ok(csms.isConnected('CP1'));
    assert.ok(await second.call('Heartbeat', {}));
    assert.equal(events.filter((e) => e.type === 'station.disconnected').length, 0);
    await second.close();
    await waitFor(() => !csms.isConnected('CP1'), 2000, 'disconnect');
    assert.equal(events.filter((e) => e.type === 'station.disconnected').length, 1);
  });

  it('persists live state and restores it after a restart', async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evc-')), 'state.json');
    await start({ stateFile });
    const cp = await station('CP1', '1.6');
    await cp.call('BootNotification', BOOT['1.6']);
    const started = await cp.call('StartTransaction', { connectorId: 2, idTag: 'T', meterStart: 10, timestamp: ts() });
    await cp.close();
    await csms.stop();
    await start({ stateFile });
    const restored = csms.store.get('CP1')!;
    assert.equal(restored.connected, false);
    assert.equal(restored.boot?.vendor, 'ACME');
    assert.equal(restored.transactions[0].transactionId, String(started.transactionId));
    // Ids keep growing across restarts.
    const again = await station('CP1', '1.6');
    const next = await again.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 10, timestamp: ts() });
    assert.ok(next.transactionId > started.transactionId);
  });
});
