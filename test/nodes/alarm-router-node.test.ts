import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';

const nodes = ['evc-csms', 'evc-database', 'evc-alarm-router', 'evc-simulator'].map(nodeModule);
type Msg = Record<string, any>;
const ts = () => new Date().toISOString();

const ROUTES = JSON.stringify({
  rules: [
    { name: 'maintenance', maxPriority: 2, to: [{ channel: 'email', to: 'maintenance@example.com' }, { channel: 'dashboard' }] },
    { name: 'bus', on: ['unacknowledged', 'acknowledged', 'returned', 'normal'], to: [{ channel: 'mqtt' }] },
  ],
});

describe('evc-alarm-router node', function () {
  this.timeout(30_000);
  const suite = nodeSuite();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-alarms-'));

  const flow = (router: Msg = {}, file = `alarms-${suite.port}.db`) => [
    { id: 'f1', type: 'tab', label: 'alarms' },
    suite.csmsNode(),
    { id: 'db', type: 'evc-database', backend: 'sqlite', file: path.join(dir, file), flushMs: 10 },
    {
      id: 'router', z: 'f1', x: 100, y: 100, type: 'evc-alarm-router', csms: 'csms', database: 'db', routes: ROUTES, language: 'en', deadBandS: 0,
      floodPerMinute: 10, wires: [['mail'], ['sms'], ['toast'], ['mqtt'], ['events']], ...router,
    },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['router'], wires: [['errors']] },
    ...['mail', 'sms', 'toast', 'mqtt', 'events', 'errors'].map((id) => ({ id, z: 'f1', x: 100, y: 100, type: 'helper' })),
  ];

  function collect(): Record<string, Msg[]> {
    const got: Record<string, Msg[]> = {};
    for (const id of ['mail', 'sms', 'toast', 'mqtt', 'events', 'errors']) {
      got[id] = [];
      helper.getNode(id).on('input', (m: Msg) => got[id].push(m));
    }
    return got;
  }

  it('a fault is mailed and shown at once, acknowledged by msg, back to normal when the station recovers, all journaled', async () => {
    await helper.load(nodes, flow());
    const got = collect();
    const cp = await suite.station('CP1', '1.6', { boot: true });
    const raisedAt = Date.now();
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', info: 'RCD tripped', timestamp: ts() });
    await waitFor(() => got.mail.length === 1, 5000, 'the e-mail');
    assert.ok(Date.now() - raisedAt < 1000, 'within a second');
    const [mail] = got.mail;
    assert.deepEqual([mail.to, mail.alarmId, mail.rule, mail.escalation], ['maintenance@example.com', 'CP1/1/fault', 'maintenance', false]);
    assert.match(mail.topic, /CP1/);
    assert.match(mail.payload, /GroundFailure/);
    assert.equal(got.toast.length, 1);
    assert.equal(got.events.at(-1)!.topic, 'alarm/unacknowledged');

    helper.getNode('router').receive({ payload: { ack: 'CP1/1/fault' }, by: 'ana' });
    await waitFor(() => got.events.some((m) => m.topic === 'answer'), 5000, 'the answer');
    const answer = got.events.find((m) => m.topic === 'answer')!;
    assert.deepEqual(answer.payload.map((t: Msg) => [t.to, t.by]), [['acknowledged', 'ana']]);
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError', timestamp: ts() });
    await waitFor(() => got.events.some((m) => m.topic === 'alarm/normal'), 5000, 'back to normal');
    assert.deepEqual(got.mqtt.map((m) => m.payload.to), ['unacknowledged', 'acknowledged', 'normal']);
    assert.equal(got.mail.length, 1, 'only the raise is mailed');

    helper.getNode('router').receive({ payload: { list: true } });
    await waitFor(() => got.events.filter((m) => m.topic === 'answer').length === 2, 5000, 'the list');
    assert.deepEqual(got.events.filter((m) => m.topic === 'answer')[1].payload, []);
    const file = path.join(dir, `alarms-${suite.port}.db`);
    await waitFor(() => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM alarms').get() as { n: number }).n === 3;
      } catch {
        return false;
      } finally {
        db.close();
      }
    }, 10_000, 'three transitions journaled');
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT alarm_id, state, error_code FROM alarms ORDER BY id').all() as Msg[];
    db.close();
    assert.deepEqual(rows.map((r) => [r.alarm_id, r.state, r.error_code]), [
      ['CP1/1/fault', 'unacknowledged', 'GroundFailure'], ['CP1/1/fault', 'acknowledged', 'GroundFailure'], ['CP1/1/fault', 'normal', 'GroundFailure'],
    ]);
  });

  it('simulated stations (1.6 and 2.0.1): a fault mailed within a second, back to normal once recovered and acknowledged', async () => {
    await helper.load(nodes, [
      ...flow(),
      { id: 'sim', z: 'f1', x: 100, y: 100, type: 'evc-simulator', url: `ws://127.0.0.1:${suite.port}/ocpp`, count: 2, version: 'mixed', prefix: 'S', meterInterval: 60, autoStart: true, wires: [['simout']] },
      { id: 'simout', z: 'f1', x: 100, y: 100, type: 'helper' },
    ]);
    const got = collect();
    const booted: string[] = [];
    helper.getNode('simout').on('input', (m: Msg) => { if (/\/booted$/.test(m.topic)) booted.push(m.topic); });
    await waitFor(() => booted.length === 2, 10_000, 'two stations booted');
    for (const station of ['S001', 'S002']) {
      const asked = Date.now();
      helper.getNode('sim').receive({ payload: { command: 'fault', stationId: station, connectorId: 2 } });
      await waitFor(() => got.mail.some((m) => m.alarmId === `${station}/2/fault`), 5000, `${station} mailed`);
      assert.ok(Date.now() - asked < 1000, `${station} within a second`);
      helper.getNode('router').receive({ payload: { ack: `${station}/2/fault` } });
      helper.getNode('sim').receive({ payload: { command: 'recover', stationId: station, connectorId: 2 } });
      await waitFor(() => got.events.some((m) => m.topic === 'alarm/normal' && m.payload.alarm.id === `${station}/2/fault`), 5000, `${station} normal`);
    }
    assert.equal(got.mail.length, 2, 'one alarm each');
    assert.match(got.mail[0].payload, /InternalError/, 'the 1.6 error code');
  });

  it('a station that drops is one communication alarm; flows raise their own; bad requests are refused with the reason', async () => {
    await helper.load(nodes, flow());
    const got = collect();
    const cp = await suite.station('CP2', '2.0.1', { boot: true });
    await cp.call('StatusNotification', { timestamp: ts(), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 });
    await waitFor(() => got.mail.length === 1, 5000, 'the fault');
    await cp.close({ force: true });
    await waitFor(() => got.mail.some((m) => m.alarmId === 'CP2/0/communication'), 5000, 'the communication alarm');
    await waitFor(() => got.events.some((m) => m.topic === 'alarm/suppressed' && m.payload.alarm.id === 'CP2/1/fault'), 5000, 'the fault suppressed');

    helper.getNode('router').receive({ payload: { type: 'bms', stationId: 'SITE', active: true, priority: 1, message: 'transformer overheating' } });
    await waitFor(() => got.mail.some((m) => m.alarmId === 'SITE/0/bms'), 5000, 'the flow\'s own alarm');
    for (const payload of [{ ack: 'nope' }, { type: 'x', active: true, priority: 9 }, 'hello', { shelve: 'SITE/0/bms' }]) {
      helper.getNode('router').receive({ payload });
    }
    await waitFor(() => got.errors.length === 4, 5000, 'four refusals');
    assert.deepEqual(got.errors.map((m) => m.error.message.replace(/^\w*Error: /, '')), [
      'no alarm nope', 'the alarm condition is not valid: priority must be 1 (critical), 2, 3 or 4 (low)',
      got.errors[2].error.message.replace(/^\w*Error: /, ''), 'shelve needs a number of minutes above 0',
    ]);
    assert.match(got.errors[2].error.message, /msg.payload must be/);
  });

  it('a station that goes silent (no pong, no close) raises its communication alarm within two ping intervals', async () => {
    await helper.load(nodes, flow().map((n: Msg) => (n.id === 'csms' ? { ...n, pingInterval: 1 } : n)));
    const got = collect();
    const socket = new WebSocket(`ws://127.0.0.1:${suite.port}/ocpp/CP9`, 'ocpp1.6', { autoPong: false });
    suite.cleanups.push(async () => socket.terminate());
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const silentSince = Date.now();
    await waitFor(() => got.mail.some((m) => m.alarmId === 'CP9/0/communication'), 5000, 'the communication alarm');
    const took = Date.now() - silentSince;
    assert.ok(took <= 2 * 1000 + 300, `${took} ms for a ping interval of 1 s`);
  });

  it('after a restart, the alarms left open come back from the journal', async () => {
    const file = `restart-${suite.port}.db`;
    await helper.load(nodes, flow({}, file));
    let got = collect();
    const cp = await suite.station('CP3', '1.6', { boot: true });
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'OverVoltage', timestamp: ts() });
    await cp.call('StatusNotification', { connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', timestamp: ts() });
    await waitFor(() => got.mail.length === 2, 5000, 'the faults');
    helper.getNode('router').receive({ payload: { shelve: 'CP3/2/fault', minutes: 30, by: 'bob' } });
    await waitFor(() => got.events.some((m) => m.topic === 'alarm/shelved'), 5000, 'one shelved');
    const until = got.events.find((m) => m.topic === 'alarm/shelved')!.payload.alarm.shelvedUntil;
    await cp.close({ force: true });
    await waitFor(() => got.events.some((m) => m.topic === 'alarm/suppressed'), 5000, 'the station gone');
    await helper.unload();
    await helper.load(nodes, flow({}, file));
    got = collect();
    const listed = async () => {
      helper.getNode('router').receive({ payload: { list: true } });
      await waitFor(() => got.events.some((m) => m.topic === 'answer'), 5000, 'the list');
      return got.events.splice(0).find((m) => m.topic === 'answer')!.payload as Msg[];
    };
    await waitFor(async () => (await listed()).length === 3, 5000, 'three alarms back');
    const back = Object.fromEntries((await listed()).map((a) => [a.id, [a.state, a.active, a.errorCode, a.shelvedUntil]]));
    // The suppression ended with the restart; the shelf runs on to its time.
    assert.deepEqual(back, {
      'CP3/1/fault': ['unacknowledged', true, 'OverVoltage', undefined], 'CP3/0/communication': ['unacknowledged', true, undefined, undefined],
      'CP3/2/fault': ['shelved', true, 'GroundFailure', until],
    });
  });

  it('refuses a configuration it cannot use, with a red status and the reason on every msg', async () => {
    await helper.load(nodes, flow({ routes: '{"rules": [{"name": "x", "to": [{"channel": "fax"}]}]}' }));
    const got = collect();
    const router = helper.getNode('router');
    // The test helper's RED._ returns the catalog key; the reason is in the error.
    const calls = (router.status as any).getCalls().filter((c: any) => c.thisValue === router);
    assert.deepEqual(calls.at(-1).args[0], { fill: 'red', shape: 'ring', text: 'evc-alarm-router.status.invalidConfig' });
    router.receive({ payload: { list: true } });
    await waitFor(() => got.errors.length === 1, 5000, 'refused');
    assert.equal(got.errors[0].error.code, 'InvalidConfig');
    assert.match(got.errors[0].error.message, /channel/);
  });
});
