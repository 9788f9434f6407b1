import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { sessionsCsv } from '../../lib/reporting/csv';
import { PointMapper, qualichargeId, QUALICHARGE_ID } from '../../lib/reporting/ids';
import { Journal } from '../../lib/reporting/journal';
import { classifyError, classifyResponse } from '../../lib/reporting/outcome';
import { TransportError } from '../../lib/reporting/http';
import { mapOcppStatus, sessionFromRow } from '../../lib/reporting/records';
import { backoffDelay, daily, lastSlot, nextSlot } from '../../lib/reporting/schedule';
import { stateFileStore } from '../../lib/reporting/store';
import { Harness, POINTS, T0 } from '../support/reporting-setup';
import { closed, row } from '../support/reporting-sim';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('reporting: records, ids, schedule, outcomes', () => {
  it('maps station/EVSE to the AFIREV id, falls back to the OCPP identity, strips separators for QualiCharge', () => {
    const mapper = new PointMapper(POINTS);
    assert.equal(mapper.idPdc('CP01', 2), 'FREVC*ECP01*2');
    assert.equal(mapper.idPdc('CP02', 7), 'FREVC*ECP02*1', 'a station-level entry covers its EVSEs');
    assert.equal(mapper.idPdc('CP03', 1), 'CP03');
    assert.equal(new PointMapper({ fallback: 'station-evse' }).idPdc('CP03', 2), 'CP03-2');
    assert.equal(qualichargeId('FREXG*E72100HOTELGARE*01'), 'FREXGE72100HOTELGARE01');
    assert.ok(QUALICHARGE_ID.test(qualichargeId('FREXG*E72100HOTELGARE*01')));
    assert.ok(!QUALICHARGE_ID.test(qualichargeId('CP03')));
  });

  it('maps OCPP 1.6 and 2.0.1 connector statuses to QualiCharge enums, never occupe with hors_service', () => {
    const cases: Array<[string, string, string]> = [
      ['Available', 'en_service', 'libre'], ['Preparing', 'en_service', 'occupe'], ['Charging', 'en_service', 'occupe'],
      ['SuspendedEV', 'en_service', 'occupe'], ['SuspendedEVSE', 'en_service', 'occupe'], ['Finishing', 'en_service', 'occupe'],
      ['Occupied', 'en_service', 'occupe'], ['Reserved', 'en_service', 'reserve'], ['Unavailable', 'hors_service', 'inconnu'],
      ['Faulted', 'hors_service', 'inconnu'], ['Whatever', 'inconnu', 'inconnu'],
    ];
    for (const [ocpp, etat, occupation] of cases) assert.deepEqual(mapOcppStatus(ocpp), { etatPdc: etat, occupationPdc: occupation }, ocpp);
  });

  it('builds a session from a closed transaction, names what is missing otherwise', () => {
    const mapper = new PointMapper(POINTS);
    const ok = sessionFromRow(closed('CP01', 1, '9', T0, HOUR, 4_200), mapper);
    assert.deepEqual(ok, { record: {
      kind: 'session', id: 'CP01/9', stationId: 'CP01', evseId: 1, transactionId: '9', idPdc: 'FREVC*ECP01*1',
      start: new Date(T0).toISOString(), end: new Date(T0 + HOUR).toISOString(), energyWh: 4_200, meterStartWh: 10_000, meterStopWh: 14_200,
    } });
    const fromMeters = sessionFromRow({ ...closed('CP01', 1, '10', T0, HOUR, 0), energyWh: null, meterStartWh: 500, meterStopWh: 1_700 }, mapper);
    assert.equal(fromMeters.record.energyWh, 1_200);
    assert.match(sessionFromRow(row({ stationId: 'CP01', transactionId: '11', startedAt: new Date(T0).toISOString(), stoppedAt: new Date(T0).toISOString() }), mapper).problem ?? '', /no energy/);
    assert.match(sessionFromRow(row({ stationId: 'CP01', transactionId: '12', stoppedAt: new Date(T0).toISOString(), energyWh: 5 }), mapper).problem ?? '', /no valid start/);
  });

  it('exports sessions as CSV with a header row, quoting and a guard against spreadsheet formulas', () => {
    const mapper = new PointMapper(POINTS);
    const a = sessionFromRow(closed('CP01', 1, '9', T0, HOUR, 4_200), mapper).record;
    const b = sessionFromRow({ ...closed('=HYPERLINK("x"),1', 3, '10', T0 + HOUR, 30 * MIN, 800), meterStartWh: null }, mapper).record;
    const csv = sessionsCsv([a, b]);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'id_pdc,transaction_id,station_id,evse_id,start_utc,end_utc,start_unix,end_unix,start_wh,stop_wh,energy_wh');
    assert.equal(lines[1], `FREVC*ECP01*1,9,CP01,1,${new Date(T0).toISOString()},${new Date(T0 + HOUR).toISOString()},${T0 / 1000},${(T0 + HOUR) / 1000},10000,14200,4200`);
    assert.equal(lines[2].split(',')[0], `"'=HYPERLINK(""x"")`);
    assert.ok(lines[2].endsWith(',0,800,800'), 'without a meter start the readings run from 0');
    assert.equal(lines.length, 4, 'two rows and the final line end');
    assert.equal(sessionsCsv([a], { separator: ';', lineEnd: '\n' }).split('\n')[0].split(';').length, 11);
  });

  it('places slots and bounds the back-off', () => {
    const schedule = daily('02:00');
    const noon = Date.UTC(2026, 5, 10, 12);
    assert.equal(lastSlot(schedule, noon), Date.UTC(2026, 5, 10, 2));
    assert.equal(nextSlot(schedule, noon), Date.UTC(2026, 5, 11, 2));
    assert.equal(lastSlot(schedule, Date.UTC(2026, 5, 10, 1)), Date.UTC(2026, 5, 9, 2));
    assert.throws(() => daily('25:00'));
    const backoff = { baseMs: 30_000, maxMs: HOUR };
    assert.deepEqual([1, 2, 3].map((n) => backoffDelay(backoff, n, () => 1)), [30_000, 60_000, 120_000]);
    assert.equal(backoffDelay(backoff, 40, () => 1), HOUR);
    assert.equal(backoffDelay(backoff, 40, () => 0), HOUR / 2);
  });

  it('tells a request that never left from one that may have arrived', () => {
    assert.equal(classifyResponse({ status: 201, body: '' }).kind, 'ok');
    assert.deepEqual([500, 503, 408, 429, 504, 401, 400, 404, 422].map((status) => classifyResponse({ status, body: '' }).kind),
      ['transient', 'transient', 'transient', 'transient', 'uncertain', 'blocked', 'rejected', 'rejected', 'rejected']);
    assert.equal(classifyError(new TransportError('unsent', 'ECONNREFUSED')).kind, 'transient');
    assert.equal(classifyError(new TransportError('uncertain', 'ECONNRESET')).kind, 'uncertain');
  });

  it('prunes acknowledged entries but keeps their ids, so a catch-up never sends them again', () => {
    const journal = new Journal();
    const mapper = new PointMapper(POINTS);
    const entry = journal.add('advenir', sessionFromRow(closed('CP01', 1, '9', T0 - 40 * DAY, HOUR, 100), mapper).record, T0 - 40 * DAY);
    journal.move(entry, 'acknowledged', T0 - 40 * DAY, 'acknowledged');
    assert.equal(journal.prune(T0 - 35 * DAY, T0 - 400 * DAY), 1);
    assert.equal(journal.list().length, 0);
    assert.ok(journal.knows('advenir', 'CP01/9'));
    const copy = new Journal();
    copy.restore(JSON.parse(JSON.stringify(journal.snapshot())));
    assert.ok(copy.knows('advenir', 'CP01/9'));
    assert.equal(copy.prune(T0, T0), 0);
    assert.ok(!copy.knows('advenir', 'CP01/9'), 'forgotten past the horizon');
  });
});

describe('reporting: restart and catch-up', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('keeps the journal in a state file across a restart and catches up what closed meanwhile, each once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reporting-'));
    const file = path.join(dir, 'journal.json');
    h = await new Harness({ advenir: { schedule: daily('02:00') }, engine: { store: stateFileStore(file) } }).start();
    h.engine.addSession(closed('CP01', 1, '100', T0 - 3 * HOUR, HOUR, 5_000));
    h.engine.addSession(closed('CP01', 2, '101', T0 - 2 * HOUR, HOUR, 6_000));
    h.engine.addSession(row({ stationId: 'CP01', transactionId: '102', startedAt: new Date(T0).toISOString() }));
    await h.settle();
    assert.equal(h.quali.sessions.length, 2);
    assert.equal(h.advenir.deliveries.length, 0, 'Advenir waits for 02:00');
    h.engine.stop();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Array<{ sink: string; state: string }> };
    assert.deepEqual(saved.entries.map((e) => `${e.sink}:${e.state}`).sort(), ['advenir:queued', 'advenir:queued', 'qualicharge:acknowledged', 'qualicharge:acknowledged']);

    h.clock.advance(6 * HOUR);
    h.engine = h.make();
    const from = h.engine.catchUpFrom();
    assert.equal(from, new Date(T0 - HOUR - 7 * DAY).toISOString());
    const archive = [
      closed('CP01', 1, '100', T0 - 3 * HOUR, HOUR, 5_000), closed('CP01', 2, '101', T0 - 2 * HOUR, HOUR, 6_000),
      closed('CP02', 1, '103', T0 + HOUR, HOUR, 7_000), row({ stationId: 'CP01', transactionId: '104', startedAt: new Date(T0 + 5 * HOUR).toISOString() }),
      row({ stationId: 'CP02', transactionId: '105', startedAt: new Date(T0 + HOUR).toISOString(), stoppedAt: new Date(T0 + 2 * HOUR).toISOString() }),
    ];
    assert.deepEqual(h.engine.catchUp(archive), { queued: 1, known: 2, open: 1, failed: 1 });
    assert.deepEqual(h.engine.catchUp(archive), { queued: 0, known: 4, open: 1, failed: 0 }, 'a second catch-up adds nothing');
    assert.match(h.entry('qualicharge', 'CP02/105')?.reason ?? '', /no energy/);
    await h.settle(12 * HOUR, 30 * MIN);
    assert.equal(h.advenir.deliveries.length, 1);
    assert.equal(h.advenir.stored.size, 3);
    assert.equal(h.quali.sessions.length, 3);
    assert.deepEqual(h.engine.summary().map((s) => [s.sink, s.acknowledged, s.failed]), [['advenir', 3, 1], ['qualicharge', 3, 1]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
