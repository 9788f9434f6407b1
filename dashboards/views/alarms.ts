/**
 * Alarms (reference Figure 12, the alarm viewer): every alarm that is not normal, most urgent first, with its time,
 * state, priority, terminal, message, error code, info and vendor details, an acknowledge button on each row that
 * is owed one, a button that shelves a row for an hour (or takes it back), a filter by state, and an
 * acknowledge-all button. Fed by the quick-start's evc-alarm-router; the
 * overview shows the counts.
 */
import type { Alarm } from '../../lib/alarms/model';
import type { FeedContext, FeedMessage, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

export const ALARMS_VIEW = 'alarms';
/** The states the filter offers; all of them first. */
/** How long the view's shelve button puts an alarm aside (its label says so); msg and REST take any duration. */
export const SHELVE_MINUTES = 60;
export const ALARM_FILTERS = ['all', 'unacknowledged', 'acknowledged', 'returned', 'shelved', 'suppressed'] as const;

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  return {
    key: ALARMS_VIEW, label: l.alarms, icon: 'fa-bell',
    groups: [
      {
        key: 'filter', label: l.alarms, width: 24,
        widgets: [
          { kind: 'picker', key: 'pick', label: l.alarmFilter, width: 6, height: 1, options: [...ALARM_FILTERS], labels: ALARM_FILTERS.map((f) => l.alarmStates[f]) },
          { kind: 'action', key: 'ackAll', label: l.acknowledgeAll, width: 4, height: 1, payload: { ack: 'all', by: 'dashboard' } },
          { kind: 'text', key: 'counts', label: l.alarmCounts, width: 8, height: 1 },
          { kind: 'text', key: 'refused', label: l.alarmRefused, width: 6, height: 1 },
        ],
      },
      {
        key: 'list', label: l.alarmList, width: 24,
        widgets: [{
          kind: 'table', key: 'alarms', label: l.alarmList, width: 24, height: 14, empty: l.noAlarm,
          columns: [
            { field: 'at', title: l.alarmTime, format: 'time' },
            { field: 'status', title: l.status, format: 'status' },
            { field: 'priority', title: l.priority },
            { field: 'terminal', title: l.terminal },
            { field: 'message', title: l.alarmMessage },
            { field: 'errorCode', title: l.errorCode },
            { field: 'info', title: l.info },
            { field: 'vendor', title: l.vendorDetails },
            { field: 'count', title: l.alarmCount, format: 'number' },
            { field: 'shelvedUntil', title: l.shelvedUntil, format: 'time' },
            { field: 'ackable', title: '', format: 'button', button: { label: l.acknowledge, send: 'ack', with: { by: 'dashboard' } } },
            { field: 'shelvable', title: '', format: 'button', button: { label: l.shelve, send: 'shelve', with: { minutes: String(SHELVE_MINUTES), by: 'dashboard' } } },
            { field: 'unshelvable', title: '', format: 'button', button: { label: l.unshelve, send: 'unshelve', with: { by: 'dashboard' } } },
          ],
        }],
      },
    ],
  };
}

/** Self-contained (the generated flow runs its source). */
function feed(alarms: Alarm[] | undefined, context: FeedContext & { error?: string }): FeedMessage[] {
  const fr = context.language === 'fr';
  const list = Array.isArray(alarms) ? alarms : [];
  const states: Record<string, [string, string, string]> = {
    unacknowledged: ['unacknowledged', 'non acquittée', '#c62828'],
    acknowledged: ['acknowledged', 'acquittée', '#ef6c00'],
    returned: ['returned, unacknowledged', 'revenue, non acquittée', '#1565c0'],
    shelved: ['shelved', 'mise de côté', '#757575'],
    suppressed: ['suppressed', 'supprimée', '#9e9e9e'],
    normal: ['normal', 'normale', '#2e7d32'],
  };
  const priorities = fr ? ['', 'critique', 'haute', 'moyenne', 'basse'] : ['', 'critical', 'high', 'medium', 'low'];
  // The filter only narrows the table: the counts are the park's.
  const shown = context.selected && context.selected !== 'all' ? list.filter((a) => a.state === context.selected) : list;
  const rows = shown.map((a) => {
    const [en, french, color] = states[a.state] ?? [a.state, a.state, '#9e9e9e'];
    return {
      id: a.id, state: a.state, status: fr ? french : en, color, at: a.updatedAt, priority: priorities[a.priority] ?? String(a.priority),
      terminal: `${a.stationId ?? ''}${a.evseId ? ` · ${a.evseId}` : ''}`, message: a.message, errorCode: a.errorCode ?? '', info: a.info ?? '',
      vendor: a.vendorErrorCode ?? '', count: a.count, shelvedUntil: a.shelvedUntil ?? '', ackable: a.state === 'unacknowledged' || a.state === 'returned',
      shelvable: a.state === 'unacknowledged' || a.state === 'acknowledged' || a.state === 'returned', unshelvable: a.state === 'shelved',
    };
  });
  const owed = list.filter((a) => a.state === 'unacknowledged' || a.state === 'returned').length;
  const active = list.filter((a) => a.active).length;
  return [
    { topic: 'alarms', payload: rows },
    { topic: 'counts', payload: fr ? `${owed} à acquitter · ${active} actives` : `${owed} to acknowledge · ${active} active` },
    { topic: 'refused', payload: context.error ?? '' },
    { topic: 'owed', payload: owed },
    { topic: 'active', payload: active },
  ];
}

export const alarms: ViewModule = {
  build, alarms: { service: 'alarm router', request: { list: true }, everyS: 10, changes: 'transitions', feed },
};
