import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Journal, recordOf } from '../../lib/archive/journal';
import { ArchiveWriter } from '../../lib/archive/writer';
import { SqliteBackend } from '../../lib/archive/sqlite/backend';
import type { ArchiveBackend } from '../../lib/archive/backend';
import type { ArchiveRecord, MeterRecord } from '../../lib/archive/records';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'evc-archive-'));

function meter(i: number, transactionId = 'T1'): MeterRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return { kind: 'meter', stationId: 'CP1', evseId: 1, transactionId, samples: [{ timestamp: at, energyWh: 1000 + i * 10, powerW: 7000 + i }] };
}

/** A backend that fails on demand, as a database that goes away and comes back. */
function flaky(inner: ArchiveBackend): ArchiveBackend & { down: boolean; writes: number } {
  const wrapper = Object.create(inner) as ArchiveBackend & { down: boolean; writes: number };
  wrapper.down = false;
  wrapper.writes = 0;
  // Without writeJson the writer hands its batches to write, the method that fails here.
  wrapper.writeJson = undefined;
  wrapper.write = async (records: ArchiveRecord[], lastSeq: number) => {
    if (wrapper.down) throw new Error('connection refused');
    wrapper.writes++;
    // The wrapper holds the open handle (open() ran on it): the inner method must run with it as `this`.
    return inner.write.call(wrapper, records, lastSeq);
  };
  return wrapper;
}

async function meterRows(backend: SqliteBackend): Promise<number[]> {
  return (await backend.meterValues('CP1', 'T1')).map((r) => r.energyWh as number);
}

describe('archive journal', () => {
  it('numbers records, reads them back after a sequence, and keeps numbering across a reopen', () => {
    const dir = tmp();
    const journal = new Journal({ dir });
    journal.open(0);
    assert.deepEqual(journal.append([meter(1), meter(2)]).map((e) => e.seq), [1, 2]);
    assert.deepEqual(journal.append([meter(3)]).map((e) => [e.seq, recordOf(e)]), [[3, meter(3)]]);
    assert.deepEqual(journal.read(1, 10).map((e) => e.seq), [2, 3]);
    journal.close();
    const again = new Journal({ dir });
    again.open(0);
    assert.equal(again.next, 4);
    assert.deepEqual(again.read(0, 10).map((e) => e.seq), [1, 2, 3]);
    again.close();
  });

  it('skips a torn last line left by a killed process and never appends to it', () => {
    const dir = tmp();
    const journal = new Journal({ dir });
    journal.open(0);
    journal.append([meter(1)]);
    journal.close();
    const [file] = fs.readdirSync(dir);
    fs.appendFileSync(path.join(dir, file), '2\t{"kind":"met');
    const again = new Journal({ dir });
    again.open(0);
    assert.equal(again.next, 2);
    again.append([meter(2)]);
    assert.deepEqual(again.read(0, 10).map((e) => [e.seq, (recordOf(e) as MeterRecord).samples[0].energyWh]), [[1, 1010], [2, 1020]]);
    again.close();
  });

  it('deletes committed segments but keeps the sequence number on disk', () => {
    const dir = tmp();
    const journal = new Journal({ dir, segmentBytes: 200, recycleBytes: 1 });
    journal.open(0);
    for (let i = 1; i <= 10; i++) journal.append([meter(i)]);
    assert.ok(fs.readdirSync(dir).length > 2);
    journal.release(10);
    assert.equal(fs.readdirSync(dir).length, 1);
    journal.close();
    const again = new Journal({ dir });
    again.open(0);
    assert.equal(again.next, 11);
    assert.deepEqual(again.read(0, 10), []);
    again.close();
  });
});

describe('archive writer', () => {
  it('batches records into the database and drains', async () => {
    const dir = tmp();
    const backend = new SqliteBackend({ file: path.join(dir, 'a.db') });
    const writer = new ArchiveWriter(backend, new Journal({ dir: path.join(dir, 'spool') }), { batchSize: 50, flushMs: 10 });
    await writer.start();
    for (let i = 0; i < 120; i++) writer.push([meter(i)]);
    await writer.drained();
    assert.equal((await meterRows(backend)).length, 120);
    assert.equal(await backend.checkpoint(), 120);
    assert.equal(writer.status().pending, 0);
    await writer.close();
    await backend.close();
  });

  it('spools while the database is down and replays in order when it is back', async () => {
    const dir = tmp();
    const backend = flaky(new SqliteBackend({ file: path.join(dir, 'a.db') }));
    const sqlite = backend as unknown as SqliteBackend;
    // A small memory cap so most of the outage is read back from the spool file.
    const writer = new ArchiveWriter(backend, new Journal({ dir: path.join(dir, 'spool') }), { batchSize: 20, flushMs: 5, retryMs: 20, maxRetryMs: 40, maxInMemory: 30 });
    const seen: string[] = [];
    writer.on('spooling', () => seen.push('spooling'));
    writer.on('recovered', () => seen.push('recovered'));
    await writer.start();
    for (let i = 0; i < 10; i++) writer.push([meter(i)]);
    await writer.drained();
    backend.down = true;
    for (let i = 10; i < 200; i++) writer.push([meter(i)]);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(writer.state, 'spooling');
    assert.ok(writer.status().pending >= 190);
    assert.ok(writer.status().spooledBytes > 0);
    backend.down = false;
    for (let i = 200; i < 210; i++) writer.push([meter(i)]);
    await writer.drained();
    const energies = await meterRows(sqlite);
    assert.deepEqual(energies, Array.from({ length: 210 }, (_, i) => 1000 + i * 10));
    assert.deepEqual(seen, ['spooling', 'recovered']);
    await writer.close();
    await sqlite.close();
  });

  it('replays after a restart what the previous run journaled but never wrote', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.db');
    const spool = path.join(dir, 'spool');
    const first = flaky(new SqliteBackend({ file }));
    const crashed = new ArchiveWriter(first, new Journal({ dir: spool }), { flushMs: 5, retryMs: 1000 });
    await crashed.start();
    crashed.push([meter(1)]);
    await crashed.drained();
    first.down = true;
    crashed.push([meter(2), meter(3)]);
    // The process dies here: no close, nothing flushed.
    const second = new SqliteBackend({ file });
    const restarted = new ArchiveWriter(second, new Journal({ dir: spool }), { flushMs: 5 });
    await restarted.start();
    await restarted.drained();
    assert.deepEqual(await meterRows(second), [1010, 1020, 1030]);
    await restarted.close();
    await second.close();
    await crashed.close();
    await first.close();
  });

  it('applies a replayed batch once: meter values and transaction events have natural keys', async () => {
    const backend = new SqliteBackend({ file: ':memory:' });
    await backend.open();
    const at = '2026-01-01T00:00:00.000Z';
    const batch: ArchiveRecord[] = [
      { kind: 'txStart', stationId: 'CP1', transactionId: 'T1', evseId: 1, connectorId: 1, idTag: 'A', startedAt: at, meterStartWh: 1000, receivedAt: at },
      meter(5),
      { kind: 'txEvent', stationId: 'CP1', transactionId: 'T1', seqNo: 0, eventType: 'Started', offline: false, at, receivedAt: at },
    ];
    await backend.write(batch, 3);
    await backend.write(batch, 6);
    assert.equal((await backend.meterValues('CP1', 'T1')).length, 1);
    const page = await backend.transactions({});
    assert.equal(page.total, 1);
    assert.equal(page.rows[0].energyWh, 50);
    await backend.close();
  });
});
