/**
 * Charging point detail (reference Figure 2): general information, status of each connector, the measurements of
 * each EVSE (power, current, voltage, energy, reactive power, offered power, SoC, temperature) and the open
 * transactions, and a button that opens the terminal's curves. Up to the site's threshold each terminal has its own
 * card; above it, one card shows the terminal picked from a list.
 */
import type { StationSnapshot } from '../../lib/stations/types';
import type { Card, FeedContext, FeedMessage, View, ViewModule, Widget } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';
import { CURVES_VIEW } from './curves';

const CARD_HEIGHT = 16;

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  const view: View = { key: 'detail', label: l.chargingPoints, icon: 'fa-plug', groups: [] };
  if (site.terminals.length <= site.threshold) {
    view.groups = site.terminals.map((t) => ({
      key: `terminal-${t.id}`, label: t.id, width: 9,
      widgets: [
        { kind: 'card', key: `card:${t.id}`, label: t.id, width: 9, height: CARD_HEIGHT },
        { kind: 'show', key: `curves:${t.id}`, label: l.showCurves, width: 3, height: 1, view: CURVES_VIEW, terminal: t.id },
      ],
    }));
  } else {
    const widgets: Widget[] = [
      { kind: 'picker', key: 'pick', label: l.terminal, width: 9, height: 1, options: site.terminals.map((t) => t.id) },
      { kind: 'card', key: 'card', label: l.chargingPoint, width: 9, height: CARD_HEIGHT },
      { kind: 'show', key: 'curves', label: l.showCurves, width: 3, height: 1, view: CURVES_VIEW },
    ];
    view.groups = [{ key: 'picked', label: l.chargingPoint, width: 9, widgets }];
  }
  return view;
}

/** Self-contained (the generated flow runs its source). */
function feed(stations: StationSnapshot[], context: FeedContext): FeedMessage[] {
  const fr = context.language === 'fr';
  const W = fr
    ? {
      general: 'Général', status: 'État des connecteurs', measures: 'Mesures', transactions: 'Transactions en cours', protocol: 'Protocole',
      vendor: 'Constructeur', model: 'Modèle', serial: 'N° de série', firmware: 'Micrologiciel', mode: 'Mode', lastSeen: 'Dernier message',
      power: 'Puissance active', current: 'Courant', voltage: 'Tension', energy: 'Énergie (index)', reactive: 'Puissance réactive',
      offered: 'Puissance offerte', soc: 'SoC', temperature: 'Température', badge: 'Badge', started: 'Début', delivered: 'Énergie délivrée',
      none: 'aucune', offline: 'Hors ligne', online: 'En ligne', faulted: 'En défaut', charging: 'En charge', manual: 'manuel', auto: 'automatique', connector: 'connecteur',
    }
    : {
      general: 'General', status: 'Connector status', measures: 'Measurements', transactions: 'Open transactions', protocol: 'Protocol',
      vendor: 'Vendor', model: 'Model', serial: 'Serial number', firmware: 'Firmware', mode: 'Mode', lastSeen: 'Last message',
      power: 'Active power', current: 'Current', voltage: 'Voltage', energy: 'Energy (register)', reactive: 'Reactive power',
      offered: 'Power offered', soc: 'SoC', temperature: 'Temperature', badge: 'Badge', started: 'Started', delivered: 'Energy delivered',
      none: 'none', offline: 'Offline', online: 'Online', faulted: 'Faulted', charging: 'Charging', manual: 'manual', auto: 'automatic', connector: 'connector',
    };
  const COLORS: Record<string, string> = { Faulted: '#c62828', Charging: '#1565c0', Offline: '#9e9e9e', Online: '#2e7d32' };
  const num = (x: number | undefined, scale: number, digits: number, unit: string): string =>
    (x === undefined || x === null ? '' : `${(x / scale).toFixed(digits)} ${unit}`);
  const byId = new Map(stations.map((s) => [s.identity, s]));
  const card = (id: string): Card => {
    const s = byId.get(id);
    if (!s) return { title: id, state: 'Offline', status: W.offline, color: COLORS.Offline, sections: [] };
    const faulted = s.connectors.some((c) => c.status === 'Faulted');
    const state = !s.connected ? 'Offline' : faulted ? 'Faulted' : s.transactions.length ? 'Charging' : 'Online';
    const boot = s.boot ?? { status: '', at: '' };
    const general = [
      [W.protocol, s.version ? `OCPP ${s.version === '1.6' ? '1.6-J' : s.version}` : ''], [W.vendor, boot.vendor ?? ''], [W.model, boot.model ?? ''],
      [W.serial, boot.serialNumber ?? ''], [W.firmware, boot.firmwareVersion ?? ''], [W.mode, s.mode === 'manual' ? W.manual : W.auto],
      [W.lastSeen, s.lastSeen ?? ''],
    ];
    const status = s.connectors.map((c) => [`EVSE ${c.evseId}, ${W.connector} ${c.connectorId}`,
      c.status + (c.errorCode && c.errorCode !== 'NoError' ? ` (${c.errorCode}${c.info ? `: ${c.info}` : ''})` : '')]);
    const measures = Object.keys(s.meter).sort().flatMap((evse) => {
      const m = s.meter[evse];
      const rows = [
        [W.power, num(m.powerW, 1000, 2, 'kW')], [W.current, num(m.currentA, 1, 1, 'A')], [W.voltage, num(m.voltageV, 1, 1, 'V')],
        [W.energy, num(m.energyWh, 1000, 3, 'kWh')], [W.reactive, num(m.reactivePowerVar, 1000, 2, 'kvar')], [W.offered, num(m.powerOfferedW, 1000, 2, 'kW')],
        [W.soc, num(m.socPercent, 1, 0, '%')], [W.temperature, num(m.temperatureC, 1, 1, '°C')],
      ].filter((r) => r[1] !== '');
      return rows.map((r) => [`EVSE ${evse} · ${r[0]}`, r[1]]);
    });
    const transactions = s.transactions.flatMap((t) => [
      [`${t.transactionId}`, `${W.badge} ${t.idTag ?? ''}`], [W.started, t.startedAt], [W.delivered, num(t.energyWh, 1000, 3, 'kWh')],
      ...(t.powerW !== undefined ? [[W.power, num(t.powerW, 1000, 2, 'kW')]] : []), ...(t.socPercent !== undefined ? [[W.soc, num(t.socPercent, 1, 0, '%')]] : []),
    ]);
    const rows = (list: string[][]) => list.map(([label, value]) => ({ label, value }));
    return {
      title: id, state, status: ({ Offline: W.offline, Online: W.online, Faulted: W.faulted, Charging: W.charging } as Record<string, string>)[state], color: COLORS[state],
      sections: [
        { title: W.general, rows: rows(general) },
        { title: W.status, rows: rows(status) },
        { title: W.measures, rows: rows(measures) },
        { title: W.transactions, rows: transactions.length ? rows(transactions) : [{ label: W.none, value: '' }] },
      ],
    };
  };
  if (context.terminals.length <= context.threshold) return context.terminals.map((id) => ({ topic: `card:${id}`, payload: card(id) }));
  const picked = context.selected !== undefined && context.terminals.includes(context.selected) ? context.selected : context.terminals[0];
  return [{ topic: 'card', payload: card(picked) }];
}

export const detail: ViewModule = { build, feed };
