/** WHERE clauses and paging of transaction queries (SQLite named parameters). */
import { MAX_PAGE, TransactionQuery, TransactionSortKey } from '../backend';

export const SORT_COLUMNS: Record<TransactionSortKey, string> = {
  startedAt: 't.started_at',
  stoppedAt: 't.stopped_at',
  energyWh: 't.energy_wh',
  stationId: 't.station_id',
  idTag: 't.id_tag',
  durationS: 't.duration_s',
};

export function transactionFilter(query: TransactionQuery): { where: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (query.stationId) { clauses.push('t.station_id = @stationId'); params.stationId = query.stationId; }
  if (query.transactionId) { clauses.push('t.transaction_id = @transactionId'); params.transactionId = query.transactionId; }
  if (query.idTag) { clauses.push('t.id_tag = @idTag'); params.idTag = query.idTag; }
  if (query.from) { clauses.push('t.started_at >= @from'); params.from = query.from; }
  if (query.to) { clauses.push('t.started_at < @to'); params.to = query.to; }
  if (query.state === 'open') clauses.push('t.stopped_at IS NULL');
  if (query.state === 'closed') clauses.push('t.stopped_at IS NOT NULL');
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function pageOf(query: TransactionQuery): { limit: number; offset: number } {
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), MAX_PAGE);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  return { limit, offset };
}
