import assert from 'node:assert/strict';
import { partnerClient } from '../../lib/ocpi/client';
import { PartnerStore } from '../../lib/ocpi/partners';
import { OcpiError } from '../../lib/ocpi/status';
import { CPO_ROLES, CpoHarness, startCpo } from '../support/ocpi-cpo';
import { TestEmsp } from '../support/ocpi-emsp';

describe('OCPI credentials: an eMSP registers with us', () => {
  let cpo: CpoHarness;
  let emsp: TestEmsp;
  const routingSent = (e: TestEmsp) => e.seen.filter((s) => Object.keys(s.headers).some((h) => h.startsWith('ocpi-')));

  beforeEach(async () => {
    cpo = await startCpo({ requiredEndpoints: [{ identifier: 'cdrs', role: 'RECEIVER' }] });
    emsp = new TestEmsp();
    await emsp.start();
  });
  afterEach(async () => {
    await emsp.stop();
    await cpo.stop();
  });

  it('completes the handshake, rotates with PUT and unregisters with DELETE', async () => {
    const invitation = cpo.credentials.issueTokenA('emsp');
    assert.equal(invitation.versionsUrl, `${cpo.url}/versions`);
    const answer = await emsp.registerWith(invitation.versionsUrl, invitation.token);
    assert.equal(answer.body?.status_code, 1000, answer.body?.status_message);
    const ours = answer.body?.data as { token: string; url: string; roles: unknown };
    assert.deepEqual([ours.url, ours.roles], [`${cpo.url}/versions`, CPO_ROLES]);
    assert.notEqual(ours.token, invitation.token);
    // Before answering we called its versions and details with its token B.
    const b = [...emsp.accepted].find((t) => t.startsWith('B-'));
    assert.deepEqual(emsp.seen.map((s) => `${s.method} ${s.path} ${s.token === b}`), ['GET /emsp/versions true', 'GET /emsp/2.2.1 true']);
    assert.deepEqual(routingSent(emsp), [], 'no routing headers on configuration modules');
    const stored = cpo.partners.get('emsp')!;
    assert.deepEqual([stored.status, stored.theirToken, stored.version, stored.roles[0].party_id], ['registered', b, '2.2.1', 'EMS']);
    assert.equal(stored.endpoints.find((e) => e.identifier === 'cdrs')?.url, `${emsp.versionsUrl.replace('/versions', '')}/2.2.1/cdrs`);

    const tokenC = emsp.tokenForCpo!;
    assert.equal((await emsp.call('GET', `${cpo.url}/2.2.1/locations/LOC001`, tokenC)).status, 200);
    assert.equal((await emsp.call('GET', `${cpo.url}/versions`, invitation.token)).status, 401, 'TOKEN_A is dead');
    const mine = await emsp.call('GET', emsp.cpoCredentialsUrl!, tokenC);
    assert.equal((mine.body?.data as { token: string }).token, tokenC);
    const again = await emsp.call('POST', emsp.cpoCredentialsUrl!, tokenC, emsp.credentials('B-again'));
    assert.equal(again.status, 405);

    // The snapshot saved on every change brings the partner back after a restart.
    const reloaded = new PartnerStore({ load: () => cpo.saved.at(-1) });
    assert.equal(reloaded.authenticate([{ token: tokenC, form: 'base64' }])?.partner.name, 'emsp');

    const seenBefore = emsp.seen.length;
    const rotated = await emsp.rotate();
    assert.equal(rotated.body?.status_code, 1000);
    const tokenC2 = emsp.tokenForCpo!;
    assert.notEqual(tokenC2, tokenC);
    assert.deepEqual(emsp.seen.slice(seenBefore).map((s) => s.path), ['/emsp/versions', '/emsp/2.2.1'], 'endpoints fetched again');
    assert.equal((await emsp.call('GET', `${cpo.url}/versions`, tokenC)).status, 401);
    assert.equal((await emsp.call('GET', `${cpo.url}/versions`, tokenC2)).status, 200);
    assert.notEqual(cpo.partners.get('emsp')!.theirToken, b);

    const gone = await emsp.unregister();
    assert.deepEqual([gone.status, gone.body?.status_code, gone.body?.data], [200, 1000, undefined]);
    assert.equal((await emsp.call('GET', `${cpo.url}/versions`, tokenC2)).status, 401);
    assert.equal(cpo.partners.get('emsp')!.status, 'unregistered');
  });

  it('refuses PUT and DELETE with 405 before registration', async () => {
    const { token } = cpo.credentials.issueTokenA('emsp');
    const url = `${cpo.url}/2.2.1/credentials`;
    assert.equal((await emsp.call('PUT', url, token, emsp.credentials('B-x'))).status, 405);
    assert.equal((await emsp.call('DELETE', url, token)).status, 405);
    assert.equal((await emsp.call('PATCH', url, token, {})).status, 405);
  });

  it('answers 3001 when its versions cannot be reached, and TOKEN_A still works for a retry', async () => {
    const { token, versionsUrl } = cpo.credentials.issueTokenA('emsp');
    const unreachable = new TestEmsp();
    await unreachable.start();
    const dead = unreachable.credentials('B-dead');
    await unreachable.stop();
    const answer = await emsp.call('POST', `${cpo.url}/2.2.1/credentials`, token, dead);
    assert.deepEqual([answer.status, answer.body?.status_code], [200, 3001]);
    assert.match(answer.body?.status_message ?? '', /could not get the versions/);
    assert.equal((await emsp.registerWith(versionsUrl, token)).body?.status_code, 1000);
  });

  it('answers 3002 without a common version and 3003 without the endpoints we need', async () => {
    const old = new TestEmsp({ versions: ['2.1.1'] });
    const thin = new TestEmsp({ modules: [{ identifier: 'tokens', role: 'SENDER' }] });
    await old.start();
    await thin.start();
    try {
      const a = cpo.credentials.issueTokenA('old');
      const three002 = await old.registerWith(a.versionsUrl, a.token);
      assert.equal(three002.body?.status_code, 3002);
      assert.match(three002.body?.status_message ?? '', /offers 2\.1\.1/);
      const b = cpo.credentials.issueTokenA('thin');
      const three003 = await thin.registerWith(b.versionsUrl, b.token);
      assert.equal(three003.body?.status_code, 3003);
      assert.match(three003.body?.status_message ?? '', /cdrs RECEIVER/);
    } finally {
      await old.stop();
      await thin.stop();
    }
  });

  it('names what is wrong in a bad credentials object (2001)', async () => {
    const { token } = cpo.credentials.issueTokenA('emsp');
    const body = { ...emsp.credentials('has space'), roles: [] };
    const answer = await emsp.call('POST', `${cpo.url}/2.2.1/credentials`, token, body);
    assert.equal(answer.body?.status_code, 2001);
    assert.match(answer.body?.status_message ?? '', /credentials\.token/);
  });

  it('registers a raw-token peer when its partner is set to raw or auto, not base64', async () => {
    const raw = new TestEmsp({ encoding: 'raw' });
    await raw.start();
    try {
      const strict = cpo.credentials.issueTokenA('strict', { tokenEncoding: 'base64' });
      await assert.rejects(raw.registerWith(strict.versionsUrl, strict.token), /no 2\.2\.1/);
      const loose = cpo.credentials.issueTokenA('loose', { tokenEncoding: 'raw' });
      assert.equal((await raw.registerWith(loose.versionsUrl, loose.token)).body?.status_code, 1000);
      assert.ok(raw.seen.every((s) => s.token !== undefined && raw.accepted.has(s.token)), 'we called it with raw tokens');
    } finally {
      await raw.stop();
    }
  });
});

describe('OCPI credentials: we register with a hub', () => {
  let cpo: CpoHarness;
  let hub: TestEmsp;

  beforeEach(async () => {
    cpo = await startCpo();
    hub = new TestEmsp({ role: 'HUB', party: { country_code: 'DE', party_id: 'HUB' } });
    await hub.start();
  });
  afterEach(async () => {
    await hub.stop();
    await cpo.stop();
  });

  it('registers with its TOKEN_A, uses its C, rotates and unregisters', async () => {
    const tokenA = hub.issueTokenA();
    const partner = await cpo.credentials.registerWith('hub', hub.versionsUrl, tokenA);
    assert.deepEqual([partner.status, partner.direction, partner.roles[0].role], ['registered', 'outbound', 'HUB']);
    assert.match(partner.theirToken!, /^C-/);
    const b = partner.ourToken!;
    assert.equal(hub.tokenForCpo, b, 'the hub keeps our token B');
    assert.equal(hub.cpoCredentialsUrl, `${cpo.url}/2.2.1/credentials`, 'the hub called our versions and details back with B');
    assert.ok(!hub.accepted.has(tokenA), 'its TOKEN_A is spent');

    const tokens = [];
    for await (const t of partnerClient(partner).list(partner.endpoints.find((e) => e.identifier === 'tokens')!.url, { routing: true })) tokens.push(t);
    assert.deepEqual(tokens, [{ uid: 'T1' }]);
    const call = hub.seen.at(-1)!;
    assert.equal(call.token, partner.theirToken);
    assert.deepEqual([call.headers['ocpi-to-party-id'], call.headers['ocpi-to-country-code']], ['HUB', 'DE']);

    const updated = await cpo.credentials.updateRegistration('hub');
    assert.notEqual(updated.ourToken, b);
    assert.notEqual(updated.theirToken, partner.theirToken);
    assert.equal(hub.tokenForCpo, updated.ourToken);
    const ours = (token: string) => fetch(`${cpo.url}/versions`, { headers: { Authorization: `Token ${Buffer.from(token).toString('base64')}` } }).then((r) => r.status);
    assert.deepEqual([await ours(b), await ours(updated.ourToken!)], [401, 200]);

    await cpo.credentials.unregister('hub');
    assert.equal(hub.tokenForCpo, undefined);
    assert.ok(!hub.accepted.has(updated.theirToken!));
    assert.equal(cpo.partners.get('hub')!.status, 'unregistered');
    assert.equal(await ours(updated.ourToken!), 401);
  });

  it('gives up with 3002 when the hub has no 2.2.1, leaving no token of ours valid', async () => {
    const old = new TestEmsp({ role: 'HUB', versions: ['2.1.1'] });
    await old.start();
    try {
      const error = await cpo.credentials.registerWith('old', old.versionsUrl, old.issueTokenA()).catch((e: unknown) => e);
      assert.ok(error instanceof OcpiError);
      assert.equal(error.statusCode, 3002);
      assert.equal(cpo.partners.get('old')!.ourToken, undefined);
    } finally {
      await old.stop();
    }
  });
});
