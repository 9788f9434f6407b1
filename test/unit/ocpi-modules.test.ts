import assert from 'node:assert/strict';
import { CDR_SCHEMA, LOCATION_SCHEMA, problemsOf, SESSION_SCHEMA } from '../../lib/ocpi/objects/schemas';
import { waitFor } from '../support/net';
import type { Pushed } from '../support/ocpi-emsp';
import { Park, startPark, token } from './ocpi-modules-park.test';

type Json = Record<string, unknown>;

describe('OCPI CPO modules: an eMSP roams on the park', () => {
  let park: Park;
  afterEach(async () => park?.stop());

  const get = (path: string) => park.emsp.call('GET', `${park.url}/2.2.1/${path}`, park.emsp.tokenForCpo);
  const post = (command: string, body: Json) => park.emsp.call('POST', `${park.emsp.cpoUrl('commands')}/${command}`, park.emsp.tokenForCpo, body);
  const result = (url: string) => park.emsp.waitForPush((p) => url.endsWith(p.path));
  const evse = (location: Json, uid: string) => (location.evses as Json[]).find((e) => e.uid === uid)!;

  it('pulls the Location with live statuses, pushes a token, starts a session, follows it, stops it and gets the CDR', async () => {
    park = await startPark({ sessionUpdateMs: 1500 });
    const { emsp } = park;
    const cp = await park.station('CP16', '1.6', [1, 2]);
    await park.station('CS201', '2.0.1');

    const pulled = await emsp.pull(`${emsp.cpoUrl('locations')}?limit=1`);
    assert.equal(pulled.items.length, 1);
    assert.deepEqual([pulled.pages[0].headers.get('x-total-count'), pulled.pages[0].headers.get('link')], ['1', null]);
    const location = pulled.items[0];
    assert.deepEqual(problemsOf(LOCATION_SCHEMA, location), []);
    assert.deepEqual((location.evses as Json[]).map((e) => `${String(e.uid)} ${String(e.status)}`), [
      'CP16-1 AVAILABLE', 'CP16-2 AVAILABLE', 'CS201-1 AVAILABLE', 'SLOW-1 UNKNOWN', 'CPOFF-1 UNKNOWN',
    ]);
    const connector = (await get('locations/park1/cp16-1/1')).body?.data as Json;
    assert.deepEqual([connector.id, connector.standard], ['1', 'IEC_62196_T2'], 'ids are CiStrings');
    const unknown = await get('locations/NOWHERE');
    assert.deepEqual([unknown.status, unknown.body?.status_code], [404, 2003]);

    // A car plugged in elsewhere: the EVSE is CHARGING, pushed as a PATCH and seen by GET.
    await cp.status(2, 'Charging');
    const patch = await emsp.waitForPush((p) => p.path === '/locations/FR/EVC/PARK1/CP16-2' && p.body.status === 'CHARGING');
    assert.ok(emsp.pushed('/locations/FR/EVC/PARK1/CP16-2').some((p) => p.body.status === 'AVAILABLE'), 'the station coming online was news too');
    assert.deepEqual([patch.method, patch.body.status, typeof patch.body.last_updated], ['PATCH', 'CHARGING', 'string']);
    assert.deepEqual([patch.headers['ocpi-to-party-id'], patch.headers['ocpi-from-party-id']], ['EMS', 'EVC']);
    assert.equal(evse((await get('locations/PARK1')).body?.data as Json, 'CP16-2').status, 'CHARGING');

    // The eMSP's token: PUT, PATCH (blocked, then allowed again), read back; what the authorization service would hear.
    const tokenUrl = `${emsp.cpoUrl('tokens')}/NL/EMS/ANN-001`;
    assert.equal((await emsp.call('PUT', tokenUrl, emsp.tokenForCpo, token('ANN-001'))).status, 201);
    assert.equal((await emsp.call('PATCH', tokenUrl, emsp.tokenForCpo, { valid: false, last_updated: '2026-05-02T00:00:00Z' })).body?.status_code, 1000);
    assert.equal(park.service.authorizeToken('ann-001').status, 'Blocked');
    const noDate = await emsp.call('PATCH', tokenUrl, emsp.tokenForCpo, { valid: true });
    assert.equal(noDate.body?.status_code, 2001);
    await emsp.call('PATCH', tokenUrl, emsp.tokenForCpo, { valid: true, last_updated: '2026-05-03T00:00:00Z' });
    const stored = (await emsp.call('GET', `${tokenUrl}?type=RFID`, emsp.tokenForCpo)).body?.data as Json;
    assert.deepEqual([stored.valid, stored.last_updated, park.service.authorizeToken('ANN-001').status], [true, '2026-05-03T00:00:00Z', 'Accepted']);

    // START_SESSION: accepted at once, the result follows, then the Session.
    const startUrl = emsp.responseUrl('START_SESSION');
    const started = await post('START_SESSION', {
      response_url: startUrl, token: token('APP-42', { type: 'APP_USER' }), location_id: 'PARK1', evse_uid: 'CP16-1', connector_id: '1', authorization_reference: 'AUTH-1',
    });
    assert.deepEqual(started.body?.data, { result: 'ACCEPTED', timeout: 40 });
    assert.deepEqual((await result(startUrl)).body, { result: 'ACCEPTED' });
    assert.equal(cp.asked[0].action, 'RemoteStartTransaction');
    assert.equal(park.service.authorizeToken('APP-42', 'CP16').source, 'command', 'the eMSP vouched for it: no real-time authorization');
    const put = await emsp.waitForPush((p) => p.path.startsWith('/sessions/') && p.method === 'PUT');
    const session = put.body;
    assert.deepEqual(problemsOf(SESSION_SCHEMA, session), []);
    assert.deepEqual([session.status, session.auth_method, session.authorization_reference, session.evse_uid, session.kwh], ['ACTIVE', 'COMMAND', 'AUTH-1', 'CP16-1', 0]);
    assert.deepEqual(session.cdr_token, { country_code: 'NL', party_id: 'EMS', uid: 'APP-42', type: 'APP_USER', contract_id: 'NL-EMS-CAPP-42' });
    assert.equal(put.path, `/sessions/FR/EVC/${String(session.id)}`);

    // Meter values in a burst: one PATCH, held back by the throttle, with the latest reading.
    await cp.meter(5000, 10);
    await cp.meter(9000, 20);
    const update = await emsp.waitForPush((p) => p.path === put.path && p.method === 'PATCH');
    assert.deepEqual([update.body.kwh, update.body.status, 'cdr_token' in update.body], [8, 'ACTIVE', false]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(emsp.pushes.filter((p) => p.path === put.path && p.method === 'PATCH').length, 1);

    // STOP_SESSION: the session ends, then its CDR comes by POST with the station's energy and the tariff's price.
    const stopUrl = emsp.responseUrl('STOP_SESSION');
    assert.equal(((await post('STOP_SESSION', { response_url: stopUrl, session_id: session.id })).body?.data as Json).result, 'ACCEPTED');
    assert.deepEqual((await result(stopUrl)).body, { result: 'ACCEPTED' });
    const cdrPush = await emsp.waitForPush((p) => p.path === '/cdrs' && p.method === 'POST');
    const ended = emsp.pushes.filter((p) => p.path === put.path).at(-1)!;
    assert.deepEqual([ended.body.status, ended.body.kwh, ended.body.end_date_time], ['COMPLETED', 12.5, '2026-06-01T08:30:00Z']);
    assert.ok(emsp.pushes.indexOf(ended) < emsp.pushes.indexOf(cdrPush), 'the session ends before its CDR comes');
    const cdr = cdrPush.body;
    assert.deepEqual(problemsOf(CDR_SCHEMA, cdr), []);
    // 12.5 kWh over half an hour: 3.75 + 0.60 + 0.50 = 4.85 excl. VAT, 5.82 incl. 20 %.
    assert.deepEqual([cdr.total_energy, cdr.total_time, cdr.total_cost, cdr.session_id, cdr.auth_method], [12.5, 0.5, { excl_vat: 4.85, incl_vat: 5.82 }, session.id, 'COMMAND']);
    const kept = await waitFor(() => park.service.cdr(String(cdr.id))?.locations.emsp, 2000, 'the Location header kept');
    assert.equal(kept, `${emsp.versionsUrl.replace('/versions', '')}/2.2.1/cdrs/${String(cdr.id)}`);
    const listed = await emsp.pull(emsp.cpoUrl('cdrs'));
    assert.deepEqual(listed.items, [cdr]);
    const sessions = await emsp.pull(`${emsp.cpoUrl('sessions')}?date_from=2026-01-01T00:00:00Z`);
    assert.deepEqual(sessions.items.map((s) => [s.id, s.status, s.kwh]), [[session.id, 'COMPLETED', 12.5]]);
  });

  it('matches a 2.0.1 transaction to its START_SESSION by the remote start id, and shows an offline station as UNKNOWN', async () => {
    park = await startPark();
    const { emsp } = park;
    const cs = await park.station('CS201', '2.0.1');
    const startUrl = emsp.responseUrl('START_SESSION');
    await post('START_SESSION', { response_url: startUrl, token: token('BOB-7'), location_id: 'PARK1', evse_uid: 'CS201-1' });
    assert.equal(((await result(startUrl)).body as Json).result, 'ACCEPTED');
    const remoteStartId = (cs.asked[0].params as { remoteStartId: number }).remoteStartId;
    assert.ok(remoteStartId >= 1_500_000_000, 'our own id range, away from the CSMS\'s and lib/reservations\'');
    const put = await emsp.waitForPush((p: Pushed) => p.path.startsWith('/sessions/'));
    assert.deepEqual([put.body.auth_method, (put.body.cdr_token as Json).uid, put.body.id], ['COMMAND', 'BOB-7', `CS201-${cs.tx!}`]);
    await cs.close();
    const offline = await emsp.waitForPush((p) => p.path === '/locations/FR/EVC/PARK1/CS201-1' && p.body.status === 'UNKNOWN');
    assert.equal(offline.method, 'PATCH');
    assert.equal(evse((await get('locations/PARK1')).body?.data as Json, 'CS201-1').status, 'UNKNOWN');
  });
});
