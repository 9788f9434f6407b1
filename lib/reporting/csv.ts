/**
 * The sessions as CSV, for a manual upload when no API is open to us (Advenir's portal, a roaming platform's
 * back office). One row per session, a header row, UTC times both as ISO and as unix seconds, register readings
 * laid out as the Advenir body lays them out.
 */
import { meterValues } from './advenir';
import type { SessionRecord } from './model';

export interface CsvOptions {
  /** `,` by default; `;` suits spreadsheets in a French locale. */
  separator?: ',' | ';' | '\t';
  /** CRLF by default (RFC 4180). */
  lineEnd?: '\r\n' | '\n';
}

export const CSV_COLUMNS = [
  'id_pdc', 'transaction_id', 'station_id', 'evse_id', 'start_utc', 'end_utc', 'start_unix', 'end_unix',
  'start_wh', 'stop_wh', 'energy_wh',
] as const;

function cell(value: string | number | null, separator: string): string {
  if (value === null) return '';
  let text = String(value);
  // A leading = + - @ makes spreadsheets evaluate the cell: station ids come from the stations themselves.
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sessionsCsv(records: readonly SessionRecord[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  const lineEnd = options.lineEnd ?? '\r\n';
  const rows = [CSV_COLUMNS.join(separator)];
  for (const r of records) {
    const { startWh, stopWh } = meterValues(r);
    const values: Array<string | number | null> = [
      r.idPdc, r.transactionId, r.stationId, r.evseId, r.start, r.end,
      Math.floor(Date.parse(r.start) / 1000), Math.floor(Date.parse(r.end) / 1000), startWh, stopWh, r.energyWh,
    ];
    rows.push(values.map((v) => cell(v, separator)).join(separator));
  }
  return rows.join(lineEnd) + lineEnd;
}
