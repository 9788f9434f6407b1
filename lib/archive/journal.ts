/**
 * The archive's spool: an append-only file of numbered records, written before a record is acknowledged to anyone,
 * so neither a database outage nor a killed process loses it. Records are read back from the last committed
 * sequence number on start and after an outage. The file is split into segments so committed ones can be deleted.
 */
import fs from 'fs';
import path from 'path';
import type { ArchiveRecord } from './records';

/** A journaled record as the JSON text it was written as: the writer hands the text on, so it is serialized once. */
export interface JournalEntry {
  seq: number;
  json: string;
  /** Set when the entry was read back: checking a line parses it, and that parse is the record. */
  record?: ArchiveRecord;
}

export function recordOf(entry: JournalEntry): ArchiveRecord {
  return entry.record ?? (JSON.parse(entry.json) as ArchiveRecord);
}

export interface JournalOptions {
  dir: string;
  /** A segment grows to about this size before the next one starts, default 16 MiB. */
  segmentBytes?: number;
  /** A fully committed segment is closed and deleted once it is larger than this, default 1 MiB. */
  recycleBytes?: number;
}

const TAB = 9;
const NEWLINE = 10;
const PREFIX = 'journal-';
const SUFFIX = '.jsonl';
const segmentName = (firstSeq: number): string => `${PREFIX}${String(firstSeq).padStart(15, '0')}${SUFFIX}`;

export interface Segment {
  file: string;
  firstSeq: number;
}

/** The segments in a journal folder, oldest first. */
export function listSegments(dir: string): Segment[] {
  return fs.readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX))
    .map((f) => ({ file: path.join(dir, f), firstSeq: Number(f.slice(PREFIX.length, -SUFFIX.length)) }))
    .filter((s) => Number.isSafeInteger(s.firstSeq))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/** One whole line of a segment (without its newline) as an entry; undefined for a line no append could have made. */
export function parseLine(line: string): JournalEntry | undefined {
  const tab = line.indexOf('\t');
  const seq = Number(line.slice(0, tab));
  if (tab < 0 || !Number.isSafeInteger(seq)) return undefined;
  const json = line.slice(tab + 1);
  try {
    return { seq, json, record: JSON.parse(json) as ArchiveRecord };
  } catch {
    return undefined;
  }
}

export class Journal {
  private readonly dir: string;
  private readonly segmentBytes: number;
  private readonly recycleBytes: number;
  private segments: Segment[] = [];
  private fd?: number;
  private size = 0;
  private nextSeq = 1;
  private readonly removing = new Set<Promise<void>>();
  private buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(options: JournalOptions) {
    this.dir = options.dir;
    this.segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
    this.recycleBytes = options.recycleBytes ?? 1024 * 1024;
  }

  /** Finds the segments on disk and the next sequence number; call once before anything else. */
  open(committedSeq: number): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.segments = listSegments(this.dir);
    let last = committedSeq;
    const tail = this.segments[this.segments.length - 1];
    if (tail) {
      const entries = readSegment(tail.file);
      last = Math.max(last, entries.length ? entries[entries.length - 1].seq : tail.firstSeq - 1);
    }
    this.nextSeq = last + 1;
    this.release(committedSeq);
  }

  /** The sequence number the next appended record gets. */
  get next(): number {
    return this.nextSeq;
  }

  /** Appends records in one write; returns the sequence number of the first (the others follow it). */
  append(records: readonly ArchiveRecord[]): number {
    const first = this.nextSeq;
    if (records.length === 0) return first;
    if (this.fd === undefined || this.size >= this.segmentBytes) this.startSegment();
    // Lines are encoded straight into a reused buffer: joining them into one string first would allocate a copy of
    // the whole text on the heap for every station call.
    let at = 0;
    for (const record of records) {
      const json = JSON.stringify(record);
      at = this.reserve(at, json.length * 3 + 24); // UTF-8 takes at most 3 bytes per UTF-16 unit
      at += this.buffer.write(String(this.nextSeq++), at, 'latin1');
      this.buffer[at++] = TAB;
      at += this.buffer.write(json, at, 'utf8');
      this.buffer[at++] = NEWLINE;
    }
    // One write, before anyone is answered: a crash leaves at most a torn last line, which reading skips.
    for (let done = 0; done < at;) done += fs.writeSync(this.fd!, this.buffer, done, at - done);
    this.size += at;
    return first;
  }

  /** Room for `bytes` more after the first `used` bytes of the buffer, keeping those. */
  private reserve(used: number, bytes: number): number {
    if (used + bytes > this.buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, used + bytes));
      this.buffer.copy(larger, 0, 0, used);
      this.buffer = larger;
    }
    return used;
  }

  /** Up to `max` entries after `afterSeq`, in order. */
  read(afterSeq: number, max: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.segments.length && out.length < max; i++) {
      const nextFirst = this.segments[i + 1]?.firstSeq ?? Infinity;
      if (nextFirst <= afterSeq + 1) continue;
      for (const entry of readSegment(this.segments[i].file)) {
        if (entry.seq <= afterSeq) continue;
        out.push(entry);
        if (out.length >= max) break;
      }
    }
    return out;
  }

  /**
   * Deletes the segments whose every record is committed. When everything is committed and the current segment has
   * grown (or is from an earlier run), a fresh empty one replaces it: its name keeps the next sequence number on disk.
   */
  release(committedSeq: number): void {
    while (this.segments.length > 1 && this.segments[1].firstSeq <= committedSeq + 1) {
      this.remove(this.segments.shift()!.file);
    }
    const current = this.segments[0];
    if (!current || this.segments.length > 1 || committedSeq < this.nextSeq - 1) return;
    if (this.fd !== undefined && this.size < this.recycleBytes) return;
    this.startSegment();
    const fresh = this.segments[this.segments.length - 1];
    if (fresh.file !== current.file) this.remove(current.file);
    this.segments = [fresh];
  }

  /** Bytes waiting on disk (what an outage has spooled so far, roughly). */
  bytesOnDisk(): number {
    let total = 0;
    for (const s of this.segments) {
      try { total += fs.statSync(s.file).size; } catch { /* deleted meanwhile */ }
    }
    return total;
  }

  /** Resolves once the segments released so far are deleted from the disk. */
  async removed(): Promise<void> {
    await Promise.all(this.removing);
  }

  /**
   * Deleting a 16 MiB segment takes milliseconds of kernel work: it runs on the I/O thread pool, not on the event
   * loop. A segment whose deletion a crash interrupts is fully committed, and the next open releases it again.
   */
  private remove(file: string): void {
    const removal = fs.promises.unlink(file).catch(() => undefined).then(() => { this.removing.delete(removal); });
    this.removing.add(removal);
  }

  close(): void {
    this.closeFd();
  }

  private startSegment(): void {
    this.closeFd();
    const segment = { file: path.join(this.dir, segmentName(this.nextSeq)), firstSeq: this.nextSeq };
    // A file of that name holds only a torn record from before a crash (its number was never completed): start it anew.
    this.segments = this.segments.filter((s) => s.firstSeq !== segment.firstSeq);
    this.fd = fs.openSync(segment.file, 'w');
    this.size = 0;
    this.segments.push(segment);
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A segment's entries. A killed process may leave a torn last line: it was never acknowledged, so it is skipped. */
function readSegment(file: string): JournalEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const entries: JournalEntry[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    const entry = parseLine(text.slice(start, end));
    start = end + 1;
    if (entry) entries.push(entry);
  }
  return entries;
}
