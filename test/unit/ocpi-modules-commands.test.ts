import assert from 'node:assert/strict';
import { Park, startPark, token } from './ocpi-modules-park.test';

type Json = Record<string, unknown>;

describe('OCPI CPO modules: commands', () => {
  let park: Park;
  before(async () => {
    park = await startPark({ commandTimeoutMs: 400 });
  });
  after(async () => park?.stop());

  const post = (command: string, body: Json, emsp = park.emsp) => emsp.call('POST', `${emsp.cpoUrl('commands')}/${command}`, emsp.tokenForCpo, body);
  const result = async (url: string, emsp = park.emsp) => (await emsp.waitForPush((p) => url.endsWith(p.path))).body;
  const start = (evse: string, url: string) => post('START_SESSION', { response_url: url, token: token('ANN-001'), location_id: 'PARK1', evse_uid: evse });

  it('answers TIMEOUT when the station never answers, after telling the eMSP how long to wait', async () => {
    const slow = await park.station('SLOW', '1.6');
    slow.behaviour = 'never';
    const url = park.emsp.responseUrl('START_SESSION');
    const answer = await start('SLOW-1', url);
    assert.deepEqual(answer.body?.data, { result: 'ACCEPTED', timeout: 11 });
    assert.equal((await result(url)).result, 'TIMEOUT');
    assert.equal(slow.asked[0].action, 'RemoteStartTransaction');
  });

  it('rejects at once what names nothing of ours, with the reason; an unknown command is NOT_SUPPORTED', async () => {
    const unknownEvse = await start('CP99-1', park.emsp.responseUrl('START_SESSION'));
    assert.equal(unknownEvse.body?.status_code, 1000);
    assert.deepEqual(unknownEvse.body?.data, { result: 'REJECTED', timeout: 0, message: [{ language: 'en', text: 'unknown EVSE CP99-1 at location PARK1' }] });
    const unknownLocation = await post('START_SESSION', { response_url: park.emsp.responseUrl('x'), token: token('A'), location_id: 'ELSEWHERE' });
    assert.equal((unknownLocation.body?.data as Json).result, 'REJECTED');
    const several = await post('START_SESSION', { response_url: park.emsp.responseUrl('x'), token: token('A'), location_id: 'PARK1' });
    assert.match(JSON.stringify(several.body?.data), /evse_uid is needed/);
    const stop = await post('STOP_SESSION', { response_url: park.emsp.responseUrl('x'), session_id: 'NO-SUCH' });
    assert.equal((stop.body?.data as Json).result, 'UNKNOWN_SESSION');
    const unsupported = await post('SET_PRICE', { response_url: park.emsp.responseUrl('x') });
    assert.equal((unsupported.body?.data as Json).result, 'NOT_SUPPORTED');
    const noToken = await post('START_SESSION', { response_url: park.emsp.responseUrl('x'), location_id: 'PARK1', evse_uid: 'CP16-1' });
    assert.deepEqual([noToken.status, noToken.body?.status_code], [200, 2001]);
    const get = await park.emsp.call('GET', `${park.emsp.cpoUrl('commands')}/START_SESSION`, park.emsp.tokenForCpo);
    assert.equal(get.status, 405);
  });

  it('passes the station\'s refusal on as REJECTED, and a busy EVSE as EVSE_OCCUPIED without asking it', async () => {
    const cs = await park.station('CS201', '2.0.1');
    cs.behaviour = 'reject';
    const refused = park.emsp.responseUrl('START_SESSION');
    await start('CS201-1', refused);
    assert.equal((await result(refused)).result, 'REJECTED');
    cs.behaviour = 'accept';
    await cs.begin(1, 'LOCAL-BADGE');
    const asked = cs.asked.length;
    const busy = park.emsp.responseUrl('START_SESSION');
    await start('CS201-1', busy);
    assert.equal((await result(busy)).result, 'EVSE_OCCUPIED');
    assert.equal(cs.asked.length, asked);
    await cs.end();
  });

  it('reserves, cancels and unlocks; reservation ids stay unique across eMSPs using the same id', async () => {
    const cp = await park.station('CP16', '1.6', [1, 2]);
    const other = await park.addEmsp('other', { country_code: 'DE', party_id: 'OTH' });
    const reserve = (emsp = park.emsp, evse = 'CP16-1') => {
      const url = emsp.responseUrl('RESERVE_NOW');
      const expiry = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      // A token of a party the eMSP does not own: the spec says not to check it.
      const body = { response_url: url, token: token('R1', { country_code: 'XX' }), expiry_date: expiry, reservation_id: 'RES-1', location_id: 'PARK1', evse_uid: evse };
      return post('RESERVE_NOW', body, emsp).then(() => result(url, emsp));
    };
    assert.equal((await reserve()).result, 'ACCEPTED');
    assert.equal((await reserve(other, 'CP16-2')).result, 'ACCEPTED');
    assert.equal((await reserve()).result, 'ACCEPTED', 'the same eMSP reusing its id updates its reservation');
    const ids = cp.asked.filter((a) => a.action === 'ReserveNow').map((a) => a.params.reservationId as number);
    assert.equal(ids.length, 3);
    assert.deepEqual([ids[0] === ids[2], ids[0] !== ids[1]], [true, true]);
    assert.equal(park.service.authorizeToken('R1', 'CP16').source, 'command');

    const cancelled = park.emsp.responseUrl('CANCEL_RESERVATION');
    await post('CANCEL_RESERVATION', { response_url: cancelled, reservation_id: 'RES-1' });
    assert.equal((await result(cancelled)).result, 'ACCEPTED');
    assert.deepEqual(cp.asked.at(-1), { action: 'CancelReservation', params: { reservationId: ids[0] } });
    const again = park.emsp.responseUrl('CANCEL_RESERVATION');
    const answer = await post('CANCEL_RESERVATION', { response_url: again, reservation_id: 'RES-1' });
    assert.equal((answer.body?.data as Json).result, 'ACCEPTED');
    assert.equal((await result(again)).result, 'UNKNOWN_RESERVATION');

    const unlocked = park.emsp.responseUrl('UNLOCK_CONNECTOR');
    await post('UNLOCK_CONNECTOR', { response_url: unlocked, location_id: 'PARK1', evse_uid: 'CP16-2', connector_id: '1' });
    assert.equal((await result(unlocked)).result, 'ACCEPTED');
    assert.deepEqual(cp.asked.at(-1), { action: 'UnlockConnector', params: { connectorId: 2 } });
    const wrong = await post('UNLOCK_CONNECTOR', { response_url: unlocked, location_id: 'PARK1', evse_uid: 'CP16-2', connector_id: '2' });
    assert.equal((wrong.body?.data as Json).result, 'REJECTED');
  });
});
