import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Csms } from '../../lib/ocpp/csms';
import { OcppEvent } from '../../lib/ocpp/events';
import { ArchiveDatabase, sqliteDatabase } from '../../lib/archive/database';
import { CsmsArchiver, ReapplyReport } from '../../lib/archive/archiver';
import { strictClient, BOOT, Peer } from '../support/rpc';
import { waitFor } from '../support/net';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 8, 0, s)).toISOString();

describe('CSMS archiver (real CSMS, strict ocpp-rpc stations, SQLite file)', () => {
  let dir: string;
  let csms: Csms;
  let db: ArchiveDatabase;
  let archiver: CsmsArchiver;
  let endpoint: string;
  const clients: Peer[] = [];
  const events: OcppEvent[] = [];

  async function startAll(archiverOptions = {}) {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, stateFile: path.join(dir, 'state.json') });
    csms.on('event', (e: OcppEvent) => events.push(e));
    db = sqliteDatabase(path.join(dir, 'archive.db'), { flushMs: 5 });
    archiver = new CsmsArchiver(csms, db, { reapplyDelayMs: 50, ...archiverOptions });
    archiver.attach();
    endpoint = `ws://127.0.0.1:${await csms.start()}/ocpp`;
  }

  async function stopAll() {
    for (const c of clients.splice(0)) await c.close({ force: true }).catch(() => {});
    archiver.detach();
    await csms.stop();
    await db.close();
  }

  async function station(identity: string, version: '1.6' | '2.0.1', handlers: Record<string, () => unknown> = {}) {
    const client = strictClient(endpoint, identity, version);
    for (const [action, handler] of Object.entries(handlers)) client.handle(action, handler as never);
    clients.push(client);
    await client.connect();
    await client.call('BootNotification', BOOT[version]);
    return client;
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-archiver-'));
    events.length = 0;
    await startAll();
  });

  afterEach(async () => {
    await stopAll().catch(() => {});
  });

  it('normalizes a 1.6 transaction, and a retried StartTransaction gets the same id and one row', async () => {
    const cp = await station('CP16', '1.6');
    const start = { connectorId: 1, idTag: 'BADGE1', meterStart: 10_000, timestamp: at(0) };
    const first = await cp.call('StartTransaction', start);
    // The station lost our answer and retries with the same data (a new message id; the instant written differently).
    const again = await cp.call('StartTransaction', { ...start, timestamp: at(0).replace('.000Z', 'Z') });
    assert.equal(again.transactionId, first.transactionId);
    const transactionId = first.transactionId as number;
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at(60), sampledValue: [
      { value: '12000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
      { value: '11000', measurand: 'Power.Active.Import', unit: 'W' },
      { value: '35', measurand: 'SoC', unit: 'Percent' },
    ] }] });
    await cp.call('StopTransaction', { transactionId, meterStop: 15_500, timestamp: at(600), reason: 'EVDisconnected', transactionData: [
      { timestamp: at(600), sampledValue: [{ value: '48', measurand: 'SoC', unit: 'Percent' }] },
    ] });
    await db.drained();
    const page = await db.transactions({});
    assert.equal(page.total, 1);
    const tx = page.rows[0];
    assert.equal(tx.transactionId, String(transactionId));
    assert.equal(tx.stationId, 'CP16');
    assert.equal(tx.evseId, 1);
    assert.equal(tx.idTag, 'BADGE1');
    assert.equal(tx.startedAt, at(0));
    assert.equal(tx.stoppedAt, at(600));
    assert.equal(tx.energyWh, 5500);
    assert.equal(tx.durationS, 600);
    assert.equal(tx.socStartPercent, 35);
    assert.equal(tx.socStopPercent, 48);
    assert.equal(tx.maxPowerW, 11000);
    assert.equal(tx.stopReason, 'EVDisconnected');
    assert.equal((await db.meterValues('CP16', String(transactionId))).length, 2);
  });

  it('stores a repeated TransactionEvent once and raises transaction.gap for a missing seqNo', async () => {
    const cs = await station('CS201', '2.0.1');
    const base = { transactionInfo: { transactionId: 'tx-1' }, evse: { id: 1, connectorId: 1 } };
    const started = { ...base, eventType: 'Started', timestamp: at(0), triggerReason: 'Authorized', seqNo: 0, idToken: { idToken: 'B2', type: 'ISO14443' },
      meterValue: [{ timestamp: at(0), sampledValue: [{ value: 2000, measurand: 'Energy.Active.Import.Register' }, { value: 20, measurand: 'SoC' }] }] };
    await cs.call('TransactionEvent', started);
    await cs.call('TransactionEvent', started);
    const updated = { ...base, eventType: 'Updated', timestamp: at(60), triggerReason: 'MeterValuePeriodic', seqNo: 1,
      meterValue: [{ timestamp: at(60), sampledValue: [{ value: 2600, measurand: 'Energy.Active.Import.Register' }, { value: 7400, measurand: 'Power.Active.Import' }] }] };
    await cs.call('TransactionEvent', updated);
    await cs.call('TransactionEvent', updated);
    // seqNo 2 and 3 never arrive.
    await cs.call('TransactionEvent', { ...base, eventType: 'Ended', timestamp: at(900), triggerReason: 'EVCommunicationLost', seqNo: 4, offline: true,
      transactionInfo: { transactionId: 'tx-1', stoppedReason: 'EVDisconnected' },
      meterValue: [{ timestamp: at(900), sampledValue: [{ value: 9000, measurand: 'Energy.Active.Import.Register' }, { value: 80, measurand: 'SoC' }] }] });
    const gap = events.find((e) => e.type === 'transaction.gap');
    assert.ok(gap, 'a transaction.gap event');
    assert.deepEqual([gap.transactionId, gap.expectedSeqNo, gap.receivedSeqNo, gap.missing], ['tx-1', 2, 4, 2]);
    await db.drained();
    const [tx] = (await db.transactions({})).rows;
    assert.deepEqual([tx.idTag, tx.energyWh, tx.socStartPercent, tx.socStopPercent, tx.maxPowerW, tx.lastSeqNo, tx.stopReason, tx.durationS],
      ['B2', 7000, 20, 80, 7400, 4, 'EVDisconnected', 900]);
    assert.equal((await db.meterValues('CS201', 'tx-1')).length, 3);
  });

  it('logs raw OCPP exchanges both ways and keeps what accepted commands changed', async () => {
    await station('CP16', '1.6', {
      ChangeConfiguration: () => ({ status: 'Accepted' }),
      SetChargingProfile: () => ({ status: 'Accepted' }),
    });
    await csms.call('CP16', 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '30' });
    const profile = { connectorId: 0, csChargingProfiles: { chargingProfileId: 9, stackLevel: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 40000 }] } } };
    await csms.call('CP16', 'SetChargingProfile', profile);
    await db.drained();
    const desired = await db.backend.desiredState('CP16');
    assert.deepEqual(desired.config.map((c) => [c.key, c.action]), [['MeterValueSampleInterval', 'ChangeConfiguration']]);
    assert.deepEqual(desired.profiles.map((p) => [p.profileId, p.request]), [[9, profile]]);
    const Database = (await import('better-sqlite3')).default;
    const reader = new Database(path.join(dir, 'archive.db'), { readonly: true });
    const log = reader.prepare('SELECT origin, action FROM ocpp_messages ORDER BY id').all();
    reader.close();
    assert.deepEqual(log, [
      { origin: 'station', action: 'BootNotification' },
      { origin: 'csms', action: 'ChangeConfiguration' },
      { origin: 'csms', action: 'SetChargingProfile' },
    ]);
  });

  it('journals a station call in one write, with its exchange, before the station has the answer', async () => {
    const cp = await station('CP16', '1.6');
    const { transactionId } = await cp.call('StartTransaction', { connectorId: 1, idTag: 'BADGE1', meterStart: 0, timestamp: at(0) });
    await db.drained();
    const writes: Array<{ kinds: string[]; answered: boolean }> = [];
    let answered = false;
    const push = db.push.bind(db);
    db.push = (records) => {
      writes.push({ kinds: records.map((r) => r.kind), answered });
      push(records);
    };
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at(30), sampledValue: [{ value: '120' }] }] });
    answered = true;
    assert.deepEqual(writes, [{ kinds: ['meter', 'message'], answered: false }]);
    await db.drained();
    assert.equal((await db.backend.meterValues('CP16', String(transactionId))).length, 1);
  });

  it('after a restart restores open transactions, keeps a retried start on its id, and re-applies config and profiles', async () => {
    let cp = await station('CP16', '1.6', { ChangeConfiguration: () => ({ status: 'Accepted' }), SetChargingProfile: () => ({ status: 'Accepted' }) });
    await csms.call('CP16', 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' });
    const start = { connectorId: 2, idTag: 'BADGE9', meterStart: 500, timestamp: at(5) };
    const { transactionId } = await cp.call('StartTransaction', start);
    // Killed before the state file was written: only the archive's journal knows this transaction.
    fs.rmSync(path.join(dir, 'state.json'), { force: true });
    await stopAll();
    events.length = 0;
    await startAll();
    const reapplied = new Promise<ReapplyReport>((resolve) => archiver.once('reapplied', resolve));
    const received: string[] = [];
    cp = await station('CP16', '1.6', {
      ChangeConfiguration: () => { received.push('ChangeConfiguration'); return { status: 'Accepted' }; },
      SetChargingProfile: () => ({ status: 'Accepted' }),
    });
    const again = await cp.call('StartTransaction', start);
    assert.equal(again.transactionId, transactionId);
    assert.deepEqual(csms.store.openTransactions('CP16').map((t) => [t.transactionId, t.evseId, t.idTag]), [[String(transactionId), 2, 'BADGE9']]);
    const report = await reapplied;
    assert.deepEqual([report.config, report.profiles, report.failed], [1, 0, []]);
    assert.deepEqual(received, ['ChangeConfiguration']);
    // A new start after the restart gets a new, higher id.
    const next = await cp.call('StartTransaction', { ...start, connectorId: 1, timestamp: at(50) });
    assert.ok((next.transactionId as number) > (transactionId as number));
    await waitFor(() => csms.store.openTransactions('CP16').length === 2);
  });
});
