import assert from 'node:assert/strict';
import { PowerAllocator, LiveSession } from '../../lib/allocation/allocator';
import type { EvseNode, Site } from '../../lib/allocation/tree';
import { siteFromJson } from '../../lib/allocation/site-json';
import { limitCommand, liveSessions } from '../../lib/allocation/csms-link';
import { needFromMessage, NeedStore } from '../../lib/allocation/needs';

const evse = (id: string): EvseNode => ({ kind: 'evse', id, gridPhases: [1, 2, 3], maxA: 32, minA: 6 });
const site = (): Site => ({ voltageV: 230, root: { kind: 'group', id: 'site', limitA: 32, children: [{ kind: 'group', id: 'feeder', limitA: 63, children: [evse('a'), evse('b')] }] } });
const live = (entries: Array<[string, LiveSession]>) => new Map(entries);
const changes = (r: ReturnType<PowerAllocator['recompute']>) => r.changes.map((c) => [c.evse, Math.round(c.limitA * 100) / 100, c.decrease]);

describe('allocation: the allocator between recomputations', () => {
  it('tells a new session its limit, sends every decrease first, and an increase only above the threshold', () => {
    const allocator = new PowerAllocator(site(), { thresholdA: 1 });
    assert.deepEqual(changes(allocator.recompute(live([['a', { transactionId: '1' }]]))), [['a', 32, false]]);
    // b arrives: a comes down before b is given its share.
    assert.deepEqual(changes(allocator.recompute(live([['a', { transactionId: '1' }], ['b', { transactionId: '2' }]]))), [['a', 16, true], ['b', 16, false]]);
    // A site meter says only 31 A are left: half an ampere less each, sent although below the threshold.
    allocator.setExternalLimit('site', { limitA: 31 });
    const tight = allocator.recompute(live([['a', { transactionId: '1' }], ['b', { transactionId: '2' }]]));
    assert.deepEqual(changes(tight), [['a', 15.5, true], ['b', 15.5, true]]);
    assert.deepEqual(tight.groups.find((g) => g.id === 'site/L1'), { id: 'site/L1', limit: 31, load: 31, headroom: 0 });
    // Lifted: half an ampere more each is not worth a message.
    allocator.setExternalLimit('site', {});
    assert.deepEqual(changes(allocator.recompute(live([['a', { transactionId: '1' }], ['b', { transactionId: '2' }]]))), []);
    // a leaves: b gets it all.
    assert.deepEqual(changes(allocator.recompute(live([['b', { transactionId: '2' }]]))), [['b', 32, false]]);
  });

  it('gives what a tapering EV does not draw to the others, and gives it back step by step', () => {
    const allocator = new PowerAllocator(site(), { thresholdA: 1, rampMarginA: 1 });
    const both = (measuredA?: number) => live([['a', { transactionId: '1', measuredA }], ['b', { transactionId: '2' }]]);
    allocator.recompute(both());
    assert.deepEqual(changes(allocator.recompute(both(8))), [['a', 9, true], ['b', 23, false]]);
    // It draws near its limit again: one margin more each time.
    assert.deepEqual(changes(allocator.recompute(both(8.5))), [['b', 22, true], ['a', 10, false]]);
    const r = allocator.recompute(both(9.6));
    assert.deepEqual(r.evses.map((e) => [e.id, e.limitA]), [['a', 11], ['b', 21]]);
  });

  it('refuses a live limit on a group the tree does not have', () => {
    assert.throws(() => new PowerAllocator(site()).setExternalLimit('nope', { limitA: 10 }), /no group nope/);
  });
});

describe('allocation: the site tree as people write it', () => {
  it('reads groups and EVSEs with their defaults, and says what is wrong where', () => {
    const site = siteFromJson(JSON.stringify({ root: { id: 'site', limitA: [63, 63, 40], limitW: 30_000, children: [{ station: 'CP1' }, { id: 'wall', station: 'CP2', evse: 2, phases: [3], maxA: 16, minA: 8 }] } }));
    assert.equal(site.voltageV, 230);
    assert.deepEqual(site.root, {
      kind: 'group', id: 'site', limitA: [63, 63, 40], limitW: 30_000, children: [
        { kind: 'evse', id: 'CP1/1', station: { id: 'CP1', evse: 1 }, gridPhases: [1, 2, 3], maxA: 32, minA: 6 },
        { kind: 'evse', id: 'wall', station: { id: 'CP2', evse: 2 }, gridPhases: [3], maxA: 16, minA: 8 },
      ],
    });
    const bad = (text: string, pattern: RegExp) => assert.throws(() => siteFromJson(text), pattern);
    bad('{', /not JSON/);
    bad('{"root": {"id": "s", "children": [{"id": "x"}]}}', /x has neither children \(a group\) nor a station/);
    bad('{"root": {"id": "s", "limitA": [1, 2], "children": []}}', /limitA per phase needs three values/);
    bad('{"root": {"id": "s", "children": [{"station": "CP1", "evse": 0}]}}', /evse must be an EVSE number from 1/);
    bad('{"root": {"station": "CP1"}}', /root of the site tree is a group/);
  });

  it('carries a limit to its station as a Tx profile, rounded down to a tenth', () => {
    const site = siteFromJson({ root: { id: 'site', children: [{ station: 'CP1' }, { station: 'CP2', evse: 2 }] } });
    const change = { evse: 'CP2/2', transactionId: '41', limitA: 10.66, limitW: 10.66 * 690, decrease: true };
    assert.deepEqual(limitCommand(site, change), { stationId: 'CP2', command: {
      command: 'setChargingProfile', evseId: 2,
      profile: { id: 5001, stackLevel: 5, purpose: 'Tx', kind: 'Relative', transactionId: '41', schedule: { unit: 'A', periods: [{ start: 0, limit: 10.6 }] } },
    } });
    const byPower = limitCommand(site, { ...change, transactionId: undefined }, { unit: 'W', stackLevel: 3, firstProfileId: 100 })!;
    assert.deepEqual((byPower.command.profile as Record<string, unknown>).purpose, 'TxDefault');
    assert.deepEqual((byPower.command.profile as { schedule: { periods: unknown[] } }).schedule.periods, [{ start: 0, limit: 7355.4 }]);
  });

  it('reads what a session needs: energy left since it was given, a target state of charge, pre-conditioning, one transaction only', () => {
    const needs = new NeedStore();
    const now = Date.parse('2026-11-30T08:00:00Z');
    needs.set('a', { departureMs: now + 3600_000, energyWh: 10_000, preconditionW: 3000, preconditionS: 900 });
    // Given before the transaction: it binds to the next one, from what it had delivered then.
    assert.deepEqual(needs.read('a', { transactionId: 't1', energyWh: 1000 }, now), { departureS: 3600, energyWh: 10_000 });
    assert.deepEqual(needs.read('a', { transactionId: 't1', energyWh: 4000 }, now + 3000_000), { departureS: 600, energyWh: 7000, floorW: 3000 });
    assert.equal(needs.read('a', { transactionId: 't2', energyWh: 0 }, now), undefined, 'the next transaction starts without');
    assert.equal(needs.read('a', { transactionId: 't2', energyWh: 0 }, now), undefined);
    needs.set('b', { departureMs: now + 7200_000, targetSocPercent: 80, batteryWh: 60_000, transactionId: 't3' });
    assert.deepEqual(needs.read('b', { transactionId: 't3', socPercent: 50 }, now), { departureS: 7200, energyWh: 18_000 });
    assert.equal(needFromMessage({ departure: '2026-11-30T07:00:00Z', energyWh: 1 }, now), 'departure 2026-11-30T07:00:00.000Z is not in the future');
    assert.match(String(needFromMessage({ departure: now + 1000, energyWh: -1 }, now)), /energyWh must be a number/);
    assert.match(String(needFromMessage({ departure: now + 1000 }, now)), /give energyWh/);
    assert.deepEqual(needFromMessage({ departure: now + 1000, energyWh: 5 }, now), { departureMs: now + 1000, energyWh: 5 });
  });

  it('gives the sessions of a CSMS their needs, and pre-conditioning as a minimum', () => {
    const s = siteFromJson(JSON.stringify({ voltageV: 230, root: { id: 'site', limitA: 32, children: [{ station: 'CP1', evse: 1 }] } }));
    const needs = new NeedStore();
    const now = Date.now();
    needs.set('CP1/1', { departureMs: now + 600_000, energyWh: 2000, preconditionW: 2300, preconditionS: 900 });
    const station = { identity: 'CP1', connected: true, connectors: [], meter: {}, transactions: [{ transactionId: '7', connectorId: 1, startedAt: '', energyWh: 500, updatedAt: '' }] };
    const session = liveSessions(s, [station], needs, now).get('CP1/1')!;
    assert.equal(session.departureS, 600);
    assert.equal(session.energyWh, 2000);
    assert.ok(Math.abs(session.minA! - 2300 / (230 * 3)) < 1e-9);
  });
});
