/**
 * The example flows shown under Import > Examples, one use case per file, each opening with a comment.
 * Generated here and checked in under examples/; a test keeps the two in step.
 */
import { stableId } from './ids';
import type { FlowNode } from './quickstart';
import { fn } from './integrations';

// Every example shares one CSMS config node (same id), so importing several does not open several servers.
const CSMS_ID = stableId('examples', 'csms');
const DATABASE_ID = stableId('examples', 'database');

function csms(extra: Record<string, unknown> = {}): FlowNode {
  return {
    id: CSMS_ID, type: 'evc-csms', name: 'Example CSMS', port: 9220, host: '0.0.0.0', path: '/ocpp', protocols: 'ocpp2.0.1,ocpp1.6',
    securityProfile: '0', registry: 'open', bootUnknown: 'Accepted', heartbeatInterval: 300, pingInterval: 30, callTimeout: 30,
    authorizeBy: 'driver', startTransactionBy: 'driver', stopTransactionBy: 'driver', transactionEventBy: 'driver', flowTimeout: 10,
    defaultIdTagStatus: 'Accepted', dataTransferStatus: 'UnknownVendorId', persist: true, maxPayload: 65536, certFile: '', keyFile: '', caFile: '',
    ...extra,
  };
}

function example(name: string, text: string, build: (id: (role: string) => string, tab: string) => FlowNode[]): [string, FlowNode[]] {
  const id = (role: string) => stableId('examples', name, role);
  const tab = id('tab');
  const comment: FlowNode = { id: id('comment'), type: 'comment', z: tab, name: text, info: '', x: 300, y: 40, wires: [] };
  return [name, [{ id: tab, type: 'tab', label: name.replace(/^\d+ - /, ''), disabled: false, info: text, env: [] }, comment, ...build(id, tab)]];
}

const debug = (id: string, tab: string, x: number, y: number, name: string, complete = 'true'): FlowNode => ({
  id, type: 'debug', z: tab, name, active: true, tosidebar: true, console: false, tostatus: false,
  complete, targetType: complete === 'true' ? 'full' : 'msg', x, y, wires: [],
});

/** An inject the user clicks to send a JSON payload to `to`. */
const button = (nodeId: string, z: string, name: string, payload: string, x: number, y: number, to: string): FlowNode => ({
  id: nodeId, type: 'inject', z, name, props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '',
  payload, payloadType: 'json', x, y, wires: [[to]],
});

/** Virtual stations of the example CSMS, driven by hand (no automatic charging), 22 kW on each of 2 connectors. */
const stations = (nodeId: string, z: string, name: string, o: { count: number; version: string; prefix: string; meterInterval: number }, x: number, y: number, wires: string[][]): FlowNode => ({
  id: nodeId, type: 'evc-simulator', z, name, url: 'ws://127.0.0.1:9220/ocpp', count: o.count, version: o.version, prefix: o.prefix, connectors: 2,
  maxPower: 22, meterInterval: o.meterInterval, autoStart: true, autoCharge: false, x, y, wires,
});

/** A Catch of what `scope` refuses, into the debug sidebar (the debug node sits 210 px to its right). */
const refused = (id: (role: string) => string, z: string, scope: string, x: number, y: number): FlowNode[] => [
  { id: id('catch'), type: 'catch', z, name: 'refused', scope: [scope], uncaught: false, x, y, wires: [[id('failure')]] },
  debug(id('failure'), z, x + 210, y, 'refused', 'error'),
];

export function exampleFlows(): Array<[string, FlowNode[]]> {
  return [
    example('01 - Station events', 'Every message from every station, as version-neutral events (msg.event). Connect a station to ws://<host>:9220/ocpp/<identity>.', (id, z) => [
      csms(),
      { id: id('in'), type: 'evc-ocpp-in', z, name: 'all events', csms: CSMS_ID, stationId: '', actions: '', events: '', onlyFlowAnswered: false, x: 140, y: 100, wires: [[id('debug')]] },
      debug(id('debug'), z, 380, 100, 'event', 'event'),
      { id: id('tx'), type: 'evc-ocpp-in', z, name: 'transactions ended', csms: CSMS_ID, stationId: '', actions: '', events: 'transaction.ended', onlyFlowAnswered: false, x: 160, y: 160, wires: [[id('energy')]] },
      { id: id('energy'), type: 'change', z, name: 'energy (Wh)', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'event.energyWh', tot: 'msg' }], x: 380, y: 160, wires: [[id('debug2')]] },
      debug(id('debug2'), z, 580, 160, 'energy', 'payload'),
    ]),
    example('02 - Authorize from the flow', 'The CSMS leaves Authorize to the flow: badges in the allow-list are accepted, others blocked. Without an answer within the flow timeout, the default answer goes out.', (id, z) => [
      csms({ authorizeBy: 'flow', defaultIdTagStatus: 'Invalid' }),
      { id: id('in'), type: 'evc-ocpp-in', z, name: 'Authorize', csms: CSMS_ID, stationId: '', actions: 'Authorize', events: '', onlyFlowAnswered: true, x: 130, y: 100, wires: [[id('decide')]] },
      {
        id: id('decide'), type: 'function', z, name: 'allow-list', outputs: 1, x: 330, y: 100, wires: [[id('res')]],
        func: "const allowed = ['BADGE-001', 'BADGE-002'];\nconst tag = msg.event.idTag;\nconst status = allowed.includes(tag) ? 'Accepted' : 'Blocked';\n// The answer in the station's own version.\nmsg.payload = msg.ocpp.version === '1.6' ? { idTagInfo: { status } } : { idTokenInfo: { status } };\nreturn msg;",
      },
      { id: id('res'), type: 'evc-ocpp-response', z, name: 'answer', csms: CSMS_ID, x: 530, y: 100, wires: [] },
    ]),
    example('03 - Send a command', 'Version-neutral commands: the same message resets a 1.6 or a 2.0.1 station. Set the station id in the inject nodes. Failures reach the Catch node with msg.error.code.', (id, z) => [
      csms(),
      { id: id('reset'), type: 'inject', z, name: 'soft reset CP001', props: [{ p: 'payload' }, { p: 'stationId', v: 'CP001', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"command":"reset","type":"Soft"}', payloadType: 'json', x: 150, y: 100, wires: [[id('cmd')]] },
      { id: id('start'), type: 'inject', z, name: 'remote start CP001', props: [{ p: 'payload' }, { p: 'stationId', v: 'CP001', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"command":"remoteStart","evseId":1,"idTag":"BADGE-001"}', payloadType: 'json', x: 160, y: 140, wires: [[id('cmd')]] },
      { id: id('raw'), type: 'inject', z, name: 'raw 1.6 GetConfiguration', props: [{ p: 'payload' }, { p: 'stationId', v: 'CP001', vt: 'str' }, { p: 'action', v: 'GetConfiguration', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{}', payloadType: 'json', x: 170, y: 180, wires: [[id('cmd')]] },
      { id: id('cmd'), type: 'evc-ocpp-command', z, name: 'command', csms: CSMS_ID, stationId: '', action: '', timeout: 30, x: 400, y: 140, wires: [[id('answer')]] },
      debug(id('answer'), z, 600, 140, 'answer', 'payload'),
      { id: id('catch'), type: 'catch', z, name: 'failed', scope: [id('cmd')], uncaught: false, x: 390, y: 220, wires: [[id('failure')]] },
      debug(id('failure'), z, 600, 220, 'failure', 'error'),
    ]),
    example('04 - Station state', 'The live state of every station (connection, boot data, connectors, open transactions, meter values), every 10 seconds.', (id, z) => [
      csms(),
      { id: id('tick'), type: 'inject', z, name: 'every 10 s', props: [], repeat: '10', crontab: '', once: true, onceDelay: 1, topic: '', x: 140, y: 100, wires: [[id('state')]] },
      { id: id('state'), type: 'evc-stations', z, name: 'all stations', csms: CSMS_ID, x: 330, y: 100, wires: [[id('summary')]] },
      {
        id: id('summary'), type: 'function', z, name: 'summary', outputs: 1, x: 510, y: 100, wires: [[id('debug')]],
        func: "msg.payload = msg.payload.map(s => ({ id: s.identity, connected: s.connected, connectors: s.connectors.map(c => c.status).join(','), charging: s.transactions.length }));\nreturn msg;",
      },
      debug(id('debug'), z, 690, 100, 'stations', 'payload'),
    ]),
    example('05 - Simulated park', 'Four virtual 1.6 stations connect to the example CSMS and charge at random: a live park without hardware. Send {"command":"stop"} to stop them.', (id, z) => [
      csms(),
      { id: id('sim'), type: 'evc-simulator', z, name: 'four stations', url: 'ws://127.0.0.1:9220/ocpp', count: 4, version: '1.6', prefix: 'DEMO', connectors: 2, maxPower: 22, meterInterval: 15, autoStart: true, autoCharge: true, x: 160, y: 100, wires: [[id('simlog')]] },
      debug(id('simlog'), z, 380, 100, 'simulator', 'payload'),
      { id: id('in'), type: 'evc-ocpp-in', z, name: 'transactions', csms: CSMS_ID, stationId: 'DEMO*', actions: '', events: 'transaction.started,transaction.ended', onlyFlowAnswered: false, x: 150, y: 160, wires: [[id('txlog')]] },
      debug(id('txlog'), z, 380, 160, 'transactions', 'event'),
    ]),
    example('07 - Transaction archive', 'Everything the CSMS sees goes to the embedded SQLite archive. GET /transactions?station=&tag=&from=&to=&format=csv|xlsx serves the history; the inject asks the energy per user group and month.', (id, z) => [
      csms(),
      { id: DATABASE_ID, type: 'evc-database', name: 'Example archive', backend: 'sqlite', file: '', poolSize: 4, batchSize: 2000, flushMs: 250 },
      { id: id('archive'), type: 'evc-archive', z, name: 'archive', database: DATABASE_ID, csms: CSMS_ID, messageLog: true, retentionDays: 30, reapply: true, x: 520, y: 100, wires: [[id('res')]] },
      { id: id('get'), type: 'http in', z, name: '', url: '/transactions', method: 'get', upload: false, swaggerDoc: '', x: 130, y: 100, wires: [[id('query')]] },
      { id: id('query'), type: 'change', z, name: 'query string → request', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'req.query', tot: 'msg' }], x: 320, y: 100, wires: [[id('archive')]] },
      { id: id('res'), type: 'http response', z, name: '', statusCode: '', headers: {}, x: 710, y: 100, wires: [] },
      { id: id('catch'), type: 'catch', z, name: 'bad query', scope: [id('archive')], uncaught: false, x: 320, y: 160, wires: [[id('error')]] },
      { id: id('error'), type: 'function', z, name: 'error → 400', outputs: 1, x: 520, y: 160, wires: [[id('res')]],
        func: "msg.statusCode = msg.error.code === 'BadRequest' ? 400 : 503;\nmsg.payload = { error: msg.error.message, code: msg.error.code };\nreturn msg;" },
      button(id('monthly'), z, 'energy per group', '{"query":"energy","by":"group"}', 140, 220, id('report')),
      // A second archive node without a CSMS only answers queries: the first one already archives the CSMS.
      { id: id('report'), type: 'evc-archive', z, name: 'queries', database: DATABASE_ID, csms: '', messageLog: true, retentionDays: 30, reapply: true, x: 330, y: 220, wires: [[id('energy')]] },
      debug(id('energy'), z, 520, 220, 'energy per group', 'payload'),
    ]),
    example('06 - Service continuity', 'Stalled sessions (no energy for 10 min with an EV plugged in) are restarted, at most 3 times per station per day; new sessions start in the 22:00-06:00 window, later as the park fills up. Stations in manual mode are left alone: the injects switch CP001 and ask for the supervised state.', (id, z) => [
      csms(),
      {
        id: id('continuity'), type: 'evc-continuity', z, name: 'continuity', csms: CSMS_ID, stations: '', stallTimeout: 10, powerThreshold: 50,
        recovery: 'restart', maxRecoveries: 3, suspendedEv: false, staggerEnabled: true, windows: '22:00-06:00', timeZone: 'Europe/Paris',
        baseDelay: 0, delayPerPercent: 0.5, maxDelay: 60, x: 380, y: 140, wires: [[id('actions')]],
      },
      debug(id('actions'), z, 590, 140, 'continuity actions', 'payload'),
      button(id('manual'), z, 'CP001 manual', '{"mode":"manual","stationId":"CP001"}', 150, 100, id('continuity')),
      button(id('auto'), z, 'CP001 auto', '{"mode":"auto","stationId":"CP001"}', 140, 140, id('continuity')),
      button(id('status'), z, 'status', '{"command":"status"}', 130, 180, id('continuity')),
      ...refused(id, z, id('continuity'), 380, 220),
    ]),
    example('08 - Power allocator', 'The 63 A of the site are shared among CP001 and CP002 (feeder of 32 A) and CP003 (1-phase on L2): minimums first, then a fair share, no phase of any group over its limit. The injects play a site meter: 40 A left, then no live limit.', (id, z) => [
      csms(),
      {
        id: id('allocator'), type: 'evc-power-allocator', z, name: 'site power', csms: CSMS_ID, interval: 10, thresholdA: 1, unit: 'A', stackLevel: 5,
        tree: JSON.stringify({ voltageV: 230, root: { id: 'site', limitA: 63, children: [
          { id: 'feeder-1', limitA: 32, children: [{ station: 'CP001', evse: 1 }, { station: 'CP002', evse: 1 }] },
          { station: 'CP003', evse: 1, phases: [2], maxA: 32 },
        ] } }, null, 2),
        x: 380, y: 140, wires: [[id('allocation')]],
      },
      debug(id('allocation'), z, 590, 140, 'allocation', 'payload'),
      button(id('meter'), z, 'site meter: 40 A left', '{"group":"site","limitA":40}', 160, 100, id('allocator')),
      button(id('lift'), z, 'no live limit', '{"group":"site"}', 140, 140, id('allocator')),
      button(id('now'), z, 'recompute', '{"recompute":true}', 130, 180, id('allocator')),
      ...refused(id, z, id('allocator'), 380, 220),
    ]),
    example('09 - Charging profiles', 'Two virtual stations (PROF001 on 1.6, PROF002 on 2.0.1) and a charging-profile node: the form holds a daily station maximum (22 kW, 11 kW from 18:00 to 22:00); the injects set, list, compare and clear profiles. Badges pick a user category: TECH-042 charging on PROF001 gets the technicians\' profile (32 A for an hour, then 16 A).', (id, z) => [
      csms(),
      stations(id('sim'), z, 'two stations', { count: 2, version: 'mixed', prefix: 'PROF', meterInterval: 15 }, 400, 320, [[id('simlog')]]),
      debug(id('simlog'), z, 610, 320, 'simulator', 'payload'),
      {
        id: id('profile'), type: 'evc-charging-profile', z, name: 'profiles', csms: CSMS_ID,
        purpose: 'StationMax', kind: 'Recurring', recurrency: 'Daily', profileId: 1, stackLevel: 0, unit: 'W',
        periods: [{ startPeriod: 0, limit: 22000 }, { startPeriod: 64800, limit: 11000 }, { startPeriod: 79200, limit: 22000 }],
        minChargingRate: '', duration: '', startSchedule: '2026-01-01T00:00:00Z', validFrom: '', validTo: '',
        categories: [
          { name: 'sales', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] } },
          { name: 'technicians', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16 }] } },
          { name: 'management', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 24 }] } },
          { name: 'office workers', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 10 }] } },
        ],
        badges: [
          { idTag: 'SALES-*', category: 'sales' }, { idTag: 'TECH-*', category: 'technicians' },
          { idTag: 'MGMT-*', category: 'management' }, { idTag: 'EMP-*', category: 'office workers' },
        ],
        categoryFirstId: 9000, voltage: 230, phases: 3, x: 420, y: 160, wires: [[id('result')]],
      },
      debug(id('result'), z, 620, 160, 'profiles', 'payload'),
      button(id('max'), z, 'station maximum on PROF001', '{"action":"set","station":"PROF001","evseId":0}', 170, 80, id('profile')),
      button(id('default'), z, '16 A default on PROF002', '{"action":"set","station":"PROF002","evseId":0,"profile":{"id":2,"stackLevel":0,"purpose":"TxDefault","kind":"Relative","unit":"A","periods":[{"startPeriod":0,"limit":16}]}}', 160, 120, id('profile')),
      button(id('list'), z, 'list PROF002', '{"action":"list","station":"PROF002"}', 130, 160, id('profile')),
      button(id('composite'), z, 'composite PROF001/1, 1 h', '{"action":"composite","station":"PROF001","evseId":1,"duration":3600,"unit":"W"}', 160, 200, id('profile')),
      button(id('clear'), z, 'clear profile 1 on PROF001', '{"action":"clear","station":"PROF001","id":1}', 160, 240, id('profile')),
      button(id('badge'), z, 'VAN-* are technicians', '{"action":"badge","idTag":"VAN-*","category":"technicians"}', 150, 280, id('profile')),
      button(id('tech'), z, 'TECH-042 charges on PROF001', '{"command":"charge","stationId":"PROF001","connectorId":1,"idTag":"TECH-042"}', 170, 340, id('sim')),
      button(id('sales'), z, 'SALES-7 charges on PROF002', '{"command":"charge","stationId":"PROF002","connectorId":1,"idTag":"SALES-7"}', 170, 380, id('sim')),
      ...refused(id, z, id('profile'), 420, 220),
    ]),
    example('10 - Fleet planner', 'A depot of three vans and two virtual chargers (DEPOT001 and DEPOT002, 22 kW shared by two connectors) on a 30 kW connection: the planner meets every departure at the lowest peak. The injects bring the vans in, move a departure, take a charger out of service and back, validate the plan, and plug VAN-1 in: it gets its plan as a TxProfile.', (id, z) => [
      csms(),
      stations(id('sim'), z, 'depot chargers', { count: 2, version: '1.6', prefix: 'DEPOT', meterInterval: 60 }, 420, 380, [[id('simlog')]]),
      debug(id('simlog'), z, 630, 380, 'simulator', 'payload'),
      {
        id: id('planner'), type: 'evc-planner', z, name: 'depot plan', csms: CSMS_ID, objective: 'peak', stepMin: 15, horizonH: 24, budgetS: 2,
        capacityKw: 30, demandChargePerKw: 0, stackLevel: 6, tariff: '[{"from":"06:00","pricePerKwh":0.2},{"from":"22:00","pricePerKwh":0.12}]',
        chargers: JSON.stringify([{ id: 'DEPOT001', maxKw: 22, connectors: 2 }, { id: 'DEPOT002', maxKw: 22, connectors: 2 }], null, 2),
        x: 440, y: 160, wires: [[id('plan')]],
      },
      debug(id('plan'), z, 640, 160, 'plan', 'payload'),
      fn(id('fleet'), z, 'the vans come back', [
        'const at = (hours) => new Date(Date.now() + hours * 3600000).toISOString();',
        'const van = (id, soc, arrival, departure, maxKw) => ({ id, idTag: id, batteryKwh: 75, socPercent: soc, targetSocPercent: 90, arrival: at(arrival), departure: at(departure), maxKw });',
        'msg.payload = { vehicles: [van("VAN-1", 20, 0, 9, 11), van("VAN-2", 35, 0.5, 10, 11), van("VAN-3", 15, 1, 8, 22)] };',
        'return msg;',
      ].join('\n'), 250, 80, [[id('planner')]]),
      fn(id('early'), z, 'VAN-2 leaves in 3 h', 'msg.payload = { vehicle: { id: "VAN-2", departure: new Date(Date.now() + 3 * 3600000).toISOString() } };\nreturn msg;',
        250, 120, [[id('planner')]]),
      button(id('in'), z, 'vans back', '{}', 90, 80, id('fleet')),
      button(id('move'), z, 'new departure', '{}', 90, 120, id('early')),
      button(id('out'), z, 'DEPOT002 out of service', '{"charger":"DEPOT002","available":false}', 170, 160, id('planner')),
      button(id('back'), z, 'DEPOT002 back', '{"charger":"DEPOT002","available":true}', 140, 200, id('planner')),
      button(id('validate'), z, 'validate the plan', '{"validate":true}', 140, 240, id('planner')),
      button(id('plug'), z, 'VAN-1 plugs in on DEPOT001', '{"command":"charge","stationId":"DEPOT001","connectorId":1,"idTag":"VAN-1"}', 170, 380, id('sim')),
      ...refused(id, z, id('planner'), 440, 280),
    ]),
    example('11 - Alarm router', 'Two virtual stations (ALARM001 in 1.6, ALARM002 in 2.0.1) and the alarm router: a connector fault is mailed to the maintenance team and shown on the dashboard; still unacknowledged after 15 min it goes by SMS to the person on call; a lost station is one communication alarm. The injects fault and recover a connector, drop a station, acknowledge, shelve, put a station in maintenance and list the alarms. The outputs go to debug nodes: wire node-red-node-email, an HTTP SMS gateway, ui_toast and MQTT nodes there.', (id, z) => [
      csms(),
      stations(id('sim'), z, 'stations', { count: 2, version: 'mixed', prefix: 'ALARM', meterInterval: 60 }, 420, 380, [[]]),
      {
        id: id('router'), type: 'evc-alarm-router', z, name: 'park alarms', csms: CSMS_ID, database: '', language: 'en', timeZone: 'Europe/Paris',
        deadBandS: 10, floodPerMinute: 10, recovery: false, softAfterMin: 5, hardAfterMin: 10, verifyMin: 10, maxResetsPerDay: 3,
        routes: JSON.stringify({
          rules: [
            {
              name: 'maintenance team', maxPriority: 2, to: [{ channel: 'email', to: 'maintenance@example.com' }, { channel: 'dashboard' }],
              escalateAfterMin: 15, escalateTo: [{ channel: 'sms', to: 'on-call' }],
            },
            { name: 'everything to MQTT', on: ['unacknowledged', 'acknowledged', 'returned', 'normal'], to: [{ channel: 'mqtt' }] },
          ],
          onCall: [{ name: 'Sam', from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z', email: 'sam@example.com', phone: '+33600000000' }],
        }, null, 2),
        x: 460, y: 200, wires: [[id('mail')], [id('sms')], [id('toast')], [id('mqtt')], [id('events')]],
      },
      debug(id('mail'), z, 700, 120, 'e-mail'),
      debug(id('sms'), z, 700, 160, 'SMS'),
      debug(id('toast'), z, 700, 200, 'dashboard'),
      debug(id('mqtt'), z, 700, 240, 'MQTT'),
      debug(id('events'), z, 700, 280, 'transitions and answers', 'payload'),
      button(id('fault'), z, 'ALARM001 connector 1 faults', '{"command":"fault","stationId":"ALARM001","connectorId":1}', 170, 340, id('sim')),
      button(id('recover'), z, 'ALARM001 connector 1 recovers', '{"command":"recover","stationId":"ALARM001","connectorId":1}', 180, 380, id('sim')),
      button(id('drop'), z, 'ALARM002 drops', '{"command":"disconnect","stationId":"ALARM002"}', 140, 420, id('sim')),
      button(id('ack'), z, 'acknowledge all', '{"ack":"all","by":"operator"}', 140, 120, id('router')),
      button(id('shelve'), z, 'shelve ALARM001 connector 1 for 30 min', '{"shelve":"ALARM001/1/fault","minutes":30}', 190, 160, id('router')),
      button(id('maintenance'), z, 'ALARM001 in maintenance', '{"suppress":"ALARM001","on":true}', 160, 200, id('router')),
      button(id('list'), z, 'list the alarms', '{"list":true}', 130, 240, id('router')),
      ...refused(id, z, id('router'), 460, 300),
    ]),
    example('12 - Badges and authorization', 'Two virtual stations (AUTH001 in 1.6, AUTH002 in 2.0.1) whose badges evc-authorize answers from the park\'s list: load the badges (or import them as CSV), then charge with a known badge, a blocked one and one nobody knows; block and unblock a badge, ask what a badge would get and why. The stations keep a local list in step. With an evc-database, {statement: "YYYY-MM"} mails each holder their month\'s energy; turn on the directory to look up unknown badges in LDAP or Active Directory.', (id, z) => [
      csms(),
      stations(id('sim'), z, 'stations', { count: 2, version: 'mixed', prefix: 'AUTH', meterInterval: 60 }, 420, 420, [[]]),
      {
        id: id('auth'), type: 'evc-authorize', z, name: 'badges', csms: CSMS_ID, database: '', unknownBadges: 'refuse', allowConcurrent: false,
        directory: false, url: '', baseDn: '', bindDn: '', badgeAttribute: 'employeeNumber', groupAttribute: 'memberOf', groupBaseDn: '', groupMap: '', timeoutS: 3,
        localLists: true, listStations: '*', language: 'en', pricePerKwh: '0.25', currency: 'EUR',
        x: 460, y: 200, wires: [[id('decisions')], [id('answers')], [id('mails')]],
      },
      debug(id('decisions'), z, 700, 160, 'decisions', 'payload'),
      debug(id('answers'), z, 700, 200, 'answers and local lists', 'payload'),
      debug(id('mails'), z, 700, 240, 'statements (wire node-red-node-email here)'),
      button(id('load'), z, 'load the badges', JSON.stringify({ tags: [
        { idTag: 'ANN-001', owner: 'Ann', userGroup: 'sales', email: 'ann@example.com' },
        { idTag: 'BOB-002', owner: 'Bob', userGroup: 'technicians', blocked: true },
        { idTag: 'FLEET', owner: 'Delivery vans' },
        { idTag: 'VAN-1', owner: 'Van 1', parentId: 'FLEET', validUntil: '2030-12-31T23:59:59Z' },
      ] }), 130, 80, id('auth')),
      fn(id('csv'), z, 'badges as CSV', [
        '// A French spreadsheet saved as CSV: ";" between columns, French headers.',
        'msg.payload = { import: "Badge;Titulaire;Groupe;Valable jusqu\'au\\nCAR-003;Carla;direction;31/12/2027\\n", format: "csv" };',
        'return msg;',
      ].join('\n'), 300, 120, [[id('auth')]]),
      button(id('import'), z, 'import a CSV', '{}', 120, 120, id('csv')),
      button(id('known'), z, 'ANN-001 charges on AUTH001', '{"command":"charge","stationId":"AUTH001","connectorId":1,"idTag":"ANN-001"}', 170, 300, id('sim')),
      button(id('blocked'), z, 'BOB-002 (blocked) on AUTH002', '{"command":"charge","stationId":"AUTH002","connectorId":1,"idTag":"BOB-002"}', 170, 340, id('sim')),
      button(id('stranger'), z, 'an unknown badge on AUTH002', '{"command":"charge","stationId":"AUTH002","connectorId":2,"idTag":"NOBODY"}', 170, 380, id('sim')),
      button(id('block'), z, 'block ANN-001', '{"block":"ANN-001"}', 120, 160, id('auth')),
      button(id('unblock'), z, 'unblock ANN-001', '{"unblock":"ANN-001"}', 130, 200, id('auth')),
      button(id('why'), z, 'what would VAN-1 get?', '{"authorize":"VAN-1"}', 140, 240, id('auth')),
      ...refused(id, z, id('auth'), 460, 300),
    ]),
    example('13 - Waiting queue and reservations', 'Two virtual stations (QUEUE001 in 1.6, QUEUE002 in 2.0.1) and the park\'s waiting queue: drivers join at the entrance and are told their estimated wait; each connector that comes free is reserved for the next driver (ReserveNow) and they are told so; a driver may let the next one go first, or leave; a driver who does not plug in within the hold loses the slot. Start charges to fill the park, join drivers, then stop a charge to free a connector. Reservations can also be made and cancelled by hand. The notifications go to a debug node: wire node-red-node-email, an SMS gateway or a push service there.', (id, z) => [
      csms(),
      stations(id('sim'), z, 'stations', { count: 2, version: 'mixed', prefix: 'QUEUE', meterInterval: 60 }, 420, 440, [[]]),
      {
        id: id('booking'), type: 'evc-reservation', z, name: 'queue', csms: CSMS_ID, database: '', stations: '*', holdMin: 15, noShow: 'requeue', typicalSessionMin: 60,
        timeZone: 'Europe/Paris', x: 460, y: 200, wires: [[id('notes')], [id('events')]],
      },
      debug(id('notes'), z, 700, 180, 'notifications to drivers'),
      debug(id('events'), z, 700, 220, 'answers, queue and reservations', 'payload'),
      button(id('fill'), z, 'QUEUE001 connector 1 charges', '{"command":"charge","stationId":"QUEUE001","connectorId":1,"idTag":"RESIDENT-1"}', 170, 320, id('sim')),
      button(id('free'), z, 'QUEUE001 connector 1 stops', '{"command":"stopCharge","stationId":"QUEUE001","connectorId":1}', 160, 360, id('sim')),
      button(id('unplug'), z, 'QUEUE001 connector 1 unplugged', '{"command":"unplug","stationId":"QUEUE001","connectorId":1}', 170, 400, id('sim')),
      button(id('ann'), z, 'Ann joins the queue', JSON.stringify({ join: { name: 'Ann', idTag: 'ANN-001', contact: { email: 'ann@example.com' } } }), 140, 80, id('booking')),
      button(id('bob'), z, 'Bob joins the queue', JSON.stringify({ join: { name: 'Bob', idTag: 'BOB-002', contact: { phone: '+33600000000' }, language: 'fr' } }), 140, 120, id('booking')),
      button(id('line'), z, 'the queue', '{"queue":true}', 110, 160, id('booking')),
      button(id('reserve'), z, 'reserve QUEUE002 connector 2 for 30 min', '{"reserve":{"stationId":"QUEUE002","evseId":2,"idTag":"VIP","minutes":30}}', 190, 200, id('booking')),
      button(id('held'), z, 'reservations held', '{"reservations":true,"held":true}', 140, 240, id('booking')),
      button(id('report'), z, 'energy per driver', '{"report":true}', 130, 280, id('booking')),
      ...refused(id, z, id('booking'), 460, 300),
    ]),
    example('14 - Advenir and QualiCharge reporting', 'Every charging session the archive holds goes to Advenir and QualiCharge exactly once, and every status change of a connector to QualiCharge. Fill in each programme\'s URL, user and password (the node stays red until then) and the AFIREV id of each charge point; a virtual station charges to give it something to report. The injects ask the journal\'s summary, export the sessions as CSV for a manual upload, and send again what failed.', (id, z) => [
      csms(),
      { id: DATABASE_ID, type: 'evc-database', name: 'Example archive', backend: 'sqlite', file: '', poolSize: 4, batchSize: 2000, flushMs: 250 },
      { id: id('archive'), type: 'evc-archive', z, name: 'archive', database: DATABASE_ID, csms: CSMS_ID, messageLog: false, retentionDays: 30, reapply: true, x: 420, y: 60, wires: [[]] },
      stations(id('sim'), z, 'station', { count: 1, version: '1.6', prefix: 'REPORT', meterInterval: 60 }, 420, 360, [[]]),
      {
        id: id('report'), type: 'evc-advenir', z, name: 'public reporting', database: DATABASE_ID, csms: CSMS_ID, advenir: true, advenirUrl: 'https://example.invalid/api/operation/put',
        advenirUser: '', advenirUserId: '', advenirSchedule: '02:00', qualicharge: true, qualichargeUrl: 'https://example.invalid/api/v1', qualichargeUser: '', qualichargeSchedule: 'immediate',
        points: JSON.stringify({ 'REPORT001/1': 'FRXYZE0001', 'REPORT001/2': 'FRXYZE0002' }), fallback: 'station-evse', catchUpMin: 5, x: 420, y: 180, wires: [[id('journal')]],
      },
      debug(id('journal'), z, 660, 180, 'journal and answers', 'payload'),
      button(id('summary'), z, 'summary', '{"summary":true}', 110, 140, id('report')),
      button(id('csv'), z, 'Advenir sessions as CSV', '{"export":"advenir","separator":";"}', 150, 180, id('report')),
      button(id('retry'), z, 'send what failed again', '{"retry":"failed"}', 150, 220, id('report')),
      button(id('charge'), z, 'REPORT001 charges', '{"command":"charge","stationId":"REPORT001","connectorId":1,"idTag":"DRIVER-1"}', 150, 300, id('sim')),
      button(id('stop'), z, 'REPORT001 stops', '{"command":"stopCharge","stationId":"REPORT001","connectorId":1}', 140, 340, id('sim')),
      ...refused(id, z, id('report'), 420, 260),
    ]),
    example('15 - OCPI roaming', 'The park as an OCPI 2.2.1 CPO at /ocpi/cpo on this Node-RED: eMSPs and hubs see its Location with live EVSE status, push their tokens (which then authorize their drivers at the stations), start and stop sessions, and receive the sessions and their CDRs priced by the tariff. Click "invite the eMSP" and give the token and versions URL it answers to the eMSP, which then registers; for a hub that gave you its token A, set the partner to outbound. Set the public URL to the address partners reach.', (id, z) => [
      csms(),
      stations(id('sim'), z, 'station', { count: 1, version: '1.6', prefix: 'ROAM', meterInterval: 60 }, 420, 400, [[]]),
      {
        id: id('partner'), type: 'evc-ocpi-partner', name: 'emsp', direction: 'inbound', versionsUrl: '', tokenEncoding: 'auto', push: 'patch', retryAttempts: 0, retryInterval: 300,
      },
      {
        id: id('ocpi'), type: 'evc-ocpi', z, name: 'roaming', csms: CSMS_ID, path: '/ocpi/cpo', publicUrl: '', countryCode: 'FR', partyId: 'EVC', businessName: 'Example park',
        website: '', partners: [id('partner')], commandTimeout: 30, sessionUpdate: 60, x: 420, y: 180, wires: [[id('events')]],
        site: JSON.stringify({
          location: {
            id: 'PARK1', name: 'Example park', address: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FRA', latitude: 48.8686, longitude: 2.3311,
            timeZone: 'Europe/Paris', parkingType: 'PARKING_LOT', publish: true,
          },
          terminals: [{
            id: 'ROAM001', tariffId: 'STD', evses: [1, 2].map((evseId) => ({
              evseId, emi3: `FR*EVC*E000${evseId}`, connector: { standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxVoltage: 230, maxAmperage: 32, maxPowerW: 22000 },
            })),
          }],
          tariffs: [{ id: 'STD', currency: 'EUR', energyPrice: 0.3, timePrice: 0, flatPrice: 0.5, vatPercent: 20 }],
        }),
      },
      debug(id('events'), z, 660, 180, 'partners, sessions, CDRs, answers', 'payload'),
      button(id('invite'), z, 'invite the eMSP', '{"action":"invite","partner":"emsp"}', 130, 100, id('ocpi')),
      button(id('partners'), z, 'partners', '{"action":"partners"}', 110, 140, id('ocpi')),
      button(id('location'), z, 'our Location', '{"action":"location"}', 120, 180, id('ocpi')),
      button(id('sessions'), z, 'sessions', '{"action":"sessions"}', 110, 220, id('ocpi')),
      button(id('cdrs'), z, 'CDRs', '{"action":"cdrs"}', 100, 260, id('ocpi')),
      button(id('push'), z, 'push the Location again', '{"action":"pushAll"}', 150, 300, id('ocpi')),
      ...refused(id, z, id('ocpi'), 420, 260),
    ]),
  ];
}
