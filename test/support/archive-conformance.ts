/**
 * What every archive backend must do, tested through the ArchiveBackend interface only, so SQLite and SQL Server
 * give the same rows for the same records. Timestamps are written in the form both read back (ISO, UTC, ms).
 */
import assert from 'node:assert/strict';
import type { ArchiveBackend, TransactionQuery, TransactionRow } from '../../lib/archive/backend';
import type {
  AlarmRecord, ArchiveRecord, AuthorizationRecord, ConfigRecord, MessageRecord, MeterRecord, ProfileRecord, StationRecord, TagRecord,
  TxEndRecord, TxEventRecord, TxStartRecord,
} from '../../lib/archive/records';
import type { MeterSample } from '../../lib/ocpp/events';
import { SQLITE_MIGRATIONS } from '../../lib/archive/sqlite/schema';

const LATEST_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version;

/** An instant `seconds` after the day's 08:00 UTC, as the archive stores it. */
const at = (day: string, seconds = 0): string => new Date(Date.parse(`${day}T08:00:00.000Z`) + seconds * 1000).toISOString();
const DAY = '2026-01-15';

const station = (stationId: string, t: string, extra: Partial<StationRecord> = {}): StationRecord => ({ kind: 'station', stationId, at: t, ...extra });

function txStart(stationId: string, transactionId: string, startedAt: string, extra: Partial<TxStartRecord> = {}): TxStartRecord {
  return { kind: 'txStart', stationId, transactionId, evseId: 1, connectorId: 1, startedAt, receivedAt: startedAt, ...extra };
}

function txEnd(stationId: string, transactionId: string, stoppedAt: string, extra: Partial<TxEndRecord> = {}): TxEndRecord {
  return { kind: 'txEnd', stationId, transactionId, stoppedAt, receivedAt: stoppedAt, ...extra };
}

const meter = (stationId: string, transactionId: string | undefined, samples: MeterSample[]): MeterRecord =>
  ({ kind: 'meter', stationId, evseId: 1, transactionId, samples });

function txEvent(transactionId: string, seqNo: number, t: string): TxEventRecord {
  return { kind: 'txEvent', stationId: 'CS1', transactionId, seqNo, eventType: seqNo === 0 ? 'Started' : 'Updated', triggerReason: 'MeterValuePeriodic', offline: false, at: t, receivedAt: t };
}

const tag = (idTag: string, userGroup?: string): TagRecord => ({ kind: 'tag', idTag, userGroup, owner: `owner of ${idTag}`, at: at(DAY) });

function message(t: string, messageId: string): MessageRecord {
  return { kind: 'message', stationId: 'CS1', origin: 'station', action: 'Heartbeat', messageId, request: {}, response: { currentTime: t }, at: t, answeredAt: t };
}

function profile(profileId: number, evseId: number, purpose: string, stackLevel: number, t: string, transactionId?: string): ProfileRecord {
  // No undefined members: the request is stored as JSON and must read back equal.
  const request = { evseId, chargingProfile: { id: profileId, stackLevel, chargingProfilePurpose: purpose, ...(transactionId ? { transactionId } : {}) } };
  return { kind: 'profile', stationId: 'CS1', cleared: false, evseId, profileId, purpose, stackLevel, transactionId, request, at: t };
}

const ids = (rows: TransactionRow[]): string[] => rows.map((r) => r.transactionId);

/**
 * The behaviour tests, as one `describe`. makeBackend gives a backend over an empty database, not yet opened; the
 * suite opens it before each test and closes it after.
 */
export function archiveConformance(name: string, makeBackend: () => Promise<ArchiveBackend>): void {
  describe(`archive backend conformance: ${name}`, function () {
    let db: ArchiveBackend;
    let seq = 0;
    /** Writes a batch with the next journal sequence. */
    const write = (records: ArchiveRecord[]): Promise<void> => db.write(records, ++seq);
    const row = async (stationId: string, transactionId: string): Promise<TransactionRow> => {
      const page = await db.transactions({ stationId, limit: 10_000 });
      const found = page.rows.find((r) => r.transactionId === transactionId);
      assert.ok(found, `transaction ${stationId}/${transactionId} is archived`);
      return found;
    };

    beforeEach(async function () {
      db = await makeBackend();
      await db.open();
      seq = 0;
    });

    afterEach(async function () {
      await db?.close();
    });

    it('migrations bring a new database to the current schema version, and opening again changes nothing', async function () {
      assert.equal(await db.schemaVersion(), LATEST_VERSION);
      assert.equal(await db.checkpoint(), 0);
      await db.open();
      assert.equal(await db.schemaVersion(), LATEST_VERSION);
    });

    it('an empty archive answers every query with nothing', async function () {
      assert.deepEqual(await db.transactions({}), { total: 0, rows: [] });
      assert.deepEqual(await db.openTransactions(), []);
      assert.deepEqual(await db.energyByMonth({ by: 'tag' }), []);
      assert.deepEqual(await db.stations(), []);
      assert.deepEqual(await db.meterValues('CS1', 'T1'), []);
      assert.deepEqual(await db.desiredState('CS1'), { stationId: 'CS1', config: [], profiles: [] });
      assert.equal(await db.maxNumericTransactionId(), 0);
      assert.equal(await db.pruneMessages(at(DAY)), 0);
    });

    it('a batch commits with its checkpoint', async function () {
      await db.write([], 3);
      assert.equal(await db.checkpoint(), 3);
      await db.write([station('CS1', at(DAY))], 7);
      assert.equal(await db.checkpoint(), 7);
      assert.deepEqual((await db.stations()).map((s) => s.stationId), ['CS1']);
    });

    it('start, samples and stop give energy, duration, SoC and peak power', async function () {
      await write([
        station('CS1', at(DAY)),
        txStart('CS1', 'T1', at(DAY), { idTag: 'TAG1', meterStartWh: 10_000, socPercent: 20 }),
        meter('CS1', 'T1', [
          // Out of order within the message: the instants decide which reading is the last.
          { timestamp: at(DAY, 120), energyWh: 11_500, powerW: 11_000, socPercent: 30, context: 'Sample.Periodic' },
          { timestamp: at(DAY, 60), energyWh: 10_500, powerW: 7_200, socPercent: 25, currentA: 16, voltageV: 230, context: 'Sample.Periodic' },
        ]),
      ]);
      let t = await row('CS1', 'T1');
      assert.deepEqual(
        { start: t.meterStartWh, last: t.meterLastWh, energy: t.energyWh, peak: t.maxPowerW, soc: [t.socStartPercent, t.socStopPercent], stoppedAt: t.stoppedAt, duration: t.durationS },
        { start: 10_000, last: 11_500, energy: 1_500, peak: 11_000, soc: [20, 30], stoppedAt: null, duration: null },
      );
      assert.deepEqual(ids(await db.openTransactions()), ['T1']);

      await write([meter('CS1', 'T1', [{ timestamp: at(DAY, 180), energyWh: 12_000, powerW: 9_000, socPercent: 35 }])]);
      await write([txEnd('CS1', 'T1', at(DAY, 3600.6), { meterStopWh: 25_000, socPercent: 80, reason: 'EVDisconnected' })]);
      t = await row('CS1', 'T1');
      assert.deepEqual(t, {
        stationId: 'CS1', transactionId: 'T1', evseId: 1, connectorId: 1, idTag: 'TAG1', userGroup: null,
        startedAt: at(DAY), stoppedAt: at(DAY, 3600.6), meterStartWh: 10_000, meterStopWh: 25_000, meterLastWh: 25_000,
        energyWh: 15_000, socStartPercent: 20, socStopPercent: 80, maxPowerW: 11_000, stopReason: 'EVDisconnected',
        // 3600.6 s rounds to 3601, as both databases round elapsed time.
        durationS: 3601, lastSeqNo: null, updatedAt: at(DAY, 3600.6),
      });
      assert.deepEqual(await db.openTransactions(), []);

      const samples = await db.meterValues('CS1', 'T1');
      assert.deepEqual(samples.map((s) => s.sampledAt), [at(DAY, 60), at(DAY, 120), at(DAY, 180)]);
      assert.deepEqual(samples[0], {
        stationId: 'CS1', evseId: 1, transactionId: 'T1', sampledAt: at(DAY, 60), context: 'Sample.Periodic', energyWh: 10_500,
        powerW: 7_200, currentA: 16, voltageV: 230, socPercent: 25, reactivePowerVar: null, powerOfferedW: null, temperatureC: null,
      });
    });

    it('a repeated start does not change the first values, but a start replaces readings taken from samples', async function () {
      await write([txStart('CS1', 'T1', at(DAY), { idTag: 'TAG1', meterStartWh: 1_000, socPercent: 20, remoteStartId: 5 })]);
      await write([txStart('CS1', 'T1', at(DAY, 30), { idTag: 'OTHER', evseId: 2, connectorId: 2, meterStartWh: 1_500, socPercent: 40, remoteStartId: 6 })]);
      const t = await row('CS1', 'T1');
      assert.deepEqual(
        { idTag: t.idTag, evse: t.evseId, connector: t.connectorId, startedAt: t.startedAt, start: t.meterStartWh, soc: t.socStartPercent },
        { idTag: 'TAG1', evse: 1, connector: 1, startedAt: at(DAY), start: 1_000, soc: 20 },
      );

      // Samples before the start (a StartTransaction queued offline): the start's own readings win when it comes.
      await write([meter('CS1', 'T2', [{ timestamp: at(DAY, 10), energyWh: 900, socPercent: 12 }])]);
      assert.deepEqual([(await row('CS1', 'T2')).meterStartWh, (await row('CS1', 'T2')).socStartPercent], [900, 12]);
      await write([txStart('CS1', 'T2', at(DAY), { meterStartWh: 800, socPercent: 10 })]);
      const t2 = await row('CS1', 'T2');
      assert.deepEqual([t2.meterStartWh, t2.socStartPercent, t2.meterLastWh, t2.energyWh], [800, 10, 900, 100]);

      // A start without readings keeps those of the samples.
      await write([meter('CS1', 'T3', [{ timestamp: at(DAY, 10), energyWh: 700 }]), txStart('CS1', 'T3', at(DAY))]);
      assert.equal((await row('CS1', 'T3')).meterStartWh, 700);
    });

    it('stores meter values and transaction events once when they are replayed', async function () {
      const batch: ArchiveRecord[] = [
        txStart('CS1', 'T1', at(DAY), { meterStartWh: 0 }),
        txEvent('T1', 0, at(DAY)),
        meter('CS1', 'T1', [{ timestamp: at(DAY, 60), energyWh: 100, powerW: 6_000 }, { timestamp: at(DAY, 120), energyWh: 250, powerW: 7_000 }]),
        txEvent('T1', 1, at(DAY, 120)),
        // The same facts twice within one batch, too.
        txEvent('T1', 1, at(DAY, 120)),
        meter('CS1', 'T1', [{ timestamp: at(DAY, 120), energyWh: 250, powerW: 7_000 }]),
      ];
      await write(batch);
      const first = await db.transactions({});
      await write(batch);
      await write([txEvent('T1', 0, at(DAY))]);
      assert.deepEqual(await db.transactions({}), first);
      assert.equal((await db.meterValues('CS1', 'T1')).length, 2);
      const t = await row('CS1', 'T1');
      assert.deepEqual([t.lastSeqNo, t.energyWh, t.maxPowerW], [1, 250, 7_000]);
      assert.equal(await db.checkpoint(), 3);
    });

    it('writes every kind of record, and the same batch again', async function () {
      const t = at(DAY);
      const batch: ArchiveRecord[] = [
        station('CS1', t, { version: 'ocpp2.0.1', vendor: 'V', model: 'M', serialNumber: 'S1', firmwareVersion: '1.0', bootStatus: 'Accepted', bootedAt: t, connected: true, remoteAddress: '10.0.0.1', mode: 'auto' }),
        { kind: 'status', stationId: 'CS1', evseId: 1, connectorId: 1, status: 'Occupied', errorCode: 'NoError', info: 'i', vendorErrorCode: 'v', at: t, receivedAt: t },
        { kind: 'status', stationId: 'CS1', evseId: 1, connectorId: 1, status: 'Available', at: at(DAY, -60), receivedAt: t },
        txStart('CS1', 'T1', t, { idTag: 'TAG1', tokenType: 'ISO14443', meterStartWh: 5, socPercent: 50, reservationId: 3, remoteStartId: 9, offline: true }),
        txEvent('T1', 0, t),
        meter('CS1', 'T1', [{ timestamp: at(DAY, 5), energyWh: 10, powerW: 1, currentA: 2, voltageV: 3, socPercent: 51, reactivePowerVar: 4, powerOfferedW: 5, temperatureC: 6, context: 'Sample.Periodic' }]),
        meter('CS1', undefined, [{ timestamp: at(DAY, 6), energyWh: 11 }]),
        txEnd('CS1', 'T1', at(DAY, 10), { idTag: 'TAG1', meterStopWh: 20, socPercent: 60, reason: 'Local' }),
        { kind: 'authorization', stationId: 'CS1', idTag: 'TAG1', tokenType: 'ISO14443', status: 'Accepted', at: t } satisfies AuthorizationRecord,
        message(t, 'm1'),
        { kind: 'message', stationId: 'CS1', origin: 'csms', action: 'Reset', messageId: 'm2', request: { type: 'Immediate' }, errorCode: 'InternalError', errorDescription: 'boom', at: t },
        { kind: 'config', stationId: 'CS1', key: 'OCPPCommCtrlr/HeartbeatInterval', value: '60', request: { setVariableData: [] }, action: 'SetVariables', at: t } satisfies ConfigRecord,
        profile(1, 1, 'TxDefaultProfile', 0, t),
        { kind: 'profile', stationId: 'CS1', cleared: true, at: t },
        { kind: 'reservation', stationId: 'CS1', reservationId: 3, evseId: 1, connectorId: 1, idTag: 'TAG1', expiresAt: at(DAY, 900), status: 'Accepted', at: t },
        { kind: 'reservation', stationId: 'CS1', reservationId: 3, status: 'Used', at: t },
        { kind: 'alarm', alarmId: 'a1', stationId: 'CS1', evseId: 1, alarmType: 'Faulted', priority: 1, state: 'raised', message: 'm', errorCode: 'e', info: 'i', vendorErrorCode: 'v', at: t },
        { kind: 'alarm', alarmId: 'a2', alarmType: 'ArchiveLag', state: 'raised', at: t },
        { kind: 'tag', idTag: 'TAG1', owner: 'o', userGroup: 'g', validUntil: at(DAY, 86_400), blocked: false, parentId: 'P', at: t },
      ];
      await write(batch);
      await write(batch);
      assert.equal(await db.checkpoint(), 2);
      const row1 = await row('CS1', 'T1');
      assert.deepEqual([row1.userGroup, row1.energyWh, row1.durationS], ['g', 15, 10]);
      assert.deepEqual((await db.meterValues('CS1', '')).map((m) => [m.transactionId, m.energyWh]), [[null, 11]]);
    });

    describe('transaction queries', function () {
      // id, station, tag, start day, duration (s), energy (Wh); T4 is open.
      const DATA: Array<[string, string, string | undefined, string, number | null, number | null]> = [
        ['T1', 'CS1', 'TAG1', '2026-01-10', 1800, 5_000],
        ['T2', 'CS1', 'TAG2', '2026-01-20', 3600, 12_000],
        ['T3', 'CS2', 'TAG1', '2026-02-05', 2700, 8_000],
        ['T4', 'CS2', 'TAG3', '2026-02-10', null, null],
        ['T5', 'CS1', undefined, '2026-02-15', 900, 3_000],
        ['T7', 'CS1', 'TAGX', '2026-02-20', 1200, 2_000],
        ['T6', 'CS2', 'TAG2', '2026-03-01', 600, 1_000],
      ];

      beforeEach(async function () {
        const records: ArchiveRecord[] = [tag('TAG1', 'fleet'), tag('TAG2', 'fleet'), tag('TAG3', 'staff')];
        for (const [id, stationId, idTag, day, duration, energy] of DATA) {
          records.push(txStart(stationId, id, at(day), { idTag, meterStartWh: 100_000 }));
          if (duration !== null && energy !== null) records.push(txEnd(stationId, id, at(day, duration), { meterStopWh: 100_000 + energy }));
        }
        await write(records);
      });

      const page = async (query: TransactionQuery): Promise<[number, string[]]> => {
        const p = await db.transactions(query);
        return [p.total, ids(p.rows)];
      };

      it('filter by station, transaction, tag, period and state', async function () {
        assert.deepEqual(await page({}), [7, ['T6', 'T7', 'T5', 'T4', 'T3', 'T2', 'T1']]);
        assert.deepEqual(await page({ stationId: 'CS1' }), [4, ['T7', 'T5', 'T2', 'T1']]);
        assert.deepEqual(await page({ idTag: 'TAG1' }), [2, ['T3', 'T1']]);
        // From inclusive, to exclusive.
        assert.deepEqual(await page({ from: at('2026-02-05'), to: '2026-03-01T00:00:00.000Z' }), [4, ['T7', 'T5', 'T4', 'T3']]);
        assert.deepEqual(await page({ from: '2026-02-06T00:00:00.000Z' }), [4, ['T6', 'T7', 'T5', 'T4']]);
        assert.deepEqual(await page({ to: at('2026-01-20') }), [1, ['T1']]);
        assert.deepEqual(await page({ state: 'open' }), [1, ['T4']]);
        assert.deepEqual(await page({ state: 'closed', stationId: 'CS2' }), [2, ['T6', 'T3']]);
        assert.deepEqual(await page({ stationId: 'CS9' }), [0, []]);
        assert.deepEqual(await page({ stationId: 'CS2', transactionId: 'T6' }), [1, ['T6']]);
        assert.deepEqual(await page({ stationId: 'CS1', transactionId: 'T6' }), [0, []]);
        const t1 = (await db.transactions({ idTag: 'TAG1', descending: false })).rows[0];
        assert.deepEqual([t1.userGroup, t1.energyWh, t1.durationS, t1.startedAt, t1.stoppedAt], ['fleet', 5_000, 1800, at('2026-01-10'), at('2026-01-10', 1800)]);
      });

      it('sort by every key, both ways, with a stable order for ties and nulls', async function () {
        assert.deepEqual(await page({ descending: false }), [7, ['T1', 'T2', 'T3', 'T4', 'T5', 'T7', 'T6']]);
        assert.deepEqual(await page({ sort: 'stoppedAt' }), [7, ['T6', 'T7', 'T5', 'T3', 'T2', 'T1', 'T4']]);
        assert.deepEqual(await page({ sort: 'energyWh', descending: false }), [7, ['T4', 'T6', 'T7', 'T5', 'T1', 'T3', 'T2']]);
        assert.deepEqual(await page({ sort: 'energyWh' }), [7, ['T2', 'T3', 'T1', 'T5', 'T7', 'T6', 'T4']]);
        assert.deepEqual(await page({ sort: 'durationS' }), [7, ['T2', 'T3', 'T1', 'T7', 'T5', 'T6', 'T4']]);
        assert.deepEqual(await page({ sort: 'stationId', descending: false }), [7, ['T1', 'T2', 'T5', 'T7', 'T3', 'T4', 'T6']]);
        assert.deepEqual(await page({ sort: 'idTag', descending: false }), [7, ['T5', 'T1', 'T3', 'T2', 'T6', 'T4', 'T7']]);
      });

      it('pages with the total of the whole query', async function () {
        assert.deepEqual(await page({ descending: false, limit: 2 }), [7, ['T1', 'T2']]);
        assert.deepEqual(await page({ descending: false, limit: 2, offset: 2 }), [7, ['T3', 'T4']]);
        assert.deepEqual(await page({ descending: false, limit: 10, offset: 6 }), [7, ['T6']]);
        assert.deepEqual(await page({ descending: false, limit: 10, offset: 10 }), [7, []]);
        assert.deepEqual(await page({ stationId: 'CS2', limit: 1, offset: 1 }), [3, ['T4']]);
      });

      it('energy per month of closed transactions, by tag and by user group', async function () {
        assert.deepEqual(await db.energyByMonth({ by: 'tag' }), [
          { month: '2026-01', key: 'TAG1', transactions: 1, energyWh: 5_000 },
          { month: '2026-01', key: 'TAG2', transactions: 1, energyWh: 12_000 },
          { month: '2026-02', key: null, transactions: 1, energyWh: 3_000 },
          { month: '2026-02', key: 'TAG1', transactions: 1, energyWh: 8_000 },
          { month: '2026-02', key: 'TAGX', transactions: 1, energyWh: 2_000 },
          { month: '2026-03', key: 'TAG2', transactions: 1, energyWh: 1_000 },
        ]);
        // TAGX is in no group and T5 has no tag: both count under null. T4 (staff) is still open.
        assert.deepEqual(await db.energyByMonth({ by: 'group' }), [
          { month: '2026-01', key: 'fleet', transactions: 2, energyWh: 17_000 },
          { month: '2026-02', key: null, transactions: 2, energyWh: 5_000 },
          { month: '2026-02', key: 'fleet', transactions: 1, energyWh: 8_000 },
          { month: '2026-03', key: 'fleet', transactions: 1, energyWh: 1_000 },
        ]);
        assert.deepEqual(await db.energyByMonth({ by: 'group', stationId: 'CS2' }), [
          { month: '2026-02', key: 'fleet', transactions: 1, energyWh: 8_000 },
          { month: '2026-03', key: 'fleet', transactions: 1, energyWh: 1_000 },
        ]);
        assert.deepEqual(await db.energyByMonth({ by: 'tag', from: '2026-02-01T00:00:00.000Z', to: '2026-02-16T00:00:00.000Z' }), [
          { month: '2026-02', key: null, transactions: 1, energyWh: 3_000 },
          { month: '2026-02', key: 'TAG1', transactions: 1, energyWh: 8_000 },
        ]);
      });

      it('open transactions, and which of some transactions have stopped', async function () {
        assert.deepEqual(ids(await db.openTransactions()), ['T4']);
        assert.deepEqual(
          await db.stoppedAmong([{ stationId: 'CS2', transactionId: 'T4' }, { stationId: 'CS1', transactionId: 'T2' }, { stationId: 'CS1', transactionId: 'T3' }, { stationId: 'CS9', transactionId: 'T1' }]),
          [{ stationId: 'CS1', transactionId: 'T2' }],
        );
      });
    });

    it('desired state: the latest configuration, and active profiles of the station', async function () {
      const t = (n: number): string => at(DAY, n);
      const config = (key: string, value: string, n: number): ConfigRecord =>
        ({ kind: 'config', stationId: 'CS1', key, value, action: 'ChangeConfiguration', request: { key, value }, at: t(n) });
      await write([
        config('HeartbeatInterval', '60', 1),
        config('MeterValueSampleInterval', '30', 2),
        config('HeartbeatInterval', '120', 3),
        { kind: 'config', stationId: 'CS2', key: 'HeartbeatInterval', value: '5', action: 'ChangeConfiguration', request: {}, at: t(3) },
        txStart('CS1', 'T-stopped', t(0)),
        txStart('CS1', 'T-open', t(0)),
        profile(10, 1, 'TxDefaultProfile', 0, t(1)),
        // Same EVSE, purpose and stack level: replaces profile 10.
        profile(11, 1, 'TxDefaultProfile', 0, t(2)),
        profile(20, 0, 'ChargePointMaxProfile', 0, t(3)),
        { kind: 'profile', stationId: 'CS1', cleared: true, profileId: 20, at: t(4) },
        profile(30, 1, 'TxProfile', 1, t(5), 'T-stopped'),
        profile(31, 2, 'TxProfile', 1, t(6), 'T-open'),
        profile(40, 2, 'TxDefaultProfile', 2, t(7)),
        // Clears by criteria: EVSE 2's default profiles, not EVSE 1's nor EVSE 2's TxProfile.
        { kind: 'profile', stationId: 'CS1', cleared: true, evseId: 2, purpose: 'TxDefaultProfile', at: t(8) },
        { ...profile(50, 1, 'TxDefaultProfile', 0, t(9)), stationId: 'CS2' },
        txEnd('CS1', 'T-stopped', t(20)),
      ]);
      const state = await db.desiredState('CS1');
      assert.deepEqual(state, {
        stationId: 'CS1',
        config: [
          { key: 'MeterValueSampleInterval', action: 'ChangeConfiguration', request: { key: 'MeterValueSampleInterval', value: '30' }, at: t(2) },
          { key: 'HeartbeatInterval', action: 'ChangeConfiguration', request: { key: 'HeartbeatInterval', value: '120' }, at: t(3) },
        ],
        profiles: [
          { evseId: 1, profileId: 11, purpose: 'TxDefaultProfile', transactionId: null, request: profile(11, 1, 'TxDefaultProfile', 0, t(2)).request, at: t(2) },
          { evseId: 2, profileId: 31, purpose: 'TxProfile', transactionId: 'T-open', request: profile(31, 2, 'TxProfile', 1, t(6), 'T-open').request, at: t(6) },
        ],
      });
      assert.deepEqual((await db.desiredState('CS2')).profiles.map((p) => p.profileId), [50]);
    });

    it('prunes raw messages older than an instant', async function () {
      await write([message(at(DAY, 1), 'a'), message(at(DAY, 2), 'b'), message(at(DAY, 3), 'c')]);
      assert.equal(await db.pruneMessages(at(DAY, 2)), 1);
      assert.equal(await db.pruneMessages(at(DAY, 2)), 0);
      assert.equal(await db.pruneMessages(at(DAY, 4)), 2);
    });

    it('stations keep what later records leave out, and their latest sighting', async function () {
      await write([
        station('CS2', at(DAY, 5), { connected: true, mode: 'manual' }),
        station('CS1', at(DAY, 10), { version: 'ocpp1.6', vendor: 'ACME', model: 'Wall', serialNumber: 'SN1', firmwareVersion: '2.1', connected: true }),
      ]);
      await write([
        station('CS1', at(DAY, 20), { connected: false }),
        // An older record, replayed late, does not move the last sighting back.
        station('CS2', at(DAY, 1), { firmwareVersion: '9' }),
      ]);
      assert.deepEqual(await db.stations(), [
        { stationId: 'CS1', ocppVersion: 'ocpp1.6', vendor: 'ACME', model: 'Wall', serialNumber: 'SN1', firmwareVersion: '2.1', connected: false, mode: 'auto', lastSeenAt: at(DAY, 20) },
        { stationId: 'CS2', ocppVersion: null, vendor: null, model: null, serialNumber: null, firmwareVersion: '9', connected: true, mode: 'manual', lastSeenAt: at(DAY, 5) },
      ]);
    });

    it('gives each alarm that is not normal as its latest transition left it', async function () {
      const alarm = (alarmId: string, state: string, minute: number, extra: Partial<AlarmRecord> = {}): AlarmRecord => ({
        kind: 'alarm', alarmId, stationId: 'CS1', evseId: 1, alarmType: 'fault', priority: 2, state, message: 'connector 1 faulted', at: at(DAY, minute), ...extra,
      });
      await write([
        alarm('CS1/1/fault', 'unacknowledged', 1, { errorCode: 'GroundFailure' }), alarm('CS1/1/fault', 'acknowledged', 2), alarm('CS1/1/fault', 'normal', 3),
        alarm('CS2/0/communication', 'unacknowledged', 4, { stationId: 'CS2', evseId: 0, alarmType: 'communication', message: 'connection lost' }),
        alarm('CS1/2/fault', 'unacknowledged', 5, { evseId: 2, errorCode: 'E1', info: 'i', vendorErrorCode: 'V' }),
      ]);
      await write([alarm('CS1/2/fault', 'returned', 6, { evseId: 2, errorCode: 'E1' })]);
      await write([alarm('CS1/3/fault', 'shelved', 7, { evseId: 3, active: true, cause: 'shelve', actor: 'bob', shelvedUntil: at(DAY, 67), resumesAs: 'acknowledged' })]);
      const unknown = { active: null, cause: null, actor: null, shelvedUntil: null, resumesAs: null };
      assert.deepEqual(await db.openAlarms(), [
        {
          alarmId: 'CS2/0/communication', stationId: 'CS2', evseId: 0, alarmType: 'communication', priority: 2, state: 'unacknowledged',
          message: 'connection lost', errorCode: null, info: null, vendorErrorCode: null, ...unknown, at: at(DAY, 4),
        },
        {
          alarmId: 'CS1/2/fault', stationId: 'CS1', evseId: 2, alarmType: 'fault', priority: 2, state: 'returned',
          message: 'connector 1 faulted', errorCode: 'E1', info: null, vendorErrorCode: null, ...unknown, at: at(DAY, 6),
        },
        {
          alarmId: 'CS1/3/fault', stationId: 'CS1', evseId: 3, alarmType: 'fault', priority: 2, state: 'shelved', message: 'connector 1 faulted',
          errorCode: null, info: null, vendorErrorCode: null, active: 1, cause: 'shelve', actor: 'bob', shelvedUntil: at(DAY, 67), resumesAs: 'acknowledged', at: at(DAY, 7),
        },
      ]);
    });

    it('gives every badge as the tags table keeps it: a partial update keeps what it leaves out, a whole one clears it', async function () {
      const t = at(DAY);
      await write([
        { kind: 'tag', idTag: 'B2', owner: 'Ann', userGroup: 'sales', validUntil: at(DAY, 86_400), blocked: false, parentId: 'FLEET', email: 'ann@example.com', at: t },
        { kind: 'tag', idTag: 'A1', owner: 'Al', userGroup: 'staff', at: t },
      ]);
      await write([{ kind: 'tag', idTag: 'B2', blocked: true, at: at(DAY, 60) }, { kind: 'tag', idTag: 'A1', owner: 'Al', whole: true, at: at(DAY, 60) }]);
      assert.deepEqual(await db.tags(), [
        { idTag: 'A1', owner: 'Al', userGroup: null, validUntil: null, blocked: 0, parentId: null, email: null, updatedAt: at(DAY, 60) },
        { idTag: 'B2', owner: 'Ann', userGroup: 'sales', validUntil: at(DAY, 86_400), blocked: 1, parentId: 'FLEET', email: 'ann@example.com', updatedAt: at(DAY, 60) },
      ]);
    });

    it('pages the alarm journal newest first, by alarm, station, type and period', async function () {
      const row = (alarmId: string, state: string, minute: number, stationId = 'CS1', alarmType = 'fault'): AlarmRecord => ({
        kind: 'alarm', alarmId, stationId, alarmType, state, active: state !== 'returned', cause: state === 'returned' ? 'clear' : 'raise', at: at(DAY, minute),
      });
      await write([row('CS1/1/fault', 'unacknowledged', 1), row('CS1/1/fault', 'returned', 2), row('CS2/0/communication', 'unacknowledged', 3, 'CS2', 'communication')]);
      await write([row('CS1/1/fault', 'unacknowledged', 4)]);
      const ids = (page: { rows: Array<{ alarmId: string; at: string }> }) => page.rows.map((r) => `${r.alarmId}@${r.at.slice(11, 16)}`);
      const all = await db.alarmHistory({});
      assert.equal(all.total, 4);
      assert.deepEqual(ids(all).map((s) => s.split('@')[0]), ['CS1/1/fault', 'CS2/0/communication', 'CS1/1/fault', 'CS1/1/fault']);
      assert.deepEqual((await db.alarmHistory({ alarmId: 'CS1/1/fault', limit: 2 })).rows.map((r) => [r.state, r.cause, r.active]), [['unacknowledged', 'raise', 1], ['returned', 'clear', 0]]);
      const second = await db.alarmHistory({ stationId: 'CS1', limit: 1, offset: 1 });
      assert.deepEqual([second.total, second.rows.map((r) => r.state)], [3, ['returned']]);
      assert.deepEqual((await db.alarmHistory({ alarmType: 'communication' })).rows.map((r) => r.alarmId), ['CS2/0/communication']);
      const window = await db.alarmHistory({ from: at(DAY, 2), to: at(DAY, 4) });
      assert.deepEqual([window.total, window.rows.map((r) => r.state)], [2, ['unacknowledged', 'returned']]);
    });

    it('the highest numeric transaction id ignores text ids', async function () {
      await write(['7', '42', '00012', 'abc-123', '9x', '1e9', '12345678901234567', '-50'].map((id) => txStart('CS1', id, at(DAY))));
      assert.equal(await db.maxNumericTransactionId(), 42);
    });

    it('a batch that fails midway leaves nothing written and the checkpoint unchanged', async function () {
      await db.write([station('CS1', at(DAY))], 5);
      // id_tag is NOT NULL in authorizations: the third record fails after two that worked.
      const bad = { kind: 'authorization', stationId: 'CS9', idTag: null, at: at(DAY) } as unknown as AuthorizationRecord;
      await assert.rejects(db.write([station('CS9', at(DAY)), txStart('CS9', 'T9', at(DAY)), bad, tag('TAG9')], 6));
      assert.equal(await db.checkpoint(), 5);
      assert.deepEqual((await db.stations()).map((s) => s.stationId), ['CS1']);
      assert.deepEqual(await db.transactions({}), { total: 0, rows: [] });
      // The archive is usable after the failure.
      await db.write([station('CS9', at(DAY))], 6);
      assert.equal(await db.checkpoint(), 6);
      assert.deepEqual((await db.stations()).map((s) => s.stationId), ['CS1', 'CS9']);
    });
  });
}
