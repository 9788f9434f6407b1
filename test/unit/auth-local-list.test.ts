/** Local authorization list sync against a fake CSMS whose stations keep a list version as real ones do. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import { LocalListSync, LocalListOptions, FailedEvent, SyncedEvent } from '../../lib/auth/local-list';
import { listMessages, LocalListEntry } from '../../lib/auth/local-list-plan';
import { TagStore } from '../../lib/auth/tags';
import { CallError } from '../../lib/ocpp/errors';
import type { CommandResult } from '../../lib/ocpp/csms';
import type { NeutralCommand } from '../../lib/ocpp/commands';
import type { Payload } from '../../lib/ocpp/frames';

interface Sent { stationId: string; cmd: NeutralCommand }

/** Stations answer as the spec says unless the script answers first (returning a payload or throwing a CALLERROR). */
class FakeCsms extends EventEmitter {
  readonly sent: Sent[] = [];
  readonly connected = new Set<string>();
  /** The list version each station holds. */
  readonly lists = new Map<string, number>();
  script: (stationId: string, cmd: NeutralCommand) => Payload | undefined = () => undefined;
  /** How long an answer takes to come back; the station acts on the call at once. */
  delayMs = 0;

  isConnected(stationId: string): boolean {
    return this.connected.has(stationId);
  }

  async command(stationId: string, cmd: NeutralCommand): Promise<CommandResult> {
    this.sent.push({ stationId, cmd });
    if (!this.connected.has(stationId)) throw new CallError('NotConnected', `${stationId} is not connected`);
    let outcome: { response: Payload } | { error: unknown };
    try {
      outcome = { response: this.script(stationId, cmd) ?? this.station(stationId, cmd) };
    } catch (error) {
      outcome = { error };
    }
    if (this.delayMs) await sleep(this.delayMs);
    if ('error' in outcome) throw outcome.error;
    return { action: cmd.command, request: {}, response: outcome.response };
  }

  private station(stationId: string, cmd: NeutralCommand): Payload {
    const held = this.lists.get(stationId) ?? 0;
    if (cmd.command === 'getLocalListVersion') return { listVersion: held };
    if (cmd.command === 'clearCache') return { status: 'Accepted' };
    const version = cmd.listVersion as number;
    if (version < 1 || (cmd.updateType === 'Differential' && version <= held)) return { status: 'VersionMismatch' };
    this.lists.set(stationId, version);
    return { status: 'Accepted' };
  }

  boot(stationId: string, status = 'Accepted'): void {
    this.connected.add(stationId);
    this.emit('event', { type: 'station.connected', stationId, version: '1.6', timestamp: new Date().toISOString() });
    this.emit('event', { type: 'station.booted', stationId, version: '1.6', timestamp: new Date().toISOString(), status, vendor: 'V', model: 'M' });
  }

  drop(stationId: string): void {
    this.connected.delete(stationId);
    this.emit('event', { type: 'station.disconnected', stationId, version: '1.6', timestamp: new Date().toISOString() });
  }

  of(name: string, stationId?: string): NeutralCommand[] {
    return this.sent.filter((s) => s.cmd.command === name && (!stationId || s.stationId === stationId)).map((s) => s.cmd);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 1000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(5)) if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
}
const entriesOf = (cmd: NeutralCommand): LocalListEntry[] => cmd.entries as LocalListEntry[];
const brief = (cmd: NeutralCommand): string => `${String(cmd.updateType)}@${String(cmd.listVersion)}:${entriesOf(cmd).length}`;

describe('auth: local list sync', () => {
  let csms: FakeCsms;
  let tags: TagStore;
  const syncs: LocalListSync[] = [];
  let synced: SyncedEvent[];
  let failed: FailedEvent[];
  let warns: string[];

  function sync(options: LocalListOptions = {}): LocalListSync {
    const s = new LocalListSync(csms, tags, { chunkSize: 2, coalesceMs: 20, retryMs: 30, bootDelayMs: 0, ...options });
    s.on('synced', (e: SyncedEvent) => synced.push(e));
    s.on('failed', (e: FailedEvent) => failed.push(e));
    s.on('warn', (w: string) => warns.push(w));
    syncs.push(s);
    return s;
  }
  /** Five badges, one change each: the store is at version 5. */
  function fiveBadges(): void {
    tags.upsert([{ idTag: 'FLEET' }]);
    tags.upsert([{ idTag: 'car-1', parentId: 'fleet', validUntil: '2999-01-01T00:00:00.000Z' }]);
    tags.upsert([{ idTag: 'B2' }]);
    tags.upsert([{ idTag: 'B3', blocked: true }]);
    tags.upsert([{ idTag: 'B4', validUntil: '2000-01-01T00:00:00.000Z' }]);
  }
  async function bootedInSync(...ids: string[]): Promise<LocalListSync> {
    const s = sync();
    s.start();
    for (const id of ids) csms.boot(id);
    await until('first syncs', () => ids.every((id) => s.status()[id]?.storeVersion === tags.version));
    csms.sent.length = 0;
    synced.length = 0;
    return s;
  }

  beforeEach(() => {
    csms = new FakeCsms();
    tags = new TagStore();
    synced = [];
    failed = [];
    warns = [];
  });
  afterEach(() => syncs.splice(0).forEach((s) => s.stop()));

  it('numbers a Full so its last message ends at the store version, or counts up from 1 for a young store', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((idTag) => ({ idTag }));
    assert.deepEqual(listMessages('Full', five, 2, 9).map((m) => [m.updateType, m.listVersion, m.entries.length]), [['Full', 7, 2], ['Differential', 8, 2], ['Differential', 9, 1]]);
    assert.deepEqual(listMessages('Full', five, 2, 1).map((m) => m.listVersion), [1, 2, 3]);
    assert.deepEqual(listMessages('Full', [], 500, 0).map((m) => [m.listVersion, m.entries.length]), [[1, 0]]);
    // A differential must go above the station's version even when the store is behind it.
    assert.deepEqual(listMessages('Differential', five.slice(0, 1), 2, 4, 6).map((m) => m.listVersion), [7]);
  });

  it('sends a Full on first boot in chunks with increasing versions ending at the store version', async () => {
    fiveBadges();
    const s = sync();
    s.start();
    csms.boot('A');
    await until('synced', () => synced.length === 1);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), ['getLocalListVersion', 'sendLocalList', 'sendLocalList', 'sendLocalList']);
    assert.deepEqual(csms.of('sendLocalList').map(brief), ['Full@3:2', 'Differential@4:2', 'Differential@5:1']);
    const all = csms.of('sendLocalList').flatMap(entriesOf);
    assert.deepEqual(all, [
      { idTag: 'FLEET', status: 'Accepted' },
      { idTag: 'car-1', status: 'Accepted', expiryDate: '2999-01-01T00:00:00.000Z', parentIdTag: 'fleet' },
      { idTag: 'B2', status: 'Accepted' },
      { idTag: 'B3', status: 'Blocked' },
      { idTag: 'B4', status: 'Expired' },
    ]);
    assert.deepEqual(synced, [{ stationId: 'A', version: 5, storeVersion: 5, updateType: 'Full', entries: 5 }]);
    assert.equal(csms.lists.get('A'), 5);
    const st = s.status().A;
    assert.equal(st.version, 5);
    assert.equal(st.supported, true);
    assert.ok(st.lastSyncAt);
  });

  it('lets a station run ahead of a young store and keeps its differentials above it', async () => {
    tags.upsert(['a', 'b', 'c', 'd', 'e'].map((idTag) => ({ idTag })));
    const s = sync();
    s.start();
    csms.boot('A');
    await until('synced', () => synced.length === 1);
    assert.deepEqual(csms.of('sendLocalList').map(brief), ['Full@1:2', 'Differential@2:2', 'Differential@3:1']);
    assert.deepEqual({ version: s.status().A.version, storeVersion: s.status().A.storeVersion }, { version: 3, storeVersion: 1 });
    tags.upsert([{ idTag: 'f' }]);
    await until('differential', () => synced.length === 2);
    assert.deepEqual(csms.of('sendLocalList').slice(3).map(brief), ['Differential@4:1']);
    assert.deepEqual(failed, []);
  });

  it('sends nothing when the station already holds our version', async () => {
    fiveBadges();
    csms.lists.set('A', 5);
    const s = sync();
    s.restore({ A: { version: 5, storeVersion: 5 } });
    s.start();
    csms.boot('A');
    await until('version asked', () => csms.sent.length === 1);
    await sleep(30);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), ['getLocalListVersion']);
    // Its own earlier sync counts the same: a second boot only asks.
    csms.lists.set('B', 0);
    csms.boot('B');
    await until('B synced', () => synced.length === 1);
    csms.sent.length = 0;
    csms.boot('B');
    await sleep(30);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), ['getLocalListVersion']);
  });

  it('sends a differential of only the changed badges, blocked ones as Blocked, then clears the cache', async () => {
    fiveBadges();
    await bootedInSync('A');
    tags.upsert([{ idTag: 'b2', blocked: true }]);
    await until('differential', () => synced.length === 1 && csms.of('clearCache').length === 1);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), ['sendLocalList', 'clearCache']);
    const [diff] = csms.of('sendLocalList');
    assert.equal(brief(diff), 'Differential@6:1');
    assert.deepEqual(entriesOf(diff), [{ idTag: 'B2', status: 'Blocked' }]);
    assert.equal(csms.lists.get('A'), 6);

    // Blocking a parent refuses its children too; a new badge alone does not touch caches.
    csms.sent.length = 0;
    tags.upsert([{ idTag: 'Fleet', blocked: true }]);
    await until('parent differential', () => synced.length === 2 && csms.of('clearCache').length === 1);
    assert.deepEqual(entriesOf(csms.of('sendLocalList')[0]), [
      { idTag: 'FLEET', status: 'Blocked' },
      { idTag: 'car-1', status: 'Blocked', parentIdTag: 'fleet' },
    ]);
    csms.sent.length = 0;
    tags.upsert([{ idTag: 'new' }]);
    await until('third differential', () => synced.length === 3);
    await sleep(10);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), ['sendLocalList']);
  });

  it('names a badge alone to remove it when it leaves the list', async () => {
    fiveBadges();
    const s = sync({ entryOf: (t) => (t.owner === 'gone' ? undefined : { idTag: t.idTag, status: 'Accepted' }) });
    s.start();
    csms.boot('A');
    await until('synced', () => synced.length === 1);
    csms.sent.length = 0;
    tags.upsert([{ idTag: 'B2', owner: 'gone' }]);
    await until('differential', () => synced.length === 2);
    assert.deepEqual(csms.of('sendLocalList').map(entriesOf), [[{ idTag: 'B2' }]]);
    // It no longer lets anyone charge: the cache must forget it too.
    await until('cache cleared', () => csms.of('clearCache').length === 1);
  });

  it('coalesces a burst of changes into one differential', async () => {
    fiveBadges();
    await bootedInSync('A');
    for (let i = 0; i < 5; i++) tags.upsert([{ idTag: `N${i}` }]);
    await until('differential', () => synced.length === 1);
    await sleep(40);
    // Five entries at two per message: numbered to end at the store version, all above the station's 5.
    assert.deepEqual(csms.of('sendLocalList').map(brief), ['Differential@8:2', 'Differential@9:2', 'Differential@10:1']);
    assert.equal(synced.length, 1);
  });

  it('answers VersionMismatch with a Full', async () => {
    fiveBadges();
    const s = await bootedInSync('A');
    csms.lists.set('A', 50); // someone else sent the station a list
    tags.upsert([{ idTag: 'B2', owner: 'x' }]);
    await until('full', () => synced.length === 1);
    assert.deepEqual(csms.of('sendLocalList').map(brief), ['Differential@6:1', 'Full@4:2', 'Differential@5:2', 'Differential@6:1']);
    assert.equal(synced[0].updateType, 'Full');
    assert.equal(s.status().A.version, 6);
    assert.equal(warns.length, 1);
  });

  it('stops for a station without lists until its next boot', async () => {
    fiveBadges();
    const s = sync();
    s.start();
    csms.script = (id, cmd) => (id === 'A' && cmd.command === 'getLocalListVersion' ? { listVersion: -1 } : undefined);
    csms.boot('A');
    await until('failed', () => failed.length === 1);
    assert.equal(s.status().A.supported, false);
    // A 2.0.1 station without the feature answers with a CALLERROR instead.
    csms.script = (id, cmd) => {
      if (id === 'B' && cmd.command === 'sendLocalList') throw new CallError('NotImplemented', 'no local list');
      return undefined;
    };
    csms.boot('B');
    await until('failed', () => failed.length === 2);
    assert.equal(s.status().B.supported, false);
    csms.sent.length = 0;
    tags.upsert([{ idTag: 'B9' }]);
    await sleep(50);
    assert.deepEqual(csms.of('sendLocalList'), []);
    csms.script = () => undefined;
    csms.boot('A');
    await until('A synced after its boot', () => synced.some((e) => e.stationId === 'A'));
    assert.equal(s.status().A.supported, true);
  });

  it('retries a Failed update once, later', async () => {
    fiveBadges();
    let refusals = 2;
    csms.script = (_id, cmd) => (cmd.command === 'sendLocalList' && refusals-- > 0 ? { status: 'Failed' } : undefined);
    const s = sync();
    s.start();
    csms.boot('A');
    await until('failed', () => failed.length === 1);
    assert.equal(csms.of('sendLocalList').length, 2);
    assert.equal(warns.length, 1);
    assert.match(s.status().A.lastError ?? '', /Failed/);
    await sleep(60);
    assert.equal(csms.of('sendLocalList').length, 2, 'no second retry');
    // The next change tries again, and this time the station takes it.
    tags.upsert([{ idTag: 'B9' }]);
    await until('synced', () => synced.length === 1);
    assert.equal(synced[0].updateType, 'Full');
    assert.equal(s.status().A.lastError, undefined);
  });

  it('recovers when the one retry succeeds', async () => {
    fiveBadges();
    let refusals = 1;
    csms.script = (_id, cmd) => (cmd.command === 'sendLocalList' && refusals-- > 0 ? { status: 'Failed' } : undefined);
    sync().start();
    csms.boot('A');
    await until('synced', () => synced.length === 1);
    assert.deepEqual(failed, []);
    assert.equal(warns.length, 1);
  });

  it('keeps to the stations it is given', async () => {
    fiveBadges();
    const s = sync({ stations: ['A'] });
    s.start();
    csms.boot('A');
    csms.boot('B');
    await until('synced', () => synced.length === 1);
    tags.upsert([{ idTag: 'B2', blocked: true }]);
    await until('differential', () => synced.length === 2);
    await sleep(10);
    assert.deepEqual(csms.sent.filter((x) => x.stationId === 'B'), []);
    assert.deepEqual(Object.keys(s.status()), ['A']);
  });

  it('skips disconnected stations and sends them a Full at their next boot', async () => {
    fiveBadges();
    await bootedInSync('A', 'B');
    csms.drop('B');
    tags.upsert([{ idTag: 'B2', blocked: true }]);
    await until('A differential', () => synced.length === 1);
    await sleep(10);
    assert.deepEqual(csms.sent.map((x) => x.stationId), ['A', 'A']);
    csms.boot('B');
    await until('B full', () => synced.length === 2);
    assert.deepEqual(synced[1], { stationId: 'B', version: 6, storeVersion: 6, updateType: 'Full', entries: 5 });
  });

  it('persists station versions as plain JSON and trusts them after a restart', async () => {
    fiveBadges();
    const first = await bootedInSync('A');
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    assert.deepEqual(saved, { A: { version: 5, storeVersion: 5 } });
    first.stop();
    const second = sync();
    second.restore({ ...(saved as object), junk: { version: 'x' }, B: null });
    assert.deepEqual(Object.keys(second.status()), ['A']);
    second.start();
    csms.boot('A');
    await until('version asked', () => csms.sent.length === 1);
    await sleep(20);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), ['getLocalListVersion']);
    // Changes made while nobody watched cannot be sent as a differential.
    second.stop();
    tags.upsert([{ idTag: 'B2', owner: 'x' }]);
    const third = sync();
    third.restore(saved);
    third.start();
    tags.upsert([{ idTag: 'B3', owner: 'y' }]);
    await until('full', () => synced.length === 1);
    assert.equal(synced[0].updateType, 'Full');
  });

  it('checks again a station that reboots while its update is under way', async () => {
    fiveBadges();
    sync().start();
    let rebooted = false;
    csms.script = (id, cmd) => {
      if (cmd.command !== 'sendLocalList' || rebooted) return undefined;
      rebooted = true;
      csms.boot(id); // its boot check comes while the old connection's call is still pending
      throw new CallError('Closed', 'connection closed');
    };
    csms.delayMs = 5;
    csms.boot('A');
    await until('synced', () => synced.length === 1);
    assert.equal(failed.length, 1);
    assert.deepEqual(csms.sent.map((x) => x.cmd.command), [
      'getLocalListVersion', 'sendLocalList', 'getLocalListVersion', 'sendLocalList', 'sendLocalList', 'sendLocalList',
    ]);
    assert.equal(csms.lists.get('A'), 5);
  });

  it('stop() clears its timers and listeners', async () => {
    fiveBadges();
    csms.script = (_id, cmd) => (cmd.command === 'sendLocalList' ? { status: 'Failed' } : undefined);
    const s = sync();
    s.start();
    csms.boot('A');
    await until('warned', () => warns.length === 1);
    s.stop();
    tags.upsert([{ idTag: 'B9' }]);
    csms.boot('A');
    const before = csms.sent.length;
    await sleep(60);
    assert.equal(csms.sent.length, before);
    assert.equal(csms.listenerCount('event'), 0);
    assert.equal(tags.listenerCount('change'), 0);
  });
});
