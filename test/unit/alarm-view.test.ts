import assert from 'node:assert/strict';
import vm from 'vm';
import { buildDashboard } from '../../dashboards';
import { renderClassic } from '../../dashboards/render/classic';
import { siteFromCount } from '../../dashboards/site';
import { alarms as alarmView } from '../../dashboards/views/alarms';
import { projectFlow } from '../../flows/project';
import type { FlowNode } from '../../flows/quickstart';
import type { Alarm } from '../../lib/alarms/model';
import { byType, runFunction, wiresOf } from '../support/flow-nodes';

const at = '2026-12-01T08:00:00.000Z';
const alarm = (id: string, over: Partial<Alarm>): Alarm => ({
  id, type: 'fault', stationId: 'CP001', evseId: 1, priority: 2, state: 'unacknowledged', active: true, message: 'connector 1 faulted: GroundFailure',
  errorCode: 'GroundFailure', count: 1, updatedAt: at, ...over,
});
const LIST = [
  alarm('CP001/1/fault', { vendorErrorCode: 'E12', info: 'RCD' }),
  alarm('CP002/0/communication', { type: 'communication', stationId: 'CP002', evseId: 0, state: 'acknowledged', message: 'connection lost', errorCode: undefined }),
  alarm('CP003/1/fault', { stationId: 'CP003', state: 'returned', active: false }),
];
const context = { terminals: ['CP001'], language: 'en', threshold: 12, now: 0 };
const feed = vm.runInNewContext(`(${alarmView.alarms!.feed.toString()})`) as NonNullable<typeof alarmView.alarms>['feed'];
const run = (list: unknown, over: Record<string, unknown> = {}): Record<string, any> =>
  Object.fromEntries((JSON.parse(JSON.stringify(feed(list, { ...context, ...over }))) as Array<{ topic: string; payload: any }>).map((m) => [m.topic, m.payload]));

describe('dashboards: alarm viewer values', () => {
  it('a row per alarm with its time, state, priority, terminal, message and codes; a button where one is owed', () => {
    const values = run(LIST);
    assert.deepEqual(values.alarms[0], {
      id: 'CP001/1/fault', state: 'unacknowledged', status: 'unacknowledged', color: '#c62828', at, priority: 'high', terminal: 'CP001 · 1',
      message: 'connector 1 faulted: GroundFailure', errorCode: 'GroundFailure', info: 'RCD', vendor: 'E12', count: 1, shelvedUntil: '',
      ackable: true, shelvable: true, unshelvable: false,
    });
    assert.deepEqual(values.alarms.map((r: any) => [r.terminal, r.ackable]), [['CP001 · 1', true], ['CP002', false], ['CP003 · 1', true]]);
    const shelved = run([alarm('CP004/1/fault', { stationId: 'CP004', state: 'shelved', shelvedUntil: '2026-12-01T09:00:00.000Z' })]).alarms[0];
    assert.deepEqual([shelved.shelvedUntil, shelved.ackable, shelved.shelvable, shelved.unshelvable], ['2026-12-01T09:00:00.000Z', false, false, true]);
    assert.deepEqual([values.counts, values.owed, values.active, values.refused], ['2 to acknowledge · 2 active', 2, 2, '']);
  });

  it('the filter narrows the table, not the counts; French; a refusal shown', () => {
    const filtered = run(LIST, { selected: 'returned', language: 'fr', error: 'no alarm X (08:00:00 UTC)' });
    assert.deepEqual(filtered.alarms.map((r: any) => [r.id, r.status, r.priority]), [['CP003/1/fault', 'revenue, non acquittée', 'haute']]);
    assert.deepEqual([filtered.counts, filtered.refused], ['2 à acquitter · 2 actives', 'no alarm X (08:00:00 UTC)']);
    assert.deepEqual(run(undefined).alarms, []);
  });
});

describe('dashboards: alarm viewer flow', () => {
  const flow = projectFlow(siteFromCount(3));
  const node = (id: string) => flow.find((n) => n.id === id)!;
  const [router] = byType(flow, 'evc-alarm-router');
  const linkIn = (name: string) => flow.find((n) => n.type === 'link in' && n.name === name)!;

  it('asks the quick-start\'s alarm router through a link call, and its answer feeds the viewer and the overview counts', () => {
    const requests = linkIn('alarm requests');
    assert.deepEqual(wiresOf(requests), [[router.id]]);
    const calls = byType(flow, 'link call').filter((c) => c.name === 'alarm router');
    assert.equal(calls.length, 2);
    for (const call of calls) assert.deepEqual(call.links, [requests.id]);
    const list = calls.find((c) => node(wiresOf(c)[0][0]).name === 'Alarms values')!;
    const feedNode = node(wiresOf(list)[0][0]);
    const route = node(wiresOf(feedNode)[0][0]);
    const targets = wiresOf(route).map((w) => node(w[0]));
    const counts = targets.filter((t) => t.type === 'ui_text' && (t.name === 'Alarms to acknowledge' || t.name === 'Active alarms'));
    assert.equal(counts.length, 2);
    const overviewPark = byType(flow, 'ui_group').find((g) => g.name === 'Park')!;
    for (const t of counts) assert.equal(t.group, overviewPark.id, 'on the overview');
    const [values] = runFunction(feedNode, { payload: LIST }) as Array<Array<{ topic: string; payload: any }>>;
    assert.equal(values.find((v) => v.topic === 'owed')!.payload, 2);
  });

  it('sends each row\'s acknowledgement and acknowledge-all through the other call, then asks the list again', () => {
    const ask = byType(flow, 'link call').find((c) => node(wiresOf(c)[0][0]).name === 'then the list again')!;
    const table = byType(flow, 'ui_template').find((t) => /ng-click="send\(\{payload: \{ack: row.id, by: 'dashboard'\}\}\)"/.test(t.format as string))!;
    assert.deepEqual(wiresOf(table), [[ask.id]]);
    assert.match(table.format as string, /ng-if="row.shelvable" ng-click="send\(\{payload: \{shelve: row.id, minutes: '60', by: 'dashboard'\}\}\)"/);
    assert.match(table.format as string, /ng-if="row.unshelvable" ng-click="send\(\{payload: \{unshelve: row.id, by: 'dashboard'\}\}\)"/);
    const all = byType(flow, 'ui_button').find((b) => b.label === 'Acknowledge all')!;
    assert.deepEqual([wiresOf(all), JSON.parse(all.payload as string)], [[[ask.id]], { ack: 'all', by: 'dashboard' }]);
    const answered = node(wiresOf(ask)[0][0]);
    const store: Record<string, unknown> = {};
    assert.deepEqual(runFunction(answered, { error: { message: 'Error: no alarm X' } }, store), { payload: 'refresh' });
    assert.match(String(Object.values(store)[0]), /^no alarm X \(\d\d:\d\d:\d\d UTC\)$/);
    runFunction(answered, { payload: [] }, store);
    assert.equal(Object.values(store)[0], '');
  });

  it('hears the router\'s transitions and notifications through links whose ends name each other', () => {
    for (const [out, into] of [['alarm transitions', 'Alarms: transitions'], ['alarm notifications', 'Alarms: notifications']]) {
      const sender = flow.find((n) => n.type === 'link out' && n.name === out)!;
      const receiver = linkIn(into);
      assert.deepEqual([sender.links, receiver.links], [[receiver.id], [sender.id]]);
    }
    assert.equal(node(wiresOf(linkIn('Alarms: notifications'))[0][0]).type, 'ui_toast');
    // The router's answers: to the HTTP request, to the link call, and its transitions to the dashboards.
    const answers = node(wiresOf(router)[4][0]);
    const route = (msg: Record<string, unknown>) => (runFunction(answers, msg) as Array<unknown>).map((m) => m !== null);
    assert.deepEqual(route({ topic: 'answer', res: {}, req: {} }), [true, false, false]);
    assert.deepEqual(route({ topic: 'answer', _linkSource: [{ id: 'x' }] }), [false, true, false]);
    assert.deepEqual(route({ topic: 'alarm/unacknowledged' }), [false, false, true]);
  });

  it('is left out of dashboards without an alarm router', () => {
    const alone = renderClassic(buildDashboard(siteFromCount(2)), { csms: 'c' }) as FlowNode[];
    assert.ok(!byType(alone, 'ui_tab').some((t) => t.name === 'Alarms'));
    assert.deepEqual(byType(alone, 'link call'), []);
  });
});
