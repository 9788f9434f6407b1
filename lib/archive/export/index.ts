/** Transaction and energy exports, and what an HTTP answer needs to name them. */
import { parseTimestamp } from '../../ocpp/time';

export * from './columns';
export * from './csv';
export * from './xlsx';
export * from './energy';

export type ExportFormat = 'json' | 'csv' | 'xlsx';
export type ExportKind = 'transactions' | 'energy';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  // The charset matches the BOM the CSV starts with by default.
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function contentTypeOf(format: ExportFormat): string {
  return CONTENT_TYPES[format];
}

/** The UTC day; the name ends up in a header, so whatever is not a date is refused rather than copied. */
function dayOf(date: Date | string): string {
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const at = typeof date === 'string' ? parseTimestamp(date) : date.getTime();
  if (at === undefined || !Number.isFinite(at)) throw new RangeError(`Not a date: ${String(date)}`);
  return new Date(at).toISOString().slice(0, 10);
}

/** "transactions-2026-11-30.xlsx" for a Date, a timestamp text or a YYYY-MM-DD day; today (UTC) by default. */
export function fileNameOf(kind: ExportKind, format: ExportFormat, date: Date | string = new Date()): string {
  return `${kind}-${dayOf(date)}.${format}`;
}

/** The Content-Disposition value; the name is plain ASCII, so no RFC 5987 encoding is needed. */
export function contentDispositionOf(kind: ExportKind, format: ExportFormat, date?: Date | string): string {
  return `attachment; filename="${fileNameOf(kind, format, date)}"`;
}
