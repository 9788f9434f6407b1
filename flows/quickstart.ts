/**
 * The quick-start project: an OCPP server open to any station, the REST API of DESIGN.md built from the
 * pack's nodes, and optional simulated stations. Ports and the number of simulated stations come from
 * environment variables, so one saved flow serves every `evcharge start` option.
 */
import { stableId } from './ids';

export type FlowNode = Record<string, unknown> & { id: string; type: string };

// Node-RED substitutes an environment variable only when it is a property's whole value.
export const QUICKSTART_ENV = { ocppPort: 'EVC_OCPP_PORT', ocppUrl: 'EVC_OCPP_URL', siteFile: 'EVC_SITE_FILE', simulate: 'EVC_SIMULATE', simVersion: 'EVC_SIM_VERSION', simCharge: 'EVC_SIM_CHARGE' } as const;

/**
 * An error a Catch node reports (msg.error.code, msg.ocppError: evc-ocpp-command, evc-archive, evc-planner), as the
 * REST API answers it: its status by code, and a JSON body with the reason.
 */
export const ERROR_TO_HTTP = `if (!(msg.req && msg.res)) return null;
const code = (msg.error && msg.error.code) || 'InternalError';
const status = { UnknownStation: 404, NotConnected: 404, NotFound: 404, ValidationFailed: 400, BadRequest: 400, Refused: 409, Timeout: 504, QueueFull: 503, NoCsms: 503, NoDatabase: 503, ArchiveUnavailable: 503, Closed: 502 }[code] || 502;
const body = { error: msg.ocppError ? msg.ocppError.message : String(msg.error && msg.error.message || 'Command failed').replace(/^\\w*Error: /, ''), code };
if (msg.ocppError && msg.ocppError.details !== undefined) body.details = msg.ocppError.details;
msg.statusCode = status;
msg.payload = body;
return msg;`;

const NOT_FOUND_BODY = `if (msg.statusCode === 404) msg.payload = { error: 'Unknown station ' + msg.stationId, code: 'UnknownStation' };
return msg;`;

const ALARMS_LIST = `msg.payload = Object.assign({}, msg.req.query, { list: true });
return msg;`;

/** POST /api/alarms/:id/:action, body {by, minutes}: the router's request, or 404 for an action it does not know. */
const ALARM_ACTION = `const action = msg.req.params.action;
const body = msg.payload && typeof msg.payload === 'object' ? msg.payload : {};
if (!['ack', 'shelve', 'unshelve'].includes(action)) {
  msg.statusCode = 404;
  msg.payload = { error: 'unknown alarm action ' + action + ': ack, shelve or unshelve', code: 'NotFound' };
  return [null, msg];
}
msg.payload = { [action]: msg.req.params.id, minutes: body.minutes, by: typeof body.by === 'string' ? body.by : 'REST API' };
return [msg, null];`;

/** The router's answers: to the HTTP request, or to the dashboard's link call that asked; transitions, to the dashboards. */
const ALARM_ANSWER = `if (msg.topic !== 'answer') return [null, null, msg.topic && msg.topic.startsWith('alarm/') ? msg : null];
if (msg.res) return [msg, null, null];
return [null, msg._linkSource ? msg : null, null];`;

/** GET /api/tags?userGroup=&blocked=: the badges. */
const TAGS_LIST = `msg.payload = Object.assign({}, msg.req.query, { list: true });
return msg;`;

/** POST /api/tags: a JSON list of badges, {tags: [...]}, or a CSV or Excel file as the body. */
const TAGS_REQUEST = `const body = msg.payload;
if (Array.isArray(body)) msg.payload = { tags: body };
else if (typeof body === 'string' || Buffer.isBuffer(body)) msg.payload = { import: body };
else if (!body || typeof body !== 'object' || !Array.isArray(body.tags)) {
  msg.statusCode = 400;
  msg.payload = { error: 'send a JSON list of badges, {tags: [...]}, or a CSV or Excel file', code: 'ValidationFailed' };
  return [null, msg];
}
return [msg, null];`;

/** POST /api/tags/:id/block and /unblock. */
const TAG_ACTION = `const action = msg.req.params.action;
if (action !== 'block' && action !== 'unblock') {
  msg.statusCode = 404;
  msg.payload = { error: 'unknown badge action ' + action + ': block or unblock', code: 'NotFound' };
  return [null, msg];
}
msg.payload = { [action]: msg.req.params.id };
return [msg, null];`;

/** The queue and reservation routes, as evc-reservation requests. */
const BOOKING_REQUEST = `const q = msg.req.query || {};
const p = msg.req.params || {};
const body = msg.payload && typeof msg.payload === 'object' ? msg.payload : {};
const route = msg.req.method + ' ' + msg.req.route.path;
switch (route) {
  case 'GET /api/queue': msg.payload = { queue: true }; break;
  case 'POST /api/queue': msg.payload = { join: body }; break;
  case 'POST /api/queue/:id/skip': msg.payload = { skip: p.id }; break;
  case 'DELETE /api/queue/:id': msg.payload = { leave: p.id }; break;
  case 'GET /api/reservations': msg.payload = Object.assign({ reservations: true }, q.station ? { stationId: q.station } : {}, q.held !== undefined ? { held: q.held } : {}); break;
  case 'POST /api/reservations': msg.payload = { reserve: body }; break;
  case 'DELETE /api/reservations/:id': msg.payload = { cancel: p.id }; break;
  default: return null;
}
return msg;`;

/** The reservation service's answers: to the HTTP request or the dashboard's link call that asked; its changes, to the dashboards. */
const BOOKING_ANSWER = `if (msg.topic !== 'answer') return [null, null, /^(queue|reservation)\\//.test(msg.topic || '') ? msg : null];
if (msg.res) return [msg, null, null];
return [null, msg._linkSource ? msg : null, null];`;

/** The links of the quick-start's reservation service: requests in (the booking and queue views' link calls), changes out. */
export function bookingLinks(key: string): { requests: string; changes: string } {
  return { requests: stableId(key, 'booking-requests'), changes: stableId(key, 'booking-changes') };
}

/** The links of the quick-start's alarm router: requests in (a dashboard's link calls), transitions and notifications out. */
export function alarmLinks(key: string): { requests: string; transitions: string; notifications: string } {
  return { requests: stableId(key, 'alarm-requests'), transitions: stableId(key, 'alarm-transitions'), notifications: stableId(key, 'alarm-notifications') };
}

/** Until the site says where alarms go: every new one as a dashboard notification. */
const QUICKSTART_ROUTES = { rules: [{ name: 'dashboard', to: [{ channel: 'dashboard' }] }], onCall: [] };

/** Fixed settings instead of the environment variables `evcharge start` sets: for a flow imported into any Node-RED. */
export interface QuickstartSettings {
  ocppPort: number;
  simulate: number;
  simulateVersion: '1.6' | '2.0.1' | 'mixed';
  simulateCharging: boolean;
}

export type CsmsProtocols = 'ocpp2.0.1,ocpp1.6' | 'ocpp1.6' | 'ocpp2.0.1';

export interface QuickstartOptions {
  /** Names of the simulated stations: SIM001... by default; a generated site's own terminal prefix makes them its terminals. */
  simulatorPrefix?: string;
  /** The OCPP versions the CSMS offers, in its order of preference: both by default. */
  protocols?: CsmsProtocols;
  fixed?: QuickstartSettings;
}

export function quickstartFlow(site = 'quickstart', options: QuickstartOptions = {}): FlowNode[] {
  const { fixed } = options;
  const env = (name: keyof typeof QUICKSTART_ENV) => `\${${QUICKSTART_ENV[name]}}`;
  const id = (role: string) => stableId(site, role);
  const tab = id('tab');
  const csms = id('csms');
  const at = (x: number, y: number) => ({ z: tab, x, y });
  const stationsAll = id('stations-all');
  const stationsOne = id('stations-one');
  const command = id('command');
  const database = id('database');
  const archive = id('archive');
  const alarms = id('alarms');
  const badges = id('badges');
  const booking = id('booking');
  const BOOKING_LINKS = bookingLinks(site);
  const ALARM_LINKS = alarmLinks(site);
  return [
    { id: tab, type: 'tab', label: 'EV Charge quick start', disabled: false, info: 'OCPP server, REST API and simulated stations. Regenerated only when missing.', env: [] },
    { id: id('comment'), type: 'comment', name: 'Open registry unless a site file lists the stations: any identity may connect (close it in the CSMS node)', info: '', ...at(230, 40), wires: [] },
    {
      id: csms, type: 'evc-csms', name: 'Quick-start CSMS', port: fixed ? fixed.ocppPort : env('ocppPort'), host: '0.0.0.0', path: '/ocpp',
      protocols: options.protocols ?? 'ocpp2.0.1,ocpp1.6', securityProfile: '0', registry: 'open', bootUnknown: 'Accepted', heartbeatInterval: 300,
      pingInterval: 30, callTimeout: 30, authorizeBy: 'driver', startTransactionBy: 'driver', stopTransactionBy: 'driver',
      transactionEventBy: 'driver', flowTimeout: 10, defaultIdTagStatus: 'Accepted', dataTransferStatus: 'UnknownVendorId',
      persist: true, maxPayload: 65536, certFile: '', keyFile: '', caFile: '', siteFile: fixed ? '' : env('siteFile'),
    },
    // Station events, for the debug sidebar.
    { id: id('in'), type: 'evc-ocpp-in', name: 'all station events', csms, stationId: '', actions: '', events: '', onlyFlowAnswered: false, ...at(140, 100), wires: [[id('debug')]] },
    { id: id('debug'), type: 'debug', name: 'events', active: false, tosidebar: true, console: false, tostatus: false, complete: 'event', targetType: 'msg', ...at(380, 100), wires: [] },
    // GET /api/stations
    { id: id('get-all'), type: 'http in', name: '', url: '/api/stations', method: 'get', upload: false, swaggerDoc: '', ...at(140, 180), wires: [[stationsAll]] },
    { id: stationsAll, type: 'evc-stations', name: 'all stations', csms, ...at(370, 180), wires: [[id('res')]] },
    // GET /api/stations/:id
    { id: id('get-one'), type: 'http in', name: '', url: '/api/stations/:id', method: 'get', upload: false, swaggerDoc: '', ...at(150, 240), wires: [[id('set-station')]] },
    {
      id: id('set-station'), type: 'change', name: 'station id', rules: [{ t: 'set', p: 'stationId', pt: 'msg', to: 'req.params.id', tot: 'msg' }],
      ...at(360, 240), wires: [[stationsOne]],
    },
    { id: stationsOne, type: 'evc-stations', name: 'one station', csms, ...at(540, 240), wires: [[id('not-found')]] },
    { id: id('not-found'), type: 'function', name: '404 body', func: NOT_FOUND_BODY, outputs: 1, ...at(720, 240), wires: [[id('res')]] },
    // POST /api/stations/:id/commands/:action
    { id: id('post-cmd'), type: 'http in', name: '', url: '/api/stations/:id/commands/:action', method: 'post', upload: false, swaggerDoc: '', ...at(200, 320), wires: [[id('set-cmd')]] },
    {
      id: id('set-cmd'), type: 'change', name: 'station, action',
      rules: [
        { t: 'set', p: 'stationId', pt: 'msg', to: 'req.params.id', tot: 'msg' },
        { t: 'set', p: 'action', pt: 'msg', to: 'req.params.action', tot: 'msg' },
        // ?timeout=<seconds> overrides the node's 30 s
        { t: 'set', p: 'timeout', pt: 'msg', to: 'req.query.timeout', tot: 'msg' },
      ],
      ...at(440, 320), wires: [[command]],
    },
    { id: command, type: 'evc-ocpp-command', name: 'command', csms, stationId: '', action: '', timeout: 30, ...at(620, 320), wires: [[id('res')]] },
    { id: id('catch'), type: 'catch', name: 'command or query failed', scope: [command, archive, alarms, badges, booking], uncaught: false, ...at(430, 380), wires: [[id('error-http'), id('alarm-refused')]] },
    { id: id('error-http'), type: 'function', name: 'error → HTTP status', func: ERROR_TO_HTTP, outputs: 1, ...at(640, 380), wires: [[id('res')]] },
    { id: id('res'), type: 'http response', name: '', statusCode: '', headers: { 'content-type': 'application/json' }, ...at(900, 280), wires: [] },
    // The archive: everything the CSMS sees, in <user dir>/evcharge/archive.db (SQLite).
    { id: database, type: 'evc-database', name: 'Quick-start archive', backend: 'sqlite', file: '', poolSize: 4, batchSize: 2000, flushMs: 250 },
    // GET /api/transactions?station=&tag=&from=&to=&format=json|csv|xlsx and GET /api/energy?by=tag|group&from=&to=&format=
    { id: id('get-tx'), type: 'http in', name: '', url: '/api/transactions', method: 'get', upload: false, swaggerDoc: '', ...at(150, 540), wires: [[id('tx-query')]] },
    {
      id: id('tx-query'), type: 'change', name: 'query string', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'req.query', tot: 'msg' }, { t: 'set', p: 'payload.query', pt: 'msg', to: 'transactions', tot: 'str' }],
      ...at(350, 540), wires: [[archive]],
    },
    { id: id('get-energy'), type: 'http in', name: '', url: '/api/energy', method: 'get', upload: false, swaggerDoc: '', ...at(140, 600), wires: [[id('energy-query')]] },
    {
      id: id('energy-query'), type: 'change', name: 'query string', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'req.query', tot: 'msg' }, { t: 'set', p: 'payload.query', pt: 'msg', to: 'energy', tot: 'str' }],
      ...at(350, 600), wires: [[archive]],
    },
    // GET /api/alarms/history?alarm=&station=&type=&from=&to=&limit=&offset=: the alarm journal, newest first.
    { id: id('get-alarm-history'), type: 'http in', name: '', url: '/api/alarms/history', method: 'get', upload: false, swaggerDoc: '', ...at(160, 640), wires: [[id('alarm-history-query')]] },
    {
      id: id('alarm-history-query'), type: 'change', name: 'query string', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'req.query', tot: 'msg' }, { t: 'set', p: 'payload.query', pt: 'msg', to: 'alarms', tot: 'str' }],
      ...at(370, 640), wires: [[archive]],
    },
    {
      id: archive, type: 'evc-archive', name: 'archive', database, csms, messageLog: true, retentionDays: 30, reapply: true,
      ...at(560, 570), wires: [[id('file-res')]],
    },
    // No fixed content type here: exports set their own (CSV, Excel), JSON answers get application/json.
    { id: id('file-res'), type: 'http response', name: '', statusCode: '', headers: {}, ...at(750, 570), wires: [] },
    // The park's alarms: GET /api/alarms?state=&station=, POST /api/alarms/:id/ack (shelve with {minutes}, unshelve).
    { id: id('get-alarms'), type: 'http in', name: '', url: '/api/alarms', method: 'get', upload: false, swaggerDoc: '', ...at(140, 680), wires: [[id('alarms-list')]] },
    { id: id('alarms-list'), type: 'function', name: 'list request', func: ALARMS_LIST, outputs: 1, ...at(340, 680), wires: [[alarms]] },
    { id: id('post-alarm'), type: 'http in', name: '', url: '/api/alarms/:id/:action', method: 'post', upload: false, swaggerDoc: '', ...at(170, 740), wires: [[id('alarm-action')]] },
    { id: id('alarm-action'), type: 'function', name: 'ack, shelve, unshelve', func: ALARM_ACTION, outputs: 2, ...at(380, 740), wires: [[alarms], [id('res')]] },
    {
      id: alarms, type: 'evc-alarm-router', name: 'park alarms', csms, database, routes: JSON.stringify(QUICKSTART_ROUTES), language: 'en', timeZone: '',
      deadBandS: 10, floodPerMinute: 10, recovery: false, softAfterMin: 5, hardAfterMin: 10, verifyMin: 10, maxResetsPerDay: 3,
      ...at(580, 710), wires: [[], [], [ALARM_LINKS.notifications], [], [id('alarm-answer')]],
    },
    // Answers go back to who asked: an HTTP request, or a dashboard's link call; transitions go to the dashboards.
    {
      id: id('alarm-answer'), type: 'function', name: 'answers and transitions', func: ALARM_ANSWER, outputs: 3, ...at(800, 710),
      wires: [[id('res')], [id('alarm-return')], [ALARM_LINKS.transitions]],
    },
    { id: id('alarm-refused'), type: 'function', name: 'refusals to link calls', func: 'return msg._linkSource ? msg : null;', outputs: 1, ...at(640, 420), wires: [[id('alarm-return')]] },
    { id: id('alarm-return'), type: 'link out', name: 'back to the caller', mode: 'return', links: [], ...at(1000, 740), wires: [] },
    { id: ALARM_LINKS.requests, type: 'link in', name: 'alarm requests', links: [], ...at(380, 800), wires: [[alarms]] },
    { id: ALARM_LINKS.transitions, type: 'link out', name: 'alarm transitions', mode: 'link', links: [], ...at(1000, 780), wires: [] },
    { id: ALARM_LINKS.notifications, type: 'link out', name: 'alarm notifications', mode: 'link', links: [], ...at(800, 660), wires: [] },
    // Badges: every badge a station presents is answered from this list (unknown ones accepted until the park says
    // otherwise in the node), with GET /api/tags, POST /api/tags (JSON, CSV or Excel), POST /api/tags/:id/block|unblock.
    { id: id('get-tags'), type: 'http in', name: '', url: '/api/tags', method: 'get', upload: false, swaggerDoc: '', ...at(140, 880), wires: [[id('tags-list')]] },
    { id: id('tags-list'), type: 'function', name: 'list request', func: TAGS_LIST, outputs: 1, ...at(330, 880), wires: [[badges]] },
    { id: id('post-tags'), type: 'http in', name: '', url: '/api/tags', method: 'post', upload: false, swaggerDoc: '', ...at(140, 920), wires: [[id('tags-request')]] },
    { id: id('tags-request'), type: 'function', name: 'badges or a file', func: TAGS_REQUEST, outputs: 2, ...at(340, 920), wires: [[badges], [id('res')]] },
    { id: id('post-tag'), type: 'http in', name: '', url: '/api/tags/:id/:action', method: 'post', upload: false, swaggerDoc: '', ...at(160, 960), wires: [[id('tag-action')]] },
    { id: id('tag-action'), type: 'function', name: 'block, unblock', func: TAG_ACTION, outputs: 2, ...at(350, 960), wires: [[badges], [id('res')]] },
    {
      id: badges, type: 'evc-authorize', name: 'badges', csms, database, unknownBadges: 'accept', allowConcurrent: true, directory: false, url: '', baseDn: '',
      bindDn: '', badgeAttribute: 'employeeNumber', groupAttribute: 'memberOf', groupBaseDn: '', groupMap: '', timeoutS: 3, localLists: false, listStations: '*',
      language: 'en', pricePerKwh: '', currency: 'EUR', ...at(560, 920), wires: [[], [id('tags-answer')], []],
    },
    { id: id('tags-answer'), type: 'function', name: 'answers to HTTP', func: 'return msg.res ? msg : null;', outputs: 1, ...at(760, 920), wires: [[id('res')]] },
    // The waiting queue and reservations: GET/POST /api/queue, POST /api/queue/:id/skip, DELETE /api/queue/:id,
    // GET/POST /api/reservations, DELETE /api/reservations/:id. Drivers' notifications leave on the node's first output.
    ...([
      ['get', '/api/queue', 1000], ['post', '/api/queue', 1040], ['post', '/api/queue/:id/skip', 1080], ['delete', '/api/queue/:id', 1120],
      ['get', '/api/reservations', 1160], ['post', '/api/reservations', 1200], ['delete', '/api/reservations/:id', 1240],
    ] as const).map(([method, url, y]) => ({
      id: id(`booking-${method}-${url}`), type: 'http in', name: '', url, method, upload: false, swaggerDoc: '', ...at(170, y), wires: [[id('booking-request')]],
    })),
    { id: id('booking-request'), type: 'function', name: 'queue and reservation requests', func: BOOKING_REQUEST, outputs: 1, ...at(420, 1120), wires: [[booking]] },
    {
      id: booking, type: 'evc-reservation', name: 'queue and reservations', csms, database, stations: '*', holdMin: 15, noShow: 'drop', typicalSessionMin: 120, timeZone: '',
      ...at(640, 1120), wires: [[], [id('booking-answer')]],
    },
    {
      id: id('booking-answer'), type: 'function', name: 'answers and changes', func: BOOKING_ANSWER, outputs: 3, ...at(850, 1120),
      wires: [[id('res')], [id('alarm-return')], [BOOKING_LINKS.changes]],
    },
    { id: BOOKING_LINKS.requests, type: 'link in', name: 'booking requests', links: [], ...at(420, 1180), wires: [[booking]] },
    { id: BOOKING_LINKS.changes, type: 'link out', name: 'booking changes', mode: 'link', links: [], ...at(1000, 1160), wires: [] },
    // Simulated stations (none unless `evcharge start --simulate N`).
    {
      id: id('sim'), type: 'evc-simulator', name: 'simulated stations', url: fixed ? `ws://127.0.0.1:${fixed.ocppPort}/ocpp` : env('ocppUrl'),
      count: fixed ? fixed.simulate : env('simulate'), version: fixed ? fixed.simulateVersion : env('simVersion'), prefix: options.simulatorPrefix ?? 'SIM', connectors: 2, maxPower: 22,
      meterInterval: 15, autoStart: true, autoCharge: fixed ? fixed.simulateCharging : env('simCharge'), ...at(150, 460), wires: [[]],
    },
  ];
}
