import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import { AdvenirReceiver, QualiChargeReceiver } from '../support/reporting-receivers';

const nodes = ['evc-csms', 'evc-database', 'evc-archive', 'evc-advenir'].map(nodeModule);
type Msg = Record<string, any>;

describe('evc-advenir node', function () {
  this.timeout(30_000);
  const suite = nodeSuite();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-advenir-'));
  const advenir = new AdvenirReceiver({ username: 'park', password: 'secret' });
  const qualicharge = new QualiChargeReceiver({ operator: 'pass' }, () => Date.now());

  before(async () => {
    await advenir.start();
    await qualicharge.start();
  });
  after(async () => {
    await advenir.stop();
    await qualicharge.stop();
  });
  afterEach(() => helper.settings({}));

  const flow = (db: string, extra: Msg = {}) => [
    { id: 'f1', type: 'tab', label: 'reporting' },
    suite.csmsNode(),
    { id: 'db', type: 'evc-database', backend: 'sqlite', file: path.join(dir, db), flushMs: 10 },
    { id: 'archive', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db', csms: 'csms', wires: [[]] },
    {
      id: 'report', z: 'f1', x: 100, y: 100, type: 'evc-advenir', database: 'db', csms: 'csms', advenir: true, advenirUrl: `${advenir.url}/api/operation/put`,
      advenirUser: 'park', advenirUserId: 'USER-1', advenirSchedule: 'immediate', qualicharge: true, qualichargeUrl: `${qualicharge.url}/api/v1`, qualichargeUser: 'operator',
      qualichargeSchedule: 'immediate', points: JSON.stringify({ 'CP1/1': 'FRXYZE0001', 'CP1/2': 'FRXYZE0002' }), fallback: 'station-evse', catchUpMin: 5, wires: [['out']], ...extra,
    },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['report'], wires: [['errors']] },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];
  const credentials = { report: { advenirPassword: 'secret', qualichargePassword: 'pass' } };

  async function start(db: string, extra: Msg = {}) {
    // The journal lives in the user directory, as in a real runtime: a restart finds it there.
    helper.settings({ userDir: path.join(dir, `user-${db}`) });
    await helper.load(nodes, flow(db, extra), credentials);
    const got: Record<string, Msg[]> = { out: [], errors: [] };
    for (const id of Object.keys(got)) helper.getNode(id).on('input', (m: Msg) => got[id].push(m));
    const ask = async (payload: unknown): Promise<Msg> => {
      const answers = () => got.out.filter((m) => m.topic === 'answer');
      const [before, errors] = [answers().length, got.errors.length];
      helper.getNode('report').receive({ payload });
      await waitFor(() => answers().length > before || got.errors.length > errors, 10_000, 'the answer');
      return got.errors.length > errors ? got.errors[errors] : answers()[before];
    };
    return { got, ask };
  }

  it('reports each session archived to Advenir and QualiCharge once, across a restart, with statuses and a CSV export', async () => {
    const db = `report-${suite.port}.db`;
    const { ask } = await start(db);
    const cp = await suite.station('CP1', '1.6', { boot: true });
    const ts = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    for (const [connectorId, stop] of [[1, 12_000], [2, 7_500]] as const) {
      const { transactionId } = await cp.call('StartTransaction', { connectorId, idTag: `TAG${connectorId}`, meterStart: 1000, timestamp: ts(90) }) as Msg;
      await cp.call('StopTransaction', { transactionId, meterStop: stop, timestamp: ts(30), reason: 'Local' });
    }
    await cp.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError', timestamp: ts(0) });
    await waitFor(() => advenir.stored.size === 2 && qualicharge.sessions.length === 2, 15_000, 'both sessions at both receivers');
    assert.deepEqual([...advenir.stored.values()].map((t) => [t.userId, t.chargePoint, t.value.StartValue, t.value.StopValue]).sort(),
      [['USER-1', 'FRXYZE0001', 1000, 12000], ['USER-1', 'FRXYZE0002', 1000, 7500]]);
    assert.ok(advenir.authorizations.every((a) => a === `Basic ${Buffer.from('park:secret').toString('base64')}`));
    await waitFor(() => qualicharge.statuses.length >= 1, 10_000, 'the status at QualiCharge');
    // A receiver holds a session as soon as it reads it; its acknowledgement is counted once its answer is back.
    const acknowledged = async () => ((await ask({ summary: true })).payload as Msg[]).map((s) => [s.sink, s.acknowledged >= 2, s.failed]);
    const expected = [['advenir', true, 0], ['qualicharge', true, 0]];
    for (let tries = 0; tries < 50 && JSON.stringify(await acknowledged()) !== JSON.stringify(expected); tries++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await acknowledged(), expected);
    const csv = await ask({ export: 'advenir', separator: ';' });
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(String(csv.payload).trim().split(/\r?\n/).length, 3, 'a header and two sessions');

    // A restart reads the archive again: nothing is sent twice.
    await helper.unload();
    const again = await start(db);
    await again.ask({ catchUp: true });
    assert.deepEqual([advenir.stored.size, qualicharge.sessions.length], [2, 2]);
    assert.match((await again.ask({ retry: 'nothing', sink: 'advenir' })).error.message, /no /i);
    assert.match((await again.ask({ export: 'elsewhere' })).error.message, /export must name a sink: advenir, qualicharge/);
  });

  it('refuses a configuration it cannot use, with the reason', async () => {
    const { got } = await start(`bad-${suite.port}.db`, { advenir: false, qualicharge: false });
    helper.getNode('report').receive({ payload: { summary: true } });
    await waitFor(() => got.errors.length === 1, 5000, 'the refusal');
    assert.match(got.errors[0].error.message, /choose Advenir, QualiCharge or both/);
  });
});
