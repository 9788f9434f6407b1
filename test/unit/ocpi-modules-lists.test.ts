import assert from 'node:assert/strict';
import { CpoService } from '../../lib/ocpi/cpo/service';
import { TARIFF_SCHEMA, problemsOf } from '../../lib/ocpi/objects/schemas';
import { Park, startPark, token } from './ocpi-modules-park.test';

type Json = Record<string, unknown>;

describe('OCPI CPO modules: tokens and lists', () => {
  let park: Park;
  before(async () => {
    park = await startPark();
  });
  after(async () => park?.stop());

  const call = (method: string, path: string, body?: unknown) => park.emsp.call(method, `${park.url}/2.2.1/${path}`, park.emsp.tokenForCpo, body);

  it('refuses a bad token with 2001, an unknown one with 404 and 2004, another party\'s with 2000', async () => {
    const bad = await call('PUT', 'tokens/NL/EMS/T1', token('T1', { whitelist: 'SOMETIMES' }));
    assert.deepEqual([bad.status, bad.body?.status_code], [200, 2001]);
    assert.match(bad.body?.status_message ?? '', /whitelist/);
    const elsewhere = await call('PUT', 'tokens/NL/EMS/T1', token('T2'));
    assert.match(elsewhere.body?.status_message ?? '', /uid "T2" differs/);
    const missing = await call('GET', 'tokens/NL/EMS/NOPE');
    assert.deepEqual([missing.status, missing.body?.status_code], [404, 2004]);
    assert.equal((await call('PATCH', 'tokens/NL/EMS/NOPE', { valid: false, last_updated: '2026-05-01T00:00:00Z' })).body?.status_code, 2004);
    const theirs = await call('PUT', 'tokens/DE/OTH/T1', token('T1', { country_code: 'DE', party_id: 'OTH' }));
    assert.equal(theirs.body?.status_code, 2000);
    assert.equal((await call('GET', 'tokens/NL/EMS/T1?type=BADGE')).body?.status_code, 2001);
    assert.equal((await call('PUT', 'tokens/NL/EMS/T1', token('T1'))).status, 201);
    assert.equal((await call('PUT', 'tokens/NL/EMS/T1', token('T1'))).status, 200, 'known: updated');
    assert.equal((await call('GET', 'tokens/NL/EMS/T1?type=APP_USER')).status, 404, 'uid and type make the token');
    assert.equal(park.service.authorizeToken('T1').realTime, 'allowed');
    assert.equal(park.service.authorizeToken('NOBODY').status, 'Unknown');
  });

  it('lists sessions only with date_from, and says charging preferences are not supported', async () => {
    const noDate = await call('GET', 'sessions');
    assert.deepEqual([noDate.status, noDate.body?.status_code], [200, 2001]);
    const prefs = await call('PUT', 'sessions/ANY/charging_preferences', { profile_type: 'FAST' });
    assert.deepEqual([prefs.status, prefs.body?.status_code], [404, 2001]);
    const tariffs = await call('GET', 'tariffs');
    assert.deepEqual((tariffs.body?.data as Json[]).map((t) => [t.id, problemsOf(TARIFF_SCHEMA, t).length]), [['STD', 0]]);
  });

  it('pages CDRs across several pages, only the eMSP\'s own, and keeps them through a snapshot', async () => {
    assert.equal((await call('PUT', 'tokens/NL/EMS/CARD-9', token('CARD-9'))).status, 201);
    const cp = await park.station('CP16', '1.6', [1, 2]);
    for (let i = 0; i < 5; i++) {
      await cp.begin(1, 'CARD-9');
      await cp.end();
    }
    await cp.begin(2, 'LOCAL-BADGE');
    await cp.end();
    await park.emsp.waitForPush(() => park.emsp.pushed('/cdrs').length === 5);
    const whitelisted = park.emsp.pushed('/sessions/')[0].body;
    assert.deepEqual([whitelisted.auth_method, (whitelisted.cdr_token as Json).contract_id], ['WHITELIST', 'NL-EMS-CCARD-9']);

    const { items, pages } = await park.emsp.pull(`${park.emsp.cpoUrl('cdrs')}?limit=2`);
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((p) => [p.headers.get('x-total-count'), p.headers.get('x-limit'), (p.body?.data as Json[]).length]), [['5', '2', 2], ['5', '2', 2], ['5', '2', 1]]);
    assert.equal(pages[2].headers.get('link'), null);
    assert.deepEqual(items.map((c) => c.start_date_time), ['2026-06-01T08:00:00Z', '2026-06-01T09:30:00Z', '2026-06-01T11:00:00Z', '2026-06-01T12:30:00Z', '2026-06-01T14:00:00Z']);
    const window = await park.emsp.pull(`${park.emsp.cpoUrl('cdrs')}?date_from=2026-06-01T09:30:00Z&date_to=2026-06-01T12:30:00Z`);
    assert.deepEqual(window.items.map((c) => c.end_date_time), ['2026-06-01T10:00:00Z', '2026-06-01T11:30:00Z']);

    const restored = new CpoService({ csms: park.csms, site: park.site, describedAt: '2026-05-01T00:00:00Z', partners: park.partners, snapshot: park.service.snapshot() });
    try {
      const who = { partner: 'emsp', party: { country_code: 'NL', party_id: 'EMS' }, anyParty: false };
      assert.deepEqual(restored.cdrsFor(who), items);
      assert.equal(restored.cdrsFor({ ...who, anyParty: true }).length, 5, 'the local badge\'s CDR is nobody\'s');
      assert.equal(restored.authorizeToken('card-9').status, 'Accepted');
    } finally {
      restored.close();
    }
  });
});
