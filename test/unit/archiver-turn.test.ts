/**
 * The archiver journals per turn of the event loop: the records of every call read in one turn go to the journal in
 * one write, before the first answer of the turn leaves, and before whatever a later listener of an event scheduled.
 * The CSMS is a bare emitter here, so several calls can be made to land in one turn.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import type WebSocket from 'ws';
import { CsmsArchiver } from '../../lib/archive/archiver';
import type { ArchiveDatabase } from '../../lib/archive/database';
import type { ArchiveRecord } from '../../lib/archive/records';
import type { Csms, Exchange } from '../../lib/ocpp/csms';
import type { OcppEvent } from '../../lib/ocpp/events';
import { post } from '../../lib/ocpp/outbox';

const AT = '2026-11-30T08:00:00.000Z';
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function heartbeat(stationId: string): OcppEvent {
  return { type: 'station.heartbeat', stationId, version: '1.6', timestamp: AT } as OcppEvent;
}

function exchange(stationId: string, messageId: string): Exchange {
  return {
    stationId, version: '1.6', origin: 'station', action: 'Heartbeat', messageId, request: {}, response: { currentTime: AT }, at: AT, answeredAt: AT,
  };
}

describe('CSMS archiver: one journal write per turn', () => {
  let csms: EventEmitter;
  let archiver: CsmsArchiver;
  let log: string[];

  const socket = (name: string): WebSocket => ({ readyState: 1, send: (frame: string) => log.push(`${name} answered ${frame}`) }) as unknown as WebSocket;

  /** What a station's call does on the CSMS: its events, its exchange, then its answer into the outbox. */
  function call(stationId: string, messageId: string): void {
    csms.emit('event', heartbeat(stationId));
    csms.emit('exchange', exchange(stationId, messageId));
    post(socket(stationId), messageId);
  }

  beforeEach(() => {
    log = [];
    csms = new EventEmitter();
    const db = {
      push: (records: readonly ArchiveRecord[]) => {
        log.push(`journal ${records.map((r) => `${r.kind}:${r.kind === 'message' ? r.messageId : r.kind === 'station' ? r.stationId : '?'}`).join(' ')}`);
      },
    } as unknown as ArchiveDatabase;
    archiver = new CsmsArchiver(csms as unknown as Csms, db, { restore: false, reapply: false, retentionDays: 0 });
    archiver.attach();
  });

  afterEach(() => archiver.detach());

  it('journals every call of a turn in one write, before any of their answers leaves', async () => {
    call('CP1', 'a');
    call('CP2', 'b');
    assert.deepEqual(log, [], 'nothing is written while the turn reads its calls');
    await nextTurn();
    assert.deepEqual(log, [
      'journal station:CP1 message:a station:CP2 message:b',
      'CP1 answered a',
      'CP2 answered b',
    ]);
    call('CP1', 'c');
    await nextTurn();
    assert.deepEqual(log.slice(3), ['journal station:CP1 message:c', 'CP1 answered c'], 'the next turn has its own write');
  });

  it('journals before the answers even when a frame of the turn was posted before any record', async () => {
    post(socket('CP9'), 'x');
    call('CP1', 'a');
    await nextTurn();
    assert.deepEqual(log, ['journal station:CP1 message:a', 'CP9 answered x', 'CP1 answered a']);
  });

  it('journals an event no answer follows before what a listener added earlier scheduled in reaction', async () => {
    csms.on('event', (e: OcppEvent) => setImmediate(() => log.push(`flow saw ${e.stationId}`)));
    archiver.detach();
    archiver.attach();
    csms.emit('event', heartbeat('CP3'));
    await nextTurn();
    await nextTurn();
    assert.deepEqual(log, ['journal station:CP3', 'flow saw CP3']);
  });

  it('writes what it holds when detached, and then no longer holds answers back', async () => {
    csms.emit('event', heartbeat('CP4'));
    archiver.detach();
    assert.deepEqual(log, ['journal station:CP4']);
    csms.emit('exchange', exchange('CP4', 'z'));
    post(socket('CP4'), 'z');
    await nextTurn();
    assert.deepEqual(log, ['journal station:CP4', 'CP4 answered z']);
    archiver.attach();
  });
});
