import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';

const nodes = ['evc-csms', 'evc-database', 'evc-archive'].map(nodeModule);
type Msg = Record<string, any>;

function lastStatus(id: string): Msg | undefined {
  const node = helper.getNode(id);
  const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
  return calls.length ? calls[calls.length - 1].args[0] : undefined;
}

describe('evc-database and evc-archive in a Node-RED runtime', function () {
  const suite = nodeSuite();
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-archive-node-')); });

  const flow = (archive: Record<string, unknown> = {}, database: Record<string, unknown> = {}) => [
    { id: 'f1', type: 'tab', label: 'archive' },
    suite.csmsNode(),
    { id: 'db', type: 'evc-database', backend: 'sqlite', file: path.join(dir, 'archive.db'), flushMs: 10, ...database },
    { id: 'archive', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db', csms: 'csms', messageLog: true, retentionDays: 30, reapply: true, wires: [['out']], ...archive },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['archive'], wires: [['errors']] },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];

  it('archives a station transaction and answers queries and exports from msg', async () => {
    await helper.load([...nodes], flow());
    const out: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    const cp = await suite.station('CP1', '1.6', { boot: true });
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: 'T1', meterStart: 100, timestamp: new Date(Date.now() - 60_000).toISOString() });
    await cp.call('MeterValues', {
      connectorId: 1, transactionId,
      meterValue: [{ timestamp: new Date(Date.now() - 30_000).toISOString(), sampledValue: [{ value: '1100', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '7400', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
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
    // A session with its meter values; without a transaction id, the station's latest (the dashboard's curves).
    out.length = 0;
    for (const request of [{ station: 'CP1' }, { station: 'CP1', transactionId: String(transactionId) }, { station: 'CP9' }]) {
      const answered = out.length + 1;
      helper.getNode('archive').receive({ payload: { query: 'session', ...request } });
      await waitFor(() => out.length === answered, 3000, 'session');
    }
    const { transaction, samples } = out[0].payload as { transaction: Msg; samples: Msg[] };
    assert.deepEqual([transaction.transactionId, transaction.meterStartWh, transaction.energyWh], [String(transactionId), 100, 2000]);
    assert.ok(samples.some((m) => m.energyWh === 1100 && m.powerW === 7400), JSON.stringify(samples));
    assert.deepEqual(out[1].payload, out[0].payload);
    assert.deepEqual(out[2].payload, { transaction: null, samples: [] });
    assert.equal(lastStatus('archive')!.fill, 'green');
  });

  it('sends a bad query to Catch with BadRequest and a reason', async () => {
    await helper.load([...nodes], flow());
    const errors: Msg[] = [];
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    helper.getNode('archive').receive({ payload: { query: 'transactions', limit: 'many' } });
    helper.getNode('archive').receive({ payload: { query: 'teleport' } });
    helper.getNode('archive').receive({ payload: { tags: [{ owner: 'no id' }] } });
    helper.getNode('archive').receive({ payload: { query: 'session', transactionId: '7' } });
    await waitFor(() => errors.length === 4, 3000, 'errors');
    assert.deepEqual(errors.map((e) => e.error.code), ['BadRequest', 'BadRequest', 'BadRequest', 'BadRequest']);
    assert.match(errors[3].error.message, /session needs station/);
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
