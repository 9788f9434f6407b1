/**
 * One-sheet xlsx of any column list, written with exceljs's streaming writer: rows go to the zip as they come, so
 * memory follows the compressed output, not the row count.
 *
 * Totals are off by default. A totals row sits in the sheet like one more transaction, and the scripts that read
 * these files (billing, BI imports) would count it or add it twice. On request it comes after a blank row, outside
 * the auto-filter range (sorting leaves it in place), as SUBTOTAL formulas that follow the filter, with the values
 * cached for readers that do not compute.
 */
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { parseTimestamp } from '../../ocpp/time';
import { TRANSACTION_COLUMNS, type CellValue, type Column, type Language, type Rows } from './columns';
import type { TransactionRow } from '../backend';

export interface XlsxOptions {
  language?: Language;
  sheetName?: string;
  /** The document title (file properties); the sheet itself starts with the header so that it reads as a table. */
  title?: string;
  totals?: boolean;
}

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const NUMBER_FORMAT = '#,##0';
// The zip deflates about one 64 KiB chunk of sheet XML per turn of the event loop, and exceljs ignores
// back-pressure: a source faster than that (an array, a page of 10,000 rows) piles the uncompressed sheet up in
// memory. Yielding every ~700 cells (~50 KiB of XML) keeps memory flat; every 14,000 it grew ~55 MB per 100k rows.
const CELLS_PER_YIELD = 700;
// A complete font: a bare <b/> leaves size and face to the reader's guess.
const BOLD: Partial<ExcelJS.Font> = { name: 'Calibri', family: 2, size: 11, bold: true };
const TOTAL_LABEL: Record<Language, string> = { en: 'Total', fr: 'Total' };

/** Excel refuses names over 31 characters and with any of : \ / ? * [ ]. */
function sheetNameOf(name: string): string {
  return name.replace(/[:\\/?*[\]\s]+/g, ' ').trim().slice(0, 31).trim() || 'Sheet1';
}

/**
 * Dates become Date cells; exceljs stores their UTC wall clock, so Excel shows UTC, like the CSV. Text cells need
 * no formula guard here: an xlsx string cell is never evaluated.
 */
function cellOf<Row>(column: Column<Row>, value: CellValue): ExcelJS.CellValue {
  // Undefined, not null: exceljs then writes no cell at all.
  if (value === null) return undefined;
  if (column.type === 'date' && typeof value === 'string') {
    const at = parseTimestamp(value);
    return at === undefined ? value : new Date(at);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

function styleOf<Row>(column: Column<Row>): Partial<ExcelJS.Style> {
  return column.type === 'date' ? { numFmt: DATE_FORMAT } : column.type === 'number' ? { numFmt: NUMBER_FORMAT } : {};
}

/** Streams into `out` (an HTTP response, a file) and ends it; on a failure `out` is destroyed, as `pipeline` would. */
export async function writeXlsx<Row>(columns: readonly Column<Row>[], rows: Rows<Row>, out: Writable, options: XlsxOptions & { sheetName: string }): Promise<void> {
  try {
    await writeSheet(columns, rows, out, options);
  } catch (error) {
    // A half-written zip must not look like a complete download.
    out.destroy(error as Error);
    throw error;
  }
}

async function writeSheet<Row>(columns: readonly Column<Row>[], rows: Rows<Row>, out: Writable, options: XlsxOptions & { sheetName: string }): Promise<void> {
  const language = options.language ?? 'en';
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  if (options.title) workbook.title = options.title;
  const sheet = workbook.addWorksheet(sheetNameOf(options.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    // Room for the header and its filter button.
    width: Math.max(c.width, c.label[language].length + 4),
    style: styleOf(c),
  }));
  // exceljs copies the column style into a new object per cell and then looks each one up again; one shared object
  // per column is found by identity in its cache, which roughly halves the time of a large export.
  const styles = columns.map(styleOf);
  const header = sheet.addRow(columns.map((c) => c.label[language]));
  header.font = BOLD;
  header.commit();

  const counts = columns.map(() => 0);
  const sums = columns.map(() => 0);
  let count = 0;
  let cells = 0;
  for await (const row of rows) {
    const values = columns.map((c, i) => {
      const value = cellOf(c, c.value(row));
      if (value !== undefined) counts[i]++;
      if (typeof value === 'number') sums[i] += value;
      return value;
    });
    const sheetRow = sheet.addRow(values);
    sheetRow.eachCell((cell, column) => {
      cell.style = styles[column - 1];
    });
    sheetRow.commit();
    count++;
    cells += columns.length;
    if (cells >= CELLS_PER_YIELD) {
      cells = 0;
      await new Promise(setImmediate);
    }
  }
  const lastRow = count + 1;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: columns.length } };

  if (options.totals && count > 0) {
    const totals = columns.map((c, i): ExcelJS.CellValue => {
      if (!c.total) return i === 0 ? TOTAL_LABEL[language] : null;
      const range = `${sheet.getColumn(i + 1).letter}2:${sheet.getColumn(i + 1).letter}${lastRow}`;
      // 103 and 109: COUNTA and SUM over the rows the filter shows.
      return c.total === 'count' ? { formula: `SUBTOTAL(103,${range})`, result: counts[i] } : { formula: `SUBTOTAL(109,${range})`, result: sums[i] };
    });
    const row = sheet.getRow(lastRow + 2);
    row.values = totals;
    row.font = BOLD;
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The whole file in memory; use `writeXlsx` to stream a large export into a response instead. */
export async function toXlsx<Row>(columns: readonly Column<Row>[], rows: Rows<Row>, options: XlsxOptions & { sheetName: string }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await writeXlsx(columns, rows, sink, options);
  return Buffer.concat(chunks);
}

const TRANSACTIONS_SHEET: Record<Language, string> = { en: 'Transactions', fr: 'Transactions' };

export function transactionsXlsx(rows: Rows<TransactionRow>, options: XlsxOptions = {}): Promise<Buffer> {
  return toXlsx(TRANSACTION_COLUMNS, rows, { ...options, sheetName: options.sheetName ?? TRANSACTIONS_SHEET[options.language ?? 'en'] });
}

export function writeTransactionsXlsx(rows: Rows<TransactionRow>, out: Writable, options: XlsxOptions = {}): Promise<void> {
  return writeXlsx(TRANSACTION_COLUMNS, rows, out, { ...options, sheetName: options.sheetName ?? TRANSACTIONS_SHEET[options.language ?? 'en'] });
}
