/** Badge lookup against a real OpenLDAP (slapd) seeded with people and groups. */
import { strict as assert } from 'assert';
import net from 'net';
import { Client } from 'ldapts';
import { DirectoryAnswer, DirectoryLookup, DirectoryOptions, firstRdnValue } from '../../lib/auth/directory';
import { GROUPS_DN, PEOPLE_DN, READER_DN, READER_PASSWORD, Slapd, requireSlapd } from '../support/slapd';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const METACHAR_BADGE = 'C(7)*\\x';

describe('auth: directory badge lookup (slapd)', function () {
  let slapd: Slapd;
  let now = 0;
  const clock = { now: () => now };
  const lookups: DirectoryLookup[] = [];

  function directory(options: Partial<DirectoryOptions> = {}): DirectoryLookup {
    const lookup = new DirectoryLookup({ url: slapd.url, bindDn: READER_DN, bindPassword: READER_PASSWORD, baseDn: PEOPLE_DN, timeoutMs: 2000, clock, ...options });
    lookups.push(lookup);
    return lookup;
  }
  const sorted = (a: DirectoryAnswer): string[] => (a.found ? [...a.groups].sort() : []);

  before(async function () {
    requireSlapd(this);
    slapd = await Slapd.start();
    await slapd.seed([
      { uid: 'alice', name: 'Alice Martin', badge: 'B-1001', mail: 'alice@evcharge.test' },
      { uid: 'bob', name: 'Bob Durand', badge: 'B-2002' },
      { uid: 'carol', name: 'Carol Petit', badge: METACHAR_BADGE },
      { uid: 'dave', name: 'Dave Roux', badge: 'B-3003', carLicense: 'AD-77' },
      { uid: 'eve', name: 'Eve Twin', badge: 'DUP-1' },
      { uid: 'frank', name: 'Frank Twin', badge: 'DUP-1' },
    ], [
      { cn: 'fleet', members: ['alice'] },
      { cn: 'staff', members: ['alice', 'bob'] },
      { cn: 'visitors', members: ['carol'] },
    ]);
  });

  after(async function () {
    await slapd?.stop();
  });

  beforeEach(function () { now = 1_000_000; });

  afterEach(async function () {
    await Promise.all(lookups.splice(0).map((l) => l.close()));
    await slapd?.resume();
  });

  it('finds a badge on memberOf (AD style) and maps its groups to a category in map order', async function () {
    if (!slapd.memberOf) {
      console.log('      skipped: slapd has no memberof overlay module here');
      this.skip();
    }
    const answer = await directory({ groupMap: [['fleet', 'fleet-manager'], ['staff', 'employee']] }).lookup('B-1001');
    assert.ok(answer.found);
    assert.equal(answer.source, 'directory');
    assert.equal(answer.dn, `uid=alice,${PEOPLE_DN}`);
    assert.equal(answer.name, 'Alice Martin');
    assert.equal(answer.mail, 'alice@evcharge.test');
    assert.deepEqual(sorted(answer), ['fleet', 'staff']);
    assert.equal(answer.category, 'fleet-manager');
    const reordered = await directory({ groupMap: { STAFF: 'employee', fleet: 'fleet-manager' } }).lookup('B-1001');
    assert.ok(reordered.found);
    assert.equal(reordered.category, 'employee', 'first map entry the user holds wins, names compared case-insensitively');
  });

  it('finds groups by member search (OpenLDAP style) and, without a map, takes the first group as category', async function () {
    const answer = await directory({ groupBaseDn: GROUPS_DN }).lookup('B-2002');
    assert.ok(answer.found);
    assert.deepEqual(answer.groups, ['staff']);
    assert.equal(answer.category, 'staff');
    assert.equal(answer.mail, undefined);
    const alice = await directory({ groupBaseDn: GROUPS_DN, groupMap: { visitors: 'guest', staff: 'employee' } }).lookup('B-1001');
    assert.ok(alice.found);
    assert.deepEqual(sorted(alice), ['fleet', 'staff']);
    assert.equal(alice.category, 'employee');
    const dave = await directory({ groupBaseDn: GROUPS_DN, groupMap: { staff: 'employee' } }).lookup('B-3003');
    assert.ok(dave.found);
    assert.deepEqual(dave.groups, []);
    assert.equal(dave.category, undefined, 'a user in no mapped group is found but has no category');
  });

  it('answers not found for an unknown badge and for a badge two people carry', async function () {
    const lookup = directory({ groupBaseDn: GROUPS_DN });
    assert.deepEqual(await lookup.lookup('NOPE-404'), { found: false, badge: 'NOPE-404', source: 'directory' });
    assert.deepEqual(await lookup.lookup('DUP-1'), { found: false, badge: 'DUP-1', source: 'directory' });
  });

  it('treats filter metacharacters in a badge as plain text', async function () {
    const lookup = directory({ groupBaseDn: GROUPS_DN });
    for (const badge of ['*)(uid=*', '*', 'B-10*', 'B-1001)(|(employeeNumber=*']) {
      const answer = await lookup.lookup(badge);
      assert.equal(answer.found, false, `${badge} must match nobody`);
      assert.equal(answer.source, 'directory');
    }
    const carol = await lookup.lookup(METACHAR_BADGE);
    assert.ok(carol.found, 'a badge made of metacharacters is found exactly');
    assert.equal(carol.dn, `uid=carol,${PEOPLE_DN}`);
    assert.equal(carol.category, 'visitors');
  });

  it('reads the badge from a configurable attribute', async function () {
    const answer = await directory({ badgeAttribute: 'carLicense', groupBaseDn: GROUPS_DN }).lookup('AD-77');
    assert.ok(answer.found);
    assert.equal(answer.name, 'Dave Roux');
  });

  it('answers from the cache, then from the stale cache while the directory is down, and asks again once it is back', async function () {
    const lookup = directory({ groupBaseDn: GROUPS_DN });
    const first = await lookup.lookup('B-1001');
    assert.equal(first.source, 'directory');
    await slapd.halt();
    const cached = await lookup.lookup('B-1001');
    assert.deepEqual(cached, { ...first, source: 'cache' });
    now += 2 * HOUR;
    const stale = await lookup.lookup('B-1001');
    assert.deepEqual(stale, { ...first, source: 'stale-cache' });
    now += 8 * DAY;
    const expired = await lookup.lookup('B-1001');
    assert.equal(expired.source, 'unreachable');
    const unknown = await lookup.lookup('B-2002');
    assert.ok(unknown.source === 'unreachable' && /ECONNREFUSED/.test(unknown.reason), JSON.stringify(unknown));
    await slapd.resume();
    const back = await lookup.lookup('B-2002');
    assert.ok(back.found);
    assert.equal(back.source, 'directory');
  });

  it('caches an unknown badge for negativeTtlMs', async function () {
    const lookup = directory({ groupBaseDn: GROUPS_DN, negativeTtlMs: 5 * 60_000 });
    assert.equal((await lookup.lookup('NEW-1')).source, 'directory');
    await slapd.seed([{ uid: 'newcomer', name: 'New Comer', badge: 'NEW-1' }], []);
    assert.deepEqual(await lookup.lookup('NEW-1'), { found: false, badge: 'NEW-1', source: 'cache' });
    now += 6 * 60_000;
    const later = await lookup.lookup('NEW-1');
    assert.ok(later.found);
    assert.equal(later.source, 'directory');
  });

  it('keeps working through a server restart between lookups (reconnects and binds again)', async function () {
    const lookup = directory({ groupBaseDn: GROUPS_DN });
    assert.equal((await lookup.lookup('B-1001')).source, 'directory');
    await slapd.halt();
    await slapd.resume();
    const answer = await lookup.lookup('B-2002');
    assert.ok(answer.found, JSON.stringify(answer));
  });

  it('sends one search for concurrent lookups of the same badge', async function () {
    const search = Client.prototype.search;
    let searches = 0;
    Client.prototype.search = function (this: Client, ...args: Parameters<Client['search']>) {
      searches += 1;
      return search.apply(this, args);
    };
    try {
      const lookup = directory();
      const answers = await Promise.all(Array.from({ length: 5 }, () => lookup.lookup('B-2002')));
      assert.ok(answers.every((a) => a.found && a.source === 'directory'));
      assert.equal(searches, 1);
    } finally {
      Client.prototype.search = search;
    }
  });

  it('answers unreachable, not a throw, when the bind password is wrong', async function () {
    const answer = await directory({ bindPassword: 'wrong' }).lookup('B-1001');
    assert.equal(answer.source, 'unreachable');
    assert.ok(answer.source === 'unreachable' && /InvalidCredentials/i.test(answer.reason), JSON.stringify(answer));
    assert.throws(() => directory({ bindPassword: '' }), /bindPassword/, 'an empty password would bind anonymously');
  });

  it('gives up after timeoutMs when the server accepts but never answers', async function () {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const started = Date.now();
      const answer = await directory({ url: `ldap://127.0.0.1:${port}`, timeoutMs: 300 }).lookup('B-1001');
      assert.equal(answer.source, 'unreachable');
      assert.ok(Date.now() - started < 10_000, 'resolved within the timeout, give or take');
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('takes the group name from the first RDN value, unescaped', function () {
    assert.equal(firstRdnValue('CN=Sales\\, EMEA,OU=Groups,DC=corp,DC=example'), 'Sales, EMEA');
    assert.equal(firstRdnValue('cn=R\\C3\\A9seau,ou=groups'), 'Réseau');
    assert.equal(firstRdnValue('cn=a+sn=b,dc=x'), 'a');
  });
});
