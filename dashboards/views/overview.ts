/** Overview: the park's totals and every terminal with its colored status, protocol, power, transaction and last update. */
import type { StationSnapshot } from '../../lib/stations/types';
import type { FeedContext, FeedMessage, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

const TOTALS = ['online', 'charging', 'available', 'faulted', 'powerNow', 'energyOpen'] as const;
/** Shown when the site's connection limit is known. */
const LIMIT = ['siteLimit', 'siteUse'] as const;

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  return {
    key: 'overview', label: l.overview, icon: 'fa-th-large',
    groups: [
      {
        key: 'park', label: l.park, width: 6,
        widgets: [...TOTALS, ...(site.limitKw ? LIMIT : [])].map((key) => ({ kind: 'text' as const, key, label: l[key], width: 6, height: 1 })),
      },
      {
        key: 'terminals', label: l.terminals, width: 18,
        widgets: [{
          kind: 'table', key: 'terminals', label: l.terminals, width: 18, height: 14, empty: l.noTerminal,
          columns: [
            { field: 'id', title: l.terminal },
            { field: 'status', title: l.status, format: 'status' },
            { field: 'protocol', title: l.protocol },
            { field: 'powerKw', title: l.power, format: 'number' },
            { field: 'transaction', title: l.transaction },
            { field: 'updated', title: l.lastUpdate, format: 'time' },
          ],
        }],
      },
    ],
  };
}

/**
 * Self-contained (the generated flow runs its source): the site's terminals first, in their order, then any other
 * station that connected; totals over all of them.
 */
function feed(stations: StationSnapshot[], context: FeedContext): FeedMessage[] {
  const { terminals } = context;
  const fr = context.language === 'fr';
  const NAMES: Record<string, string> = fr
    ? { Offline: 'Hors ligne', Faulted: 'En défaut', Charging: 'En charge', Reserved: 'Réservée', Occupied: 'Occupée', Available: 'Disponible', Unavailable: 'Indisponible', Unknown: 'Inconnu' }
    : { Offline: 'Offline', Faulted: 'Faulted', Charging: 'Charging', Reserved: 'Reserved', Occupied: 'Occupied', Available: 'Available', Unavailable: 'Unavailable', Unknown: 'Unknown' };
  const COLORS: Record<string, string> = {
    Offline: '#9e9e9e', Faulted: '#c62828', Charging: '#1565c0', Reserved: '#00838f', Occupied: '#6a1b9a', Available: '#2e7d32', Unavailable: '#ef6c00', Unknown: '#757575',
  };
  const CHARGING = ['Charging', 'SuspendedEV', 'SuspendedEVSE'];
  const OCCUPIED = ['Occupied', 'Preparing', 'Finishing'];
  // The worst state of a terminal's connectors decides its color.
  const stateOf = (s: StationSnapshot | undefined): string => {
    if (!s || !s.connected) return 'Offline';
    const statuses = s.connectors.map((c) => c.status).concat(s.status ? [s.status] : []);
    if (statuses.includes('Faulted')) return 'Faulted';
    if (s.transactions.length > 0 || statuses.some((x) => CHARGING.includes(x))) return 'Charging';
    if (statuses.includes('Reserved')) return 'Reserved';
    if (statuses.some((x) => OCCUPIED.includes(x))) return 'Occupied';
    if (statuses.includes('Available')) return 'Available';
    if (statuses.includes('Unavailable')) return 'Unavailable';
    return 'Unknown';
  };
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const byId = new Map(stations.map((s) => [s.identity, s]));
  const listed = new Set(terminals);
  const ids = terminals.concat(stations.map((s) => s.identity).filter((id) => !listed.has(id)).sort());
  let online = 0; let charging = 0; let faulted = 0; let available = 0; let powerW = 0; let energyWh = 0;
  const rows = ids.map((id) => {
    const s = byId.get(id);
    const state = stateOf(s);
    const txs = s ? s.transactions : [];
    const power = txs.reduce((sum, t) => sum + (t.powerW ?? 0), 0);
    if (s && s.connected) online++;
    if (state === 'Charging') charging++;
    if (state === 'Faulted') faulted++;
    if (s && s.connected) available += s.connectors.filter((c) => c.status === 'Available').length;
    powerW += power;
    energyWh += txs.reduce((sum, t) => sum + t.energyWh, 0);
    return {
      id, state, status: NAMES[state], color: COLORS[state],
      protocol: s && s.version ? `OCPP ${s.version === '1.6' ? '1.6-J' : s.version}` : '',
      powerKw: txs.length ? round(power / 1000, 1) : null,
      transaction: txs.map((t) => (t.idTag ? `${t.transactionId} (${t.idTag})` : t.transactionId)).join(', '),
      updated: s ? (s.lastSeen ?? s.connectedAt ?? s.disconnectedAt ?? '') : '',
    };
  });
  return [
    { topic: 'online', payload: `${online} / ${ids.length}` },
    { topic: 'charging', payload: charging },
    { topic: 'available', payload: available },
    { topic: 'faulted', payload: faulted },
    { topic: 'powerNow', payload: round(powerW / 1000, 1) },
    { topic: 'energyOpen', payload: round(energyWh / 1000, 2) },
    { topic: 'terminals', payload: rows },
    ...(context.limitKw ? [
      { topic: 'siteLimit', payload: context.limitKw },
      { topic: 'siteUse', payload: `${Math.round((powerW / 1000 / context.limitKw) * 100)} %` },
    ] : []),
  ];
}

export const overview: ViewModule = { build, feed };
