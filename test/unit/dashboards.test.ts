import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import vm from 'vm';
import { buildDashboard } from '../../dashboards';
import { renderClassic } from '../../dashboards/render/classic';
import { siteFromCount, siteFromDescription } from '../../dashboards/site';
import { overview } from '../../dashboards/views/overview';
import { detail } from '../../dashboards/views/detail';
import { maintenance } from '../../dashboards/views/maintenance';
import { history } from '../../dashboards/views/history';
import { curves } from '../../dashboards/views/curves';
import type { MeterRow, TransactionRow } from '../../lib/archive/backend';
import type { Card } from '../../dashboards/model';
import { projectFlow } from '../../flows/project';
import type { FlowNode } from '../../flows/quickstart';
import type { StationSnapshot } from '../../lib/stations/types';
import { generatedFlow } from '../../bin/generate';
import { wizardFlow, WizardInputError } from '../../dashboards/wizard-request';
import { exampleFiles, PROJECT_EXAMPLES } from '../../flows/write-examples';
import { byType, runFunction, wiresOf } from '../support/flow-nodes';

const at = '2026-11-30T08:00:00.000Z';

function station(identity: string, over: Partial<StationSnapshot> = {}): StationSnapshot {
  return {
    identity, version: '1.6', connected: true, lastSeen: at, transactions: [], meter: {},
    connectors: [{ evseId: 1, connectorId: 1, status: 'Available', updatedAt: at }, { evseId: 2, connectorId: 1, status: 'Available', updatedAt: at }],
    ...over,
  };
}

describe('dashboards: sites', () => {
  it('names the terminals of a count as the simulator names its stations, and checks the options', () => {
    assert.deepEqual(siteFromCount(3).terminals.map((t) => t.id), ['CP001', 'CP002', 'CP003']);
    assert.equal(siteFromCount(1200).terminals[1199].id, 'CP1200');
    assert.throws(() => siteFromCount(0), /from 1 to/);
    assert.throws(() => siteFromCount(2.5), /integer/);
    assert.throws(() => siteFromCount(3, { language: 'de' as never }), /en or fr/);
    assert.throws(() => siteFromCount(3, { threshold: 0 }), /positive integer/);
  });

  it('reads terminals, language and threshold from a site description; the options win', () => {
    const site = siteFromDescription({ name: 'Depot', language: 'fr', dashboard: { threshold: 4 }, terminals: [{ id: 'A1', protocol: 'ocpp2.0.1' }, { id: 'B2' }] });
    assert.deepEqual([site.name, site.language, site.threshold, site.terminals], ['Depot', 'fr', 4, [{ id: 'A1', protocol: 'ocpp2.0.1' }, { id: 'B2' }]]);
    assert.equal(siteFromDescription({ terminals: [{ id: 'A1' }] }, { language: 'en', threshold: 9 }).threshold, 9);
    assert.equal(siteFromDescription({ limitKw: 250, terminals: [{ id: 'A1' }] }).limitKw, 250);
    assert.throws(() => siteFromDescription({ limitKw: 0, terminals: [{ id: 'A1' }] }), /site limit must be a number of kW above 0/);
    assert.throws(() => siteFromDescription({ terminals: [] }), /no terminals/);
    assert.throws(() => siteFromDescription({ terminals: [{ id: 'A' }, { id: 'A' }] }), /listed twice/);
  });
});

describe('dashboards: overview values', () => {
  const feed = (stations: StationSnapshot[], terminals: string[], language = 'en') =>
    Object.fromEntries(overview.feed!(stations, { terminals, language, threshold: 12, now: 0 }).map((m) => [m.topic, m.payload])) as Record<string, any>;

  it('gives every terminal its state, color, protocol, power and transaction, and the park totals', () => {
    const values = feed([
      station('CP001'),
      station('CP002', {
        version: '2.0.1', connectors: [{ evseId: 1, connectorId: 1, status: 'Occupied', transactionId: 'tx-9', updatedAt: at }],
        transactions: [{ transactionId: 'tx-9', idTag: 'BADGE7', startedAt: at, energyWh: 4200, powerW: 7360, updatedAt: at }],
      }),
      station('CP003', { connectors: [{ evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', updatedAt: at }] }),
      station('GUEST', { connected: false }),
    ], ['CP001', 'CP002', 'CP003', 'CP004']);
    assert.deepEqual(values.terminals.map((r: any) => [r.id, r.state, r.protocol, r.powerKw, r.transaction]), [
      ['CP001', 'Available', 'OCPP 1.6-J', null, ''],
      ['CP002', 'Charging', 'OCPP 2.0.1', 7.4, 'tx-9 (BADGE7)'],
      ['CP003', 'Faulted', 'OCPP 1.6-J', null, ''],
      ['CP004', 'Offline', '', null, ''],
      ['GUEST', 'Offline', 'OCPP 1.6-J', null, ''],
    ]);
    assert.equal(values.terminals[1].color, '#1565c0');
    assert.equal(values.terminals[0].updated, at);
    assert.deepEqual([values.online, values.charging, values.available, values.faulted, values.powerNow, values.energyOpen], ['3 / 5', 1, 2, 1, 7.4, 4.2]);
  });

  it('shows the site limit and how much of it the open sessions use, when the site has one', () => {
    const charging = station('CP001', { transactions: [{ transactionId: '1', startedAt: at, energyWh: 0, powerW: 30_000, updatedAt: at }] });
    const values = Object.fromEntries(overview.feed!([charging], { terminals: ['CP001'], language: 'en', threshold: 12, limitKw: 120, now: 0 }).map((m) => [m.topic, m.payload]));
    assert.deepEqual([values.siteLimit, values.siteUse], [120, '25 %']);
    assert.equal(feed([charging], ['CP001']).siteLimit, undefined);
    const park = (limitKw?: number) => overview.build({ ...siteFromCount(2), ...(limitKw ? { limitKw } : {}) }).groups[0].widgets.map((w) => w.key);
    assert.deepEqual(park(120).slice(-2), ['siteLimit', 'siteUse']);
    assert.ok(!park().includes('siteLimit'));
  });

  it('speaks French, and runs as the generated function node runs it (its source alone, no imports)', () => {
    const fn = vm.runInNewContext(`(${overview.feed!.toString()})`) as NonNullable<typeof overview.feed>;
    const rows = fn([station('CP001', { connected: false })], { terminals: ['CP001'], language: 'fr', threshold: 12, now: 0 }).find((m) => m.topic === 'terminals')!.payload as any[];
    assert.equal(rows[0].status, 'Hors ligne');
  });
});

describe('dashboards: charging point detail values', () => {
  const meter = { timestamp: at, powerW: 7360, currentA: 32.1, voltageV: 230.4, energyWh: 125_400, socPercent: 41, reactivePowerVar: 120 };
  const charging = station('CP002', {
    boot: { vendor: 'ACME', model: 'W22', serialNumber: 'SN9', firmwareVersion: '2.1', status: 'Accepted', at },
    meter: { 1: meter },
    connectors: [{ evseId: 1, connectorId: 1, status: 'Charging', updatedAt: at }, { evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', updatedAt: at }],
    transactions: [{ transactionId: '17', idTag: 'BADGE7', startedAt: at, energyWh: 5400, powerW: 7360, socPercent: 41, updatedAt: at }],
  });
  const context = (over = {}) => ({ terminals: ['CP001', 'CP002', 'CP003'], language: 'en', threshold: 12, now: 0, ...over });

  it('a card per terminal up to the threshold: general, connector status, measurements, open transactions', () => {
    const out = detail.feed!([station('CP001'), charging], context());
    assert.deepEqual(out.map((m) => m.topic), ['card:CP001', 'card:CP002', 'card:CP003']);
    const card = out[1].payload as Card;
    assert.deepEqual([card.title, card.state], ['CP002', 'Faulted']);
    const section = (title: string) => Object.fromEntries(card.sections.find((s) => s.title === title)!.rows.map((r) => [r.label, r.value]));
    assert.equal(section('General').Vendor, 'ACME');
    assert.equal(section('Connector status')['EVSE 2, connector 1'], 'Faulted (GroundFailure)');
    assert.deepEqual(section('Measurements'), {
      'EVSE 1 · Active power': '7.36 kW', 'EVSE 1 · Current': '32.1 A', 'EVSE 1 · Voltage': '230.4 V', 'EVSE 1 · Energy (register)': '125.400 kWh',
      'EVSE 1 · Reactive power': '0.12 kvar', 'EVSE 1 · SoC': '41 %',
    });
    assert.equal(section('Open transactions')['Energy delivered'], '5.400 kWh');
    assert.equal((out[2].payload as Card).state, 'Offline');
  });

  it('above the threshold, one card for the picked terminal (the first until one is picked)', () => {
    const stations = [station('CP001'), charging];
    assert.deepEqual(detail.feed!(stations, context({ threshold: 2 })).map((m) => [m.topic, (m.payload as Card).title]), [['card', 'CP001']]);
    assert.equal((detail.feed!(stations, context({ threshold: 2, selected: 'CP002' }))[0].payload as Card).title, 'CP002');
    assert.equal((detail.feed!(stations, context({ threshold: 2, selected: 'NOPE' }))[0].payload as Card).title, 'CP001');
    const fr = vm.runInNewContext(`(${detail.feed!.toString()})`) as NonNullable<typeof detail.feed>;
    assert.equal((fr(stations, context({ language: 'fr' }))[1].payload as Card).sections[0].title, 'Général');
  });
});

describe('dashboards: maintenance', () => {
  const context = (over = {}) => ({ terminals: ['CP001', 'CP002'], language: 'en', threshold: 12, now: Date.UTC(2026, 10, 30, 9, 15, 2), ...over });
  const answer = vm.runInNewContext(`(${maintenance.answer!.toString()})`) as NonNullable<typeof maintenance.answer>;

  it('shows the station\'s answer, or why the command failed, beside its terminal', () => {
    // Compared as JSON: the function ran in another realm (as in the function node), so its objects have other prototypes.
    assert.deepEqual(JSON.parse(JSON.stringify(answer({ stationId: 'CP002', command: 'reset', response: { status: 'Accepted' } }, context()))),
      [{ topic: 'answer:CP002', payload: 'CP002 · reset: Accepted (09:15:02 UTC)' }]);
    assert.equal(answer({ stationId: 'CP001', command: 'getConfiguration', response: { configurationKey: [{}, {}, {}, {}] } }, context())[0].payload,
      'CP001 · getConfiguration: 4 keys (09:15:02 UTC)');
    assert.equal(answer({ stationId: 'CP001', command: 'reset', error: { code: 'Timeout', message: 'no answer in 30 s' } }, context({ language: 'fr' }))[0].payload,
      'CP001 · reset: échec: Timeout no answer in 30 s (09:15:02 UTC)');
    assert.equal(answer({ stationId: 'CP001', command: 'clearCache', response: { status: 'Rejected' } }, context({ threshold: 1 }))[0].topic, 'answer');
    const text = (response: unknown) => String(answer({ stationId: 'CP001', command: 'x', response }, context())[0].payload).replace(/^CP001 · x: | \(.*$/g, '');
    assert.equal(text({ configurationKey: [{ key: 'HeartbeatInterval', value: '300', readonly: false }], unknownKey: ['Nope'] }), 'HeartbeatInterval = 300 · unknown: Nope');
    assert.equal(text({ getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }),
      'OCPPCommCtrlr.HeartbeatInterval = 60');
    assert.equal(text({ setVariableResult: [{ attributeStatus: 'Rejected', component: { name: 'X' }, variable: { name: 'Y' } }] }), 'Y: Rejected');
  });

  it('wires every button through one command node to the answer, failures included', () => {
    const flow = renderClassic(buildDashboard(siteFromCount(2)), { csms: 'c5m5' });
    const buttons = byType(flow, 'ui_button').filter((b) => b.topic !== 'validate' && b.topic !== 'replan');
    assert.equal(buttons.length, 2 * 13, 'no curves buttons without an archive to draw them from');
    const softReset = buttons.find((b) => b.topic === 'CP002' && b.label === 'Soft reset')!;
    assert.deepEqual(JSON.parse(softReset.payload as string), { send: { command: 'reset', type: 'Soft' } });
    const node = (nodeId: string) => flow.find((n) => n.id === nodeId)!;
    const aim = node((softReset.wires as string[][])[0][0]);
    const command = node((aim.wires as string[][])[0][0]);
    assert.deepEqual([aim.type, command.type, command.csms], ['function', 'evc-ocpp-command', 'c5m5']);
    const answerNode = node((command.wires as string[][])[0][0]);
    const caught = flow.find((n) => n.type === 'catch' && (n.scope as string[]).includes(command.id))!;
    assert.deepEqual((caught.wires as string[][])[0], [answerNode.id]);
    const route = node((answerNode.wires as string[][])[0][0]);
    assert.ok((route.rules as Array<{ v: string }>).some((r) => r.v === 'answer:CP002'));
    assert.equal(flow.filter((n) => n.type === 'evc-stations').length, 2, 'the maintenance view has no refresh of its own');
  });

  it('completes a command with what was typed for its terminal, or says what is missing', () => {
    for (const threshold of [12, 1]) {
      const flow = renderClassic(buildDashboard(siteFromCount(2, { threshold })), { csms: 'c5m5' });
      const suffix = threshold === 12 ? ':CP002' : '';
      const button = (label: string) => byType(flow, 'ui_button').find((b) => b.label === label && (threshold === 1 || b.topic === 'CP002'))!;
      const aim = flow.find((n) => n.id === wiresOf(button('Set limit'))[0][0])!;
      const input = byType(flow, 'ui_text_input').find((n) => n.topic === `limit${suffix}`)!;
      const keep = flow.find((n) => n.id === wiresOf(input)[0][0])!;
      const store: Record<string, unknown> = threshold === 1 ? { evc_maintenance_selected: 'CP002' } : {};
      const press = (b: FlowNode) => runFunction(aim, { topic: b.topic, payload: JSON.parse(b.payload as string) }, store) as Array<Record<string, any> | null>;
      // Nothing typed yet: not sent, and the answer says which field is empty.
      const [none, refused] = press(button('Set limit'));
      assert.equal(none, null);
      assert.deepEqual([refused!.stationId, refused!.error], ['CP002', { code: 'MissingInput', message: 'Limit (kW): fill it in first' }]);
      runFunction(keep, { topic: input.topic, payload: 7.4 }, store);
      const [sent] = press(button('Set limit'));
      assert.equal(sent!.stationId, 'CP002');
      assert.deepEqual(sent!.payload.profile.schedule.periods, [{ start: 0, limit: 7400 }]);
      assert.equal(sent!.payload.profile.purpose, 'StationMax');
      runFunction(keep, { topic: `key${suffix}`, payload: ' HeartbeatInterval ' }, store);
      runFunction(keep, { topic: `value${suffix}`, payload: '120' }, store);
      assert.deepEqual(press(button('Write key'))[0]!.payload, { command: 'changeConfiguration', key: 'HeartbeatInterval', value: '120' });
      assert.deepEqual(press(button('Read key'))[0]!.payload, { command: 'getConfiguration', keys: 'HeartbeatInterval' });
      runFunction(keep, { topic: input.topic, payload: 'lots' }, store);
      assert.equal(press(button('Set limit'))[1]!.error.code, 'BadInput');
    }
    const flow = renderClassic(buildDashboard(siteFromCount(2, { threshold: 1, language: 'fr' })), { csms: 'c' });
    const reset = byType(flow, 'ui_button').find((b) => b.label === 'Redémarrage doux')!;
    const aim = flow.find((n) => n.id === wiresOf(reset)[0][0])!;
    const [, refused] = runFunction(aim, { topic: '', payload: JSON.parse(reset.payload as string) }) as Array<Record<string, any> | null>;
    assert.deepEqual(refused!.error, { code: 'NoTerminal', message: 'choisissez d’abord une borne' });
  });
});

describe('dashboards: transaction history', () => {
  const row = (over: Partial<TransactionRow>): TransactionRow => ({
    stationId: 'CP001', transactionId: '17', evseId: 1, connectorId: 1, idTag: 'BADGE7', userGroup: null, startedAt: at, stoppedAt: null,
    meterStartWh: 1000, meterStopWh: null, meterLastWh: 2500, energyWh: 1500, socStartPercent: 20, socStopPercent: null, maxPowerW: 7000,
    stopReason: null, durationS: null, lastSeqNo: null, updatedAt: at, ...over,
  });

  it('shows each session with its SoC span, energy in kWh and duration', () => {
    const feed = vm.runInNewContext(`(${history.archive!.feed.toString()})`) as NonNullable<typeof history.archive>['feed'];
    const page = { total: 2, rows: [row({ stoppedAt: '2026-11-30T09:01:05.000Z', socStopPercent: 80.25, durationS: 3665, stopReason: 'Local', energyWh: 12345 }), row({ transactionId: '18', socStartPercent: null })] };
    const [message] = JSON.parse(JSON.stringify(feed(page, { terminals: [], language: 'en', threshold: 12, now: 0 })));
    assert.equal(message.topic, 'transactions');
    assert.deepEqual(message.payload.map((r: any) => [r.transactionId, r.soc, r.energyKwh, r.duration, r.stopReason]), [
      ['17', '20% – 80.3%', 12.345, '1:01:05', 'Local'],
      ['18', '', 1.5, '', ''],
    ]);
  });

  it('reads the archive through a query-only evc-archive of the project\'s database, and links the exports', () => {
    const flow = projectFlow(siteFromCount(4, { language: 'fr' }));
    const ask = flow.find((n) => n.name === 'the request' && /"transactions"/.test(n.func as string))!;
    const query = flow.find((n) => n.id === wiresOf(ask)[0][0])!;
    const quickstartArchive = flow.find((n) => n.type === 'evc-archive' && n.name === 'archive')!;
    assert.deepEqual([query.type, query.csms, query.database], ['evc-archive', '', quickstartArchive.database]);
    assert.deepEqual((runFunction(ask, {}) as any).payload, { query: 'transactions', limit: 200, sort: 'startedAt', order: 'desc' });
    const links = byType(flow, 'ui_template').find((t) => /download/.test(t.format as string))!.format as string;
    assert.match(links, /href="\/api\/transactions\?format=xlsx&amp;lang=fr" download>Transactions \(Excel\)</);
    assert.equal(byType(renderClassic(buildDashboard(siteFromCount(4)), { csms: 'c' }), 'evc-archive').length, 0, 'left out without a database');
  });
});

describe('dashboards: curves', () => {
  const sample = (min: number, over: Partial<MeterRow>): MeterRow => ({
    stationId: 'CP002', evseId: 1, transactionId: '17', sampledAt: new Date(t(min)).toISOString(), context: 'Sample.Periodic',
    energyWh: null, powerW: null, currentA: null, voltageV: null, socPercent: null, reactivePowerVar: null, powerOfferedW: null, temperatureC: null, ...over,
  });
  const context = { terminals: ['CP001', 'CP002'], language: 'en', threshold: 12, now: 0 };
  const t = (min: number) => Date.UTC(2026, 10, 30, 8, min);
  const tx = (over: Partial<TransactionRow> = {}): TransactionRow => ({
    stationId: 'CP002', transactionId: '17', evseId: 1, connectorId: 1, idTag: 'BADGE7', userGroup: null, startedAt: new Date(t(0)).toISOString(),
    stoppedAt: null, meterStartWh: 3000, meterStopWh: null, meterLastWh: 6500, energyWh: 3500, socStartPercent: null, socStopPercent: null,
    maxPowerW: null, stopReason: null, durationS: null, lastSeqNo: null, updatedAt: at, ...over,
  });

  it('draws the power and the energy the session delivered, power from the energy\'s slope where it was not sampled', () => {
    const feed = vm.runInNewContext(`(${curves.archive!.feed.toString()})`) as NonNullable<typeof curves.archive>['feed'];
    const run = (session: unknown) => Object.fromEntries((JSON.parse(JSON.stringify(feed(session, context))) as Array<{ topic: string; payload: any }>).map((m) => [m.topic, m.payload]));
    const samples = [sample(10, { energyWh: 5000, powerW: 7000 }), sample(5, { energyWh: 4000 }), sample(20, { energyWh: 6500 })];
    // Open: from the meter start, at the start, to the last reading.
    const open = run({ transaction: tx(), samples });
    assert.deepEqual(open.energy.series[0].points, [{ x: t(0), y: 0 }, { x: t(5), y: 1 }, { x: t(10), y: 2 }, { x: t(20), y: 3.5 }]);
    assert.deepEqual(open.power.series[0].points, [{ x: t(5), y: 12 }, { x: t(10), y: 7 }, { x: t(20), y: 9 }]);
    assert.equal(open.session, 'CP002 · transaction 17 · BADGE7 · 2026-11-30 08:00 – open · 3.5 kWh');
    // Stopped: the stop reading closes the curve.
    const closed = run({ transaction: tx({ stoppedAt: new Date(t(30)).toISOString(), meterStopWh: 7500, energyWh: 4500 }), samples });
    assert.deepEqual(closed.energy.series[0].points[4], { x: t(30), y: 4.5 });
    assert.match(closed.session, /08:00 – 2026-11-30 08:30 UTC · 4.5 kWh$/);
    assert.deepEqual(run({ transaction: null, samples: [] }), { session: 'no archived session', power: { series: [] }, energy: { series: [] } });
  });

  it('asks the archive about the picked terminal, and draws in the classic chart format', () => {
    const flow = projectFlow(siteFromCount(3));
    const [chartNode] = byType(flow, 'ui_chart');
    assert.equal(byType(flow, 'ui_chart').length, 3, 'power and energy, and the plan\'s site power');
    const feedNode = flow.find((n) => n.type === 'function' && /asChart/.test(n.func as string))!;
    const route = flow.find((n) => n.id === wiresOf(feedNode)[0][0])!;
    assert.ok(wiresOf(route).some((w) => w[0] === chartNode.id));
    const [values] = runFunction(feedNode, { payload: { transaction: tx({ meterStartWh: null }), samples: [sample(0, { energyWh: 100, powerW: 3000 })] } }) as Array<Array<{ topic: string; payload: any }>>;
    const power = values.find((v) => v.topic === 'power')!.payload;
    assert.deepEqual(power, [{ series: ['Power (kW)'], data: [[{ x: t(0), y: 3 }]], labels: [''] }]);
    assert.deepEqual(values.find((v) => v.topic === 'energy')!.payload.length, 1);
    const query = flow.find((n) => n.type === 'evc-archive' && wiresOf(n)[0]?.includes(feedNode.id))!;
    const ask = flow.find((n) => wiresOf(n)[0]?.includes(query.id))!;
    assert.deepEqual((runFunction(ask, {}) as any).payload, { query: 'session', station: 'CP001' });
    assert.deepEqual((runFunction(ask, {}, { evc_curves_selected: 'CP003' }) as any).payload, { query: 'session', station: 'CP003' });
  });

  it('opens from a terminal\'s detail card: the curves tab in that browser, its list and its refresh', () => {
    const flow = projectFlow(siteFromCount(3));
    const button = byType(flow, 'ui_button').find((b) => b.payload === 'CP002' && b.label === 'Curves')!;
    const open = flow.find((n) => n.id === wiresOf(button)[0][0])!;
    const store: Record<string, unknown> = {};
    const out = runFunction(open, { payload: 'CP002', socketid: 's1' }, store) as Array<Record<string, unknown>>;
    assert.deepEqual(out, [{ payload: { tab: 'Curves' }, socketid: 's1' }, { payload: 'CP002' }, { payload: 'CP002' }]);
    assert.equal(store.evc_curves_selected, 'CP002');
    const targets = wiresOf(open).map((w) => flow.find((n) => n.id === w[0])!);
    assert.deepEqual(targets.map((n) => n.type), ['ui_ui_control', 'ui_dropdown', 'function']);
    assert.equal(targets[2].name, 'the request');
    assert.equal(byType(flow, 'ui_ui_control').length, 1);
  });
});

describe('dashboards: classic renderer', () => {
  const flowOf = (n: number, language: 'en' | 'fr' = 'en') => renderClassic(buildDashboard(siteFromCount(n, { language })), { csms: 'c5m5' });

  it('generates the same nodes twice, with unique ids and every reference resolved', () => {
    const flow = flowOf(8);
    assert.deepEqual(flowOf(8), flow);
    const ids = new Set(flow.map((n) => n.id));
    assert.equal(ids.size, flow.length);
    for (const n of flow) {
      for (const key of ['z', 'group', 'tab']) if (n[key] !== undefined) assert.ok(ids.has(n[key] as string), `${n.type}.${key}`);
      for (const out of (n.wires as string[][] | undefined) ?? []) for (const target of out) assert.ok(ids.has(target), `${n.type} wired to a missing node`);
    }
    // Station events refresh through a window that always ends with a read, so the last event of a burst shows.
    const events = flow.find((n) => n.type === 'evc-ocpp-in')!;
    const window = flow.find((n) => n.id === (events.wires as string[][])[0][0])!;
    assert.deepEqual([window.type, window.op1type, window.op2type, window.extend, window.duration], ['trigger', 'nul', 'payl', false, '500']);
    assert.equal(flow.find((n) => n.id === (window.wires as string[][])[0][0])!.type, 'evc-stations');
    assert.equal(byType(flow, 'ui_base').length, 1);
    const base = byType(flow, 'ui_base')[0] as any;
    assert.equal(typeof base.theme.themeState['page-titlebar-backgroundColor'].value, 'string', 'the runtime reads it on deploy');
  });

  it('routes each value of the feed to its widget, in the group and order the model gives', () => {
    const flow = flowOf(8);
    const overviewTab = byType(flow, 'ui_tab')[0].id;
    const route = flow.find((n) => n.type === 'switch')!;
    const rules = (route.rules as Array<{ v: string }>).map((r) => r.v);
    assert.deepEqual(rules, ['online', 'charging', 'available', 'faulted', 'powerNow', 'energyOpen', 'terminals']);
    const targets = (route.wires as string[][]).map((w) => flow.find((n) => n.id === w[0])!);
    assert.deepEqual(targets.map((t) => t.type), ['ui_text', 'ui_text', 'ui_text', 'ui_text', 'ui_text', 'ui_text', 'ui_template']);
    const groups = byType(flow, 'ui_group').filter((g) => g.tab === overviewTab);
    assert.deepEqual(groups.map((g) => [g.name, g.width]), [['Park', '6'], ['Terminals', '18']]);
    for (const t of targets) assert.ok(Number(t.width) <= Number(groups.find((g) => g.id === t.group)!.width), 'a widget fits its group');
    const feedNode = flow.find((n) => n.type === 'function')!;
    assert.match(feedNode.func as string, /const terminals = \["CP001",.*"CP008"\];/);
  });

  it('labels in French, and escapes the table headings', () => {
    const flow = flowOf(2, 'fr');
    assert.deepEqual(byType(flow, 'ui_tab').map((t) => t.name), ['Aperçu', 'Points de charge', 'Maintenance', 'Plan de charge'], 'no curves or history without an archive');
    const table = byType(flow, 'ui_template')[0].format as string;
    assert.match(table, /<th>Borne<\/th><th>État<\/th>/);
    assert.match(table, /date:'dd\/MM HH:mm:ss'/);
  });

  it('gives each terminal its own card up to the threshold, and one card with a list above it (500 terminals)', () => {
    const small = flowOf(12);
    assert.equal(byType(small, 'ui_dropdown').length, 0);
    assert.equal(byType(small, 'ui_template').length, 1 + 12 + 3, 'the overview table, a card per terminal, the plan\'s Gantt, vehicles and refusal');
    const big = projectFlow(siteFromCount(500));
    const [picker] = byType(big, 'ui_dropdown');
    assert.equal((picker.options as unknown[]).length, 500);
    const keep = big.find((n) => n.id === (picker.wires as string[][])[0][0])!;
    assert.deepEqual([keep.type, (keep.rules as Array<{ p: string; pt: string }>)[0].pt], ['change', 'flow']);
    assert.ok(big.length < small.length + 30, 'the node count does not grow with the terminals');
    const ys = big.filter((n) => n.z && typeof n.y === 'number').map((n) => n.y as number);
    assert.ok(ys.every((y) => y > 0));
  });
});

describe('evcharge generate', () => {
  it('writes the quick-start alone, or a project for --terminals or --site, and refuses bad options with a reason', () => {
    assert.equal(byType(generatedFlow({}), 'ui_base').length, 0);
    const project = generatedFlow({ terminals: '8' });
    assert.equal(byType(project, 'ui_base').length, 1);
    assert.equal(project.find((n) => n.type === 'evc-simulator')!.prefix, 'CP', 'simulated stations are the site\'s terminals');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-generate-'));
    const file = path.join(dir, 'site.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'Depot', language: 'fr', terminals: [{ id: 'A1' }, { id: 'A2' }] }));
    const fromSite = generatedFlow({ site: file });
    const feedNode = fromSite.find((n) => n.type === 'function' && /const feed =/.test(n.func as string))!;
    assert.match(feedNode.func as string, /\["A1","A2"\]/);
    assert.deepEqual(byType(fromSite, 'ui_tab').map((t) => t.name), ['Aperçu', 'Points de charge', 'Courbes', 'Maintenance', 'Historique des transactions', 'Plan de charge', 'Alarmes', 'Réservation immédiate', 'File d’attente']);
    assert.throws(() => generatedFlow({ terminals: '8', site: file }), /not both/);
    assert.throws(() => generatedFlow({ terminals: 'many' }), /--terminals must be an integer/);
    assert.throws(() => generatedFlow({ language: 'fr' }), /need --terminals or --site/);
    assert.throws(() => generatedFlow({ terminals: '4', 'site-limit': 'lots' }), /site limit must be a number/);
    const limited = generatedFlow({ terminals: '4', 'site-limit': '150' });
    assert.match(limited.find((n) => n.type === 'function' && /const feed =/.test(n.func as string))!.func as string, /limitKw: 150,/);
    fs.writeFileSync(file, JSON.stringify({ language: 'de', terminals: [{ id: 'A1' }] }));
    assert.throws(() => generatedFlow({ site: file }), /\/language/);
  });
});

describe('generated project examples', () => {
  it('carry fixed settings instead of the environment of evcharge start, and simulate their own terminals', () => {
    for (const n of PROJECT_EXAMPLES) {
      const text = exampleFiles().get(`Generated projects/Park of ${n} terminals.json`)!;
      assert.doesNotMatch(text, /\$\{EVC_/, 'imported into any Node-RED, nothing reads evcharge start variables');
      const flow = JSON.parse(text) as FlowNode[];
      const sim = flow.find((n2) => n2.type === 'evc-simulator')!;
      assert.deepEqual([sim.count, sim.prefix, sim.url], [n, 'CP', 'ws://127.0.0.1:9220/ocpp']);
      assert.equal(flow.find((n2) => n2.type === 'evc-csms')!.port, 9220);
    }
  });
});

describe('the editor wizard\'s request', () => {
  it('sets up a new project for the protocols chosen, with fixed settings any Node-RED can run, simulated on request', () => {
    const flow = wizardFlow({ terminals: 3, protocols: 'ocpp2.0.1', simulate: true, ocppPort: '9333', limitKw: '120' });
    const csms = byType(flow, 'evc-csms')[0];
    assert.deepEqual([csms.protocols, csms.port], ['ocpp2.0.1', 9333]);
    const sim = byType(flow, 'evc-simulator')[0];
    assert.deepEqual([sim.count, sim.version, sim.prefix, sim.url], [3, '2.0.1', 'CP', 'ws://127.0.0.1:9333/ocpp']);
    assert.doesNotMatch(JSON.stringify(flow), /\$\{EVC_/);
    assert.equal(byType(wizardFlow({ terminals: 3 }), 'evc-simulator')[0].count, 0, 'idle unless asked');
    assert.equal(byType(wizardFlow({ terminals: 3 }), 'evc-csms')[0].protocols, 'ocpp2.0.1,ocpp1.6');
    // The site limit shows on the overview.
    const route = flow.find((n) => n.type === 'switch' && (n.rules as Array<{ v: string }>).some((r) => r.v === 'siteLimit'))!;
    assert.ok((route.rules as Array<{ v: string }>).some((r) => r.v === 'siteUse'));
  });

  it('links the dashboard from an existing home page with new nodes only', () => {
    const flow = wizardFlow({ terminals: 2, csms: 'mine', homeTab: 'home-tab' });
    const group = byType(flow, 'ui_group').find((g) => g.tab === 'home-tab')!;
    const button = byType(flow, 'ui_button').find((b) => b.group === group.id)!;
    assert.deepEqual(JSON.parse(button.payload as string), { tab: 'Overview' });
    assert.equal(flow.find((n) => n.id === wiresOf(button)[0][0])!.type, 'ui_ui_control');
    assert.ok(!flow.some((n) => n.id === 'home-tab'), 'the home page itself is not touched');
    assert.equal(byType(wizardFlow({ terminals: 2, csms: 'mine' }), 'ui_group').filter((g) => g.tab === 'home-tab').length, 0);
  });

  it('answers a whole project, or only the dashboards fed by the workspace\'s CSMS, and refuses bad input with a reason', () => {
    const whole = wizardFlow({ terminals: 4, language: 'fr' });
    assert.equal(byType(whole, 'evc-csms').length, 1);
    assert.equal(byType(whole, 'ui_base').length, 1);
    const into = wizardFlow({ terminals: '4', csms: 'mine', database: 'db', withBase: false });
    assert.equal(byType(into, 'evc-csms').length, 0);
    assert.equal(byType(into, 'ui_base').length, 0);
    assert.ok(byType(into, 'evc-stations').every((n) => n.csms === 'mine'));
    assert.equal(byType(into, 'evc-archive')[0].database, 'db');
    assert.equal(byType(wizardFlow({ terminals: 4, csms: 'mine' }), 'evc-archive').length, 0, 'no history without an archive');
    for (const [body, reason] of [[{}, /terminals must be/], [{ terminals: 0 }, /terminals must be/], [{ terminals: 3, language: 'de' }, /language/],
      [{ terminals: 3, threshold: -1 }, /threshold/], [null, /terminals must be/], [{ terminals: 3, protocols: 'ocpp1.5' }, /protocols must be one of/],
      [{ terminals: 3, limitKw: '-5' }, /site limit/], [{ terminals: 3, ocppPort: 70000 }, /OCPP port/], [{ terminals: 1200, simulate: true }, /at most 1000/]] as const) {
      assert.throws(() => wizardFlow(body), (err: Error) => err instanceof WizardInputError && reason.test(err.message));
    }
  });
});
