import assert from 'node:assert/strict';
import { AlarmBoard } from '../../lib/alarms/board';
import type { Alarm, AlarmCondition, AlarmTransition } from '../../lib/alarms/model';
import { ManualClock } from '../../lib/continuity/clock';

const T0 = Date.UTC(2026, 11, 1, 8);
const fault = (stationId: string, active: boolean, over: Partial<AlarmCondition> = {}): AlarmCondition => ({
  type: 'fault', stationId, evseId: 1, active, ...(active ? { errorCode: 'GroundFailure', message: 'connector 1 faulted: GroundFailure' } : {}), ...over,
});

function board(options: { deadBandMs?: number; floodPerMinute?: number } = {}) {
  const clock = new ManualClock(T0);
  const b = new AlarmBoard({ clock, deadBandMs: options.deadBandMs ?? 0, floodPerMinute: options.floodPerMinute ?? 10 });
  const seen: AlarmTransition[] = [];
  b.on('transition', (t: AlarmTransition) => seen.push(t));
  const moves = () => seen.map((t) => `${t.alarm.id} ${t.from}>${t.to} ${t.cause}`);
  return { b, clock, seen, moves };
}

describe('alarms: states (ISA-18.2)', () => {
  it('active, acknowledged, back to normal; or back first, then acknowledged; and again when it comes back', () => {
    const { b, moves, seen } = board();
    b.report(fault('CP1', true));
    assert.equal(b.acknowledge('CP1/1/fault', 'ana').constructor, Object);
    b.report(fault('CP1', false));
    b.report(fault('CP1', true));
    b.report(fault('CP1', false));
    b.acknowledge('CP1/1/fault');
    assert.deepEqual(moves(), [
      'CP1/1/fault normal>unacknowledged raise', 'CP1/1/fault unacknowledged>acknowledged acknowledge', 'CP1/1/fault acknowledged>normal clear',
      'CP1/1/fault normal>unacknowledged raise', 'CP1/1/fault unacknowledged>returned clear', 'CP1/1/fault returned>normal acknowledge',
    ]);
    assert.deepEqual([seen[1].by, seen[1].alarm.acknowledgedBy, seen[0].alarm.errorCode, seen[0].alarm.priority], ['ana', 'ana', 'GroundFailure', 2]);
    assert.equal(b.get('CP1/1/fault')!.count, 2);
    assert.deepEqual(b.list(), [], 'nothing left to show');
    assert.match(b.acknowledge('CP1/1/fault') as string, /normal: there is nothing to acknowledge/);
    assert.match(b.acknowledge('nope') as string, /no alarm nope/);
  });

  it('a momentary condition is owed an acknowledgement but never stays active', () => {
    const { b, moves } = board({ deadBandMs: 10_000 });
    b.report({ type: 'security', stationId: 'CP1', code: 'TamperDetectionActivated', active: true, momentary: true });
    assert.deepEqual(moves(), ['CP1/0/security/TamperDetectionActivated normal>unacknowledged raise', 'CP1/0/security/TamperDetectionActivated unacknowledged>returned clear']);
    assert.deepEqual(b.list().map((a) => [a.state, a.priority]), [['returned', 1]]);
  });

  it('shelves an alarm for a while: it comes back as its condition is then, or earlier when unshelved', () => {
    const { b, clock, moves } = board();
    b.report(fault('CP1', true));
    const shelved = b.shelve('CP1/1/fault', 30, 'bob');
    assert.equal(typeof shelved === 'object' && shelved.alarm.shelvedUntil, new Date(T0 + 30 * 60_000).toISOString());
    b.report(fault('CP1', false));
    clock.advance(30 * 60_000);
    assert.deepEqual(moves().slice(1), ['CP1/1/fault unacknowledged>shelved shelve', 'CP1/1/fault shelved>returned shelf-expired']);
    b.report(fault('CP1', true));
    b.shelve('CP1/1/fault', 60);
    b.unshelve('CP1/1/fault', 'bob');
    assert.deepEqual(moves().slice(-2), ['CP1/1/fault unacknowledged>shelved shelve', 'CP1/1/fault shelved>unacknowledged unshelve']);
    assert.match(b.shelve('CP1/1/fault', 0) as string, /minutes above 0/);
    assert.match(b.unshelve('CP1/1/fault') as string, /not shelved/);
    assert.equal(clock.size, 0, 'no timer left behind');
  });

  it('a shelved or suppressed alarm keeps what it resumes as, and tells of its condition meanwhile (held)', () => {
    const { b, moves } = board();
    const held: string[] = [];
    b.on('held', (a: Alarm, cause: string) => held.push(`${a.id} ${a.state} ${cause} ${a.active} ${a.resumesAs}`));
    b.report(fault('CP1', true));
    b.acknowledge('CP1/1/fault');
    b.shelve('CP1/1/fault', 30);
    assert.equal(b.get('CP1/1/fault')!.resumesAs, 'acknowledged');
    b.report(fault('CP1', false));
    b.report(fault('CP1', true));
    assert.deepEqual(held, ['CP1/1/fault shelved clear false normal', 'CP1/1/fault shelved raise true unacknowledged']);
    b.unshelve('CP1/1/fault');
    assert.equal(moves().at(-1), 'CP1/1/fault shelved>unacknowledged unshelve');
    assert.equal(b.get('CP1/1/fault')!.resumesAs, undefined);
  });

  it('restores alarms as the journal left them: a shelf runs out at its time or at once, a suppression ends', () => {
    const { b, clock, moves } = board();
    const base = { type: 'fault', stationId: 'CP1', priority: 2 as const, message: 'm', count: 1, updatedAt: new Date(T0).toISOString() };
    b.report(fault('CP9', true));
    b.restore([
      { ...base, id: 'CP1/1/fault', evseId: 1, state: 'shelved', active: true, resumesAs: 'acknowledged', shelvedUntil: new Date(T0 + 10 * 60_000).toISOString() },
      { ...base, id: 'CP1/2/fault', evseId: 2, state: 'shelved', active: false, resumesAs: 'returned', shelvedUntil: new Date(T0 - 60_000).toISOString() },
      { ...base, id: 'CP1/3/fault', evseId: 3, state: 'suppressed', active: true, resumesAs: 'acknowledged' },
      { ...base, id: 'CP9/1/fault', evseId: 1, state: 'acknowledged', active: true },
    ]);
    assert.deepEqual(moves().slice(1), ['CP1/2/fault shelved>returned shelf-expired', 'CP1/3/fault suppressed>acknowledged unsuppress']);
    assert.equal(b.get('CP9/1/fault')!.state, 'unacknowledged', 'an alarm already back is kept as it is');
    clock.advance(10 * 60_000);
    assert.equal(moves().at(-1), 'CP1/1/fault shelved>acknowledged shelf-expired');
    assert.equal(clock.size, 0);
  });

  it('a station that goes offline is one alarm: the others are suppressed until it is back, then shown as they stand', () => {
    const { b, moves } = board();
    b.report(fault('CP1', true));
    b.report(fault('CP1', true, { evseId: 2 }));
    b.acknowledge('CP1/2/fault');
    b.report({ type: 'communication', stationId: 'CP1', active: true });
    b.suppressStation('CP1', true, 'communication');
    b.report(fault('CP1', true, { evseId: 3 }));
    assert.deepEqual(b.list().map((a) => [a.id, a.state]).sort(), [
      ['CP1/0/communication', 'unacknowledged'], ['CP1/1/fault', 'suppressed'], ['CP1/2/fault', 'suppressed'], ['CP1/3/fault', 'suppressed'],
    ]);
    // Back: its first connector recovered meanwhile, the second is still faulted and was acknowledged.
    b.report(fault('CP1', false));
    b.report({ type: 'communication', stationId: 'CP1', active: false });
    b.suppressStation('CP1', false);
    assert.deepEqual(Object.fromEntries(b.list().map((a) => [a.id, a.state])), {
      'CP1/0/communication': 'returned', 'CP1/1/fault': 'returned', 'CP1/2/fault': 'acknowledged', 'CP1/3/fault': 'unacknowledged',
    });
    assert.ok(moves().includes('CP1/2/fault suppressed>acknowledged unsuppress'));
  });
});

describe('alarms: dampers', () => {
  it('holds a cleared condition for the dead-band: a chattering fault is one activation', () => {
    const { b, clock, moves } = board({ deadBandMs: 10_000 });
    for (let i = 0; i < 5; i++) {
      b.report(fault('CP1', true));
      clock.advance(3000);
      b.report(fault('CP1', false));
      clock.advance(3000);
    }
    assert.deepEqual(moves(), ['CP1/1/fault normal>unacknowledged raise']);
    assert.equal(b.get('CP1/1/fault')!.count, 1);
    clock.advance(10_000);
    assert.deepEqual(moves().slice(1), ['CP1/1/fault unacknowledged>returned clear']);
  });

  it('past the flood cap, a station\'s next alarms are held behind one flood alarm and announced once it calms down', () => {
    const { b, clock, moves } = board({ floodPerMinute: 3 });
    for (let evse = 1; evse <= 6; evse++) b.report(fault('CP1', true, { evseId: evse }));
    b.report(fault('CP2', true));
    const states = () => Object.fromEntries(b.list().map((a) => [a.id, a.state]));
    assert.deepEqual(states(), {
      'CP1/1/fault': 'unacknowledged', 'CP1/2/fault': 'unacknowledged', 'CP1/3/fault': 'unacknowledged', 'CP1/0/flood': 'unacknowledged',
      'CP1/4/fault': 'suppressed', 'CP1/5/fault': 'suppressed', 'CP1/6/fault': 'suppressed', 'CP2/1/fault': 'unacknowledged',
    });
    b.report(fault('CP1', false, { evseId: 5 }));
    clock.advance(60_000);
    assert.deepEqual(states(), {
      'CP1/1/fault': 'unacknowledged', 'CP1/2/fault': 'unacknowledged', 'CP1/3/fault': 'unacknowledged', 'CP1/0/flood': 'returned',
      'CP1/4/fault': 'unacknowledged', 'CP1/5/fault': 'returned', 'CP1/6/fault': 'unacknowledged', 'CP2/1/fault': 'unacknowledged',
    });
    assert.equal(moves().filter((m) => m.includes('flood')).length, 2);
  });

  it('a storm of 100 stations faulting and recovering 10 times a minute stays 100 alarms with a dead-band', () => {
    const { b, clock, seen } = board({ deadBandMs: 10_000 });
    for (let tick = 0; tick < 20; tick++) {
      for (let s = 0; s < 100; s++) b.report(fault(`CP${s}`, tick % 2 === 0));
      clock.advance(3000);
    }
    assert.equal(seen.length, 100);
    assert.equal(b.list().length, 100);
  });
});
