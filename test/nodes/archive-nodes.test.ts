import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { helper, nodeModule } from '../support/helper';
import { freePort, waitFor } from '../support/net';
import { strictClient, BOOT, Peer } from '../support/rpc';

const nodes = ['evc-csms', 'evc-database', 'evc-archive'].map(nodeModule);
type Msg = Record<string, any>;

function lastStatus(id: string): Msg | undefined {
  const node = helper.getNode(id);
  const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
  return calls.length ? calls[calls.length - 1].args[0] : undefined;
}

describe('evc-database and evc-archive in a Node-RED runtime', function () {
  let port: number;
  let dir: string;
  const peers: Peer[] = [];

  before(() => helper.startServer());
  after(() => helper.stopServer());
  beforeEach(async () => {
    port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-archive-node-'));
  });
  afterEach(async () => {
    for (const p of peers.splice(0)) await p.close({ force: true }).catch(() => {});
    await helper.unload();
  });

  const flow = (archive: Record<string, unknown> = {}, database: Record<string, unknown> = {}) => [
    { id: 'f1', type: 'tab', label: 'archive' },
    { id: 'csms', type: 'evc-csms', port, host: '127.0.0.1', path: '/ocpp', registry: 'open', pingInterval: 0, persist: false },
    { id: 'db', type: 'evc-database', backend: 'sqlite', file: path.join(dir, 'archive.db'), flushMs: 10, ...database },
    { id: 'archive', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db', csms: 'csms', messageLog: true, retentionDays: 30, reapply: true, wires: [['out']], ...archive },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['archive'], wires: [['errors']] },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];

  it('archives a station transaction and answers queries and exports from msg', async () => {
    await helper.load([...nodes], flow());
    const out: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    const cp = strictClient(`ws://127.0.0.1:${port}/ocpp`, 'CP1', '1.6');
    peers.push(cp);
    await waitFor(async () => cp.connect().then(() => true, () => false), 5000, 'CSMS listening');
    await cp.call('BootNotification', BOOT['1.6']);
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: 'T1', meterStart: 100, timestamp: new Date(Date.now() - 60_000).toISOString() });
    await cp.call('StopTransaction', { transactionId, meterStop: 2100, timestamp: new Date().toISOString() });
    helper.getNode('archive').receive({ payload: { tags: [{ idTag: 'T1', userGroup: 'technicians' }] } });
    await waitFor(async () => {
      helper.getNode('archive').receive({ payload: { query: 'transactions', station: 'CP1', state: 'closed' } });
      await new Promise((r) => setTimeout(r, 50));
      return out.some((m) => m.payload?.total === 1);
    }, 5000, 'archived transaction');
    const page = out.find((m) => m.payload?.total === 1)!.payload;
    assert.equal(page.rows[0].energyWh, 2000);
    assert.equal(page.rows[0].userGroup, 'technicians');
    out.length = 0;
    helper.getNode('archive').receive({ payload: { query: 'energy', by: 'group' } });
    helper.getNode('archive').receive({ payload: { station: 'CP1' }, format: 'csv' });
    await waitFor(() => out.length === 2, 3000, 'answers');
    assert.deepEqual(out[0].payload.map((r: Msg) => [r.key, r.energyWh]), [['technicians', 2000]]);
    assert.match(out[1].headers['content-type'], /text\/csv/);
    assert.match(out[1].payload, /T1/);
    assert.equal(lastStatus('archive')!.fill, 'green');
  });

  it('sends a bad query to Catch with BadRequest and a reason', async () => {
    await helper.load([...nodes], flow());
    const errors: Msg[] = [];
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    helper.getNode('archive').receive({ payload: { query: 'transactions', limit: 'many' } });
    helper.getNode('archive').receive({ payload: { query: 'teleport' } });
    helper.getNode('archive').receive({ payload: { tags: [{ owner: 'no id' }] } });
    await waitFor(() => errors.length === 3, 3000, 'errors');
    assert.deepEqual(errors.map((e) => e.error.code), ['BadRequest', 'BadRequest', 'BadRequest']);
    assert.match(errors[0].error.message, /limit must be an integer/);
    assert.match(errors[1].error.message, /query must be one of/);
    assert.match(errors[2].error.message, /idTag is required/);
  });

  it('shows a red status with a reason for a bad configuration, and refuses a second archiver of one CSMS', async () => {
    await helper.load([...nodes], [
      ...flow({}, { backend: 'mssql' }),
      { id: 'again', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db2', csms: 'csms', retentionDays: 30, wires: [] },
      { id: 'db2', type: 'evc-database', backend: 'sqlite', file: path.join(dir, 'other.db') },
      { id: 'twice', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db2', csms: 'csms', retentionDays: 30, wires: [] },
      { id: 'badRetention', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db2', retentionDays: -3, wires: [] },
    ]);
    await waitFor(() => lastStatus('archive') && lastStatus('twice') && lastStatus('badRetention'), 2000, 'statuses');
    assert.deepEqual(lastStatus('archive'), { fill: 'red', shape: 'ring', text: 'evc-archive.status.invalidConfig' });
    assert.match(helper.getNode('db').problem, /connection string is required/);
    assert.equal(lastStatus('twice')!.text, 'evc-archive.status.duplicate');
    assert.equal(lastStatus('badRetention')!.text, 'evc-archive.status.invalidConfig');
  });
});
