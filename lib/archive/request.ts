/**
 * Archive requests as flows and the REST API send them (loose objects, query-string values), checked and turned
 * into typed queries. Every refusal says what was wrong, so an HTTP client gets a 400 with a reason.
 */
import { AlarmHistoryQuery, MAX_PAGE, EnergyQuery, TransactionQuery, TransactionSortKey } from './backend';
import type { ExportFormat, Language } from './export';

export type ArchiveRequest =
  | { query: 'transactions'; filter: TransactionQuery; format: ExportFormat; language: Language }
  | { query: 'energy'; filter: EnergyQuery; format: ExportFormat; language: Language }
  | { query: 'meterValues'; stationId: string; transactionId: string }
  | { query: 'session'; stationId: string; transactionId?: string }
  | { query: 'alarms'; filter: AlarmHistoryQuery }
  | { query: 'stations' }
  | { query: 'status' };

export class RequestError extends Error {
  readonly code = 'BadRequest';
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

const SORT_KEYS: readonly TransactionSortKey[] = ['startedAt', 'stoppedAt', 'energyWh', 'stationId', 'idTag', 'durationS'];
const FORMATS: readonly ExportFormat[] = ['json', 'csv', 'xlsx'];
const QUERIES = ['transactions', 'energy', 'meterValues', 'session', 'alarms', 'stations', 'status'];

/** A query-string value arrives as a string, or an array when repeated: the last one counts. */
function scalar(value: unknown): unknown {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function text(input: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = scalar(input[name]);
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' && typeof v !== 'number') throw new RequestError(`${name} must be a string`);
    return String(v);
  }
  return undefined;
}

/** A date or instant; a bare date (2026-11-30) means midnight UTC. */
function instant(input: Record<string, unknown>, name: string): string | undefined {
  const v = text(input, name);
  if (v === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new RequestError(`${name} must be an ISO 8601 date or date-time, got ${JSON.stringify(v)}`);
  return new Date(ms).toISOString();
}

function integer(input: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const v = text(input, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new RequestError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

function oneOf<T extends string>(input: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const v = text(input, name);
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new RequestError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function period(input: Record<string, unknown>): { from?: string; to?: string } {
  const from = instant(input, 'from');
  const to = instant(input, 'to');
  if (from && to && from >= to) throw new RequestError('from must be before to');
  return { from, to };
}

function paging(input: Record<string, unknown>): { limit?: number; offset?: number } {
  return { limit: integer(input, 'limit', 1, MAX_PAGE), offset: integer(input, 'offset', 0, Number.MAX_SAFE_INTEGER) };
}

function formatAndLanguage(input: Record<string, unknown>, format?: unknown): { format: ExportFormat; language: Language } {
  const chosen = oneOf({ format: scalar(format) ?? input.format }, 'format', FORMATS) ?? 'json';
  const language = oneOf(input, 'lang', ['en', 'fr'] as const) ?? oneOf(input, 'language', ['en', 'fr'] as const) ?? 'en';
  return { format: chosen, language };
}

/**
 * Reads a request: `query` names it (transactions by default). Filters accept the REST names (station, tag) and
 * the engine names (stationId, idTag).
 */
export function parseArchiveRequest(raw: unknown, format?: unknown): ArchiveRequest {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new RequestError('The request must be an object such as {query: "transactions", station: "CP1"}');
  }
  const input = (raw ?? {}) as Record<string, unknown>;
  const query = text(input, 'query') ?? 'transactions';
  if (!QUERIES.includes(query)) throw new RequestError(`query must be one of ${QUERIES.join(', ')}, got ${JSON.stringify(query)}`);
  switch (query) {
    case 'transactions': {
      const order = oneOf(input, 'order', ['asc', 'desc'] as const);
      const filter: TransactionQuery = {
        stationId: text(input, 'station', 'stationId'), transactionId: text(input, 'transactionId', 'transaction'), idTag: text(input, 'tag', 'idTag'), ...period(input),
        state: oneOf(input, 'state', ['open', 'closed'] as const), sort: oneOf(input, 'sort', SORT_KEYS),
        descending: order === undefined ? undefined : order === 'desc',
        ...paging(input),
      };
      return { query, filter, ...formatAndLanguage(input, format) };
    }
    case 'energy': {
      const filter: EnergyQuery = { by: oneOf(input, 'by', ['tag', 'group'] as const) ?? 'tag', stationId: text(input, 'station', 'stationId'), ...period(input) };
      return { query, filter, ...formatAndLanguage(input, format) };
    }
    case 'meterValues': {
      const stationId = text(input, 'station', 'stationId');
      const transactionId = text(input, 'transactionId', 'transaction');
      if (!stationId || !transactionId) throw new RequestError('meterValues needs station and transactionId');
      return { query, stationId, transactionId };
    }
    case 'session': {
      const stationId = text(input, 'station', 'stationId');
      if (!stationId) throw new RequestError('session needs station (and transactionId, or the station\'s latest session is meant)');
      const transactionId = text(input, 'transactionId', 'transaction');
      return { query, stationId, ...(transactionId ? { transactionId } : {}) };
    }
    case 'alarms': {
      // The alarm journal, newest first: every transition with its cause and who acted.
      const filter: AlarmHistoryQuery = {
        alarmId: text(input, 'alarm', 'alarmId'), stationId: text(input, 'station', 'stationId'), alarmType: text(input, 'type', 'alarmType'),
        ...period(input), ...paging(input),
      };
      return { query, filter };
    }
    default:
      return { query: query as 'stations' | 'status' };
  }
}
