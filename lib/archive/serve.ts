/**
 * Answers an archive request: JSON data, or a CSV or Excel file with the HTTP headers that name it, so a flow can
 * wire the result straight to an `http response` node.
 */
import { MAX_PAGE, TransactionQuery, TransactionRow } from './backend';
import type { ArchiveDatabase } from './database';
import type { ArchiveRequest } from './request';
import { contentDispositionOf, contentTypeOf, energyCsv, energyXlsx, transactionsCsv, transactionsXlsx } from './export';

export interface ArchiveAnswer {
  payload: unknown;
  /** Set for file exports. */
  headers?: Record<string, string>;
}

/** Every matching row, page after page, up to the request's own limit when it set one. */
export async function* allTransactions(db: Pick<ArchiveDatabase, 'transactions'>, filter: TransactionQuery): AsyncGenerator<TransactionRow> {
  const wanted = filter.limit ?? Infinity;
  let offset = filter.offset ?? 0;
  let sent = 0;
  while (sent < wanted) {
    const limit = Math.min(MAX_PAGE, wanted - sent);
    const { rows } = await db.transactions({ ...filter, limit, offset });
    for (const row of rows) yield row;
    sent += rows.length;
    offset += rows.length;
    if (rows.length < limit) return;
  }
}

export async function answerArchiveRequest(db: ArchiveDatabase, request: ArchiveRequest): Promise<ArchiveAnswer> {
  switch (request.query) {
    case 'transactions': {
      const { filter, format, language } = request;
      if (format === 'json') return { payload: await db.transactions(filter) };
      const rows = allTransactions(db, filter);
      const headers = { 'content-type': contentTypeOf(format), 'content-disposition': contentDispositionOf('transactions', format) };
      const payload = format === 'csv' ? await transactionsCsv(rows, { language }) : await transactionsXlsx(rows, { language });
      return { payload, headers };
    }
    case 'energy': {
      const { filter, format, language } = request;
      const rows = await db.energyByMonth(filter);
      if (format === 'json') return { payload: rows };
      const headers = { 'content-type': contentTypeOf(format), 'content-disposition': contentDispositionOf('energy', format) };
      const payload = format === 'csv' ? await energyCsv(rows, filter.by, { language }) : await energyXlsx(rows, filter.by, { language });
      return { payload, headers };
    }
    case 'meterValues':
      return { payload: await db.meterValues(request.stationId, request.transactionId) };
    case 'session': {
      // A session and its meter values; without a transaction id, the station's latest (what its curves show).
      const { rows } = await db.transactions({ stationId: request.stationId, transactionId: request.transactionId, sort: 'startedAt', descending: true, limit: 1 });
      const transaction = rows[0] ?? null;
      return { payload: { transaction, samples: transaction ? await db.meterValues(transaction.stationId, transaction.transactionId) : [] } };
    }
    case 'alarms':
      return { payload: await db.alarmHistory(request.filter) };
    case 'stations':
      return { payload: await db.stations() };
    case 'status':
      return { payload: db.status() };
  }
}
