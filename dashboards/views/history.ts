/**
 * Transaction history (reference Figure 11): the latest sessions from the archive, with their start and stop,
 * station, transaction id, badge, SoC from start to stop, stop reason, energy and duration, and the CSV and Excel
 * exports of the REST API.
 */
import type { TransactionPage } from '../../lib/archive/backend';
import type { FeedContext, FeedMessage, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

/** Sessions the table shows; the exports hold them all. */
const LATEST = 200;

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  const language = site.language;
  return {
    key: 'history', label: l.history, icon: 'fa-history',
    groups: [
      {
        key: 'exports', label: l.exports, width: 18,
        widgets: [{
          kind: 'links', key: 'exports', label: l.exports, width: 18, height: 1,
          links: [
            { label: l.exportCsv, href: `/api/transactions?format=csv&lang=${language}` },
            { label: l.exportXlsx, href: `/api/transactions?format=xlsx&lang=${language}` },
            { label: l.energyXlsx, href: `/api/energy?by=tag&format=xlsx&lang=${language}` },
          ],
        }],
      },
      {
        key: 'transactions', label: l.history, width: 18,
        widgets: [{
          kind: 'table', key: 'transactions', label: l.history, width: 18, height: 14, empty: l.noTransaction,
          columns: [
            { field: 'startedAt', title: l.started, format: 'time' },
            { field: 'stoppedAt', title: l.stopped, format: 'time' },
            { field: 'stationId', title: l.terminal },
            { field: 'transactionId', title: l.transaction },
            { field: 'idTag', title: l.badge },
            { field: 'soc', title: l.soc },
            { field: 'stopReason', title: l.stopReason },
            { field: 'energyKwh', title: l.energy, format: 'number' },
            { field: 'duration', title: l.duration },
          ],
        }],
      },
    ],
  };
}

/** Self-contained (the generated flow runs its source). */
function feed(page: TransactionPage, _context: FeedContext): FeedMessage[] {
  const pct = (x: number | null) => (x === null ? '' : `${Math.round(x * 10) / 10}%`);
  const duration = (s: number | null) => {
    if (s === null) return '';
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const rows = (page && Array.isArray(page.rows) ? page.rows : []).map((t) => ({
    id: `${t.stationId}/${t.transactionId}`, startedAt: t.startedAt ?? '', stoppedAt: t.stoppedAt ?? '', stationId: t.stationId,
    transactionId: t.transactionId, idTag: t.idTag ?? '',
    soc: t.socStartPercent === null && t.socStopPercent === null ? '' : `${pct(t.socStartPercent)} – ${pct(t.socStopPercent)}`,
    stopReason: t.stopReason ?? '', energyKwh: t.energyWh === null ? null : Math.round(t.energyWh) / 1000, duration: duration(t.durationS),
  }));
  return [{ topic: 'transactions', payload: rows }];
}

export const history: ViewModule = {
  build,
  archive: { request: { query: 'transactions', limit: LATEST, sort: 'startedAt', order: 'desc' }, everyS: 15, feed },
};
