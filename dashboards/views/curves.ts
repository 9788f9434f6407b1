/**
 * Curves (the curves button of reference Figure 2): the power and energy of a terminal's latest session over time,
 * read from the archive (the session and its meter values), for the terminal picked from the list or opened from
 * its detail card.
 */
import type { MeterRow, TransactionRow } from '../../lib/archive/backend';
import type { Chart, FeedContext, FeedMessage, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

export const CURVES_VIEW = 'curves';

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  return {
    key: CURVES_VIEW, label: l.curves, icon: 'fa-line-chart',
    groups: [{
      key: 'picked', label: l.curves, width: 12,
      widgets: [
        { kind: 'picker', key: 'pick', label: l.terminal, width: 6, height: 1, options: site.terminals.map((t) => t.id) },
        { kind: 'text', key: 'session', label: l.session, width: 12, height: 1 },
        { kind: 'chart', key: 'power', label: l.powerCurve, width: 12, height: 6, empty: l.noSession },
        { kind: 'chart', key: 'energy', label: l.energyCurve, width: 12, height: 6, empty: l.noSession },
      ],
    }],
  };
}

/** The archive's answer to a `session` request. */
export interface Session {
  transaction: TransactionRow | null;
  samples: MeterRow[];
}

/**
 * Self-contained (the generated flow runs its source). Energy is what the session delivered since its meter start;
 * where a sample has no power, the power is the energy's slope since the reading before.
 */
function feed(session: Session, context: FeedContext): FeedMessage[] {
  const fr = context.language === 'fr';
  const t = session && session.transaction;
  if (!t) {
    return [
      { topic: 'session', payload: fr ? 'aucune session archivée' : 'no archived session' },
      { topic: 'power', payload: { series: [] } },
      { topic: 'energy', payload: { series: [] } },
    ];
  }
  const rows = (Array.isArray(session.samples) ? session.samples : [])
    .map((m) => ({ ...m, at: Date.parse(m.sampledAt) }))
    .filter((m) => !Number.isNaN(m.at))
    .sort((a, b) => a.at - b.at);
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const firstReading = rows.find((m) => typeof m.energyWh === 'number');
  const base = t.meterStartWh ?? (firstReading ? (firstReading.energyWh as number) : 0);
  // The register at the start and at the stop are readings too: the curve runs over the whole session.
  const readings: Array<{ at: number; energyWh: number | null; powerW: number | null; powerOfferedW: number | null }> = rows.map((m) => ({
    at: m.at, energyWh: m.energyWh, powerW: m.powerW, powerOfferedW: m.powerOfferedW,
  }));
  const startedAt = t.startedAt ? Date.parse(t.startedAt) : NaN;
  const stoppedAt = t.stoppedAt ? Date.parse(t.stoppedAt) : NaN;
  if (!Number.isNaN(startedAt) && t.meterStartWh !== null && !readings.some((r) => r.at <= startedAt)) {
    readings.unshift({ at: startedAt, energyWh: t.meterStartWh, powerW: null, powerOfferedW: null });
  }
  if (!Number.isNaN(stoppedAt) && t.meterStopWh !== null && !readings.some((r) => r.at >= stoppedAt)) {
    readings.push({ at: stoppedAt, energyWh: t.meterStopWh, powerW: null, powerOfferedW: null });
  }
  const power: Array<{ x: number; y: number }> = [];
  const offered: Array<{ x: number; y: number }> = [];
  const energy: Array<{ x: number; y: number }> = [];
  let previous: { at: number; energyWh: number } | undefined;
  for (const r of readings) {
    if (typeof r.energyWh === 'number') {
      energy.push({ x: r.at, y: round((r.energyWh - base) / 1000, 3) });
      if (typeof r.powerW !== 'number' && previous && r.at > previous.at) {
        power.push({ x: r.at, y: round(((r.energyWh - previous.energyWh) * 3600) / (r.at - previous.at), 2) });
      }
      previous = { at: r.at, energyWh: r.energyWh };
    }
    if (typeof r.powerW === 'number') power.push({ x: r.at, y: round(r.powerW / 1000, 2) });
    if (typeof r.powerOfferedW === 'number') offered.push({ x: r.at, y: round(r.powerOfferedW / 1000, 2) });
  }
  const time = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
  const delivered = t.energyWh !== null ? t.energyWh / 1000 : energy.length ? energy[energy.length - 1].y : 0;
  const until = t.stoppedAt ? `${time(t.stoppedAt)} UTC` : fr ? 'en cours' : 'open';
  const powerChart: Chart = { series: [{ label: fr ? 'Puissance (kW)' : 'Power (kW)', points: power }] };
  if (offered.length) powerChart.series.push({ label: fr ? 'Puissance offerte (kW)' : 'Power offered (kW)', points: offered });
  const energyChart: Chart = { series: [{ label: fr ? 'Énergie délivrée (kWh)' : 'Energy delivered (kWh)', points: energy }] };
  return [
    { topic: 'session', payload: `${t.stationId} · transaction ${t.transactionId} · ${t.idTag ?? ''} · ${time(t.startedAt)} – ${until} · ${round(delivered, 3)} kWh` },
    { topic: 'power', payload: powerChart },
    { topic: 'energy', payload: energyChart },
  ];
}

export const curves: ViewModule = {
  build,
  archive: { request: { query: 'session' }, everyS: 10, perTerminal: true, feed },
};
