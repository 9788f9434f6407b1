import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import { GROUPS_DN, READER_DN, READER_PASSWORD, PEOPLE_DN, requireSlapd, Slapd } from '../support/slapd';

const nodes = ['evc-csms', 'evc-database', 'evc-archive', 'evc-authorize', 'evc-charging-profile', 'evc-simulator'].map(nodeModule);
type Msg = Record<string, any>;
const ts = () => new Date().toISOString();

const TAGS = [
  { idTag: 'ANN-001', owner: 'Ann', userGroup: 'sales', email: 'ann@example.com' },
  { idTag: 'BOB-002', owner: 'Bob', blocked: true },
  { idTag: 'OLD-003', owner: 'Old', validUntil: '2020-01-01T00:00:00Z' },
];

describe('evc-authorize node', function () {
  this.timeout(30_000);
  const suite = nodeSuite();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-auth-'));

  const flow = (auth: Msg = {}, more: Msg[] = [], db = `auth-${suite.port}.db`) => [
    { id: 'f1', type: 'tab', label: 'auth' },
    suite.csmsNode(),
    { id: 'db', type: 'evc-database', backend: 'sqlite', file: path.join(dir, db), flushMs: 10 },
    {
      id: 'auth', z: 'f1', x: 100, y: 100, type: 'evc-authorize', csms: 'csms', database: 'db', unknownBadges: 'refuse', allowConcurrent: false,
      language: 'en', pricePerKwh: '0.2', wires: [['decisions'], ['answers'], ['mails']], ...auth,
    },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['auth', ...more.filter((n) => n.type === 'evc-simulator').map((n) => n.id)], wires: [['errors']] },
    ...['decisions', 'answers', 'mails', 'errors'].map((id) => ({ id, z: 'f1', x: 100, y: 100, type: 'helper' })),
    ...more,
  ];

  async function start(auth: Msg = {}, more: Msg[] = [], db?: string, credentials: Msg = {}) {
    await helper.load(nodes, flow(auth, more, db), credentials);
    const got: Record<string, Msg[]> = {};
    for (const id of ['decisions', 'answers', 'mails', 'errors']) {
      got[id] = [];
      helper.getNode(id).on('input', (m: Msg) => got[id].push(m));
    }
    /** The node's answer to a msg, or what its Catch got. */
    const ask = async (payload: unknown): Promise<Msg> => {
      const [answers, errors] = [got.answers.length, got.errors.length];
      helper.getNode('auth').receive({ payload });
      await waitFor(() => got.answers.length > answers || got.errors.length > errors, 5000, 'the answer');
      return got.errors.length > errors ? got.errors[errors] : got.answers[answers];
    };
    return { got, ask };
  }

  it('answers known, blocked, expired and unknown badges in both versions, with the spec\'s statuses', async () => {
    const { got, ask } = await start();
    assert.equal((await ask({ tags: TAGS })).payload.changed.length, 3);
    const cp = await suite.station('CP1', '1.6', { boot: true });
    const cs = await suite.station('CS1', '2.0.1', { boot: true });
    const on16 = async (idTag: string) => ((await cp.call('Authorize', { idTag })) as Msg).idTagInfo;
    const on201 = async (idToken: string) => ((await cs.call('Authorize', { idToken: { idToken, type: 'ISO14443' } })) as Msg).idTokenInfo;
    assert.deepEqual(await on16('ann-001'), { status: 'Accepted' });
    assert.deepEqual(await on16('BOB-002'), { status: 'Blocked' });
    assert.deepEqual(await on16('OLD-003'), { status: 'Expired' });
    assert.deepEqual(await on16('NOBODY'), { status: 'Invalid' });
    assert.deepEqual(await on201('ANN-001'), { status: 'Accepted' });
    assert.deepEqual(await on201('BOB-002'), { status: 'Blocked' });
    assert.deepEqual(await on201('NOBODY'), { status: 'Unknown' });
    // A transaction start answers too; the same badge at a second EVSE is ConcurrentTx.
    const start16 = (connectorId: number) => cp.call('StartTransaction', { connectorId, idTag: 'ANN-001', meterStart: 0, timestamp: ts() }) as Promise<Msg>;
    assert.equal((await start16(1)).idTagInfo.status, 'Accepted');
    assert.equal((await start16(2)).idTagInfo.status, 'ConcurrentTx');
    const started = await cs.call('TransactionEvent', {
      eventType: 'Started', timestamp: ts(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'T1' },
      idToken: { idToken: 'BOB-002', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 },
    }) as Msg;
    assert.deepEqual(started.idTokenInfo, { status: 'Blocked' });
    // The station stops a transaction whose badge is refused (StopTxOnInvalidId).
    await cs.call('TransactionEvent', {
      eventType: 'Ended', timestamp: ts(), triggerReason: 'Deauthorized', seqNo: 1, transactionInfo: { transactionId: 'T1', stoppedReason: 'DeAuthorized' },
    });
    await waitFor(() => got.decisions.length === 10, 5000, 'ten decisions');
    assert.deepEqual(got.decisions.slice(0, 4).map((m) => [m.topic, m.payload.stationId, m.payload.idTag]),
      [['authorize/Accepted', 'CP1', 'ann-001'], ['authorize/Blocked', 'CP1', 'BOB-002'], ['authorize/Expired', 'CP1', 'OLD-003'], ['authorize/Unknown', 'CP1', 'NOBODY']]);
    assert.match(got.decisions[2].payload.reason, /expired on 2020-01-01/);
    // Blocked by msg, unblocked, and asked why.
    await ask({ unblock: 'BOB-002' });
    assert.deepEqual(await on16('BOB-002'), { status: 'Accepted' });
    await ask({ block: ['bob-002'] });
    assert.deepEqual(await on16('BOB-002'), { status: 'Blocked' });
    const why = (await ask({ authorize: 'ANN-001' })).payload;
    assert.deepEqual([why.status, why.userGroup, why.source], ['ConcurrentTx', 'sales', 'tags']);
    const refused = await ask({ block: 'NOBODY' });
    assert.deepEqual([refused.error.code, refused.error.message.replace(/^\w*Error: /, '')], ['NotFound', 'no badge NOBODY']);
  });

  it('simulated stations (1.6 and 2.0.1): a known badge charges, a blocked one is refused with its status', async () => {
    const sim = [
      { id: 'sim', z: 'f1', x: 100, y: 100, type: 'evc-simulator', url: `ws://127.0.0.1:${suite.port}/ocpp`, count: 2, version: 'mixed', prefix: 'S', meterInterval: 60, autoStart: true, wires: [['simout']] },
      { id: 'simout', z: 'f1', x: 100, y: 100, type: 'helper' },
    ];
    const { got, ask } = await start({}, sim);
    await ask({ tags: [...TAGS, { idTag: 'CAT-004', owner: 'Cat' }] });
    const known: Record<string, string> = { S001: 'ANN-001', S002: 'CAT-004' };
    const out: Msg[] = [];
    const failed = got.errors;
    helper.getNode('simout').on('input', (m: Msg) => out.push(m));
    await waitFor(() => out.filter((m) => /\/booted$/.test(m.topic)).length === 2, 10_000, 'two stations booted');
    const charged = () => out.filter((m) => m.payload?.command === 'charge').length;
    for (const station of ['S001', 'S002']) {
      const [before, refused] = [charged(), failed.length];
      helper.getNode('sim').receive({ payload: { command: 'charge', stationId: station, connectorId: 1, idTag: known[station] } });
      await waitFor(() => charged() === before + 1, 10_000, `${known[station]} charging at ${station}`);
      helper.getNode('sim').receive({ payload: { command: 'charge', stationId: station, connectorId: 2, idTag: 'BOB-002' } });
      await waitFor(() => failed.length === refused + 1, 10_000, `BOB-002 refused at ${station}`);
      assert.match(failed.at(-1)!.error.message, /BOB-002 was not accepted: Blocked/);
    }
    const decided = got.decisions.map((m) => [m.payload.stationId, m.payload.action, m.payload.idTag, m.payload.status]);
    assert.ok(decided.some(([s, a, t, st]) => s === 'S001' && a === 'StartTransaction' && t === 'ANN-001' && st === 'Accepted'), JSON.stringify(decided));
    assert.ok(decided.some(([s, a, t, st]) => s === 'S002' && a === 'TransactionEvent' && t === 'CAT-004' && st === 'Accepted'), JSON.stringify(decided));
    assert.ok(decided.some(([s, , t, st]) => s === 'S002' && t === 'BOB-002' && st === 'Blocked'), JSON.stringify(decided));
  });

  it('keeps the local lists of a 1.6 and a 2.0.1 station in step: full after boot, differential after a change, caches cleared', async () => {
    const { got, ask } = await start({ localLists: true, listStations: '*' });
    await ask({ tags: TAGS });
    const lists: Record<string, Msg[]> = { CP2: [], CS2: [] };
    const cleared: string[] = [];
    const peers = [];
    for (const [id, version] of [['CP2', '1.6'], ['CS2', '2.0.1']] as const) {
      const peer = await suite.station(id, version);
      peer.handle('GetLocalListVersion', async () => (version === '1.6' ? { listVersion: 0 } : { versionNumber: 0 }));
      peer.handle('SendLocalList', async ({ params }: { params?: unknown }) => { lists[id].push(params as Msg); return { status: 'Accepted' }; });
      peer.handle('ClearCache', async () => { cleared.push(id); return { status: 'Accepted' }; });
      await peer.call('BootNotification', version === '1.6' ? { chargePointVendor: 'EVC', chargePointModel: 'T' } : { reason: 'PowerUp', chargingStation: { vendorName: 'EVC', model: 'T' } });
      peers.push(peer);
    }
    await waitFor(() => lists.CP2.length === 1 && lists.CS2.length === 1, 10_000, 'both full lists');
    assert.deepEqual([lists.CP2[0].updateType, lists.CP2[0].listVersion, lists.CP2[0].localAuthorizationList.map((e: Msg) => [e.idTag, e.idTagInfo.status])],
      ['Full', 1, [['ANN-001', 'Accepted'], ['BOB-002', 'Blocked'], ['OLD-003', 'Expired']]]);
    assert.deepEqual([lists.CS2[0].updateType, lists.CS2[0].versionNumber, lists.CS2[0].localAuthorizationList.length], ['Full', 1, 3]);
    await ask({ block: 'ANN-001' });
    await waitFor(() => lists.CP2.length === 2 && lists.CS2.length === 2 && cleared.length === 2, 5000, 'the differentials and the caches cleared');
    assert.deepEqual([lists.CS2[1].updateType, lists.CS2[1].versionNumber, lists.CS2[1].localAuthorizationList],
      ['Differential', 2, [{ idToken: { idToken: 'ANN-001', type: 'ISO14443' }, idTokenInfo: { status: 'Blocked' } }]]);
    assert.deepEqual(cleared.sort(), ['CP2', 'CS2']);
    assert.ok(got.answers.some((m) => m.topic === 'localList/synced' && m.payload.stationId === 'CP2' && m.payload.updateType === 'Differential'));
    assert.deepEqual((await ask({ sync: 'all' })).payload, { syncing: ['CP2', 'CS2'] });
    assert.equal((await ask({ sync: 'NOWHERE' })).error.code, 'NotConnected');
  });

  it('imports a French CSV, lists, keeps badges in the archive across a restart, and mails the monthly statements', async () => {
    const db = `auth-restart-${suite.port}.db`;
    const archive = { id: 'archive', z: 'f1', x: 100, y: 100, type: 'evc-archive', database: 'db', csms: 'csms', wires: [[]] };
    const { ask } = await start({}, [archive], db);
    const imported = (await ask({ import: '\ufeffNuméro de badge;Titulaire;Groupe;Courriel;Valable jusqu\'au\nCAR-9;Carla;direction;carla@example.com;31/12/2030\nBAD BADGE;X;;;\n' })).payload;
    assert.deepEqual([imported.imported, imported.changed, imported.problems.length], [1, 1, 1]);
    assert.match(imported.problems[0], /^row 3: /);
    await ask({ tags: TAGS });
    assert.deepEqual((await ask({ list: true, userGroup: 'DIRECTION' })).payload, [
      { idTag: 'CAR-9', owner: 'Carla', userGroup: 'direction', email: 'carla@example.com', validUntil: '2030-12-31T23:59:59.999Z' },
    ]);
    // Two charges this month for Carla's badge, through the archive.
    const cp = await suite.station('CP7', '1.6', { boot: true });
    for (const connectorId of [1, 2]) {
      const { transactionId } = await cp.call('StartTransaction', { connectorId, idTag: connectorId === 1 ? 'CAR-9' : 'ANN-001', meterStart: 0, timestamp: ts() }) as Msg;
      await cp.call('StopTransaction', { transactionId, meterStop: connectorId * 5000, timestamp: ts(), reason: 'Local' });
    }
    await helper.unload();
    const again = await start({}, [archive], db);
    await waitFor(async () => (await again.ask({ list: true })).payload.length === 4, 5000, 'the badges back from the archive');
    const month = ts().slice(0, 7);
    let statement: Msg = {};
    await waitFor(async () => (statement = (await again.ask({ statement: month })).payload).holders.length === 2, 5000, 'both holders');
    assert.deepEqual(statement.holders.map((h: Msg) => [h.holder, h.energyKwh, h.value, h.userGroup]), [['Ann', 10, 2, 'sales'], ['Carla', 5, 1, 'direction']]);
    assert.deepEqual(statement.groups.map((g: Msg) => [g.userGroup, g.energyKwh]), [['sales', 10], ['direction', 5]]);
    assert.deepEqual(again.got.mails.map((m) => m.to), ['ann@example.com', 'carla@example.com']);
    assert.match(again.got.mails[1].payload, /In \d{4}-\d\d, your badges \(CAR-9\) charged 5 kWh in 1 session\(s\)\.\nValue as a benefit in kind: 1\.00 EUR\./);
    const bad = await again.ask({ statement: 'last month' });
    assert.match(bad.error.message, /statement must be a month, YYYY-MM/);
  });

  it('a badge only in the company directory charges, with its group\'s charging profile', async function () {
    requireSlapd(this);
    const slapd = await Slapd.start();
    suite.cleanups.push(() => slapd.stop());
    await slapd.seed([{ uid: 'dana', name: 'Dana Diaz', badge: 'DIR-42', mail: 'dana@example.com' }], [{ cn: 'Management', members: ['dana'] }]);
    const categories = [{ name: 'executives', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 24 }] } }];
    const profile = {
      id: 'profile', z: 'f1', x: 100, y: 100, type: 'evc-charging-profile', csms: 'csms', purpose: 'StationMax', kind: 'Absolute', profileId: 1, stackLevel: 0,
      unit: 'W', periods: [{ startPeriod: 0, limit: 22000 }], startSchedule: '2026-01-01T00:00:00Z', duration: '', minChargingRate: '', validFrom: '', validTo: '',
      categories, badges: [], categoryFirstId: 9000, voltage: 230, phases: 3, wires: [['outcomes']],
    };
    const { got } = await start({
      directory: true, url: slapd.url, baseDn: PEOPLE_DN, bindDn: READER_DN, groupBaseDn: GROUPS_DN, groupMap: JSON.stringify({ Management: 'executives' }), timeoutS: 2,
    }, [profile, { id: 'outcomes', z: 'f1', x: 100, y: 100, type: 'helper' }], undefined, { auth: { bindPassword: READER_PASSWORD } });
    const cs = await suite.station('CS9', '2.0.1', { boot: true });
    const sets: Msg[] = [];
    cs.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => { sets.push(params as Msg); return { status: 'Accepted' }; });
    const answer = await cs.call('TransactionEvent', {
      eventType: 'Started', timestamp: ts(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'D1' },
      idToken: { idToken: 'DIR-42', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 },
    }) as Msg;
    assert.deepEqual(answer.idTokenInfo, { status: 'Accepted' });
    assert.match(got.decisions[0].payload.reason, /directory user Dana Diaz, group executives/);
    const outcomes: Msg[] = [];
    helper.getNode('outcomes').on('input', (m: Msg) => outcomes.push(m));
    await waitFor(() => sets.length === 1 && outcomes.length === 1, 5000, 'the category profile');
    assert.deepEqual([outcomes[0].payload.category, outcomes[0].payload.rule, outcomes[0].payload.applied], ['executives', 'user group executives', true]);
    assert.deepEqual([sets[0].chargingProfile.transactionId, sets[0].chargingProfile.chargingSchedule[0].chargingSchedulePeriod], ['D1', [{ startPeriod: 0, limit: 24 }]]);
    const stranger = await cs.call('Authorize', { idToken: { idToken: 'DIR-404', type: 'ISO14443' } }) as Msg;
    assert.deepEqual(stranger.idTokenInfo, { status: 'Unknown' });
  });

  it('refuses a configuration it cannot use, with a red status and the reason on every msg', async () => {
    const { got } = await start({ directory: true, url: 'http://nope', baseDn: 'dc=x' });
    helper.getNode('auth').receive({ payload: { list: true } });
    await waitFor(() => got.errors.length === 1, 5000, 'the refusal');
    assert.match(got.errors[0].error.message, /directory URL must start with ldap:\/\//);
    await helper.unload();
    const bad = await start({ unknownBadges: 'maybe' });
    helper.getNode('auth').receive({ payload: { list: true } });
    await waitFor(() => bad.got.errors.length === 1, 5000, 'the refusal');
    assert.match(bad.got.errors[0].error.message, /unknown badges must be refused or accepted/);
  });
});
