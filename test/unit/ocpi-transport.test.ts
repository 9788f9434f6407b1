import assert from 'node:assert/strict';
import { tokenCandidates } from '../../lib/ocpi/auth';
import { OcpiClient } from '../../lib/ocpi/client';
import { formatDateTime, parseDateTime } from '../../lib/ocpi/datetime';
import { nextLink } from '../../lib/ocpi/paging';
import { CpoHarness, LOCATIONS, seedPartner, startCpo } from '../support/ocpi-cpo';
import { TestEmsp } from '../support/ocpi-emsp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('OCPI transport: types and headers', () => {
  it('reads the DateTime shapes the spec lists and refuses offsets, impossible dates and over-long text', () => {
    for (const ok of ['2015-06-29T20:39:09Z', '2015-06-29T20:39:09', '2016-12-29T17:45:09.2Z', '2018-01-01T01:08:01.123']) {
      assert.notEqual(parseDateTime(ok), undefined, ok);
    }
    assert.equal(parseDateTime('2016-12-29T17:45:09.2Z'), Date.UTC(2016, 11, 29, 17, 45, 9, 200));
    for (const bad of ['2015-06-29T20:39:09+00:00', '2015-06-29T22:39:09+02:00', '2015-06-29 20:39:09Z', '2021-02-30T00:00:00Z', '2018-01-01T01:08:01.1234567Z', '2015-06-29T24:00:00Z']) {
      assert.equal(parseDateTime(bad), undefined, bad);
    }
    assert.equal(formatDateTime(Date.UTC(2015, 5, 29, 20, 39, 9)), '2015-06-29T20:39:09Z');
    assert.equal(formatDateTime(Date.UTC(2015, 5, 29, 20, 39, 9, 120)), '2015-06-29T20:39:09.120Z');
  });

  it('finds the token in Base64 (even with the spec example trailing newline) or raw', () => {
    assert.deepEqual(tokenCandidates('Token ZXhhbXBsZS10b2tlbgo='), [{ token: 'example-token', form: 'base64' }, { token: 'ZXhhbXBsZS10b2tlbgo=', form: 'raw' }]);
    assert.deepEqual(tokenCandidates('Token my-raw-token'), [{ token: 'my-raw-token', form: 'raw' }]);
    assert.deepEqual(tokenCandidates('Bearer abc'), []);
    assert.deepEqual(tokenCandidates(undefined), []);
  });

  it('reads the next link among others', () => {
    assert.equal(nextLink('<https://a/x?offset=2>; rel="prev", <https://a/x?offset=4&limit=2>; rel="next"'), 'https://a/x?offset=4&limit=2');
    assert.equal(nextLink('<https://a/x>; rel="last"'), undefined);
  });
});

describe('OCPI transport: our router over HTTP', () => {
  let cpo: CpoHarness;
  const emsp = new TestEmsp();
  const get = (path: string, token?: string, headers?: Record<string, string>) => emsp.call('GET', `${cpo.url}${path}`, token, undefined, headers);

  before(async () => {
    cpo = await startCpo();
    seedPartner(cpo.partners, 'msp', 'token-c');
    seedPartner(cpo.partners, 'rawonly', 'raw-c', 'raw');
    seedPartner(cpo.partners, 'b64only', 'b64-c', 'base64');
    cpo.credentials.issueTokenA('newcomer');
  });
  after(() => cpo.stop());

  it('answers 401 without a token or with an unknown one, in an envelope with the ids echoed', async () => {
    const none = await get('/versions', undefined, { 'X-Request-ID': 'r-1', 'X-Correlation-ID': 'c-1' });
    assert.equal(none.status, 401);
    assert.equal(none.body?.status_code, 2000);
    assert.match(none.body?.status_message ?? '', /Authorization header is missing/);
    assert.deepEqual([none.headers.get('x-request-id'), none.headers.get('x-correlation-id')], ['r-1', 'c-1']);
    assert.equal((await get('/versions', 'who-knows')).status, 401);
  });

  it('lists versions and details with our endpoints and their roles; TOKEN_A opens only those and credentials', async () => {
    const tokenA = cpo.partners.get('newcomer')!.ourToken!;
    const versions = await get('/versions', tokenA);
    assert.deepEqual(versions.body?.data, [{ version: '2.2.1', url: `${cpo.url}/2.2.1` }]);
    const details = await get('/2.2.1', tokenA);
    assert.deepEqual(details.body?.data, {
      version: '2.2.1',
      endpoints: [
        { identifier: 'credentials', role: 'SENDER', url: `${cpo.url}/2.2.1/credentials` },
        { identifier: 'locations', role: 'SENDER', url: `${cpo.url}/2.2.1/locations` },
        { identifier: 'tokens', role: 'RECEIVER', url: `${cpo.url}/2.2.1/tokens` },
        { identifier: 'cdrs', role: 'SENDER', url: `${cpo.url}/2.2.1/cdrs` },
      ],
    });
    assert.equal((await get('/2.2.1/credentials', tokenA)).status, 200);
    const refused = await get('/2.2.1/locations', tokenA);
    assert.equal(refused.status, 401);
    assert.match(refused.body?.status_message ?? '', /TOKEN_A/);
    assert.equal((await emsp.call('POST', `${cpo.url}/versions`, tokenA, {})).status, 405);
  });

  it('echoes request and correlation ids, and makes UUIDs when they are missing', async () => {
    const echoed = await get('/2.2.1/locations/LOC001', 'token-c', { 'X-Request-ID': 'req-42', 'X-Correlation-ID': 'corr-42' });
    assert.deepEqual([echoed.headers.get('x-request-id'), echoed.headers.get('x-correlation-id')], ['req-42', 'corr-42']);
    const res = await fetch(`${cpo.url}/versions`, { headers: { Authorization: `Token ${Buffer.from('token-c').toString('base64')}` } });
    assert.match(res.headers.get('x-request-id') ?? '', UUID);
    assert.match(res.headers.get('x-correlation-id') ?? '', UUID);
  });

  it('swaps routing headers on functional modules and sends none on configuration modules', async () => {
    const routed = { 'OCPI-from-country-code': 'NL', 'OCPI-from-party-id': 'EMS', 'OCPI-to-country-code': 'FR', 'OCPI-to-party-id': 'EVC' };
    const put = await emsp.call('PUT', `${cpo.url}/2.2.1/tokens/NL/EMS/T1`, 'token-c', { uid: 'T1' }, routed);
    assert.equal(put.status, 201);
    const h = put.headers;
    assert.deepEqual([h.get('ocpi-to-country-code'), h.get('ocpi-to-party-id'), h.get('ocpi-from-country-code'), h.get('ocpi-from-party-id')], ['NL', 'EMS', 'FR', 'EVC']);
    const seen = cpo.received.at(-1)!;
    assert.deepEqual([seen.path, seen.routing.from, seen.body], [['NL', 'EMS', 'T1'], { country_code: 'NL', party_id: 'EMS' }, { uid: 'T1' }]);
    // Open routing (no to-headers): the answer still says who it is from and whom it is for.
    const open = await get('/2.2.1/locations/LOC000', 'token-c');
    assert.deepEqual([open.headers.get('ocpi-from-party-id'), open.headers.get('ocpi-to-party-id')], ['EVC', 'EMS']);
    for (const path of ['/versions', '/2.2.1', '/2.2.1/credentials']) {
      const res = await get(path, 'token-c', routed);
      assert.equal(res.headers.get('ocpi-to-party-id'), null, path);
      assert.equal(res.headers.get('ocpi-from-party-id'), null, path);
    }
    const half = await get('/2.2.1/locations/LOC000', 'token-c', { 'OCPI-to-party-id': 'EVC' });
    assert.equal(half.body?.status_code, 2001);
  });

  it('answers unknown paths 404, unknown objects 404, invalid JSON 400 and a handler bug 3000 with HTTP 500', async () => {
    for (const path of ['/2.2.1/nope', '/2.1.1/locations', '/elsewhere']) {
      const res = await get(path, 'token-c');
      assert.deepEqual([res.status, res.body?.status_code], [404, 2000], path);
    }
    const missing = await get('/2.2.1/locations/NOPE', 'token-c');
    assert.deepEqual([missing.status, missing.body?.status_code], [404, 2003]);
    const bad = await emsp.call('PUT', `${cpo.url}/2.2.1/tokens/NL/EMS/T1`, 'token-c', '{"uid": ');
    assert.deepEqual([bad.status, bad.body?.status_code], [400, 2001]);
    assert.match(bad.body?.status_message ?? '', /not valid JSON/);
    const bug = await get('/2.2.1/cdrs', 'token-c');
    assert.deepEqual([bug.status, bug.body?.status_code], [500, 3000]);
    assert.match(String(cpo.errors.at(-1)), /a bug in the cdrs module/);
  });

  it('pages 250 objects by 100: three pages, next links carrying the filters, none on the last', async () => {
    const first = await get('/2.2.1/locations?limit=100', 'token-c');
    assert.equal((first.body?.data as unknown[]).length, 100);
    assert.deepEqual([first.headers.get('x-total-count'), first.headers.get('x-limit')], ['250', '100']);
    assert.equal(first.headers.get('link'), `<${cpo.url}/2.2.1/locations?limit=100&offset=100>; rel="next"`);
    const second = await emsp.call('GET', nextLink(first.headers.get('link'))!, 'token-c');
    assert.equal(second.headers.get('link'), `<${cpo.url}/2.2.1/locations?limit=100&offset=200>; rel="next"`);
    const third = await emsp.call('GET', nextLink(second.headers.get('link'))!, 'token-c');
    assert.deepEqual((third.body?.data as Array<{ id: string }>).map((l) => l.id).slice(0, 2), ['LOC200', 'LOC201']);
    assert.equal((third.body?.data as unknown[]).length, 50);
    assert.equal(third.headers.get('link'), null);
    const capped = await get('/2.2.1/locations?limit=500', 'token-c');
    assert.deepEqual([(capped.body?.data as unknown[]).length, capped.headers.get('x-limit')], [100, '100']);
  });

  it('filters on last_updated: date_from inclusive, date_to exclusive; bad parameters are 2001', async () => {
    const from = LOCATIONS[10].last_updated;
    const to = LOCATIONS[20].last_updated;
    const window = await get(`/2.2.1/locations?date_from=${from}&date_to=${to}&limit=5`, 'token-c');
    assert.deepEqual((window.body?.data as Array<{ id: string }>).map((l) => l.id), ['LOC010', 'LOC011', 'LOC012', 'LOC013', 'LOC014']);
    assert.equal(window.headers.get('x-total-count'), '10');
    assert.match(window.headers.get('link') ?? '', new RegExp(`date_from=${encodeURIComponent(from)}&date_to=${encodeURIComponent(to)}&limit=5&offset=5`));
    for (const q of ['date_from=2026-01-01T00:00:00%2B00:00', 'date_to=yesterday', 'offset=-1', 'limit=0', 'limit=ten']) {
      const res = await get(`/2.2.1/locations?${q}`, 'token-c');
      assert.deepEqual([res.status, res.body?.status_code], [200, 2001], q);
    }
  });

  it('gives every item to a client following the Link headers, one correlation id for the whole list', async () => {
    const partner = cpo.partners.get('msp')!;
    const sent: Headers[] = [];
    const spy: typeof fetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const client = new OcpiClient({ token: partner.ourToken!, encoding: 'base64', fetch: spy });
    const ids: string[] = [];
    for await (const l of client.list<{ id: string }>(`${cpo.url}/2.2.1/locations`, { query: { limit: 100 } })) ids.push(l.id);
    assert.deepEqual(ids, LOCATIONS.map((l) => l.id));
    assert.equal(sent.length, 3);
    assert.equal(new Set(sent.map((h) => h.get('x-correlation-id'))).size, 1);
    assert.equal(new Set(sent.map((h) => h.get('x-request-id'))).size, 3);
    assert.equal(sent[0].get('authorization'), `Token ${Buffer.from('token-c').toString('base64')}`);
  });

  it('reads tokens in the encoding each partner is set to', async () => {
    const raw = (token: string) => fetch(`${cpo.url}/versions`, { headers: { Authorization: `Token ${token}` } }).then((r) => r.status);
    const b64 = (token: string) => raw(Buffer.from(token).toString('base64'));
    assert.deepEqual([await raw('raw-c'), await b64('raw-c')], [200, 401], 'raw only');
    assert.deepEqual([await raw('b64-c'), await b64('b64-c')], [401, 200], 'base64 only');
    assert.deepEqual([await raw('token-c'), await b64('token-c')], [200, 200], 'auto');
    const learned: string[] = [];
    const client = new OcpiClient({ token: 'raw-c', encoding: 'auto', onEncodingLearned: (f) => learned.push(f) });
    assert.equal((await client.request('GET', `${cpo.url}/versions`)).httpStatus, 200);
    assert.equal((await client.request('GET', `${cpo.url}/versions`)).httpStatus, 200);
    assert.deepEqual(learned, ['raw']);
  });
});
