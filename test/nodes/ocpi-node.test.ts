/**
 * evc-ocpi and evc-ocpi-partner in a real Node-RED runtime: the test eMSP registers through an invitation, sees the
 * park's Location with live statuses, pushes a token that evc-authorize then accepts, starts a session on a strict
 * station with a command and gets the Session and the priced CDR; everything survives a restart. A hub we register
 * with at deploy, and a configuration that cannot work, complete the picture.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { CDR_SCHEMA, LOCATION_SCHEMA, problemsOf } from '../../lib/ocpi/objects/schemas';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import { TestEmsp } from '../support/ocpi-emsp';
import { EMSP_MODULES, SITE, token } from '../unit/ocpi-modules-park.test';
import { ScriptedStation } from '../unit/ocpi-modules-station.test';

/** The runtime's HTTP app for nodes (RED.httpNode): the test helper does not serve it, so this test does. */
let httpNode: http.RequestListener | undefined;
const ocpiModule = nodeModule('evc-ocpi') as (RED: { httpNode: http.RequestListener }) => void;
const nodes = [...['evc-csms', 'evc-authorize', 'evc-ocpi-partner', 'evc-simulator'].map(nodeModule), (RED: { httpNode: http.RequestListener }) => {
  httpNode = RED.httpNode;
  ocpiModule(RED);
}];
type Msg = Record<string, any>;
type Json = Record<string, unknown>;

describe('evc-ocpi node', function () {
  this.timeout(60_000);
  const suite = nodeSuite();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-ocpi-'));
  const server = http.createServer((req, res) => (httpNode ? httpNode(req, res) : res.writeHead(503).end()));
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => helper.settings({}));

  const { countryCode: _c, partyId: _p, ...park } = SITE;
  const flow = (partners: Msg[], extra: Msg = {}) => [
    { id: 'f1', type: 'tab', label: 'roaming' },
    suite.csmsNode(),
    // Unknown badges are refused: only the eMSP's tokens and remote starts can open a roaming session.
    { id: 'auth', z: 'f1', x: 100, y: 60, type: 'evc-authorize', csms: 'csms', unknownBadges: 'refuse', allowConcurrent: false, wires: [['decisions'], [], []] },
    ...partners,
    {
      id: 'ocpi', z: 'f1', x: 100, y: 100, type: 'evc-ocpi', csms: 'csms', path: '/ocpi/cpo', publicUrl: `${base}/ocpi/cpo`, countryCode: 'fr',
      partyId: 'EVC', businessName: 'EV Charge park', site: JSON.stringify(park), partners: partners.map((p) => p.id), commandTimeout: 30, sessionUpdate: 5,
      wires: [['out']], ...extra,
    },
    { id: 'catch', z: 'f1', x: 100, y: 140, type: 'catch', scope: ['ocpi'], wires: [['errors']] },
    { id: 'out', z: 'f1', x: 300, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 300, y: 140, type: 'helper' },
    { id: 'decisions', z: 'f1', x: 300, y: 60, type: 'helper' },
  ];
  const emspPartner = { id: 'p-emsp', type: 'evc-ocpi-partner', name: 'emsp', direction: 'inbound', tokenEncoding: 'auto', push: 'patch', retryAttempts: 0, retryInterval: 300 };

  async function start(flowNodes: Msg[], credentials: Msg = {}, userDir = fs.mkdtempSync(path.join(dir, 'user-'))) {
    helper.settings({ userDir });
    await helper.load(nodes, flowNodes, credentials);
    const got: Record<string, Msg[]> = { out: [], errors: [], decisions: [] };
    for (const id of Object.keys(got)) helper.getNode(id).on('input', (m: Msg) => got[id].push(m));
    const ask = async (payload: unknown): Promise<Msg> => {
      const answers = () => got.out.filter((m) => m.topic === 'answer');
      const [before, errors] = [answers().length, got.errors.length];
      helper.getNode('ocpi').receive({ payload });
      await waitFor(() => answers().length > before || got.errors.length > errors, 10_000, 'the answer');
      return got.errors.length > errors ? got.errors[errors] : answers()[before];
    };
    return { got, ask, userDir };
  }

  it('lets an eMSP register, roam with its tokens, start a session by command and get the session and its priced CDR, across a restart', async () => {
    const emsp = new TestEmsp({ modules: [...EMSP_MODULES], party: { country_code: 'NL', party_id: 'EMS' } });
    await emsp.start();
    suite.cleanups.push(() => emsp.stop());
    const { got, ask, userDir } = await start(flow([emspPartner]));

    // The handshake: an invitation by msg, handed to the eMSP, which registers; the whole Location follows.
    const invitation = (await ask({ action: 'invite', partner: 'emsp' })).payload as Msg;
    assert.deepEqual([invitation.partner, invitation.versionsUrl], ['emsp', `${base}/ocpi/cpo/versions`]);
    const registered = await emsp.registerWith(invitation.versionsUrl, invitation.token);
    assert.equal(registered.body?.status_code, 1000, registered.body?.status_message);
    await waitFor(() => got.out.some((m) => m.topic === 'partner' && m.payload.status === 'registered'), 5000, 'the partner event');
    const pushedLocation = await emsp.waitForPush((p) => p.path === '/locations/FR/EVC/PARK1' && p.method === 'PUT');
    assert.deepEqual(problemsOf(LOCATION_SCHEMA, pushedLocation.body), []);
    const partners = (await ask({ action: 'partners' })).payload as Msg[];
    assert.deepEqual(partners.map((p) => [p.name, p.status, p.direction, p.roles[0]]), [['emsp', 'registered', 'inbound', 'EMSP NL-EMS']]);
    assert.ok(!JSON.stringify(partners).includes(emsp.tokenForCpo!), 'no token leaves in a summary');

    // A station of the park: its EVSEs' live status in the Location the eMSP pulls.
    const cp = new ScriptedStation(`ws://127.0.0.1:${suite.port}/ocpp`, 'CP16', '1.6');
    suite.cleanups.push(() => cp.close());
    await waitFor(async () => cp.connect([1, 2]).then(() => true, () => false), 5000, 'the station connected');
    await cp.status(2, 'Faulted');
    const pulled = await emsp.pull(emsp.cpoUrl('locations'));
    const statuses = Object.fromEntries(((pulled.items[0].evses as Json[])).map((e) => [e.uid, e.status]));
    assert.deepEqual([statuses['CP16-1'], statuses['CP16-2'], statuses['CS201-1']], ['AVAILABLE', 'OUTOFORDER', 'UNKNOWN']);

    // Badges: unknown ones are refused by evc-authorize; the eMSP's token is accepted, then blocked when it says so.
    const authorize = async (idTag: string) => ((await cp.peer.call('Authorize', { idTag })) as { idTagInfo: { status: string } }).idTagInfo.status;
    assert.equal(await authorize('ANN-001'), 'Invalid');
    const tokenUrl = `${emsp.cpoUrl('tokens')}/NL/EMS/ANN-001`;
    assert.equal((await emsp.call('PUT', tokenUrl, emsp.tokenForCpo, token('ANN-001'))).status, 201);
    assert.equal(await authorize('ann-001'), 'Accepted');
    assert.ok(got.out.some((m) => m.topic === 'token' && m.payload.uid === 'ANN-001'));
    await emsp.call('PATCH', tokenUrl, emsp.tokenForCpo, { valid: false, last_updated: '2026-05-02T00:00:00Z' });
    assert.equal(await authorize('ANN-001'), 'Blocked');

    // START_SESSION with a token the park never saw: the station's StartTransaction is accepted on the eMSP's word.
    const startUrl = emsp.responseUrl('START_SESSION');
    const started = await emsp.call('POST', `${emsp.cpoUrl('commands')}/START_SESSION`, emsp.tokenForCpo, {
      response_url: startUrl, token: token('APP-42', { type: 'APP_USER' }), location_id: 'PARK1', evse_uid: 'CP16-1', connector_id: '1',
    });
    assert.equal((started.body?.data as Json).result, 'ACCEPTED');
    assert.deepEqual((await emsp.waitForPush((p) => startUrl.endsWith(p.path))).body, { result: 'ACCEPTED' });
    const put = await emsp.waitForPush((p) => p.path.startsWith('/sessions/') && p.method === 'PUT');
    assert.deepEqual([put.body.status, put.body.auth_method, put.body.evse_uid], ['ACTIVE', 'COMMAND', 'CP16-1']);
    assert.ok(cp.tx && !/^-/.test(cp.tx), 'the station got a transaction id');
    const startDecision = got.decisions.find((m) => m.payload.idTag === 'APP-42' && m.payload.action === 'StartTransaction');
    assert.deepEqual([startDecision?.payload.status, startDecision?.payload.source], ['Accepted', 'roaming'], 'the eMSP vouches for its remote start');
    assert.equal(await authorize('APP-42'), 'ConcurrentTx', 'and the badge is now charging');
    await waitFor(() => got.out.some((m) => m.topic === 'session' && m.payload.phase === 'started'), 5000, 'the session event');
    assert.ok(got.out.some((m) => m.topic === 'command' && m.payload.command === 'START_SESSION' && m.payload.outcome?.result === 'ACCEPTED'));
    const active = (await ask({ action: 'sessions' })).payload as Json[];
    assert.deepEqual(active.map((s) => [s.id, s.status]), [[put.body.id, 'ACTIVE']]);

    // STOP_SESSION: the session ends and the CDR comes with the station's energy and the tariff's price.
    const stopUrl = emsp.responseUrl('STOP_SESSION');
    await emsp.call('POST', `${emsp.cpoUrl('commands')}/STOP_SESSION`, emsp.tokenForCpo, { response_url: stopUrl, session_id: put.body.id });
    const cdr = (await emsp.waitForPush((p) => p.path === '/cdrs' && p.method === 'POST')).body;
    assert.deepEqual(problemsOf(CDR_SCHEMA, cdr), []);
    // 12.5 kWh over half an hour: 3.75 + 0.60 + 0.50 = 4.85 excl. VAT, 5.82 incl. 20 %.
    assert.deepEqual([cdr.total_energy, cdr.total_time, cdr.total_cost, cdr.session_id], [12.5, 0.5, { excl_vat: 4.85, incl_vat: 5.82 }, put.body.id]);
    await waitFor(() => got.out.some((m) => m.topic === 'cdr'), 5000, 'the CDR event');
    const ended = got.out.find((m) => m.topic === 'session' && m.payload.phase === 'ended')!;
    assert.equal(ended.payload.session.kwh, 12.5);

    // A restart: the partner is still registered with the same tokens, the token and the CDR are still known.
    await helper.unload();
    const again = await start(flow([emspPartner]), {}, userDir);
    const after = (await again.ask({ action: 'partners' })).payload as Msg[];
    assert.deepEqual(after.map((p) => [p.name, p.status]), [['emsp', 'registered']]);
    const cdrs = await emsp.pull(emsp.cpoUrl('cdrs'));
    assert.deepEqual(cdrs.items.map((c) => [c.id, c.total_energy]), [[cdr.id, 12.5]]);
    await waitFor(async () => cp.connect([1, 2]).then(() => true, () => false), 5000, 'the station back');
    assert.equal(await authorize('ANN-001'), 'Blocked', 'the eMSP\'s token was kept');

    // The eMSP leaves: its DELETE unregisters it, and the node says so.
    assert.equal((await emsp.unregister()).body?.status_code, 1000);
    await waitFor(() => again.got.out.some((m) => m.topic === 'partner' && m.payload.status === 'unregistered'), 5000, 'the partner leaving');
    assert.equal((await emsp.call('GET', emsp.cpoUrl('locations'), emsp.tokenForCpo)).status, 401);
  });

  it('charges a roaming driver by command on a station of the product\'s simulator, and prices the energy it reported', async () => {
    const emsp = new TestEmsp({ modules: [...EMSP_MODULES], party: { country_code: 'NL', party_id: 'EMS' } });
    await emsp.start();
    suite.cleanups.push(() => emsp.stop());
    const T2 = park.terminals[0].evses[0].connector;
    const simulated = { ...park, terminals: [{ id: 'SIM001', tariffId: 'STD', evses: [1, 2].map((evseId) => ({ evseId, connector: T2 })) }] };
    const sim = {
      id: 'sim', z: 'f1', x: 100, y: 180, type: 'evc-simulator', url: `ws://127.0.0.1:${suite.port}/ocpp`, count: 1, version: '2.0.1', prefix: 'SIM', connectors: 2,
      maxPower: 22, meterInterval: 0.5, autoStart: true, autoCharge: false, wires: [[]],
    };
    const { got, ask } = await start([...flow([emspPartner], { site: JSON.stringify(simulated) }), sim]);
    const invitation = (await ask({ action: 'invite', partner: 'emsp' })).payload as Msg;
    assert.equal((await emsp.registerWith(invitation.versionsUrl, invitation.token)).body?.status_code, 1000);
    await waitFor(async () => {
      const pulled = await emsp.pull(emsp.cpoUrl('locations'));
      return ((pulled.items[0]?.evses as Json[] | undefined) ?? []).every((e) => e.status === 'AVAILABLE');
    }, 10_000, 'the simulated station available');

    await emsp.call('POST', `${emsp.cpoUrl('commands')}/START_SESSION`, emsp.tokenForCpo, {
      response_url: emsp.responseUrl('START_SESSION'), token: token('APP-7', { type: 'APP_USER' }), location_id: 'PARK1', evse_uid: 'SIM001-2',
    });
    const put = await emsp.waitForPush((p) => p.path.startsWith('/sessions/') && p.method === 'PUT', 10_000);
    assert.deepEqual([put.body.evse_uid, put.body.auth_method, (put.body.cdr_token as Json).uid], ['SIM001-2', 'COMMAND', 'APP-7']);
    await emsp.waitForPush((p) => p.path === put.path && p.method === 'PATCH' && Number(p.body.kwh) > 0, 15_000);
    await emsp.call('POST', `${emsp.cpoUrl('commands')}/STOP_SESSION`, emsp.tokenForCpo, { response_url: emsp.responseUrl('STOP_SESSION'), session_id: put.body.id });
    const cdr = (await emsp.waitForPush((p) => p.path === '/cdrs', 10_000)).body;
    const ended = got.out.find((m) => m.topic === 'session' && m.payload.phase === 'ended')!.payload.session;
    const kwh = Number(cdr.total_energy);
    assert.ok(kwh > 0, 'the simulator charged');
    assert.equal(kwh, ended.kwh, 'the CDR has the energy the station reported');
    // The tariff: 0.30 per kWh, 1.20 per hour, 0.50 per session, 20 % VAT.
    const excl = Math.round((0.3 * kwh + 1.2 * Number(cdr.total_time) + 0.5) * 100) / 100;
    assert.ok(Math.abs((cdr.total_cost as { excl_vat: number }).excl_vat - excl) <= 0.01, `${JSON.stringify(cdr.total_cost)} against ${excl}`);
  });

  it('registers with a hub at deploy, unregisters by msg, and refuses what it cannot do with a reason', async () => {
    const hub = new TestEmsp({ role: 'HUB', party: { country_code: 'DE', party_id: 'HUB' }, modules: [...EMSP_MODULES] });
    await hub.start();
    suite.cleanups.push(() => hub.stop());
    const hubPartner = { id: 'p-hub', type: 'evc-ocpi-partner', name: 'hub', direction: 'outbound', versionsUrl: hub.versionsUrl, tokenEncoding: 'base64', push: 'put', retryAttempts: 2, retryInterval: 60 };
    const { got, ask } = await start(flow([hubPartner]), { 'p-hub': { tokenA: hub.issueTokenA() } });
    await waitFor(() => got.out.some((m) => m.topic === 'partner' && m.payload.status === 'registered'), 10_000, 'registered with the hub');
    const location = await hub.waitForPush((p) => p.path === '/locations/FR/EVC/PARK1');
    assert.equal(location.method, 'PUT');

    const refused = await ask({ action: 'invite', partner: 'hub' });
    assert.match(refused.error.message, /we register with/);
    assert.equal((await ask({ action: 'invite', partner: 'nobody' })).error.code, 'NotFound');
    assert.equal((await ask({ action: 'launch' })).error.code, 'ValidationFailed');
    assert.equal((await ask('invite')).error.code, 'ValidationFailed');

    const left = (await ask({ action: 'unregister', partner: 'hub' })).payload as Msg;
    assert.equal(left.status, 'unregistered');
    assert.ok(hub.seen.some((s) => s.method === 'DELETE'), 'the hub heard the DELETE');
  });

  it('shows a red status with the reason for a configuration it cannot use, and refuses msgs', async () => {
    const { got } = await start(flow([emspPartner], { partyId: 'TOO-LONG' }));
    helper.getNode('ocpi').receive({ payload: { action: 'partners' } });
    await waitFor(() => got.errors.length === 1, 5000, 'the refusal');
    assert.equal(got.errors[0].error.code, 'InvalidConfig');
    assert.match(got.errors[0].error.message, /party id/);
    await helper.unload();
    const bad = await start(flow([emspPartner], { site: JSON.stringify({ ...park, location: { ...park.location, country: 'FR' } }) }));
    bad.got.errors.length = 0;
    helper.getNode('ocpi').receive({ payload: { action: 'partners' } });
    await waitFor(() => bad.got.errors.length === 1, 5000, 'the refusal');
    assert.match(bad.got.errors[0].error.message, /country/);
  });
});
