/**
 * The optional Receiver modules: ChargingProfiles (an eMSP limits, reads and clears its running session on a strict
 * station, in both OCPP versions) and HubClientInfo (a hub tells us about the parties behind it).
 */
import assert from 'node:assert/strict';
import { TestEmsp } from '../support/ocpi-emsp';
import { Park, startPark, token } from './ocpi-modules-park.test';

type Json = Record<string, unknown>;

describe('OCPI CPO modules: charging profiles and hub client info', () => {
  let park: Park;
  afterEach(async () => park?.stop());

  /** A running session of the test eMSP on that station, started by command. */
  async function running(identity: string, version: '1.6' | '2.0.1') {
    const { emsp } = park;
    const station = await park.station(identity, version);
    await emsp.call('POST', `${emsp.cpoUrl('commands')}/START_SESSION`, emsp.tokenForCpo, {
      response_url: emsp.responseUrl('START_SESSION'), token: token('APP-9', { type: 'APP_USER' }), location_id: 'PARK1', evse_uid: `${identity}-1`,
    });
    const put = await emsp.waitForPush((p) => p.path.startsWith('/sessions/') && p.method === 'PUT');
    return { station, session: String(put.body.id) };
  }
  const profiles = (session: string, query = '') => `${park.emsp.cpoUrl('chargingprofiles')}/${session}${query}`;
  const resultOf = (url: string) => park.emsp.waitForPush((p) => url.endsWith(p.path));

  for (const version of ['1.6', '2.0.1'] as const) {
    it(`sets, reads and clears the eMSP's profile of its session on a ${version} station`, async () => {
      park = await startPark();
      const { emsp } = park;
      const identity = version === '1.6' ? 'CP16' : 'CS201';
      const { station, session } = await running(identity, version);

      const setUrl = emsp.responseUrl('SET_PROFILE');
      const profile = { charging_rate_unit: 'W', min_charging_rate: 1400, charging_profile_period: [{ start_period: 0, limit: 7400 }, { start_period: 1800, limit: 3700.5 }] };
      const set = await emsp.call('PUT', profiles(session), emsp.tokenForCpo, { charging_profile: profile, response_url: setUrl });
      assert.deepEqual(set.body?.data, { result: 'ACCEPTED', timeout: 40 });
      assert.deepEqual((await resultOf(setUrl)).body, { result: 'ACCEPTED' });
      const sent = station.asked.find((a) => a.action === 'SetChargingProfile')!.params;
      const ocpp = (version === '1.6' ? sent.csChargingProfiles : sent.chargingProfile) as Json;
      assert.deepEqual([ocpp.stackLevel, ocpp.chargingProfilePurpose, ocpp.chargingProfileKind, String(ocpp.transactionId)], [2, 'TxProfile', 'Relative', station.tx]);
      const schedule = (version === '1.6' ? ocpp.chargingSchedule : (ocpp.chargingSchedule as Json[])[0]) as Json;
      assert.deepEqual(schedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 7400 }, { startPeriod: 1800, limit: 3700.5 }]);

      const getUrl = emsp.responseUrl('GET_PROFILE');
      const asked = await emsp.call('GET', profiles(session, `?duration=900&response_url=${encodeURIComponent(getUrl)}`), emsp.tokenForCpo);
      assert.equal((asked.body?.data as Json).result, 'ACCEPTED');
      assert.deepEqual((await resultOf(getUrl)).body, {
        result: 'ACCEPTED',
        profile: {
          start_date_time: '2026-06-01T08:05:00Z',
          charging_profile: { start_date_time: '2026-06-01T08:05:00Z', duration: 900, charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 16 }] },
        },
      });

      const clearUrl = emsp.responseUrl('CLEAR_PROFILE');
      await emsp.call('DELETE', profiles(session, `?response_url=${encodeURIComponent(clearUrl)}`), emsp.tokenForCpo);
      assert.deepEqual((await resultOf(clearUrl)).body, { result: 'ACCEPTED' });
      const cleared = station.asked.find((a) => a.action === 'ClearChargingProfile')!.params;
      assert.equal(version === '1.6' ? cleared.id : cleared.chargingProfileId, ocpp.chargingProfileId ?? ocpp.id);
      const again = emsp.responseUrl('CLEAR_PROFILE');
      await emsp.call('DELETE', profiles(session, `?response_url=${encodeURIComponent(again)}`), emsp.tokenForCpo);
      assert.deepEqual((await resultOf(again)).body, { result: 'UNKNOWN' }, 'nothing of the eMSP is left to clear');
    });
  }

  it('takes a profile without periods as no limit: the eMSP\'s earlier profile is lifted, never a schedule at 0', async () => {
    park = await startPark();
    const { emsp } = park;
    const { station, session } = await running('CP16', '1.6');
    const put = async (profile: Json, name: string) => {
      const url = emsp.responseUrl(name);
      await emsp.call('PUT', profiles(session), emsp.tokenForCpo, { charging_profile: profile, response_url: url });
      return (await resultOf(url)).body;
    };
    const setsAndClears = () => station.asked.filter((a) => a.action === 'SetChargingProfile' || a.action === 'ClearChargingProfile');

    assert.deepEqual(await put({ charging_rate_unit: 'A', charging_profile_period: [] }, 'NONE'), { result: 'ACCEPTED' });
    assert.deepEqual(setsAndClears(), [], 'nothing was set, so nothing is sent');
    assert.deepEqual(await put({ charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 10 }] }, 'TEN'), { result: 'ACCEPTED' });
    const id = (setsAndClears()[0].params.csChargingProfiles as Json).chargingProfileId;
    assert.deepEqual(await put({ charging_rate_unit: 'A' }, 'LIFT'), { result: 'ACCEPTED' });
    assert.deepEqual(setsAndClears().map((a) => a.action), ['SetChargingProfile', 'ClearChargingProfile']);
    assert.equal(setsAndClears()[1].params.id, id);
  });

  it('refuses what does not fit: unknown session, a session of another eMSP, bad profiles, two requests at once, a station that does not answer', async () => {
    park = await startPark({ commandTimeoutMs: 1000 });
    const { emsp } = park;
    const { station, session } = await running('CP16', '1.6');
    const put = (id: string, body: Json, who: TestEmsp = emsp) => who.call('PUT', profiles(id), who.tokenForCpo, body);
    const good = { charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 10 }] };

    assert.deepEqual((await put('NOPE', { charging_profile: good, response_url: emsp.responseUrl('X') })).body?.data, { result: 'UNKNOWN_SESSION', timeout: 0 });
    const other = await park.addEmsp('other', { country_code: 'DE', party_id: 'OTH' });
    assert.deepEqual((await put(session, { charging_profile: good, response_url: other.responseUrl('X') }, other)).body?.data, { result: 'REJECTED', timeout: 0 });
    for (const [profile, problem] of [
      [{ charging_profile_period: [] }, /charging_rate_unit/],
      [{ charging_rate_unit: 'kW' }, /charging_rate_unit/],
      [{ charging_rate_unit: 'A', charging_profile_period: [{ start_period: 60, limit: 10 }] }, /start at 0/],
      [{ charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: -1 }] }, /limit/],
    ] as const) {
      const bad = await put(session, { charging_profile: profile, response_url: emsp.responseUrl('X') });
      assert.equal(bad.body?.status_code, 2001);
      assert.match(String(bad.body?.status_message), problem);
    }
    const noDuration = await emsp.call('GET', profiles(session, `?response_url=${encodeURIComponent(emsp.responseUrl('X'))}`), emsp.tokenForCpo);
    assert.equal(noDuration.body?.status_code, 2001);

    station.behaviour = 'never';
    const slow = emsp.responseUrl('SLOW');
    assert.deepEqual((await put(session, { charging_profile: good, response_url: slow })).body?.data, { result: 'ACCEPTED', timeout: 11 });
    assert.deepEqual((await put(session, { charging_profile: good, response_url: emsp.responseUrl('X') })).body?.data, { result: 'TOO_OFTEN', timeout: 0 });
    assert.deepEqual((await resultOf(slow)).body, { result: 'REJECTED' }, 'the station never answered');
    station.behaviour = 'accept';
    const next = emsp.responseUrl('NEXT');
    assert.equal(((await put(session, { charging_profile: good, response_url: next })).body?.data as Json).result, 'ACCEPTED', 'free again');
    assert.deepEqual((await resultOf(next)).body, { result: 'ACCEPTED' });
    const patch = (await emsp.call('PATCH', profiles(session), emsp.tokenForCpo, {}));
    assert.equal(patch.status, 405);
  });

  it('keeps what a hub says of its clients, and only a hub may say it', async () => {
    park = await startPark();
    const hub = new TestEmsp({ role: 'HUB', party: { country_code: 'DE', party_id: 'HUB' }, modules: [] });
    await hub.start();
    try {
      const invitation = park.credentials.issueTokenA('hub');
      assert.equal((await hub.registerWith(invitation.versionsUrl, invitation.token)).body?.status_code, 1000);
      const url = `${hub.cpoUrl('hubclientinfo')}/NL/EMS`;
      const info = { country_code: 'NL', party_id: 'EMS', role: 'EMSP', status: 'CONNECTED', last_updated: '2026-06-01T08:00:00Z' };
      assert.equal((await hub.call('PUT', url, hub.tokenForCpo, info)).status, 201);
      assert.equal((await hub.call('PUT', url, hub.tokenForCpo, { ...info, status: 'OFFLINE' })).status, 200);
      assert.deepEqual((await hub.call('GET', url, hub.tokenForCpo)).body?.data, { ...info, status: 'OFFLINE' });
      assert.deepEqual(park.service.snapshot().clients, [{ ...info, status: 'OFFLINE' }]);
      const wrong = await hub.call('PUT', url, hub.tokenForCpo, { ...info, party_id: 'XYZ' });
      assert.equal(wrong.body?.status_code, 2001);
      assert.equal((await hub.call('PUT', url, hub.tokenForCpo, { ...info, status: 'GONE' })).body?.status_code, 2001);
      assert.equal((await hub.call('GET', `${hub.cpoUrl('hubclientinfo')}/NL/ZZZ`, hub.tokenForCpo)).status, 404);
      const byEmsp = await park.emsp.call('PUT', `${park.emsp.cpoUrl('hubclientinfo')}/NL/EMS`, park.emsp.tokenForCpo, info);
      assert.equal(byEmsp.body?.status_code, 2000);
    } finally {
      await hub.stop();
    }
  });
});
