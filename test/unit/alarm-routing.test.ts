import assert from 'node:assert/strict';
import { AlarmRouter, readRoutes, RoutedMessage, RouteRule, RouterOptions } from '../../lib/alarms/routing';
import type { Alarm, AlarmState, AlarmTransition } from '../../lib/alarms/model';
import { ManualClock } from '../../lib/continuity/clock';

const MIN = 60_000;
/** Monday 5 January 2026, 22:30 in Paris (UTC+1 in winter). */
const T0 = Date.UTC(2026, 0, 5, 21, 30);
const iso = (ms: number) => new Date(ms).toISOString();

const fault = (over: Partial<Alarm> = {}): Alarm => ({
  id: 'CP001/1/fault', type: 'fault', stationId: 'CP001', evseId: 1, priority: 1, state: 'unacknowledged', active: true,
  message: 'connector 1 faulted: GroundFailure', errorCode: 'GroundFailure', activeSince: iso(T0), count: 1, updatedAt: iso(T0), ...over,
});
const move = (to: AlarmState, over: Partial<Alarm> = {}, at = T0, from: AlarmState = 'normal'): AlarmTransition => ({
  alarm: fault({ state: to, ...over }), from, to, cause: to === 'unacknowledged' ? 'raise' : to === 'acknowledged' ? 'acknowledge' : 'clear', at: iso(at),
});

function rig(rules: RouteRule[], options: Partial<RouterOptions> = {}) {
  const clock = new ManualClock(T0);
  const router = new AlarmRouter(rules, { language: 'en', timeZone: 'Europe/Paris', clock, ...options });
  const later: RoutedMessage[] = [];
  const warnings: string[] = [];
  router.on('message', (m: RoutedMessage) => later.push(m));
  router.on('warn', (w: string) => warnings.push(w));
  /** Which rules a transition goes through. */
  const names = (t: AlarmTransition) => router.route(t).map((m) => m.rule);
  return { clock, router, later, warnings, names };
}
const board: RouteRule = { name: 'board', to: [{ channel: 'dashboard' }] };

describe('alarms: routing rules', () => {
  it('reads a sound set as given, with its defaults', () => {
    const rules = [
      { name: 'critical', maxPriority: 1, stations: ['CP0*'], to: [{ channel: 'sms', to: 'on-call' }], escalateAfterMin: 15, escalateTo: [{ channel: 'email', to: 'chief@park.example' }] },
      { name: 'all', to: [{ channel: 'mqtt' }], hours: [{ days: [1, 2], from: '22:00', to: '06:00' }] },
    ];
    const onCall = [{ name: 'Ana', from: '2026-01-05T07:00:00Z', to: '2026-01-12T07:00:00Z', phone: '+33 6 12 34 56 78' }];
    assert.deepEqual(readRoutes({ rules, onCall }), {
      rules: [{ ...rules[0], on: ['unacknowledged'] }, { ...rules[1], maxPriority: 4, on: ['unacknowledged'] }], onCall, errors: [],
    });
    assert.deepEqual(readRoutes([board]), { rules: [{ ...board, maxPriority: 4, on: ['unacknowledged'] }], onCall: [], errors: [] });
  });

  it('reports every problem, naming where, and never throws', () => {
    const read = readRoutes({
      rules: [
        { name: 'a', maxPriority: 5, types: 'fault', on: ['raised'], hours: [{ from: '7:00', to: '24:00', days: [7] }], to: [{ channel: 'email' }], colour: 'red' },
        { name: '', to: [{ channel: 'pager', to: 'x' }, { channel: 'email', to: 'not-an-address' }, { channel: 'sms', to: 'on-call' }] },
        { name: 'c', to: [{ channel: 'dashboard', to: 'on-call' }, { channel: 'mqtt', to: 'a/#' }], escalateTo: [{ channel: 'sms' }] },
        { name: 'd', on: ['normal'], to: [], escalateAfterMin: 0, escalateTo: [{ channel: 'sms', to: '+33612345678' }] },
        { name: 'a', to: [{ channel: 'mqtt' }] },
        'rule',
      ],
      onCall: [{ name: 'Bob', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { name: 'Eve', from: 'monday', to: '2026-01-01T00:00:00Z', email: 'eve' }],
    });
    assert.deepEqual(read.errors, [
      'rules[0].colour is not a rule field',
      'rules[0].maxPriority must be 1, 2, 3 or 4',
      'rules[0].types must be a list of non-empty strings',
      'rules[0].on must be a non-empty list of normal, unacknowledged, acknowledged, returned, shelved, suppressed',
      'rules[0].hours[0].from must be "HH:MM"',
      'rules[0].hours[0].to must be "HH:MM"',
      'rules[0].hours[0].days must be a list of 0 (Sunday) to 6 (Saturday)',
      'rules[0].to[0]: an email target needs to (an address, or "on-call")',
      'rules[1].name must be a non-empty string',
      'rules[1].to[0].channel must be one of email, sms, dashboard, mqtt',
      'rules[1].to[1].to is not an e-mail address: not-an-address',
      'rules[2].to[0]: a dashboard target takes no to',
      'rules[2].to[1].to must be an MQTT topic prefix (no + or #)',
      'rules[2].escalateTo[0]: an sms target needs to (a phone number, or "on-call")',
      'rules[2]: escalateTo needs escalateAfterMin',
      'rules[3].escalateAfterMin must be a number of minutes above 0',
      'rules[3]: escalation needs "unacknowledged" in on',
      'rules[4].name "a" is already used by rules[0]',
      'rules[5] must be an object {name, to, ...}',
      'onCall[0]: from must be before to',
      'onCall[0] needs an email or a phone',
      'onCall[1].from must be an ISO instant',
      'onCall[1].email is not an e-mail address',
    ]);
    assert.deepEqual([read.rules, read.onCall], [[], []], 'nothing unsound is kept');
    assert.deepEqual(readRoutes('rules').errors, ['routes must be {rules: [...], onCall: [...]} or a list of rules']);
    assert.deepEqual(readRoutes({ rules: {}, onCall: 3 }).errors, ['rules must be a list of rules', 'onCall must be a list of shifts {name, from, to, email?, phone?}']);
    assert.deepEqual(readRoutes([{ name: 'x', to: [] }, { name: 'y', escalateAfterMin: 5 }]).errors, [
      'rules[0].to must name at least one target', 'rules[1].to must be a list of targets {channel, to?}', 'rules[1]: escalateAfterMin needs escalateTo',
    ]);
  });

  it('matches by priority, type, station wildcard, site and state', () => {
    const { names } = rig([
      { name: 'high', maxPriority: 2, to: board.to },
      { name: 'faults', types: ['fault', 'problem'], to: board.to },
      { name: 'CP0', stations: ['CP0*', 'X?'], to: board.to },
      { name: 'north', sites: ['north'], to: board.to },
      { name: 'back', on: ['returned', 'normal'], to: board.to },
    ]);
    assert.deepEqual(names(move('unacknowledged')), ['high', 'faults', 'CP0']);
    assert.deepEqual(names(move('unacknowledged', { priority: 3, type: 'firmware', stationId: 'CP100', site: 'north' })), ['north']);
    assert.deepEqual(names(move('unacknowledged', { priority: 2, stationId: undefined, site: 'south' })), ['high', 'faults']);
    assert.deepEqual(names(move('unacknowledged', { priority: 4, type: 'boot', stationId: 'X?' })), ['CP0'], 'only * is a wildcard');
    assert.deepEqual(names(move('returned', { priority: 4, type: 'boot' }, T0, 'unacknowledged')), ['back'], 'the others route new alarms only');
    assert.deepEqual(names(move('acknowledged', {}, T0, 'unacknowledged')), []);
  });

  it('applies time windows in the router\'s time zone, across midnight and by the day a window starts', () => {
    const { names } = rig([
      { name: 'monday night', hours: [{ days: [1], from: '22:00', to: '06:00' }], to: board.to },
      { name: 'office', hours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }], to: board.to },
    ]);
    const at = (day: number, h: number, m = 0) => names(move('unacknowledged', {}, Date.UTC(2026, 0, day, h - 1, m)));
    assert.deepEqual(at(5, 22, 30), ['monday night'], 'Monday 22:30 in Paris is 21:30 UTC');
    assert.deepEqual(at(5, 21, 59), []);
    assert.deepEqual(at(6, 5, 59), ['monday night'], 'Tuesday morning: the Monday window goes on');
    assert.deepEqual(at(6, 6, 0), []);
    assert.deepEqual(at(6, 22, 30), [], 'Tuesday night is not a Monday window');
    assert.deepEqual(at(5, 2, 0), [], 'Sunday night to Monday: it started Sunday');
    assert.deepEqual(at(6, 8, 30), ['office'], '07:30 UTC is 08:30 in Paris');
    assert.deepEqual(at(10, 10, 0), [], 'Saturday');
  });

  it('sends to the person on call, and warns when nobody is', () => {
    const { router, warnings } = rig([{ name: 'duty', to: [{ channel: 'email', to: 'on-call' }, { channel: 'sms', to: 'on-call' }, { channel: 'sms', to: '+33600000000' }] }], {
      onCall: [
        { name: 'Ana', from: '2026-01-05T07:00:00Z', to: '2026-01-06T07:00:00Z', email: 'ana@park.example', phone: '+33611111111' },
        { name: 'Bob', from: '2026-01-06T07:00:00Z', to: '2026-01-07T07:00:00Z', email: 'bob@park.example' },
      ],
    });
    const to = (at: number) => router.route(move('unacknowledged', {}, at)).map((m) => `${m.channel} ${String(m.msg.to)}`);
    assert.deepEqual(to(T0), ['email ana@park.example', 'sms +33611111111', 'sms +33600000000']);
    assert.deepEqual(to(Date.UTC(2026, 0, 6, 7)), ['email bob@park.example', 'sms +33600000000']);
    assert.deepEqual(to(Date.UTC(2026, 0, 7, 7)), ['sms +33600000000']);
    assert.deepEqual(warnings, [
      'rule "duty": Bob, on call at 2026-01-06T07:00:00.000Z, has no phone number: sms not sent',
      'rule "duty": nobody is on call at 2026-01-07T07:00:00.000Z: email not sent',
      'rule "duty": nobody is on call at 2026-01-07T07:00:00.000Z: sms not sent',
    ]);
  });

  const targets: RouteRule = {
    name: 'all', maxPriority: 4, on: ['unacknowledged', 'acknowledged'],
    to: [{ channel: 'email', to: 'ops@park.example' }, { channel: 'sms', to: '+33612345678' }, { channel: 'dashboard' }, { channel: 'mqtt' }, { channel: 'mqtt', to: 'park7/' }],
  };
  const raised = move('unacknowledged', { connectorId: 2, info: 'earth leak', vendorErrorCode: 'E42' });

  it('shapes messages for the email, sms, dashboard and mqtt nodes (English)', () => {
    const [email, sms, toast, mqtt, mqtt7] = rig([targets]).router.route(raised);
    assert.deepEqual(email, {
      channel: 'email', rule: 'all', escalation: false, alarmId: 'CP001/1/fault', msg: {
        to: 'ops@park.example', topic: '[EV Charge] critical: CP001 connector 1 fault GroundFailure',
        payload: 'connector 1 faulted: GroundFailure\n\nStation: CP001\nEVSE: 1\nConnector: 2\nType: fault\nPriority: critical\nState: unacknowledged\n'
          + 'Error code: GroundFailure\nInfo: earth leak\nVendor error code: E42\nActive since: 2026-01-05T21:30:00.000Z\nChanged at: 2026-01-05T21:30:00.000Z\nTimes active: 1',
      },
    });
    assert.deepEqual(sms.msg, {
      topic: 'sms', to: '+33612345678',
      payload: { to: '+33612345678', text: '[EV Charge] critical: CP001 connector 1 fault GroundFailure. connector 1 faulted: GroundFailure' },
    });
    assert.deepEqual(toast.msg, { topic: 'critical: CP001 connector 1 fault GroundFailure', payload: 'connector 1 faulted: GroundFailure', highlight: '#c62828' });
    assert.deepEqual(mqtt.msg, {
      topic: 'evcharge/alarms/CP001/fault', qos: 1, retain: false,
      payload: { ...raised.alarm, from: 'normal', to: 'unacknowledged', cause: 'raise', at: '2026-01-05T21:30:00.000Z' },
    });
    assert.equal(mqtt7.msg.topic, 'park7/CP001/fault', 'the target\'s prefix, without its trailing slash');
    const colors = [2, 3, 4].map((priority) => rig([board]).router.route(move('unacknowledged', { priority: priority as 2 })).map((m) => m.msg.highlight)[0]);
    assert.deepEqual(colors, ['#ef6c00', '#f9a825', '#1565c0']);
    const site = rig([targets], { mqttPrefix: 'x/y' }).router.route(move('acknowledged', { stationId: undefined, evseId: undefined, type: 'archive', errorCode: undefined }, T0, 'unacknowledged'));
    assert.deepEqual([site[0].msg.topic, site[3].msg.topic], ['[EV Charge] critical: site archive (acknowledged)', 'x/y/site/archive']);
  });

  it('writes the same messages in French, and keeps an SMS under 160 characters', () => {
    const { router } = rig([targets], { language: 'fr' });
    const [email, sms, toast] = router.route(move('acknowledged', { connectorId: 2, acknowledgedAt: iso(T0), acknowledgedBy: 'ana', vendorErrorCode: 'E42' }, T0, 'unacknowledged'));
    assert.deepEqual(email.msg, {
      to: 'ops@park.example', topic: '[EV Charge] critique : CP001 connecteur 1 défaut GroundFailure (acquittée)',
      payload: 'connector 1 faulted: GroundFailure\n\nBorne : CP001\nPoint de charge (EVSE) : 1\nConnecteur : 2\nType : fault\nPriorité : critique\nÉtat : acquittée\n'
        + 'Code d’erreur : GroundFailure\nCode d’erreur constructeur : E42\nActive depuis : 2026-01-05T21:30:00.000Z\nAcquittée le : 2026-01-05T21:30:00.000Z\n'
        + 'Acquittée par : ana\nChangement d’état : 2026-01-05T21:30:00.000Z\nNombre d’activations : 1',
    });
    assert.equal((sms.msg.payload as { text: string }).text, '[EV Charge] critique : CP001 connecteur 1 défaut GroundFailure (acquittée). connector 1 faulted: GroundFailure');
    assert.equal(toast.msg.topic, 'critique : CP001 connecteur 1 défaut GroundFailure (acquittée)');
    const long = router.route(move('unacknowledged', { message: 'x'.repeat(300) }))[1].msg.payload as { text: string };
    assert.equal(long.text.length, 160);
    assert.equal(long.text, `[EV Charge] critique : CP001 connecteur 1 défaut GroundFailure. ${'x'.repeat(95)}…`);
  });
});

describe('alarms: routing escalation', () => {
  const escalating: RouteRule = {
    name: 'critical', maxPriority: 1, to: [{ channel: 'dashboard' }], escalateAfterMin: 15,
    escalateTo: [{ channel: 'email', to: 'chief@park.example' }, { channel: 'sms', to: 'on-call' }],
  };
  const onCall = [{ name: 'Ana', from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z', phone: '+33611111111' }];

  it('escalates an alarm still unacknowledged after the delay, once, in the router\'s language', () => {
    const { clock, router, later } = rig([escalating], { onCall, language: 'fr' });
    router.route(move('unacknowledged'));
    router.route(move('returned', {}, T0 + 5 * MIN, 'unacknowledged'));
    router.route(move('unacknowledged', { count: 2 }, T0 + 6 * MIN, 'returned'));
    clock.advance(15 * MIN - 1);
    assert.equal(later.length, 0, 'the delay runs from the first raise');
    clock.advance(1);
    assert.deepEqual(later.map((m) => [m.channel, m.rule, m.escalation, m.alarmId, m.msg.to]), [
      ['email', 'critical', true, 'CP001/1/fault', 'chief@park.example'], ['sms', 'critical', true, 'CP001/1/fault', '+33611111111'],
    ]);
    assert.equal(later[0].msg.topic, '[EV Charge] ESCALADE critique : CP001 connecteur 1 défaut GroundFailure');
    assert.match(later[0].msg.payload as string, /^Non acquittée 15 min après l’envoi\.\nconnector 1 faulted: GroundFailure\n/);
    assert.match(later[0].msg.payload as string, /Changement d’état : 2026-01-05T21:45:00.000Z\nNombre d’activations : 2$/);
    clock.advance(60 * MIN);
    assert.equal(later.length, 2, 'once');
    assert.equal(clock.size, 0);
  });

  it('does not escalate an alarm acknowledged (or cleared, shelved, suppressed) in time; a new raise after normal starts anew', () => {
    const { clock, router, later } = rig([escalating], { onCall });
    for (const settled of ['acknowledged', 'normal', 'shelved', 'suppressed'] as const) {
      router.route(move('unacknowledged', {}, clock.now()));
      assert.equal(clock.size, 1, `raised again after ${settled}`);
      clock.advance(10 * MIN);
      router.route(move(settled, {}, clock.now(), 'unacknowledged'));
      assert.equal(clock.size, 0, settled);
    }
    clock.advance(60 * MIN);
    assert.equal(later.length, 0);
    router.route(move('unacknowledged', {}, clock.now()));
    clock.advance(15 * MIN);
    assert.equal(later[0].msg.topic, '[EV Charge] ESCALATION critical: CP001 connector 1 fault GroundFailure');
  });

  it('escalates in English, warns when nobody is on call then, and stop() clears the timers', () => {
    const { clock, router, later, warnings } = rig([escalating], { onCall: [] });
    router.route(move('unacknowledged'));
    router.route(move('unacknowledged', { id: 'CP002/0/fault', stationId: 'CP002' }));
    clock.advance(15 * MIN);
    assert.deepEqual(later.map((m) => `${m.alarmId} ${m.channel}`), ['CP001/1/fault email', 'CP002/0/fault email']);
    assert.deepEqual(warnings, Array(2).fill('rule "critical": nobody is on call at 2026-01-05T21:45:00.000Z: sms not sent'));
    router.route(move('unacknowledged', { id: 'CP003/0/fault', stationId: 'CP003' }, clock.now()));
    assert.equal(clock.size, 1);
    router.stop();
    assert.equal(clock.size, 0);
    clock.advance(60 * MIN);
    assert.equal(later.length, 2);
  });

  it('schedules nothing for rules without escalation, or alarms the rule does not route', () => {
    const { clock, router } = rig([board, { ...escalating, hours: [{ from: '08:00', to: '18:00' }] }, { ...escalating, name: 'p1', maxPriority: 1 }]);
    router.route(move('unacknowledged', { priority: 2 }));
    assert.equal(clock.size, 0, 'not routed: night, and not critical');
    router.route(move('unacknowledged'));
    assert.equal(clock.size, 1, 'only p1');
  });
});
