/**
 * Real-time authorization of roaming tokens: asked of the eMSP only when the token's whitelist wants it, once per
 * badge and station, its answer carried into the Session (AUTH_REQUEST and the eMSP's reference), and a silent or
 * ignorant eMSP handled as the whitelist setting says.
 */
import assert from 'node:assert/strict';
import { Park, startPark, token } from './ocpi-modules-park.test';

describe('OCPI real-time authorization', function () {
  this.timeout(20_000);
  let park: Park;
  afterEach(async () => park?.stop());

  async function setUp() {
    park = await startPark({ realTimeTimeoutMs: 400 });
    park.csms.addBadgeSource((idTag, at) => park.service.badgeVerdict(idTag, at));
    const { emsp } = park;
    const push = (uid: string, whitelist: string) => emsp.call('PUT', `${emsp.cpoUrl('tokens')}/NL/EMS/${uid}`, emsp.tokenForCpo, token(uid, { whitelist }));
    return { emsp, push };
  }

  it('asks the eMSP for a NEVER token when it is shown, keeps the answer for the start, and says AUTH_REQUEST in the Session', async () => {
    const { emsp, push } = await setUp();
    await push('APP-1', 'NEVER');
    emsp.authorizations.set('APP-1', { allowed: 'ALLOWED', authorization_reference: 'REF-1' });
    const cp = await park.station('CP16', '1.6', [1, 2]);
    const shown = (await cp.peer.call('Authorize', { idTag: 'APP-1' })) as { idTagInfo: { status: string } };
    assert.equal(shown.idTagInfo.status, 'Accepted');
    assert.deepEqual(emsp.authorizeAsked, [{ uid: 'APP-1', type: 'RFID', body: { location_id: 'PARK1', evse_uids: ['CP16-1', 'CP16-2'] } }]);
    await cp.begin(1, 'APP-1');
    const put = await emsp.waitForPush((p) => p.path.startsWith('/sessions/') && p.method === 'PUT');
    assert.deepEqual([put.body.auth_method, put.body.authorization_reference], ['AUTH_REQUEST', 'REF-1']);
    await cp.end();
    assert.equal(emsp.authorizeAsked.length, 1, 'the start and the stop did not ask again');
  });

  it('follows the whitelist when the eMSP refuses, does not know the token, or does not answer', async () => {
    const { emsp, push } = await setUp();
    await push('BROKE', 'NEVER');
    emsp.authorizations.set('BROKE', { allowed: 'NO_CREDIT' });
    assert.deepEqual(await park.service.badgeVerdict('BROKE', { stationId: 'CS201', purpose: 'authorize' }), {
      status: 'NoCredit', reason: 'eMSP emsp answered NO_CREDIT for OCPI token NL-EMS-CBROKE',
    });
    await push('GHOST', 'NEVER');
    assert.equal(await park.service.badgeVerdict('GHOST', { stationId: 'CS201', purpose: 'start' }), undefined, 'unknown to its eMSP: unknown here');
    await push('QUIET', 'NEVER');
    await push('OFFLINE-OK', 'ALLOWED_OFFLINE');
    emsp.authorizations.set('QUIET', 'silent');
    emsp.authorizations.set('OFFLINE-OK', 'silent');
    assert.equal(await park.service.badgeVerdict('QUIET', { stationId: 'CS201', purpose: 'authorize' }), undefined, 'NEVER without an answer: unknown');
    assert.equal((await park.service.badgeVerdict('OFFLINE-OK', { stationId: 'CS201', purpose: 'authorize' }))?.status, 'Accepted', 'ALLOWED_OFFLINE: the pushed token');
    await push('CARD', 'ALLOWED');
    const before = emsp.authorizeAsked.length;
    assert.equal((park.service.badgeVerdict('CARD', { stationId: 'CS201', purpose: 'authorize' }) as { status: string }).status, 'Accepted');
    assert.equal(emsp.authorizeAsked.length, before, 'ALLOWED is decided from the whitelist, at once');
    assert.equal(park.service.badgeVerdict('BROKE', { stationId: 'CP16', purpose: 'update' }), undefined, 'a transaction going on is not asked about');
  });
});
