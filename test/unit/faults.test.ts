/**
 * Fault injection (issue 10): a station that disappears in the middle of a call, silently (no close: the call times
 * out, the ping finds the dead socket) or abruptly (the call fails at once); and an archive database that stalls
 * (another process holds SQLite's write lock) while stations keep sending: their answers do not wait, and every row
 * lands once the lock is released. Killing the runtime mid-transaction is the SIGKILL test of the archive issue.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { CsmsArchiver } from '../../lib/archive/archiver';
import { ArchiveDatabase, sqliteDatabase } from '../../lib/archive/database';
import { Csms } from '../../lib/ocpp/csms';
import type { OcppEvent } from '../../lib/ocpp/events';
import { RawClient, waitFor } from '../support/net';

describe('faults: stations that vanish, a database that stalls', function () {
  this.timeout(30_000);
  let csms: Csms | undefined;
  let db: ArchiveDatabase | undefined;
  let archiver: CsmsArchiver | undefined;
  afterEach(async () => {
    archiver?.detach();
    await csms?.stop();
    await db?.close();
    [csms, db, archiver] = [undefined, undefined, undefined];
  });

  async function booted(url: string, identity: string): Promise<RawClient> {
    const client = new RawClient(`${url}/${identity}`);
    await client.open();
    client.send([2, 'boot', 'BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'F' }]);
    assert.equal((await client.next())[0], 3);
    return client;
  }

  it('a station that goes silent mid-call: the call times out, the ping drops it, the next command fails at once', async () => {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 1000, callTimeoutMs: 500 });
    const events: OcppEvent[] = [];
    csms.on('event', (e: OcppEvent) => events.push(e));
    const client = await booted(`ws://127.0.0.1:${await csms.start()}/ocpp`, 'CP1');
    const pending = csms.command('CP1', { command: 'reset', type: 'Soft' });
    await client.next(); // the Reset CALL arrived; the station now vanishes without a word
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const started = Date.now();
    await assert.rejects(pending, { code: 'Timeout' });
    assert.ok(Date.now() - started < 1500, 'within the call timeout');
    await waitFor(() => events.some((e) => e.type === 'station.disconnected' && e.stationId === 'CP1'), 4000, 'the dead socket dropped within two pings');
    await assert.rejects(csms.command('CP1', { command: 'reset', type: 'Soft' }), { code: 'NotConnected' });
    client.close();
  });

  it('a station that drops its connection mid-call: the call and the ones queued behind it fail at once, the CSMS carries on', async () => {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, callTimeoutMs: 10_000 });
    const url = `ws://127.0.0.1:${await csms.start()}/ocpp`;
    const client = await booted(url, 'CP1');
    const first = csms.command('CP1', { command: 'reset', type: 'Soft' });
    const queued = csms.command('CP1', { command: 'reset', type: 'Hard' });
    await client.next();
    const started = Date.now();
    client.ws.terminate();
    await assert.rejects(first, { code: 'Closed' });
    await assert.rejects(queued, { code: 'Closed' });
    assert.ok(Date.now() - started < 1000, 'not after the 10 s call timeout');
    const again = await booted(url, 'CP1');
    again.send([2, 'hb', 'Heartbeat', {}]);
    assert.equal((await again.next())[0], 3, 'the station is served again after reconnecting');
    again.close();
  });

  it('an archive database that stalls: MeterValues answered without waiting for it, every row written once it frees up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-stall-'));
    const file = path.join(dir, 'archive.db');
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0 });
    // Retries every 200 ms to 1 s, so the test does not wait out the default backoff (1 s doubling to 30 s).
    db = sqliteDatabase(file, { flushMs: 5, retryMs: 200, maxRetryMs: 1000 });
    archiver = new CsmsArchiver(csms, db);
    archiver.attach();
    await archiver.restored;
    const client = await booted(`ws://127.0.0.1:${await csms.start()}/ocpp`, 'CP1');
    const meter = async (i: number): Promise<number> => {
      const t0 = Date.now();
      // A reading per second of meter time: the archive keeps one row per station, connector, time and measurand.
      const timestamp = new Date(Date.UTC(2026, 11, 1, 8, 0, 0) + i * 1000).toISOString();
      client.send([2, `mv-${i}`, 'MeterValues', { connectorId: 1, meterValue: [{ timestamp, sampledValue: [{ value: String(1000 + i) }] }] }]);
      assert.equal((await client.next())[0], 3);
      return Date.now() - t0;
    };
    await meter(0);
    await db.drained();

    // Another process takes SQLite's write lock and keeps it for 3 s.
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const release = setTimeout(() => { other.exec('COMMIT'); other.close(); }, 3000);
    try {
      const times: number[] = [];
      for (let i = 1; i <= 100; i++) times.push(await meter(i));
      const slowest = Math.max(...times);
      assert.ok(slowest < 1000, `a MeterValues answer waited ${slowest} ms on the stalled database`);
    } finally {
      await waitFor(() => !other.open, 10_000, 'the lock released');
      clearTimeout(release);
    }
    // Whatever the writer had to set aside while the lock was held is written now: all of it, once.
    const count = (): number => {
      const reader = new Database(file, { readonly: true });
      try {
        return (reader.prepare("SELECT COUNT(*) AS n FROM meter_values WHERE station_id = 'CP1'").get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    await waitFor(() => count() >= 101, 20_000, 'every meter value written');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(count(), 101, 'and none twice');
    client.close();
  });
});
