import assert from 'node:assert/strict';
import { startProduct, Product } from '../support/product';
import { RawClient, rawUpgrade, waitFor } from '../support/net';
import { strictClient, BOOT, Peer } from '../support/rpc';

const ts = () => new Date().toISOString();

describe('the product against third-party OCPP clients and raw frames', function () {
  this.timeout(120_000);
  let product: Product;
  const peers: Peer[] = [];
  const raws: RawClient[] = [];

  before(async () => { product = await startProduct(); });
  after(async () => {
    for (const p of peers) await p.close({ force: true }).catch(() => {});
    for (const r of raws) r.close();
    await product?.stop();
  });

  async function peer(identity: string, version: '1.6' | '2.0.1') {
    const client = strictClient(product.ocppUrl, identity, version);
    peers.push(client);
    await client.connect();
    return client;
  }

  async function raw(identity: string, protocol: string) {
    const client = new RawClient(`${product.ocppUrl}/${identity}`, protocol);
    raws.push(client);
    await client.open();
    return client;
  }

  it('serves a strict OCPP 1.6 station: boot, heartbeat, status, authorize, transaction, commands', async () => {
    const cp = await peer('E2E16', '1.6');
    const config: Record<string, string> = { HeartbeatInterval: '300' };
    cp.handle('GetConfiguration', async () => ({ configurationKey: Object.entries(config).map(([key, value]) => ({ key, value, readonly: false })) }));
    cp.handle('ChangeConfiguration', async ({ params }: { params?: any }) => { config[params.key] = params.value; return { status: 'Accepted' }; });
    assert.equal((await cp.call('BootNotification', BOOT['1.6'])).status, 'Accepted');
    assert.ok((await cp.call('Heartbeat', {})).currentTime);
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: ts() });
    assert.equal((await cp.call('Authorize', { idTag: 'E2E' })).idTagInfo.status, 'Accepted');
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: 'E2E', meterStart: 100, timestamp: ts() });
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: ts(), sampledValue: [{ value: '1100', unit: 'Wh' }, { value: '11', measurand: 'Power.Active.Import', unit: 'kW' }] }] });
    const during = (await product.get('/api/stations/E2E16')).body;
    assert.equal(during.transactions[0].energyWh, 1000);
    assert.equal(during.meter['1'].powerW, 11000);
    await cp.call('StopTransaction', { transactionId, meterStop: 2100, timestamp: ts(), reason: 'EVDisconnected' });
    assert.equal((await product.get('/api/stations/E2E16')).body.transactions.length, 0);
    const set = await product.post('/api/stations/E2E16/commands/ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' });
    assert.deepEqual(set.body, { status: 'Accepted' });
    const get = await product.post('/api/stations/E2E16/commands/getConfiguration', { keys: ['HeartbeatInterval'] });
    assert.equal(get.status, 200);
    assert.equal(get.body.configurationKey[0].value, '60');
  });

  it('serves a strict OCPP 2.0.1 station with TransactionEvent and device-model commands', async () => {
    const cs = await peer('E2E201', '2.0.1');
    cs.handle('SetVariables', async ({ params }: { params?: any }) => ({
      setVariableResult: params.setVariableData.map((d: any) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable })),
    }));
    cs.handle('RequestStopTransaction', async () => ({ status: 'Accepted' }));
    assert.equal((await cs.call('BootNotification', BOOT['2.0.1'])).status, 'Accepted');
    await cs.call('StatusNotification', { timestamp: ts(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    assert.equal((await cs.call('Authorize', { idToken: { idToken: 'E2E', type: 'ISO14443' } })).idTokenInfo.status, 'Accepted');
    const info = { transactionId: 'e2e-tx' };
    await cs.call('TransactionEvent', { eventType: 'Started', timestamp: ts(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: info, idToken: { idToken: 'E2E', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 } });
    await cs.call('TransactionEvent', { eventType: 'Updated', timestamp: ts(), triggerReason: 'MeterValuePeriodic', seqNo: 1, transactionInfo: info, meterValue: [{ timestamp: ts(), sampledValue: [{ value: 500 }, { value: 80, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } }] }] });
    const state = (await product.get('/api/stations/E2E201')).body;
    assert.equal(state.transactions[0].transactionId, 'e2e-tx');
    assert.equal(state.transactions[0].socPercent, 80);
    const stop = await product.post('/api/stations/E2E201/commands/remoteStop', { evseId: 1 });
    assert.deepEqual(stop.body, { status: 'Accepted' });
    const set = await product.post('/api/stations/E2E201/commands/changeConfiguration', { key: 'HeartbeatInterval', value: 120 });
    assert.equal(set.body.setVariableResult[0].variable.name, 'HeartbeatInterval');
    await cs.call('TransactionEvent', { eventType: 'Ended', timestamp: ts(), triggerReason: 'RemoteStop', seqNo: 2, transactionInfo: { ...info, stoppedReason: 'Remote' } });
    assert.equal((await product.get('/api/stations/E2E201')).body.transactions.length, 0);
  });

  it('answers malformed frames with the CALLERROR each version names', async () => {
    const v16 = await raw('RAW16', 'ocpp1.6');
    v16.send('{not json');
    assert.deepEqual((await v16.next()).slice(0, 3), [4, '-1', 'GenericError']);
    v16.send([2, 'u1', 'FlyToMoon', {}]);
    assert.deepEqual((await v16.next()).slice(0, 3), [4, 'u1', 'NotImplemented']);
    v16.send([2, 'u2', 'Reset', { type: 'Hard' }]);
    assert.deepEqual((await v16.next()).slice(0, 3), [4, 'u2', 'NotSupported']);
    v16.send([2, 'u3', 'Authorize', { idTag: 42 }]);
    assert.deepEqual((await v16.next()).slice(0, 3), [4, 'u3', 'TypeConstraintViolation']);
    v16.send([2, 'u4', 'Authorize', {}]);
    assert.deepEqual((await v16.next()).slice(0, 3), [4, 'u4', 'OccurenceConstraintViolation']);
    v16.send([2, 'u5', 'Authorize', { idTag: 'A', bonus: 1 }]);
    assert.deepEqual((await v16.next()).slice(0, 3), [4, 'u5', 'FormationViolation']);
    v16.send([9, 'u6', {}]);
    assert.ok(await v16.silent(), '1.6 ignores unknown message types');

    const v201 = await raw('RAW201', 'ocpp2.0.1');
    v201.send('[2, "x1", "Heartbeat", {');
    assert.deepEqual((await v201.next()).slice(0, 3), [4, 'x1', 'FormatViolation']);
    v201.send('"just a string"');
    assert.deepEqual((await v201.next()).slice(0, 3), [4, '-1', 'RpcFrameworkError']);
    v201.send([9, 'x2', {}]);
    assert.deepEqual((await v201.next()).slice(0, 3), [4, 'x2', 'MessageTypeNotSupported']);
    v201.send([2, 'x3', 'Authorize', {}]);
    assert.deepEqual((await v201.next()).slice(0, 3), [4, 'x3', 'OccurrenceConstraintViolation']);
    v201.send([2, 'x4', 'Heartbeat', null]);
    assert.deepEqual((await v201.next()).slice(0, 3), [4, 'x4', 'FormatViolation']);
  });

  it('answers a duplicate id once, from the replay cache', async () => {
    const client = await raw('DUP', 'ocpp1.6');
    const start = [2, 'dup-1', 'StartTransaction', { connectorId: 1, idTag: 'D', meterStart: 0, timestamp: ts() }];
    client.send(start);
    const first = await client.next();
    client.send(start);
    const second = await client.next();
    assert.deepEqual(second, first);
    assert.equal((await product.get('/api/stations/DUP')).body.transactions.length, 1);
  });

  it('lets calls cross: a station CALL while a CSMS CALL is pending', async () => {
    const client = await raw('CROSS', 'ocpp1.6');
    const command = product.post('/api/stations/CROSS/commands/ClearCache', {});
    const csmsCall = await client.next();
    assert.equal(csmsCall[0], 2);
    assert.equal(csmsCall[2], 'ClearCache');
    client.send([2, 'hb-1', 'Heartbeat', {}]);
    const heartbeat = await client.next();
    assert.deepEqual(heartbeat.slice(0, 2), [3, 'hb-1']);
    client.send([3, csmsCall[1], { status: 'Accepted' }]);
    assert.deepEqual((await command).body, { status: 'Accepted' });
  });

  it('closes connections without a common subprotocol and replaces a second connection with the same identity', async () => {
    const answer = await rawUpgrade(`${product.ocppUrl}/NOPROTO`, ['ocpp1.2']);
    assert.equal(answer.status, 101);
    assert.equal(answer.protocol, undefined);
    assert.ok(answer.closedByServer);
    const first = await raw('TWICE', 'ocpp1.6');
    const second = await raw('TWICE', 'ocpp1.6');
    await waitFor(() => first.closed, 3000, 'first connection closed');
    second.send([2, 'hb', 'Heartbeat', {}]);
    assert.equal((await second.next())[0], 3);
    assert.equal((await product.get('/api/stations')).status, 200);
  });
});
