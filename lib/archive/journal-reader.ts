/**
 * Reads a journal that another thread appends to, from where the last read stopped: the SQLite writer thread takes
 * its batches from the spool file itself, so the OCPP event loop never assembles nor hands over a batch.
 */
import fs from 'fs';
import { JournalEntry, listSegments, parseLine, Segment } from './journal';

const NEWLINE = 0x0a;

export class JournalReader {
  private segment?: Segment;
  private offset = 0;
  /** The sequence number the line at `offset` should carry: the reader is positioned for a read after it - 1. */
  private expected = 0;

  constructor(private readonly dir: string) {}

  /** Entries with afterSeq < seq <= uptoSeq, at most `max`, in order; only whole lines. */
  read(afterSeq: number, uptoSeq: number, max: number): JournalEntry[] {
    if (!this.segment || this.expected !== afterSeq + 1) this.seek(afterSeq);
    const out: JournalEntry[] = [];
    while (this.segment && out.length < max) {
      const more = this.readSegment(afterSeq, uptoSeq, max, out);
      if (more || out.length >= max || this.expected > uptoSeq) break;
      // At the end of this segment's whole lines: what follows is in the next segment, if one exists yet.
      const next = listSegments(this.dir).find((s) => s.firstSeq > this.segment!.firstSeq);
      if (!next) break;
      this.segment = next;
      this.offset = 0;
    }
    return out;
  }

  /** Positions on the segment that holds afterSeq + 1 (reading from its start skips what is older). */
  private seek(afterSeq: number): void {
    const segments = listSegments(this.dir);
    this.segment = segments.filter((s) => s.firstSeq <= afterSeq + 1).pop() ?? segments[0];
    this.offset = 0;
    this.expected = afterSeq + 1;
  }

  /** Reads the current segment's new whole lines; true when it stopped early (enough entries, or past uptoSeq). */
  private readSegment(afterSeq: number, uptoSeq: number, max: number, out: JournalEntry[]): boolean {
    let bytes: Buffer;
    try {
      bytes = readFrom(this.segment!.file, this.offset);
    } catch {
      // Deleted since (its records were all committed, or it was recycled): read on where the next ones are.
      const gone = this.segment!.file;
      this.seek(this.expected - 1);
      return this.segment && this.segment.file !== gone ? this.readSegment(afterSeq, uptoSeq, max, out) : false;
    }
    let consumed = 0;
    let stopped = false;
    for (;;) {
      const end = bytes.indexOf(NEWLINE, consumed);
      // No newline yet: the rest is being written, or was torn by a crash (its seq then starts the next segment).
      if (end < 0) break;
      const entry = parseLine(bytes.toString('utf8', consumed, end));
      if (entry && entry.seq > uptoSeq) {
        stopped = true;
        break;
      }
      consumed = end + 1;
      if (!entry || entry.seq <= afterSeq || entry.seq < this.expected) continue;
      out.push(entry);
      this.expected = entry.seq + 1;
      if (out.length >= max) {
        stopped = true;
        break;
      }
    }
    this.offset += consumed;
    return stopped;
  }
}

/** The bytes of a file from `offset` to its current end. */
function readFrom(file: string, offset: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.max(0, size - offset);
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = fs.readSync(fd, buffer, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
