/**
 * The alarm journal's filter and paging, as SQL both dialects run: the WHERE clause and its named parameters are
 * the same, only the paging clause differs (LIMIT/OFFSET in SQLite, OFFSET/FETCH in T-SQL, whose FETCH needs an
 * ORDER BY, which the journal always has: newest first).
 */
import { ALARM_COLUMNS, AlarmHistoryQuery, Dialect, MAX_PAGE } from './backend';

export interface AlarmHistorySql {
  count: string;
  page: string;
  params: Record<string, string>;
}

export function alarmHistorySql(query: AlarmHistoryQuery, dialect: Dialect): AlarmHistorySql {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  const match = (value: string | undefined, clause: string, name: string) => {
    if (value === undefined) return;
    clauses.push(clause);
    params[name] = value;
  };
  match(query.alarmId, 'a.alarm_id = @alarmId', 'alarmId');
  match(query.stationId, 'a.station_id = @stationId', 'stationId');
  match(query.alarmType, 'a.alarm_type = @alarmType', 'alarmType');
  match(query.from, 'a.occurred_at >= @from', 'from');
  match(query.to, 'a.occurred_at < @to', 'to');
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  // Inline numbers, checked here: T-SQL's OFFSET and FETCH take no parameters in every driver.
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), MAX_PAGE) || 100;
  const offset = Math.max(0, Math.floor(query.offset ?? 0)) || 0;
  const paging = dialect === 'mssql' ? `OFFSET ${offset} ROWS FETCH NEXT ${limit} ROWS ONLY` : `LIMIT ${limit} OFFSET ${offset}`;
  return {
    count: `SELECT COUNT(*) AS n FROM alarms a ${where}`,
    page: `SELECT ${ALARM_COLUMNS} FROM alarms a ${where} ORDER BY a.occurred_at DESC, a.id DESC ${paging}`,
    params,
  };
}
