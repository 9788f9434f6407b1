/**
 * A badge list from a spreadsheet (CSV text or an .xlsx workbook) as updates for TagStore.upsert. Nothing here
 * throws on what a user uploads: what cannot be read is said in `problems`, a bad row is skipped with its row number
 * as the spreadsheet shows it, and the good rows still come through.
 */
import ExcelJS from 'exceljs';
import { keyOf } from './tags';
import { CsvError, csvRecords, decodeCsv, detectDelimiter } from './import-csv';
import { badgeOf, blockedOf, fieldOf, isEmpty, RowError, shown, textOf, validUntilOf, type Cell, type Field, type TagUpdate, type TagValues } from './import-fields';

export type { TagUpdate } from './import-fields';

export interface ImportOptions {
  /**
   * An empty cell leaves the field as the store has it (the file only adds what it knows); with `emptyClears` it
   * clears it (the file is the whole truth), and an empty blocked cell unblocks. Columns the file lacks never clear.
   */
  emptyClears?: boolean;
  /** The workbook's sheet to read; the first one by default. */
  sheet?: string;
  /** Rows read at most (empty rows do not count), so that a huge upload cannot hold the runtime. Default 100,000. */
  maxRows?: number;
}

export interface TagImport {
  tags: TagUpdate[];
  problems: string[];
}

interface Column {
  index: number;
  field: Field;
  /** As the file writes it, for the messages. */
  title: string;
}

interface Row {
  /** As the spreadsheet shows it: the first line of the file is row 1. */
  n: number;
  cells: readonly Cell[];
}

const MAX_ROWS = 100_000;
// An .xlsx is a zip; an old .xls an OLE compound file, which exceljs cannot read.
const ZIP = '504b0304';
const OLE = 'd0cf11e0';
// OCPP 1.6 idTags are CiString20; 2.0.1 IdTokens take 36.
const OCPP16_LENGTH = 20;
const CLEARED: TagValues = { owner: null, userGroup: null, validUntil: null, blocked: false, parentId: null, email: null };
const READERS: { [K in keyof TagValues]: (cell: Cell) => TagValues[K] } = {
  owner: textOf, userGroup: textOf, validUntil: validUntilOf, blocked: blockedOf, parentId: badgeOf, email: textOf,
};

/** CSV text, or a file's bytes: an .xlsx workbook (a zip) or CSV in UTF-8 or Windows-1252. */
export async function importTags(input: string | Uint8Array, options: ImportOptions = {}): Promise<TagImport> {
  if (typeof input === 'string') return importTagsCsv(input, options);
  const magic = Buffer.from(input.subarray(0, 4)).toString('hex');
  if (magic === ZIP) return importTagsXlsx(input, options);
  if (magic === OLE) return { tags: [], problems: ['this is an old .xls workbook: save it as .xlsx or CSV'] };
  return importTagsCsv(decodeCsv(input), options);
}

export function importTagsCsv(text: string, options: ImportOptions = {}): TagImport {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.slice(0, 4096).includes('\u0000')) return { tags: [], problems: ['this is not CSV text (it holds binary data)'] };
  return safely(() => readRows(csvRows(body, detectDelimiter(body)), options));
}

export async function importTagsXlsx(data: Uint8Array, options: ImportOptions = {}): Promise<TagImport> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its Buffer as an ArrayBuffer; at run time it takes Node's.
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    return { tags: [], problems: [`this is not an .xlsx workbook (${(error as Error).message})`] };
  }
  const sheet = options.sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(options.sheet);
  if (!sheet) {
    const names = workbook.worksheets.map((s) => `"${s.name}"`).join(', ') || 'none';
    return { tags: [], problems: [options.sheet === undefined ? 'the workbook has no sheet' : `no sheet "${options.sheet}" (sheets: ${names})`] };
  }
  return safely(() => readRows(sheetRows(sheet), options));
}

/** The last resort of the no-throw promise: a bug here must not take an upload handler down. */
function safely(read: () => TagImport): TagImport {
  try {
    return read();
  } catch (error) {
    return { tags: [], problems: [`the file could not be read (${(error as Error).message})`] };
  }
}

/** Header first (the first row that is not empty), then one update per good row; the last of a badge's rows wins. */
function readRows(rows: Iterable<Row>, options: ImportOptions): TagImport {
  const problems: string[] = [];
  const read = new Map<string, { n: number; update: TagUpdate }>();
  const maxRows = options.maxRows ?? MAX_ROWS;
  let columns: Column[] | undefined;
  let count = 0;
  try {
    for (const row of rows) {
      if (row.cells.every(isEmpty)) continue;
      if (!columns) {
        columns = headerOf(row, problems);
        if (columns.some((c) => c.field === 'idTag')) continue;
        problems.push(`row ${row.n}: no badge column (titled Badge, Tag, idTag or Numéro de badge, for instance): nothing was imported`);
        return { tags: [], problems };
      }
      if (++count > maxRows) {
        problems.push(`row ${row.n}: the file has more than ${maxRows} rows; this one and the rest were not read`);
        break;
      }
      try {
        const update = updateOf(row.cells, columns, options.emptyClears ?? false);
        const length = update.idTag.length;
        if (length > OCPP16_LENGTH) problems.push(`row ${row.n}: warning: badge ${shown(update.idTag)} has ${length} characters, more than the ${OCPP16_LENGTH} OCPP 1.6 stations take (imported)`);
        const key = keyOf(update.idTag);
        const earlier = read.get(key);
        if (earlier) problems.push(`row ${row.n}: note: badge ${shown(update.idTag)} is also on row ${earlier.n}; this later row wins`);
        // Deleted first so that the badge takes the later row's place in the list.
        read.delete(key);
        read.set(key, { n: row.n, update });
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        problems.push(`row ${row.n}: ${error.message}`);
      }
    }
  } catch (error) {
    // A quote that is never closed swallows the rest of a CSV; the rows before it stand.
    if (!(error instanceof CsvError)) throw error;
    problems.push(error.message);
  }
  if (!columns && !problems.length) problems.push('the file is empty');
  return { tags: [...read.values()].map((r) => r.update), problems };
}

function headerOf(row: Row, problems: string[]): Column[] {
  const columns: Column[] = [];
  const unknown: string[] = [];
  row.cells.forEach((cell, index) => {
    const title = textOf(cell);
    if (!title) return;
    const field = fieldOf(title);
    const taken = columns.find((c) => c.field === field);
    if (!field) unknown.push(shown(title));
    else if (taken) problems.push(`row ${row.n}: note: "${taken.title}" and "${title}" both give ${field}; "${title}" is ignored`);
    else columns.push({ index, field, title });
  });
  const more = unknown.length > 10 ? `, and ${unknown.length - 10} more` : '';
  if (unknown.length) problems.push(`row ${row.n}: note: ${unknown.length === 1 ? 'column' : 'columns'} ignored: ${unknown.slice(0, 10).join(', ')}${more}`);
  return columns;
}

function updateOf(cells: readonly Cell[], columns: readonly Column[], emptyClears: boolean): TagUpdate {
  let idTag = '';
  const values: Partial<TagValues> = {};
  for (const { index, field, title } of columns) {
    try {
      if (field === 'idTag') idTag = badgeOf(cells[index]);
      else setValue(values, field, cells[index], emptyClears);
    } catch (error) {
      throw error instanceof RowError ? new RowError(`${title}: ${error.message}`) : error;
    }
  }
  if (!idTag) throw new RowError('no badge number');
  return { idTag, ...values };
}

function setValue<K extends keyof TagValues>(values: Partial<TagValues>, field: K, cell: Cell, emptyClears: boolean): void {
  if (!isEmpty(cell)) values[field] = READERS[field](cell);
  else if (emptyClears) values[field] = CLEARED[field];
}

function* csvRows(text: string, delimiter: string): Generator<Row> {
  let n = 0;
  for (const cells of csvRecords(text, delimiter)) yield { n: ++n, cells };
}

function* sheetRows(sheet: ExcelJS.Worksheet): Generator<Row> {
  for (let n = 1; n <= sheet.rowCount; n++) {
    const cells: Cell[] = [];
    sheet.findRow(n)?.eachCell((cell, column) => {
      cells[column - 1] = cellOf(cell.value);
    });
    yield { n, cells };
  }
}

/** Formulas give their cached result, rich text and links their text; an error (#N/A) is an empty cell. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return value ?? undefined;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellOf(value.text);
  if ('result' in value) return cellOf(value.result);
  return undefined;
}
