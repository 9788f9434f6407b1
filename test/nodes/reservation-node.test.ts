import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import type { Peer } from '../support/rpc';

const nodes = ['evc-csms', 'evc-database', 'evc-reservation'].map(nodeModule);
type Msg = Record<string, any>;
const ts = () => new Date().toISOString();

describe('evc-reservation node', function () {
  this.timeout(30_000);
  const suite = nodeSuite();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-booking-'));
  const file = () => path.join(dir, `booking-${suite.port}.db`);

  async function start(extra: Msg = {}) {
    await helper.load(nodes, [
      { id: 'f1', type: 'tab', label: 'booking' },
      suite.csmsNode(),
      { id: 'db', type: 'evc-database', backend: 'sqlite', file: file(), flushMs: 10 },
      { id: 'booking', z: 'f1', x: 100, y: 100, type: 'evc-reservation', csms: 'csms', database: 'db', stations: '*', holdMin: 15, noShow: 'drop', typicalSessionMin: 60, timeZone: 'UTC', wires: [['notes'], ['answers']], ...extra },
      { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['booking'], wires: [['errors']] },
      ...['notes', 'answers', 'errors'].map((id) => ({ id, z: 'f1', x: 100, y: 100, type: 'helper' })),
    ]);
    const got: Record<string, Msg[]> = { notes: [], answers: [], errors: [] };
    for (const id of Object.keys(got)) helper.getNode(id).on('input', (m: Msg) => got[id].push(m));
    const ask = async (payload: unknown): Promise<Msg> => {
      const [answers, errors] = [got.answers.filter((m) => m.topic === 'answer').length, got.errors.length];
      helper.getNode('booking').receive({ payload });
      await waitFor(() => got.answers.filter((m) => m.topic === 'answer').length > answers || got.errors.length > errors, 5000, 'the answer');
      return got.errors.length > errors ? got.errors[errors] : got.answers.filter((m) => m.topic === 'answer')[answers];
    };
    return { got, ask };
  }

  /** A strict 1.6 station charging on connector 1, recording the reservations it receives. */
  async function busyStation(id: string, driver: string) {
    const peer: Peer = await suite.station(id, '1.6', { boot: true });
    const reserved: Msg[] = [];
    const cancelled: number[] = [];
    const log: string[] = [];
    peer.handle('ReserveNow', async ({ params }: { params?: unknown }) => { reserved.push(params as Msg); log.push(`reserve ${(params as Msg).idTag}`); return { status: 'Accepted' }; });
    peer.handle('CancelReservation', async ({ params }: { params?: unknown }) => { cancelled.push((params as Msg).reservationId); log.push('cancel'); return { status: 'Accepted' }; });
    const status = (status: string) => peer.call('StatusNotification', { connectorId: 1, status, errorCode: 'NoError', timestamp: ts() });
    const { transactionId } = await peer.call('StartTransaction', { connectorId: 1, idTag: driver, meterStart: 0, timestamp: ts() }) as Msg;
    await status('Charging');
    let current = transactionId as number;
    return {
      peer, reserved, cancelled, log, status,
      /** The session ends and the connector comes free. */
      async free(meterStop = 5000) {
        await peer.call('StopTransaction', { transactionId: current, meterStop, timestamp: ts(), reason: 'EVDisconnected' });
        await status('Available');
      },
      /** The driver plugs in with their badge, using the reservation. */
      async plug(idTag: string, reservationId?: number) {
        await status('Preparing');
        current = (await peer.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: ts(), ...(reservationId ? { reservationId } : {}) }) as Msg).transactionId;
        await status('Charging');
      },
    };
  }

  it('five drivers for two busy stations: each freed connector reserved for the next, a skip moves back one, a no-show gives way; estimates and energy reported', async () => {
    const { got, ask } = await start();
    const a = await busyStation('CPA', 'X1');
    const b = await busyStation('CPB', 'X2');
    const ids: Record<string, string> = {};
    for (const n of [1, 2, 3, 4, 5]) {
      const entry = (await ask({ join: { name: `Driver ${n}`, idTag: `D${n}`, contact: { email: `d${n}@example.com` } } })).payload;
      ids[`D${n}`] = entry.id;
      assert.equal(entry.position, n);
      assert.ok(typeof entry.estimatedWaitMin === 'number' && entry.estimatedWaitMin >= 0, `D${n} has an estimate`);
    }
    const joined = got.notes.filter((m) => m.event === 'joined');
    assert.deepEqual(joined.map((m) => m.to), ['d1@example.com', 'd2@example.com', 'd3@example.com', 'd4@example.com', 'd5@example.com']);
    assert.match(joined[0].payload, /number 1 in the queue/);
    // The later in the line, the longer the wait.
    const waits = (await ask({ queue: true })).payload.map((e: Msg) => e.estimatedWaitMin);
    assert.deepEqual([...waits].sort((x: number, y: number) => x - y), waits);
    assert.equal((await ask({ join: { idTag: 'd1' } })).error.message.replace(/^\w*Error: /, ''), 'idTag d1 is already queued');

    // D2 lets D3 go first.
    assert.equal((await ask({ skip: ids.D2 })).payload.position, 3);
    await a.free();
    await waitFor(() => a.reserved.length === 1, 5000, 'CPA reserved for D1');
    assert.deepEqual([a.reserved[0].connectorId, a.reserved[0].idTag], [1, 'D1']);
    assert.ok(Date.parse(a.reserved[0].expiryDate) - Date.now() > 14 * 60_000, 'held for 15 min');
    const offer = got.notes.find((m) => m.event === 'offer')!;
    assert.deepEqual([offer.to, offer.topic], ['d1@example.com', 'Your charging point is ready']);
    assert.match(offer.payload, /charging point CPA \(connector 1\) is held for you until \d\d:\d\d/);
    await a.status('Reserved');
    await a.plug('D1', a.reserved[0].reservationId);
    await waitFor(() => got.answers.some((m) => m.topic === 'reservation/Used'), 5000, 'the reservation used');

    await b.free();
    await waitFor(() => b.reserved.length === 1, 5000, 'CPB reserved for the next');
    assert.equal(b.reserved[0].idTag, 'D3', 'D3 went ahead of D2');
    // D3 leaves: the reservation is cancelled and CPB goes to D2.
    await ask({ leave: ids.D3 });
    await waitFor(() => b.cancelled.length === 1 && b.reserved.length === 2, 5000, 'cancelled, then reserved for D2');
    assert.deepEqual(b.log, ['reserve D3', 'cancel', 'reserve D2'], 'one reservation on the connector at a time');
    assert.deepEqual([b.cancelled[0], b.reserved[1].idTag], [b.reserved[0].reservationId, 'D2']);

    // D1's charge completes: 7 kWh, told and reported.
    await a.free(7000);
    await waitFor(() => got.notes.some((m) => m.event === 'completed'), 5000, 'the completion');
    assert.match(got.notes.find((m) => m.event === 'completed')!.payload, /7 kWh/);
    const report = (await ask({ report: true })).payload;
    assert.deepEqual(report.map((r: Msg) => [r.idTag, r.stationId, r.energyWh]), [['D1', 'CPA', 7000]]);
    // CPA is free again: D4 is next.
    await waitFor(() => a.reserved.length === 2, 5000, 'CPA reserved for D4');
    assert.equal(a.reserved[1].idTag, 'D4');
    const view = (await ask({ view: true })).payload;
    assert.deepEqual(view.connectors.map((c: Msg) => [c.stationId, c.evseId, c.reservation?.idTag]), [['CPA', 1, 'D4'], ['CPB', 1, 'D2']]);
    assert.deepEqual(view.queue.filter((e: Msg) => e.state !== 'charging').map((e: Msg) => [e.idTag, e.state]), [['D2', 'offered'], ['D4', 'offered'], ['D5', 'waiting']]);
  });

  it('reserves and cancels by msg in both versions, and says why a station refused', async () => {
    const { got, ask } = await start();
    const cs = await suite.station('CS1', '2.0.1', { boot: true });
    const asked: Msg[] = [];
    let answer = 'Accepted';
    cs.handle('ReserveNow', async ({ params }: { params?: unknown }) => { asked.push(params as Msg); return { status: answer }; });
    cs.handle('CancelReservation', async () => ({ status: 'Accepted' }));
    const held = (await ask({ reserve: { stationId: 'CS1', evseId: 1, idTag: 'VIP', minutes: 30 } })).payload;
    assert.deepEqual([held.status, asked[0].id, asked[0].evseId, asked[0].idToken], ['Accepted', held.id, 1, { idToken: 'VIP', type: 'ISO14443' }]);
    assert.deepEqual((await ask({ reservations: true, held: true })).payload.map((r: Msg) => r.id), [held.id]);
    // A 2.0.1 station says when it expires.
    await cs.call('ReservationStatusUpdate', { reservationId: held.id, reservationUpdateStatus: 'Expired' });
    await waitFor(() => got.answers.some((m) => m.topic === 'reservation/Expired'), 5000, 'expired');
    assert.match((await ask({ cancel: held.id })).error.message, /no reservation \d+ is held/);
    answer = 'Occupied';
    const refused = await ask({ reserve: { stationId: 'CS1', evseId: 1, idTag: 'VIP', minutes: 30 } });
    assert.deepEqual([refused.error.code, refused.error.message.replace(/^\w*Error: /, '')], ['Refused', 'CS1 refused the reservation: Occupied']);
    const ids = asked.map((r) => r.id);
    assert.ok(ids[1] > ids[0], 'ids grow');
    // The archive keeps how it ended.
    const archived = () => {
      const db = new Database(file(), { readonly: true });
      try {
        return db.prepare('SELECT reservation_id AS id, id_tag AS idTag, status FROM reservations').all() as Msg[];
      } finally {
        db.close();
      }
    };
    await waitFor(() => archived().some((r) => r.id === held.id && r.status === 'Expired'), 5000, 'the reservation archived as expired');
    assert.equal(archived().find((r) => r.id === held.id)!.idTag, 'VIP');
    for (const [payload, reason] of [
      [{ reserve: { stationId: 'CS1', evseId: 1, idTag: 'VIP' } }, /minutes from 1 to 1440/],
      [{ reserve: { stationId: 'CS1', evseId: -1, idTag: 'VIP', minutes: 5 } }, /evseId must be a connector number/],
      [{ skip: 'nobody' }, /no entry nobody/],
      [{ join: { idTag: 'X', contact: { email: 'not-an-address' } } }, /contact.email is not an e-mail address/],
      ['hello', /msg.payload must be/],
    ] as const) {
      assert.match((await ask(payload)).error.message, reason);
    }
  });
});
