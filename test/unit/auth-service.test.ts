import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import { AuthEvent, AuthService, BadgeDirectory } from '../../lib/auth/service';
import { TagStore } from '../../lib/auth/tags';
import type { AuthDecision } from '../../lib/auth/decide';
import type { DirectoryAnswer } from '../../lib/auth/directory';
import type { Authorizer, TokenRequest } from '../../lib/ocpp/driver/tokens';
import { idTagInfo, idTokenInfo, tokenOf } from '../../lib/ocpp/driver/tokens';

const NOW = Date.UTC(2026, 11, 1, 8);
const day = (d: number) => new Date(NOW + d * 86_400_000).toISOString();

/** A CSMS as the service sees it: open transactions and the authorizer slot. */
function fakeCsms(open: Array<{ identity: string; transactions: Array<{ transactionId: string; idTag?: string; evseId?: number }> }> = []) {
  const csms = new EventEmitter() as EventEmitter & { authorizer?: Authorizer; group?: (t: string) => string | undefined; useAuthorizer: (a: Authorizer, g?: (t: string) => string | undefined) => () => void; store: { list: () => typeof open } };
  csms.useAuthorizer = (a, g) => {
    if (csms.authorizer) throw new Error('taken');
    csms.authorizer = a;
    csms.group = g;
    return () => { csms.authorizer = undefined; };
  };
  csms.store = { list: () => open };
  return csms;
}

function store(): TagStore {
  const tags = new TagStore();
  tags.upsert([
    { idTag: 'ann-01', owner: 'Ann', userGroup: 'sales', validUntil: day(30) },
    { idTag: 'BOB', blocked: true },
    { idTag: 'OLD', validUntil: day(-1) },
    { idTag: 'FLEET', validUntil: day(10) },
    { idTag: 'VAN1', parentId: 'fleet', userGroup: 'technicians' },
    { idTag: 'GONE', blocked: true },
    { idTag: 'VAN2', parentId: 'GONE' },
  ]);
  return tags;
}

const request = (idTag: string, over: Partial<TokenRequest> = {}): TokenRequest => ({ stationId: 'CP1', version: '1.6', action: 'Authorize', idTag, purpose: 'authorize', ...over });

describe('auth: decisions', () => {
  it('accepts a known badge (any case), refuses blocked, expired, unknown, and badges under a blocked parent', () => {
    const auth = new AuthService({ unknownBadges: 'refuse', allowConcurrent: false, clock: { now: () => NOW } }, store());
    const d = (tag: string) => auth.decide(tag) as AuthDecision;
    assert.deepEqual(d('ANN-01'), { source: 'tags', userGroup: 'sales', status: 'Accepted', expiryDate: day(30), reason: 'known badge, user group sales' });
    assert.deepEqual(['BOB', 'OLD', 'NOBODY', 'VAN2'].map((t) => d(t).status), ['Blocked', 'Expired', 'Unknown', 'Blocked']);
    // A driver's card lives as long as its fleet's.
    assert.deepEqual([d('VAN1').status, d('VAN1').expiryDate, d('VAN1').parentIdTag], ['Accepted', day(10), 'fleet']);
    const open = new AuthService({ unknownBadges: 'accept', allowConcurrent: false }, store());
    assert.equal((open.decide('NOBODY') as { status: string }).status, 'Accepted');
  });

  it('refuses a badge already charging elsewhere, not for its own transaction, nor when stopping; allowed when configured', () => {
    const csms = fakeCsms([{ identity: 'CP2', transactions: [{ transactionId: '7', idTag: 'Ann-01', evseId: 1 }] }]);
    const auth = new AuthService({ unknownBadges: 'refuse', allowConcurrent: false, clock: { now: () => NOW } }, store(), csms);
    const status = (r: TokenRequest) => (auth.decide(r.idTag, r) as { status: string }).status;
    assert.equal(status(request('ANN-01')), 'ConcurrentTx');
    assert.equal(status(request('ANN-01', { stationId: 'CP2', version: '2.0.1', action: 'TransactionEvent', transactionId: '7', purpose: 'update' })), 'Accepted');
    assert.equal(status(request('ANN-01', { stationId: 'CP2', action: 'StartTransaction', evseId: 1, purpose: 'start' })), 'Accepted', 'a retried start');
    assert.equal(status(request('ANN-01', { stationId: 'CP2', action: 'StartTransaction', evseId: 2, purpose: 'start' })), 'ConcurrentTx');
    assert.equal(status(request('ANN-01', { action: 'StopTransaction', transactionId: '9', purpose: 'stop' })), 'Accepted');
    const shared = new AuthService({ unknownBadges: 'refuse', allowConcurrent: true, clock: { now: () => NOW } }, store(), csms);
    assert.equal((shared.decide('ANN-01', request('ANN-01')) as { status: string }).status, 'Accepted');
  });

  it('asks the directory for a badge the tags do not know; its group is the user group; a blocked tag wins over it', async () => {
    const asked: string[] = [];
    const directory: BadgeDirectory = {
      lookup: async (badge): Promise<DirectoryAnswer> => {
        asked.push(badge);
        if (badge === 'D-100') return { found: true, badge, source: 'directory', dn: 'uid=carla,ou=people', name: 'Carla', groups: ['management', 'staff'], category: 'management' };
        if (badge === 'D-DOWN') return { found: false, badge, source: 'unreachable', reason: 'ECONNREFUSED' };
        return { found: false, badge, source: 'directory' };
      },
      close: async () => undefined,
    };
    const csms = fakeCsms();
    const auth = new AuthService({ unknownBadges: 'refuse', allowConcurrent: false, directory }, store(), csms);
    auth.start();
    const events: AuthEvent[] = [];
    auth.on('decision', (e: AuthEvent) => events.push(e));
    assert.deepEqual(await csms.authorizer!(request('D-100')), { status: 'Accepted' });
    assert.equal(csms.group!('d-100'), 'management');
    assert.match(events[0].decision.reason, /directory user Carla, group management/);
    assert.deepEqual(await csms.authorizer!(request('D-200')), { status: 'Unknown' });
    assert.match((await auth.decide('D-DOWN') as { reason: string }).reason, /directory unreachable \(ECONNREFUSED\)/);
    assert.deepEqual(csms.authorizer!(request('BOB')), { status: 'Blocked' }, 'the tag store answers at once');
    assert.deepEqual(asked, ['D-100', 'D-200', 'D-DOWN']);
    assert.throws(() => new AuthService({ unknownBadges: 'refuse', allowConcurrent: false }, store(), csms).start(), /taken/);
    await auth.stop();
    assert.equal(csms.authorizer, undefined);
  });

  it('reads the badge of each CALL in both versions and answers in each version\'s words', () => {
    assert.deepEqual(tokenOf('CP1', '1.6', 'StartTransaction', { connectorId: 2, idTag: 'A', meterStart: 0, timestamp: day(0) }),
      { stationId: 'CP1', version: '1.6', action: 'StartTransaction', idTag: 'A', evseId: 2, purpose: 'start' });
    assert.equal(tokenOf('CP1', '1.6', 'StopTransaction', { transactionId: 3, meterStop: 1, timestamp: day(0) }), undefined, 'a stop without a badge');
    assert.deepEqual(tokenOf('CP1', '2.0.1', 'TransactionEvent', {
      eventType: 'Updated', timestamp: day(0), triggerReason: 'Authorized', seqNo: 2, transactionInfo: { transactionId: 'T1' }, idToken: { idToken: 'B', type: 'ISO14443' }, evse: { id: 1 },
    }), { stationId: 'CP1', version: '2.0.1', action: 'TransactionEvent', idTag: 'B', tokenType: 'ISO14443', purpose: 'update', evseId: 1, transactionId: 'T1' });
    assert.equal(tokenOf('CP1', '2.0.1', 'Authorize', { idToken: { idToken: '', type: 'NoAuthorization' } }), undefined);
    assert.deepEqual(idTagInfo({ status: 'Unknown' }), { status: 'Invalid' });
    assert.deepEqual(idTagInfo({ status: 'ConcurrentTx', parentIdTag: 'P', expiryDate: day(1) }), { status: 'ConcurrentTx', parentIdTag: 'P', expiryDate: day(1) });
    assert.deepEqual(idTokenInfo({ status: 'Accepted', parentIdTag: 'P', expiryDate: day(1) }), { status: 'Accepted', cacheExpiryDateTime: day(1), groupIdToken: { idToken: 'P', type: 'Central' } });
  });
});

describe('auth: tag store', () => {
  it('updates partially, clears with null, ignores no-op changes, and raises the list version once per change', () => {
    const tags = new TagStore();
    const changes: number[] = [];
    tags.on('change', (c: { version: number }) => changes.push(c.version));
    tags.upsert([{ idTag: 'A', owner: 'Ann', userGroup: 'sales' }, { idTag: 'B' }]);
    assert.deepEqual(tags.upsert([{ idTag: 'a', owner: 'Ann' }]), [], 'nothing changed');
    tags.upsert([{ idTag: 'a', userGroup: null, blocked: true }]);
    assert.deepEqual(tags.get('A'), { idTag: 'A', owner: 'Ann', blocked: true });
    assert.deepEqual([changes, tags.version, tags.size], [[1, 2], 2, 2]);
    const loaded = new TagStore();
    loaded.load(tags.list(), 5);
    assert.deepEqual([loaded.version, loaded.get('b')], [5, { idTag: 'B' }]);
  });
});
