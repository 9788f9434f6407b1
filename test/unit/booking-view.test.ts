import assert from 'node:assert/strict';
import vm from 'vm';
import { buildDashboard } from '../../dashboards';
import { renderClassic } from '../../dashboards/render/classic';
import { changesLinkId } from '../../dashboards/render/classic-linked';
import { siteFromCount, siteFromDescription } from '../../dashboards/site';
import { BOOKING_VIEW, booking as bookingView } from '../../dashboards/views/booking';
import { QUEUE_VIEW, queue as queueView } from '../../dashboards/views/queue';
import type { LinkedSource } from '../../dashboards/model';
import { stableId } from '../../flows/ids';
import type { FlowNode } from '../../flows/quickstart';
import { projectFlow } from '../../flows/project';
import type { QueueEntry } from '../../lib/reservations/queue-model';
import type { Reservation } from '../../lib/reservations/reservations';
import type { BookingView } from '../../lib/reservations/view';
import { byType, runFunction, wiresOf } from '../support/flow-nodes';

const now = Date.parse('2026-12-01T08:00:00.000Z');
const iso = (min: number) => new Date(now + min * 60_000).toISOString();
const HELD: Reservation = {
  id: 29_000_123, stationId: 'CP002', evseId: 1, idTag: 'BADGE7', expiresAt: iso(15), status: 'Accepted', by: 'dashboard', createdAt: iso(0), updatedAt: iso(0),
};
const entry = (id: string, over: Partial<QueueEntry>): QueueEntry => ({
  id, idTag: `TAG-${id}`, name: `Driver ${id}`, language: 'en', state: 'waiting', position: 1, joinedAt: iso(-30), estimatedWaitMin: 20,
  estimatedAt: iso(-5), expectedAt: iso(15), noShows: 0, ...over,
});
const VIEW: BookingView = {
  connectors: [
    { stationId: 'CP001', evseId: 1, status: 'Available', connected: true },
    { stationId: 'CP001', evseId: 2, status: 'Charging', connected: true },
    { stationId: 'CP002', evseId: 1, status: 'Reserved', connected: true, reservation: HELD },
    { stationId: 'CP003', evseId: 1, status: 'Available', connected: false },
  ],
  reservations: [HELD],
  // Out of order, as a list may come: the feed puts the line in order, those charging after it.
  queue: [
    entry('c', { state: 'charging', position: 0, expectedAt: undefined, charge: { stationId: 'CP001', evseId: 2, startedAt: iso(-20), energyWh: 4567, maxPowerW: 22_000 } }),
    entry('w2', { position: 3, estimatedWaitMin: 40, expectedAt: iso(35), name: undefined }),
    entry('o', { state: 'offered', position: 1, offer: { stationId: 'CP002', evseId: 1, offeredAt: iso(-2), expiresAt: iso(13) } }),
    entry('w1', { position: 2 }),
    entry('w3', { position: 4, estimatedWaitMin: null, expectedAt: undefined }),
  ],
};

type Feed = LinkedSource['feed'];
const context = { terminals: ['CP001', 'CP002', 'CP003'], language: 'en', threshold: 12, now };
const values = (source: LinkedSource | undefined) => {
  const feed = vm.runInNewContext(`(${source!.feed.toString()})`) as Feed;
  return (answer: unknown, over: Record<string, unknown> = {}): Record<string, any> =>
    Object.fromEntries((JSON.parse(JSON.stringify(feed(answer, { ...context, ...over }))) as Array<{ topic: string; payload: any }>).map((m) => [m.topic, m.payload]));
};
const bookingValues = values(bookingView.bookings);
const queueValues = values(queueView.bookings);

describe('dashboards: instant booking values', () => {
  it('a row per connector with its status, the reservation holding it and a cancel button on it alone', () => {
    const v = bookingValues(VIEW);
    assert.deepEqual(v.connectors[2], {
      id: 'CP002#1', state: 'Reserved', status: 'Reserved', color: '#00838f', terminal: 'CP002', connector: 1, idTag: 'BADGE7', until: iso(15),
      reservationId: 29_000_123, cancelable: true,
    });
    assert.deepEqual(v.connectors.map((r: any) => [r.id, r.status, r.idTag, r.cancelable]), [
      ['CP001#1', 'Available', '', false], ['CP001#2', 'Charging', '', false], ['CP002#1', 'Reserved', 'BADGE7', true], ['CP003#1', 'Offline', '', false],
    ]);
    assert.deepEqual([v.counts, v.chosen, v.refused], ['1 reserved · 1 available', '', '']);
    assert.equal(bookingValues(VIEW, { selected: 'CP002#1' }).chosen, 'CP002 · 1 · Reserved · reserved for BADGE7 (reservation 29000123)');
    assert.equal(bookingValues(VIEW, { selected: 'CP001#2' }).chosen, 'CP001 · 2 · Charging');
    assert.equal(bookingValues(VIEW, { selected: 'CP009#1' }).chosen, 'CP009 · 1 · Offline', 'a terminal the service does not know yet');
    assert.deepEqual(bookingValues(undefined).connectors, []);
  });

  it('speaks French and shows the last refusal', () => {
    const v = bookingValues(VIEW, { language: 'fr', selected: 'CP002#1', error: 'CP002 refused the reservation: Occupied (08:00:00 UTC)' });
    assert.deepEqual(v.connectors.map((r: any) => r.status), ['Disponible', 'En charge', 'Réservé', 'Hors ligne']);
    assert.equal(v.chosen, 'CP002 · 1 · Réservé · réservé pour BADGE7 (réservation 29000123)');
    assert.deepEqual([v.counts, v.refused], ['1 réservé · 1 disponible', 'CP002 refused the reservation: Occupied (08:00:00 UTC)']);
  });
});

describe('dashboards: waiting queue values', () => {
  it('the line in order, then those charging; waits left, the connector held and until when, the energy so far', () => {
    const v = queueValues(VIEW);
    assert.deepEqual(v.queue.map((r: any) => [r.id, r.position, r.status, r.inLine]), [
      ['o', 1, 'connector offered', true], ['w1', 2, 'waiting', true], ['w2', 3, 'waiting', true], ['w3', 4, 'waiting', true], ['c', null, 'charging', false],
    ]);
    assert.deepEqual(v.queue[1], {
      id: 'w1', state: 'waiting', status: 'waiting', color: '#1565c0', position: 2, name: 'Driver w1', badge: 'TAG-w1', waitMin: 15, expectedAt: iso(15),
      connector: '', offeredUntil: '', energyKwh: null, inLine: true,
    });
    const [offered, , noName, unknown, charging] = v.queue;
    assert.deepEqual([offered.connector, offered.offeredUntil, offered.waitMin, offered.expectedAt], ['CP002 · 1', iso(13), null, '']);
    assert.deepEqual([noName.name, noName.waitMin], ['', 35]);
    assert.deepEqual([unknown.waitMin, unknown.expectedAt], [null, ''], 'no estimate while no connector is in service');
    assert.deepEqual([charging.connector, charging.energyKwh, charging.offeredUntil, charging.color], ['CP001 · 2', 4.57, '', '#2e7d32']);
    assert.deepEqual([v.counts, v.refused], ['3 waiting · 1 offered', '']);
    assert.deepEqual(queueValues(undefined).queue, []);
  });

  it('speaks French and shows the last refusal', () => {
    const v = queueValues(VIEW, { language: 'fr', error: 'no entry x (08:00:00 UTC)' });
    assert.deepEqual(v.queue.map((r: any) => r.status), ['connecteur proposé', 'en attente', 'en attente', 'en attente', 'en charge']);
    assert.deepEqual([v.counts, v.refused], ['3 en attente · 1 connecteur proposé', 'no entry x (08:00:00 UTC)']);
    const two = queueValues({ ...VIEW, queue: [entry('a', { state: 'offered' }), entry('b', { state: 'offered', position: 2 })] }, { language: 'fr' });
    assert.equal(two.counts, '0 en attente · 2 connecteurs proposés');
  });
});

describe('dashboards: booking and queue flows', () => {
  const BOOKINGS = 'booking-requests-in';
  const render = (language: 'en' | 'fr' = 'en') => renderClassic(buildDashboard(siteFromCount(3, { language })), { csms: 'c', bookings: BOOKINGS }) as FlowNode[];
  const flow = render();
  const node = (id: string, f: FlowNode[] = flow) => f.find((n) => n.id === id)!;
  const siteKey = (...parts: Array<string | number>) => stableId(siteFromCount(3).key, 'dashboard', ...parts);
  /** A view's link calls: the one whose answer feeds the view, and the one its buttons send to. */
  /** A view's link calls: the one whose answer feeds the view (sent by its request), and the one its buttons send to. */
  const callsOf = (label: string, f: FlowNode[] = flow) => {
    const calls = byType(f, 'link call');
    const list = calls.find((c) => node(wiresOf(c)[0][0], f).name === `${label} values`)!;
    const request = f.find((n) => wiresOf(n)[0]?.includes(list.id))!;
    const ask = calls.find((c) => {
      const then = node(wiresOf(c)[0][0], f);
      return then.name === 'then the list again' && wiresOf(then)[0][0] === request.id;
    })!;
    return { list, request, feedNode: node(wiresOf(list)[0][0], f), ask };
  };

  it('asks the reservation service through link calls to the link in it is given, every view its own, and feeds the answer', () => {
    assert.deepEqual(byType(flow, 'ui_tab').map((t) => t.name).slice(-2), ['Instant booking', 'Waiting queue']);
    assert.deepEqual(byType(flow, 'ui_tab').slice(-2).map((t) => t.icon), ['fa-calendar-check-o', 'fa-hourglass-half']);
    const calls = byType(flow, 'link call');
    assert.equal(calls.length, 4);
    for (const call of calls) assert.deepEqual([call.links, call.name], [[BOOKINGS], 'reservation service']);
    // A request the service passes on to a station waits for its answer; the list does not.
    assert.deepEqual([callsOf('Instant booking').list.timeout, callsOf('Instant booking').ask.timeout], ['10', '35']);
    for (const [label, topic] of [['Instant booking', 'connectors'], ['Waiting queue', 'queue']]) {
      const { request, feedNode } = callsOf(label);
      assert.deepEqual(runFunction(request, {}), { payload: { view: true } });
      const [out] = runFunction(feedNode, { payload: VIEW }) as Array<Array<{ topic: string; payload: any }>>;
      const route = node(wiresOf(feedNode)[0][0]);
      const table = node(wiresOf(route)[(route.rules as Array<{ v: string }>).findIndex((r) => r.v === topic)][0]);
      assert.equal(table.type, 'ui_template');
      assert.equal(out.find((v) => v.topic === topic)!.payload.length, topic === 'queue' ? 5 : 4);
    }
  });

  it('hears the service\'s changes through a link in per view, and asks again once per burst', () => {
    for (const [view, label] of [[BOOKING_VIEW, 'Instant booking'], [QUEUE_VIEW, 'Waiting queue']]) {
      const into = node(changesLinkId(siteKey, view));
      assert.deepEqual([into.type, into.name], ['link in', `${label}: changes`]);
      const settle = node(wiresOf(into)[0][0]);
      const request = node(wiresOf(settle)[0][0]);
      assert.deepEqual([settle.type, request.name], ['trigger', 'the list request']);
      assert.deepEqual(wiresOf(request), [[callsOf(label).list.id]]);
    }
  });

  it('cancels a reserved connector\'s reservation, and skips or takes a driver out of the line, then asks again', () => {
    const booking = callsOf('Instant booking');
    const table = byType(flow, 'ui_template').find((t) => /evc-table/.test(t.format as string) && /row\.cancelable/.test(t.format as string))!;
    assert.match(table.format as string, /ng-if="row.cancelable" ng-click="send\(\{payload: \{cancel: row.reservationId\}\}\)">Cancel</);
    assert.deepEqual(wiresOf(table), [[booking.ask.id]]);
    const queue = callsOf('Waiting queue');
    const line = byType(flow, 'ui_template').find((t) => /row\.inLine/.test(t.format as string))!;
    assert.match(line.format as string, /ng-if="row.inLine" ng-click="send\(\{payload: \{skip: row.id\}\}\)">Skip</);
    assert.match(line.format as string, /ng-if="row.inLine" ng-click="send\(\{payload: \{leave: row.id\}\}\)">Leave</);
    assert.deepEqual(wiresOf(line), [[queue.ask.id]]);
    // The service's refusal, through the call, is kept for the view's feed.
    const answered = node(wiresOf(booking.ask)[0][0]);
    const store: Record<string, unknown> = {};
    assert.deepEqual(runFunction(answered, { error: { message: 'Error: CP002 refused the reservation: Occupied' } }, store), { payload: 'refresh' });
    const [out] = runFunction(booking.feedNode, { payload: VIEW }, store) as Array<Array<{ topic: string; payload: any }>>;
    assert.match(out.find((v) => v.topic === 'refused')!.payload, /^CP002 refused the reservation: Occupied \(\d\d:\d\d:\d\d UTC\)$/);
  });

  it('reserves the connector picked for the badge typed, 15 minutes unless told otherwise, or says what is missing', () => {
    const { ask, request, feedNode } = callsOf('Instant booking');
    const picker = byType(flow, 'ui_dropdown').find((d) => d.label === 'Connector')!;
    assert.deepEqual((picker.options as Array<{ label: string; value: string }>).map((o) => [o.label, o.value]),
      [['CP001 · 1', 'CP001#1'], ['CP002 · 1', 'CP002#1'], ['CP003 · 1', 'CP003#1']]);
    const kept = node(wiresOf(picker)[0][0]);
    assert.deepEqual([kept.rules, wiresOf(kept)], [[{ t: 'set', p: 'evc_booking_selected', pt: 'flow', to: 'payload', tot: 'msg' }], [[request.id]]]);
    const button = byType(flow, 'ui_button').find((b) => b.label === 'Reserve now')!;
    const form = node(wiresOf(button)[0][0]);
    assert.deepEqual([form.name, wiresOf(form)], ['complete the request', [[ask.id], [wiresOf(ask)[0][0]]]]);
    const store: Record<string, unknown> = {};
    const press = () => runFunction(form, { topic: button.topic, payload: JSON.parse(button.payload as string) }, store) as Array<Record<string, any> | null>;
    // The duration's start value: shown in its input and kept as typed.
    const minutes = byType(flow, 'ui_text_input').find((n) => n.topic === 'minutes' && (n.label as string) === 'Duration (min)')!;
    const start = flow.find((n) => n.type === 'inject' && wiresOf(n)[0]?.includes(minutes.id))!;
    assert.deepEqual([start.payload, start.topic, start.once], ['15', 'minutes', true]);
    const typed = node(wiresOf(minutes)[0][0]);
    assert.deepEqual(wiresOf(start), [[minutes.id, typed.id]]);
    runFunction(typed, { topic: start.topic, payload: start.payload }, store);
    assert.deepEqual(press(), [null, { error: { code: 'NoPick', message: 'Connector: choose one first' } }]);
    store.evc_booking_selected = 'CP002#1';
    assert.deepEqual(press(), [null, { error: { code: 'MissingInput', message: 'Badge: fill it in first' } }]);
    const badge = byType(flow, 'ui_text_input').find((n) => n.topic === 'badge' && wiresOf(n)[0][0] === typed.id)!;
    runFunction(node(wiresOf(badge)[0][0]), { topic: 'badge', payload: ' BADGE7 ' }, store);
    assert.deepEqual(press(), [{ payload: { reserve: { by: 'dashboard', stationId: 'CP002', evseId: 1, idTag: 'BADGE7', minutes: 15 } } }, null]);
    runFunction(typed, { topic: 'minutes', payload: '30' }, store);
    assert.equal(press()[0]!.payload.reserve.minutes, 30);
    // A refusal of the form is shown as the service's are.
    runFunction(typed, { topic: 'badge', payload: '' }, store);
    const [, refused] = press();
    runFunction(node(wiresOf(form)[1][0]), refused!, store);
    const [out] = runFunction(feedNode, { payload: VIEW }, store) as Array<Array<{ topic: string; payload: any }>>;
    assert.match(out.find((v) => v.topic === 'refused')!.payload, /^Badge: fill it in first \(\d\d:\d\d:\d\d UTC\)$/);
    // A terminal with two connectors offers both.
    const two = renderClassic(buildDashboard(siteFromDescription({ terminals: [{ id: 'D1', connectors: 2 }] })), { csms: 'c', bookings: BOOKINGS });
    assert.deepEqual((byType(two, 'ui_dropdown').find((d) => d.label === 'Connector')!.options as Array<{ value: string }>).map((o) => o.value), ['D1#1', 'D1#2']);
  });

  it('puts a driver in the line with their name, badge and the contacts given, in the dashboard\'s language', () => {
    for (const language of ['en', 'fr'] as const) {
      const f = language === 'en' ? flow : render('fr');
      const { ask } = callsOf(language === 'en' ? 'Waiting queue' : 'File d’attente', f);
      const button = byType(f, 'ui_button').find((b) => b.label === (language === 'en' ? 'Join' : 'Entrer'))!;
      const form = node(wiresOf(button)[0][0], f);
      assert.deepEqual(wiresOf(form)[0], [ask.id]);
      const store: Record<string, unknown> = {};
      const type = (topic: string, payload: string) => {
        const input = byType(f, 'ui_text_input').find((n) => n.topic === topic && (node(wiresOf(n)[0][0], f).func as string).includes('evc_queue_inputs'))!;
        runFunction(node(wiresOf(input)[0][0], f), { topic, payload }, store);
      };
      const press = () => runFunction(form, { topic: button.topic, payload: JSON.parse(button.payload as string) }, store) as Array<Record<string, any> | null>;
      assert.equal(press()[1]!.error.code, 'MissingInput');
      type('name', 'Ada');
      type('badge', 'BADGE9');
      assert.deepEqual(press()[0], { payload: { join: { name: 'Ada', idTag: 'BADGE9', contact: {}, language } } }, 'no contact: none sent');
      type('email', 'ada@example.org');
      type('phone', '+33 6 12 34 56 78');
      assert.deepEqual(press()[0], { payload: { join: { name: 'Ada', idTag: 'BADGE9', contact: { email: 'ada@example.org', phone: '+33 6 12 34 56 78' }, language } } });
      type('phone', '');
      assert.deepEqual(press()[0]!.payload.join.contact, { email: 'ada@example.org' });
    }
  });

  it('is left out of dashboards without a reservation service', () => {
    const alone = renderClassic(buildDashboard(siteFromCount(2)), { csms: 'c', alarms: 'alarm-in' }) as FlowNode[];
    const tabs = byType(alone, 'ui_tab').map((t) => t.name);
    assert.ok(!tabs.includes('Instant booking') && !tabs.includes('Waiting queue') && tabs.includes('Alarms'));
    assert.deepEqual(byType(alone, 'link call').map((c) => c.links), [['alarm-in'], ['alarm-in']]);
  });

  it('in a generated project, reaches the quick-start\'s evc-reservation and hears its changes through links whose ends name each other', () => {
    const flow = projectFlow(siteFromCount(3)) as FlowNode[];
    const node = (id: string) => flow.find((n) => n.id === id)!;
    const requests = flow.find((n) => n.type === 'link in' && n.name === 'booking requests')!;
    assert.equal(node(wiresOf(requests)[0][0]).type, 'evc-reservation');
    const calls = byType(flow, 'link call').filter((c) => (c.links as string[]).includes(requests.id));
    assert.equal(calls.length, 4, 'a list and a request call per view');
    const changes = flow.find((n) => n.type === 'link out' && n.name === 'booking changes')!;
    for (const hear of changes.links as string[]) assert.deepEqual(node(hear).links, [changes.id]);
    assert.equal((changes.links as string[]).length, 2);
    // The service's answers: to the HTTP request, to the link call, and its changes to the dashboards.
    const [reservation] = byType(flow, 'evc-reservation');
    const answers = node(wiresOf(reservation)[1][0]);
    const route = (msg: Record<string, unknown>) => (runFunction(answers, msg) as Array<unknown>).map((m) => m !== null);
    assert.deepEqual(route({ topic: 'answer', res: {}, req: {} }), [true, false, false]);
    assert.deepEqual(route({ topic: 'answer', _linkSource: [{ id: 'x' }] }), [false, true, false]);
    assert.deepEqual(route({ topic: 'queue/offer' }), [false, false, true]);
    assert.deepEqual(route({ topic: 'reservation/Accepted' }), [false, false, true]);
  });
});
