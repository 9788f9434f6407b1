/**
 * RFC 4180 records for the badge import. Hand-written rather than exceljs's CSV reader (fast-csv): that one parses
 * the text again from the last unfinished record with every chunk, so one stray quote early in a 2 MB file took
 * 3.5 s and grows with the square of the size; it also builds a whole worksheet (~180 MB for 100,000 rows) and turns
 * badge numbers into numbers (leading zeros lost) unless told not to. This one is linear and lazy: the importer stops
 * reading at its row limit.
 */

export class CsvError extends Error {}

const CANDIDATES = [',', ';', '\t'] as const;

/** Records one at a time, as Excel reads them: a quote only opens a field at its start, text after a closing quote is kept. */
export function* csvRecords(text: string, delimiter: string): Generator<string[]> {
  const end = text.length;
  let i = 0;
  let row = 0;
  while (i < end) {
    row++;
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        for (i++; ; ) {
          const quote = text.indexOf('"', i);
          if (quote < 0) throw new CsvError(`row ${row}: a quoted field is never closed; the rest of the file was not read`);
          field += text.slice(i, quote);
          i = quote + 1;
          if (text[i] !== '"') break;
          field += '"';
          i++;
        }
      }
      let j = i;
      while (j < end && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
      record.push(field + text.slice(i, j));
      i = j;
      if (text[i] !== delimiter) break;
      i++;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    yield record;
  }
}

/**
 * The delimiter that splits the header into the most fields, ',' on a tie: French Excel writes ';' (its list
 * separator), some exports a tab, and a header can hold a comma inside a quoted title.
 */
export function detectDelimiter(text: string): string {
  let best: string = CANDIDATES[0];
  let most = 0;
  for (const delimiter of CANDIDATES) {
    try {
      for (const record of csvRecords(text, delimiter)) {
        if (record.every((f) => f.trim() === '')) continue;
        if (record.length > most) [best, most] = [delimiter, record.length];
        break;
      }
    } catch {
      // An unclosed quote: the import itself reports it.
    }
  }
  return best;
}

/**
 * Bytes to text: UTF-8 when they are valid UTF-8, else Windows-1252, which is what French Excel's plain
 * "CSV (séparateur : point-virgule)" writes (only its "CSV UTF-8" has a BOM and UTF-8).
 */
export function decodeCsv(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}
