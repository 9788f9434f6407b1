import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { handshakeStatus, waitFor } from '../support/net';
import { BOOT } from '../support/rpc';
import { nodeSuite } from '../support/node-suite';

const nodes = ['evc-csms', 'evc-ocpp-in', 'evc-ocpp-response', 'evc-ocpp-command', 'evc-stations'].map(nodeModule);
const ts = () => new Date().toISOString();

type Msg = Record<string, any>;

/** The helper spies on Node.prototype.status, shared by all nodes: keep the calls made on this node. */
function lastStatus(id: string): Msg | undefined {
  const node = helper.getNode(id);
  const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
  return calls.length ? calls[calls.length - 1].args[0] : undefined;
}

describe('CSMS nodes in a Node-RED runtime', function () {
  const suite = nodeSuite();
  const { csmsNode } = suite;
  const peer = (identity: string, version: '1.6' | '2.0.1') => suite.station(identity, version);

  it('evc-ocpp-in emits one msg per neutral event, filtered by station, action and event', async () => {
    await helper.load(nodes, [
      csmsNode(),
      { id: 'all', type: 'evc-ocpp-in', csms: 'csms', wires: [['allOut']] },
      { id: 'tx', type: 'evc-ocpp-in', csms: 'csms', stationId: 'CP*', events: 'transaction.started', wires: [['txOut']] },
      { id: 'allOut', type: 'helper' }, { id: 'txOut', type: 'helper' },
    ]);
    const all: Msg[] = [];
    const tx: Msg[] = [];
    helper.getNode('allOut').on('input', (m: Msg) => all.push(m));
    helper.getNode('txOut').on('input', (m: Msg) => tx.push(m));
    const cp = await peer('CP1', '1.6');
    await cp.call('BootNotification', BOOT['1.6']);
    const started = await cp.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() });
    const other = await peer('XX1', '1.6');
    await other.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() });
    await waitFor(() => all.length >= 5, 3000, 'messages');
    const boot = all.find((m) => m.topic === 'CP1/BootNotification')!;
    assert.equal(boot.event.type, 'station.booted');
    assert.deepEqual(boot.payload, BOOT['1.6']);
    assert.equal(boot.ocpp.version, '1.6');
    assert.equal(boot.ocpp.needsResponse, false);
    assert.ok(all.some((m) => m.topic === 'CP1/connected' && m.event.type === 'station.connected'));
    await waitFor(() => tx.length >= 1, 2000, 'filtered');
    assert.equal(tx.length, 1);
    assert.equal(tx[0].event.transactionId, String(started.transactionId));
  });

  it('evc-ocpp-response answers what the CSMS left to the flow', async () => {
    await helper.load(nodes, [
      csmsNode({ authorizeBy: 'flow', flowTimeout: 2 }),
      { id: 'in', type: 'evc-ocpp-in', csms: 'csms', actions: 'Authorize', wires: [['fn']] },
      { id: 'fn', type: 'helper', wires: [] },
      { id: 'res', type: 'evc-ocpp-response', csms: 'csms' },
    ]);
    helper.getNode('fn').on('input', (m: Msg) => {
      const status = { VIP: 'Accepted', NOBODY: 'Blocked' }[m.payload.idTag as string] ?? 'Maybe';
      m.payload = { idTagInfo: { status } };
      helper.getNode('res').receive(m);
    });
    const cp = await peer('CP1', '1.6');
    assert.equal((await cp.call('Authorize', { idTag: 'VIP' })).idTagInfo.status, 'Accepted');
    assert.equal((await cp.call('Authorize', { idTag: 'NOBODY' })).idTagInfo.status, 'Blocked');
    assert.equal(lastStatus('res')!.fill, 'green');
    // An answer the schema refuses: the default goes out at once and the node turns red.
    assert.equal((await cp.call('Authorize', { idTag: 'ODD' })).idTagInfo.status, 'Accepted');
    assert.equal(lastStatus('res')!.text, 'evc-ocpp-response.status.invalid');
  });

  it('evc-ocpp-command sends raw and neutral commands and routes failures to Catch', async () => {
    await helper.load(nodes, [
      csmsNode(),
      { id: 'f1', type: 'tab' },
      { id: 'cmd', type: 'evc-ocpp-command', z: 'f1', x: 100, y: 50, csms: 'csms', timeout: 1, wires: [['out']] },
      { id: 'out', type: 'helper', z: 'f1' },
      { id: 'catch', type: 'catch', z: 'f1', x: 100, y: 100, scope: ['cmd'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper', z: 'f1' },
    ]);
    const out: Msg[] = [];
    const caught: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    helper.getNode('caught').on('input', (m: Msg) => caught.push(m));
    const cs = await peer('CS1', '2.0.1');
    cs.handle('Reset', async () => ({ status: 'Accepted' }));
    cs.handle('GetVariables', async ({ params }: { params?: any }) => ({
      getVariableResult: params.getVariableData.map((d: any) => ({ attributeStatus: 'Accepted', attributeValue: '60', component: d.component, variable: d.variable })),
    }));
    const cmd = helper.getNode('cmd');
    cmd.receive({ stationId: 'CS1', action: 'Reset', payload: { type: 'Immediate' } });
    cmd.receive({ stationId: 'CS1', payload: { command: 'getConfiguration', keys: ['HeartbeatInterval'] } });
    await waitFor(() => out.length === 2, 3000, 'answers');
    assert.deepEqual(out[0].payload, { status: 'Accepted' });
    assert.equal(out[1].ocpp.action, 'GetVariables');
    assert.equal(out[1].payload.getVariableResult[0].attributeValue, '60');
    cmd.receive({ stationId: 'NOPE', action: 'Reset', payload: { type: 'Immediate' } });
    cmd.receive({ stationId: 'CS1', action: 'Reset', payload: { type: 'Whenever' } });
    cmd.receive({ stationId: 'CS1', action: 'ClearCache', payload: {} });
    await waitFor(() => caught.length === 3, 5000, 'errors');
    const codes = caught.map((m) => m.error.code).sort();
    assert.deepEqual(codes, ['NotImplemented', 'UnknownStation', 'ValidationFailed']);
    const invalid = caught.find((m) => m.error.code === 'ValidationFailed')!;
    assert.equal(invalid.ocppError.details[0].path, '/type');
  });

  it('evc-stations returns all stations or one', async () => {
    await helper.load(nodes, [
      csmsNode(),
      { id: 'st', type: 'evc-stations', csms: 'csms', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ]);
    const out: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    const cp = await peer('CP1', '1.6');
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: ts() });
    helper.getNode('st').receive({});
    helper.getNode('st').receive({ stationId: 'CP1' });
    helper.getNode('st').receive({ stationId: 'GHOST' });
    await waitFor(() => out.length === 3, 2000, 'answers');
    assert.equal(out[0].payload.length, 1);
    assert.equal(out[1].payload.connectors[0].status, 'Available');
    assert.equal(out[2].statusCode, 404);
    assert.equal(out[2].payload, null);
  });

  it('shows a red status with a reason for a bad configuration and never crashes', async () => {
    await helper.load(nodes, [
      csmsNode({ port: 70000 }),
      { id: 'in', type: 'evc-ocpp-in', csms: 'csms', wires: [] },
      { id: 'orphan', type: 'evc-ocpp-in', csms: 'missing', wires: [] },
    ]);
    await waitFor(() => lastStatus('in'), 2000, 'status');
    // The test helper's RED._ returns the catalog key; the reason travels as a parameter.
    assert.deepEqual(lastStatus('in'), { fill: 'red', shape: 'ring', text: 'evc-ocpp-in.status.invalidConfig' });
    assert.match(helper.getNode('csms').problem.params.reason, /port/);
    assert.equal(lastStatus('orphan')!.text, 'evc-ocpp-in.status.noCsms');
  });

  it('closes the registry from a site description and checks passwords', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-site-'));
    const siteFile = path.join(dir, 'site.json');
    fs.writeFileSync(siteFile, JSON.stringify({ name: 'Depot', terminals: [{ id: 'CP1', password: '0123456789abcdef' }] }));
    await helper.load(nodes, [csmsNode({ siteFile, securityProfile: '1' }), { id: 'in', type: 'evc-ocpp-in', csms: 'csms', wires: [] }]);
    const base = `ws://127.0.0.1:${suite.port}/ocpp`;
    await waitFor(async () => (await handshakeStatus(`${base}/GHOST`)) === 404, 5000, 'closed registry');
    assert.equal(await handshakeStatus(`${base}/CP1`), 401);
    const auth = { Authorization: 'Basic ' + Buffer.from('CP1:0123456789abcdef').toString('base64') };
    assert.equal(await handshakeStatus(`${base}/CP1`, ['ocpp1.6'], auth), 101);
    await waitFor(() => lastStatus('in')?.text === 'evc-ocpp-in.status.listening', 3000, 'closed status');
  });

  it('validates station passwords and shows the open registry in the status', async () => {
    await helper.load(nodes, [csmsNode({ registry: 'closed', securityProfile: '1' }), { id: 'in', type: 'evc-ocpp-in', csms: 'csms', wires: [] }],
      { csms: { stations: 'CP1:short' } });
    await waitFor(() => lastStatus('in'), 2000, 'status');
    assert.match(helper.getNode('csms').problem.params.reason, /16 to 40/);
    await helper.unload();
    await helper.load(nodes, [csmsNode(), { id: 'in', type: 'evc-ocpp-in', csms: 'csms', wires: [] }]);
    await waitFor(() => lastStatus('in')?.fill === 'yellow', 3000, 'listening status');
    assert.equal(lastStatus('in')!.text, 'evc-ocpp-in.status.listeningOpen');
  });
});
