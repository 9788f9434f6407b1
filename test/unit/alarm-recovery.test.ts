import assert from 'node:assert/strict';
import { AlarmBoard } from '../../lib/alarms/board';
import { FaultRecovery, ResetRequest } from '../../lib/alarms/fault-recovery';
import type { Alarm, AlarmCondition } from '../../lib/alarms/model';
import { ManualClock } from '../../lib/continuity/clock';
import { AlarmService } from '../../lib/alarms/service';
import { EventEmitter } from 'events';

const MIN = 60_000;
const settle = () => new Promise((resolve) => setImmediate(resolve));

function rig(options: { maxResetsPerDay?: number; manual?: boolean } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 8));
  const board = new AlarmBoard({ clock, deadBandMs: 0 });
  const resets: string[] = [];
  const recovery = new FaultRecovery({
    modeOf: () => (options.manual ? 'manual' : 'auto'),
    reset: async (r: ResetRequest) => { resets.push(`${r.stationId} ${r.type}`); return 'Accepted'; },
  }, { softAfterMin: 5, hardAfterMin: 10, verifyMin: 10, maxResetsPerDay: options.maxResetsPerDay ?? 3 }, clock);
  board.on('condition', (a: Alarm) => recovery.observe(a));
  recovery.on('condition', (c: AlarmCondition) => board.report(c));
  const fault = (active: boolean, evseId = 1) => board.report({ type: 'fault', stationId: 'CP1', evseId, active });
  const step = async (minutes: number) => { clock.advance(minutes * MIN); await settle(); };
  return { board, resets, fault, step, clock };
}

describe('alarms: automatic recovery of a faulted station', () => {
  it('soft reset, then hard reset, then an alarm when the station stays faulted; the alarm returns when it recovers', async () => {
    const { board, resets, fault, step } = rig();
    fault(true);
    fault(true, 2);
    await step(4.9);
    assert.deepEqual(resets, []);
    await step(0.1);
    assert.deepEqual(resets, ['CP1 Soft']);
    await step(10);
    assert.deepEqual(resets, ['CP1 Soft', 'CP1 Hard']);
    await step(10);
    assert.deepEqual([board.get('CP1/0/recovery')?.state, board.get('CP1/0/recovery')?.message],
      ['unacknowledged', 'automatic recovery failed: still faulted after a soft and a hard reset']);
    fault(false);
    assert.equal(board.get('CP1/0/recovery')?.state, 'unacknowledged', 'one connector still faulted');
    fault(false, 2);
    assert.equal(board.get('CP1/0/recovery')?.state, 'returned');
  });

  it('a station that recovers after the soft reset gets no hard reset', async () => {
    const { resets, fault, step, clock } = rig();
    fault(true);
    await step(5);
    fault(false);
    await step(30);
    assert.deepEqual(resets, ['CP1 Soft']);
    assert.equal(clock.size, 0);
  });

  it('keeps to its daily budget, and leaves a station in manual mode to people', async () => {
    const limited = rig({ maxResetsPerDay: 1 });
    limited.fault(true);
    await limited.step(5);
    await limited.step(10);
    assert.deepEqual(limited.resets, ['CP1 Soft']);
    assert.match(limited.board.get('CP1/0/recovery')!.message, /1 resets in the last 24 h: no more today/);
    const manual = rig({ manual: true });
    manual.fault(true);
    await manual.step(5);
    assert.deepEqual(manual.resets, []);
    assert.match(manual.board.get('CP1/0/recovery')!.message, /manual mode/);
  });
});

describe('alarms: the archive database spooling', () => {
  it('is an alarm while the database fails, back to normal once it recovers, and not watched once stopped', () => {
    const db = new EventEmitter();
    const service = new AlarmService({ rules: [], language: 'en', board: { deadBandMs: 0 } });
    const unwatch = service.watchArchive(db);
    db.emit('spooling', 'ECONNREFUSED');
    assert.deepEqual([service.board.get('-/0/archive')?.state, service.board.get('-/0/archive')?.priority], ['unacknowledged', 1]);
    assert.match(service.board.get('-/0/archive')!.message, /records spooled to disk: ECONNREFUSED/);
    db.emit('recovered');
    assert.equal(service.board.get('-/0/archive')?.state, 'returned');
    unwatch();
    assert.equal(db.listenerCount('spooling') + db.listenerCount('recovered'), 0);
    service.stop();
  });
});
