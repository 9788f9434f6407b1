/**
 * RFC 4180 CSV of any column list, built for a spreadsheet user as much as for a script.
 *
 * Numbers keep '.' as decimal mark in every language, French included: the CSV stays one machine-readable format
 * (as its ISO dates are), and the values, in Wh, W and s, are mostly whole numbers that read the same under either
 * mark. French files do get ';' as separator, because a French Excel splits on its list separator and would leave
 * a ','-separated file in one column. People who want typed, locale-proof cells take the xlsx.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normalizeTimestamp } from '../../ocpp/time';
import { TRANSACTION_COLUMNS, type CellType, type CellValue, type Column, type Language, type Rows } from './columns';
import type { TransactionRow } from '../backend';

export interface CsvOptions {
  language?: Language;
  /** Default ',' in English, ';' in French. */
  separator?: ',' | ';';
  /** The UTF-8 byte order mark, on by default: without it Excel reads the file in the ANSI code page and breaks accents. */
  bom?: boolean;
}

const CRLF = '\r\n';
// Spreadsheets start a formula on these; a leading tab or CR can hide one from a quick look at the cell.
const FORMULA_START = /^[=+\-@\t\r]/;
// Strings are cheap to append; the stream gets fewer, larger chunks.
const CHUNK_CHARS = 64 * 1024;

function quote(text: string, separator: string): string {
  return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The apostrophe makes the spreadsheet show the text as text; numbers never get it, so '-5' stays a number. */
function guard(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CellValue, type: CellType, separator: string): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // An unreadable timestamp is still written, as the text it is.
  const text = type === 'date' ? normalizeTimestamp(value) : value;
  return quote(guard(text), separator);
}

/** The file in chunks of about 64 KiB, header first; rows are read one at a time so a paged query can feed it. */
export async function* csvChunks<Row>(columns: readonly Column<Row>[], rows: Rows<Row>, options: CsvOptions = {}): AsyncGenerator<string> {
  const language = options.language ?? 'en';
  const separator = options.separator ?? (language === 'fr' ? ';' : ',');
  let chunk = (options.bom ?? true ? '\uFEFF' : '') + columns.map((c) => quote(c.label[language], separator)).join(separator) + CRLF;
  for await (const row of rows) {
    chunk += columns.map((c) => csvCell(c.value(row), c.type, separator)).join(separator) + CRLF;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

export async function toCsv<Row>(columns: readonly Column<Row>[], rows: Rows<Row>, options?: CsvOptions): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of csvChunks(columns, rows, options)) chunks.push(chunk);
  return chunks.join('');
}

/** Streams into `out` (an HTTP response, a file) with back-pressure; ends it. */
export async function writeCsv<Row>(columns: readonly Column<Row>[], rows: Rows<Row>, out: Writable, options?: CsvOptions): Promise<void> {
  await pipeline(Readable.from(csvChunks(columns, rows, options)), out);
}

export function transactionsCsv(rows: Rows<TransactionRow>, options?: CsvOptions): Promise<string> {
  return toCsv(TRANSACTION_COLUMNS, rows, options);
}

export function writeTransactionsCsv(rows: Rows<TransactionRow>, out: Writable, options?: CsvOptions): Promise<void> {
  return writeCsv(TRANSACTION_COLUMNS, rows, out, options);
}
