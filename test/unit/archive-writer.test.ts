import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Journal, recordOf } from '../../lib/archive/journal';
import { JournalReader } from '../../lib/archive/journal-reader';
import { ArchiveWriter } from '../../lib/archive/writer';
import { SqliteBackend } from '../../lib/archive/sqlite/backend';
import type { ArchiveBackend } from '../../lib/archive/backend';
import type { ArchiveRecord, MeterRecord } from '../../lib/archive/records';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'evc-archive-'));

function meter(i: number, transactionId = 'T1'): MeterRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return { kind: 'meter', stationId: 'CP1', evseId: 1, transactionId, samples: [{ timestamp: at, energyWh: 1000 + i * 10, powerW: 7000 + i }] };
}

type Flaky<T> = T & { down: boolean; writes: number };

/** A backend that fails on demand, as a database that goes away and comes back, whichever way it takes batches. */
function flaky<T extends ArchiveBackend>(backend: T): Flaky<T> {
  const b = backend as Flaky<T>;
  b.down = false;
  b.writes = 0;
  const refuse = () => {
    if (b.down) throw new Error('connection refused');
    b.writes++;
  };
  const write = backend.write.bind(backend);
  b.write = async (records: ArchiveRecord[], lastSeq: number) => { refuse(); return write(records, lastSeq); };
  // A writer thread's entry point appears when the backend opens.
  const open = backend.open.bind(backend);
  b.open = async () => {
    await open();
    const fromJournal = b.writeFromJournal;
    if (fromJournal) b.writeFromJournal = async (afterSeq, uptoSeq, max) => { refuse(); return fromJournal(afterSeq, uptoSeq, max); };
  };
  return b;
}

/** The two ways batches reach SQLite: queued in memory on this thread, or read from the journal by a writer thread. */
const VARIANTS: Array<{ name: string; backend: (file: string, spool: string) => SqliteBackend }> = [
  { name: 'batches queued in memory', backend: (file) => new SqliteBackend({ file }) },
  { name: 'writer thread reading the journal', backend: (file, spool) => new SqliteBackend({ file, writerThread: { journalDir: spool } }) },
];

async function meterRows(backend: SqliteBackend): Promise<number[]> {
  return (await backend.meterValues('CP1', 'T1')).map((r) => r.energyWh as number);
}

/** A journal folder as a killed process leaves it: record 1 whole, record 2 torn halfway through its line. */
function tornJournal(): string {
  const dir = tmp();
  const journal = new Journal({ dir });
  journal.open(0);
  journal.append([meter(1)]);
  journal.close();
  const [file] = fs.readdirSync(dir);
  fs.appendFileSync(path.join(dir, file), '2\t{"kind":"met');
  return dir;
}

describe('archive journal', () => {
  it('numbers records, reads them back after a sequence, and keeps numbering across a reopen', () => {
    const dir = tmp();
    const journal = new Journal({ dir });
    journal.open(0);
    assert.equal(journal.append([meter(1), meter(2)]), 1);
    assert.equal(journal.append([meter(3)]), 3);
    assert.deepEqual(journal.read(1, 10).map((e) => [e.seq, recordOf(e)]), [[2, meter(2)], [3, meter(3)]]);
    journal.close();
    const again = new Journal({ dir });
    again.open(0);
    assert.equal(again.next, 4);
    assert.deepEqual(again.read(0, 10).map((e) => e.seq), [1, 2, 3]);
    again.close();
  });

  it('writes any text whole: multi-byte characters, and records larger than its buffer', () => {
    const dir = tmp();
    const journal = new Journal({ dir });
    journal.open(0);
    const note = (text: string): ArchiveRecord => ({ kind: 'message', stationId: 'CS-é', origin: 'station', action: 'DataTransfer', messageId: '1', request: { data: text }, at: '2026-01-01T00:00:00Z' });
    const large = 'Ω€😀'.repeat(40_000) + 'x'.repeat(200_000);
    assert.equal(journal.append([note('Größe'), note(large), note('\t\n"')]), 1);
    journal.close();
    const again = new Journal({ dir });
    again.open(0);
    assert.deepEqual(again.read(0, 10).map((e) => ((recordOf(e) as { request: { data: string } }).request.data)), ['Größe', large, '\t\n"']);
    assert.equal(again.next, 4);
    again.close();
  });

  it('skips a torn last line left by a killed process and never appends to it', () => {
    const dir = tornJournal();
    const again = new Journal({ dir });
    again.open(0);
    assert.equal(again.next, 2);
    again.append([meter(2)]);
    assert.deepEqual(again.read(0, 10).map((e) => [e.seq, (recordOf(e) as MeterRecord).samples[0].energyWh]), [[1, 1010], [2, 1020]]);
    again.close();
  });

  it('deletes committed segments (off the event loop) but keeps the sequence number on disk', async () => {
    const dir = tmp();
    const journal = new Journal({ dir, segmentBytes: 200, recycleBytes: 1 });
    journal.open(0);
    for (let i = 1; i <= 10; i++) journal.append([meter(i)]);
    assert.ok(fs.readdirSync(dir).length > 2);
    journal.release(10);
    await journal.removed();
    assert.equal(fs.readdirSync(dir).length, 1);
    journal.close();
    const again = new Journal({ dir });
    again.open(0);
    assert.equal(again.next, 11);
    assert.deepEqual(again.read(0, 10), []);
    again.close();
  });
});

describe('archive journal reader (the writer thread side)', () => {
  const energyOf = (e: { json: string }) => (JSON.parse(e.json) as MeterRecord).samples[0].energyWh;

  it('reads what follows a sequence number, up to a limit and a last number, then goes on from there', () => {
    const dir = tmp();
    const journal = new Journal({ dir });
    journal.open(0);
    for (let i = 1; i <= 5; i++) journal.append([meter(i)]);
    const reader = new JournalReader(dir);
    assert.deepEqual(reader.read(0, 5, 2).map((e) => e.seq), [1, 2]);
    assert.deepEqual(reader.read(2, 4, 10).map((e) => e.seq), [3, 4]);
    assert.deepEqual(reader.read(4, 4, 10), [], 'nothing after the last number asked for');
    journal.append([meter(6), meter(7)]);
    assert.deepEqual(reader.read(4, 7, 10).map((e) => [e.seq, energyOf(e)]), [[5, 1050], [6, 1060], [7, 1070]]);
    journal.close();
  });

  it('reads again from an earlier number (a batch that failed), across segments, and past deleted ones', () => {
    const dir = tmp();
    const journal = new Journal({ dir, segmentBytes: 300, recycleBytes: 1 });
    journal.open(0);
    for (let i = 1; i <= 12; i++) journal.append([meter(i)]);
    assert.ok(fs.readdirSync(dir).length > 3, 'several segments');
    const reader = new JournalReader(dir);
    assert.deepEqual(reader.read(0, 12, 100).map((e) => e.seq), Array.from({ length: 12 }, (_, i) => i + 1));
    assert.deepEqual(reader.read(3, 12, 4).map((e) => e.seq), [4, 5, 6, 7], 'a retry starts over from the committed number');
    journal.release(9);
    assert.deepEqual(reader.read(9, 12, 100).map((e) => e.seq), [10, 11, 12]);
    journal.release(12);
    journal.append([meter(13)]);
    assert.deepEqual(reader.read(12, 13, 100).map((e) => e.seq), [13], 'after the segment it was reading was recycled');
    journal.close();
  });

  it('leaves a line that is not whole yet, and skips a torn line for the segment that follows it', () => {
    const dir = tornJournal();
    const reader = new JournalReader(dir);
    assert.deepEqual(reader.read(0, 2, 10).map((e) => e.seq), [1], 'the unfinished line is not read');
    // The process died there: the next run numbers its first record 2 again, in a segment of its own.
    const again = new Journal({ dir });
    again.open(0);
    again.append([meter(2)]);
    assert.deepEqual(reader.read(1, 2, 10).map((e) => [e.seq, energyOf(e)]), [[2, 1020]]);
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

  for (const variant of VARIANTS) {
    it(`spools while the database is down and replays in order when it is back (${variant.name})`, async () => {
      const dir = tmp();
      const backend = flaky(variant.backend(path.join(dir, 'a.db'), path.join(dir, 'spool')));
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
      const energies = await meterRows(backend);
      assert.deepEqual(energies, Array.from({ length: 210 }, (_, i) => 1000 + i * 10));
      assert.deepEqual(seen, ['spooling', 'recovered']);
      await writer.close();
      await backend.close();
    });

    it(`replays after a restart what the previous run journaled but never wrote (${variant.name})`, async () => {
      const dir = tmp();
      const file = path.join(dir, 'a.db');
      const spool = path.join(dir, 'spool');
      const first = flaky(variant.backend(file, spool));
      const crashed = new ArchiveWriter(first, new Journal({ dir: spool }), { flushMs: 5, retryMs: 1000 });
      await crashed.start();
      crashed.push([meter(1)]);
      await crashed.drained();
      first.down = true;
      crashed.push([meter(2), meter(3)]);
      // The process dies here: no close, nothing flushed.
      const second = variant.backend(file, spool);
      const restarted = new ArchiveWriter(second, new Journal({ dir: spool }), { flushMs: 5 });
      await restarted.start();
      await restarted.drained();
      assert.deepEqual(await meterRows(second), [1010, 1020, 1030]);
      await restarted.close();
      await second.close();
      await crashed.close();
      await first.close();
    });
  }

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
