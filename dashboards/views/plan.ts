/**
 * Charging plan (reference section 6.1.1, Figures 8 and 9): the fleet planner's plan as a Gantt chart, a row per
 * charger connector and a bar per vehicle over its charging window (its stay lighter behind), colored by where it
 * is in its lifecycle; the vehicles' table; the planned site power; buttons to validate the plan or plan again.
 * Fed by the evc-planner the renderer puts in the view's flow (fleet by msg or `POST /api/fleet`).
 */
import type { FleetPlan } from '../../lib/planning/fleet';
import type { FeedContext, FeedMessage, Gantt, GanttBar, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

export const PLAN_VIEW = 'plan';

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  const text = (key: string, label: string) => ({ kind: 'text' as const, key, label, width: 6, height: 1 });
  return {
    key: PLAN_VIEW, label: l.plan, icon: 'fa-calendar',
    groups: [
      {
        key: 'summary', label: l.planSummary, width: 6,
        widgets: [
          text('method', l.planMethod), text('peak', l.planPeak), text('energy', l.planEnergy), text('cost', l.planCost),
          text('ready', l.planReady), text('start', l.planFrom),
          { kind: 'action', key: 'validate', label: l.validatePlan, width: 3, height: 1, payload: { validate: true } },
          { kind: 'action', key: 'replan', label: l.replan, width: 3, height: 1, payload: { replan: true } },
          { kind: 'text', key: 'refused', label: l.planRefused, width: 6, height: 3, long: true },
        ],
      },
      {
        key: 'power', label: l.planPower, width: 18,
        widgets: [{ kind: 'chart', key: 'power', label: l.planPower, width: 18, height: 6, empty: l.noPlan, steps: true }],
      },
      {
        key: 'gantt', label: l.planChart, width: 24,
        widgets: [{ kind: 'gantt', key: 'gantt', label: l.planChart, width: 24, height: 10, empty: l.noPlan }],
      },
      {
        key: 'vehicles', label: l.planVehicles, width: 24,
        widgets: [{
          kind: 'table', key: 'vehicles', label: l.planVehicles, width: 24, height: 10, empty: l.noPlan,
          columns: [
            { field: 'id', title: l.vehicle },
            { field: 'charger', title: l.charger },
            { field: 'status', title: l.status, format: 'status' },
            { field: 'arrival', title: l.arrival, format: 'time' },
            { field: 'from', title: l.chargeFrom, format: 'time' },
            { field: 'to', title: l.chargeTo, format: 'time' },
            { field: 'departure', title: l.departure, format: 'time' },
            { field: 'energyKwh', title: l.energy, format: 'number' },
            { field: 'soc', title: l.socAtDeparture, format: 'number' },
            { field: 'shortfallKwh', title: l.shortfall, format: 'number' },
          ],
        }],
      },
    ],
  };
}

/**
 * Self-contained (the generated flow runs its source). Bars and ticks are placed in % of the plan's horizon; times
 * stay instants, which the browser shows in its own time zone.
 */
function feed(plan: FleetPlan | undefined, context: FeedContext & { error?: string }): FeedMessage[] {
  const fr = context.language === 'fr';
  const refused = { topic: 'refused', payload: context.error ?? '' };
  if (!plan || !Array.isArray(plan.vehicles) || !Array.isArray(plan.siteKw)) {
    const none = fr ? 'pas encore de plan' : 'no plan yet';
    return [
      ...['method', 'peak', 'energy', 'cost', 'ready', 'start'].map((topic) => ({ topic, payload: topic === 'method' ? none : '' })),
      refused,
      { topic: 'power', payload: { series: [] } },
      { topic: 'gantt', payload: { ticks: [], rows: [] } },
      { topic: 'vehicles', payload: [] },
    ];
  }
  const HOUR = 3_600_000;
  const stepMs = plan.stepMin * 60_000;
  const at = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);
  const planStart = Date.parse(plan.start);
  const end = planStart + plan.siteKw.length * stepMs;
  // The chart goes back to the vehicles done (up to 12 h), as they charged before this plan.
  const doneFrom = plan.vehicles.filter((v) => v.lifecycle === 'done').map((v) => at(v.from)).filter((ms) => !Number.isNaN(ms));
  const start = Math.max(planStart - 12 * HOUR, Math.min(planStart, ...doneFrom));
  const span = Math.max(end - start, 1);
  const place = (ms: number) => Math.round(Math.min(100, Math.max(0, ((ms - start) / span) * 100)) * 100) / 100;
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  // About a dozen ticks, on whole hours.
  const every = [1, 2, 3, 4, 6, 12, 24].find((h) => span / (h * HOUR) <= 12) ?? 24;
  const ticks: Gantt['ticks'] = [];
  for (let t = Math.ceil(start / (every * HOUR)) * every * HOUR; t <= end; t += every * HOUR) ticks.push({ at: t, left: place(t) });
  const words: Record<string, [string, string, string]> = {
    planned: ['planned', 'planifié', '#1565c0'],
    validated: ['validated', 'validé', '#00838f'],
    charging: ['charging', 'en charge', '#2e7d32'],
    done: ['done', 'terminé', '#757575'],
    'at risk': ['at risk', 'à risque', '#c62828'],
  };
  const stateOf = (lifecycle: string) => words[lifecycle] ?? [lifecycle, lifecycle, '#9e9e9e'];
  const rowKey = (charger: string | undefined, connector: number | undefined) => (charger ? `${charger}#${connector ?? 1}` : '');
  const bars = new Map<string, GanttBar[]>();
  const vehicles = plan.vehicles.map((v) => {
    const [en, fren, color] = stateOf(v.lifecycle);
    const state = fr ? fren : en;
    const arrival = at(v.arrival);
    const departure = at(v.departure);
    const from = at(v.from);
    const to = at(v.to);
    // A vehicle that draws nothing shows over its stay.
    const [barFrom, barTo] = Number.isNaN(from) ? [arrival, departure] : [from, to];
    const short = v.shortfallKwh > 0 ? ` · ${fr ? 'manque' : 'missing'} ${round(v.shortfallKwh, 1)} kWh` : '';
    const bar: GanttBar = {
      id: v.id, label: `${v.id} · ${Math.round(v.socAtDeparturePercent)} %`, state: v.lifecycle, color,
      left: place(barFrom), width: Math.max(0.5, round(place(barTo) - place(barFrom), 2)),
      stayLeft: place(arrival), stayWidth: round(place(departure) - place(arrival), 2),
      tooltip: `${v.id} · ${state} · ${round(v.energyKwh, 1)} kWh · SoC ${round(v.socPercent, 1)} → ${round(v.socAtDeparturePercent, 1)} % `
        + `(${fr ? 'cible' : 'target'} ${round(v.targetSocPercent, 1)} %)${short}${v.reason ? ` · ${v.reason}` : ''}`,
    };
    const key = rowKey(v.charger, v.connector);
    bars.set(key, [...(bars.get(key) ?? []), bar]);
    return {
      id: v.id, charger: v.charger ? `${v.charger}${v.connector && v.connector > 1 ? ` · ${v.connector}` : ''}` : '', status: state, state: v.lifecycle,
      color, arrival: v.arrival, from: v.from ?? '', to: v.to ?? '', departure: v.departure, energyKwh: round(v.energyKwh, 1),
      soc: round(v.socAtDeparturePercent, 1), shortfallKwh: v.shortfallKwh > 0 ? round(v.shortfallKwh, 1) : null,
    };
  });
  // Every connector of every charger has its row, in the fleet's order; the vehicles no charger could take, the last.
  const out = new Set(Array.isArray(plan.unavailableChargers) ? plan.unavailableChargers : []);
  const chargers = Array.isArray(plan.chargers) ? plan.chargers : [];
  const rows: Gantt['rows'] = [];
  for (const c of chargers) {
    for (let n = 1; n <= Math.max(1, c.connectors); n += 1) {
      const key = rowKey(c.id, n);
      const note = out.has(c.id) ? (fr ? 'hors service' : 'out of service') : `${c.maxKw} kW`;
      rows.push({ key, label: c.connectors > 1 ? `${c.id} · ${n}` : c.id, note, bars: bars.get(key) ?? [] });
      bars.delete(key);
    }
  }
  for (const [key, list] of bars) {
    rows.push({ key, label: key ? key.replace('#', ' · ') : fr ? 'sans chargeur' : 'no charger', note: '', bars: list });
  }
  const now = context.now;
  const gantt: Gantt = { ticks, rows, ...(now >= start && now <= end ? { nowLeft: place(now) } : {}) };
  const method = plan.method === 'optimal'
    ? `optimal${plan.globalOptimum ? (fr ? ' quel que soit le placement' : ' for any placement') : ''}`
    : `${fr ? 'heuristique' : 'heuristic'}${plan.fallback ? ` (${plan.fallback})` : ''}`;
  const objective = { peak: fr ? 'pointe minimale' : 'lowest peak', cost: fr ? 'coût minimal' : 'lowest cost', earliest: fr ? 'au plus tôt' : 'earliest' }[plan.objective] ?? plan.objective;
  return [
    { topic: 'method', payload: `${objective} · ${method}` },
    { topic: 'peak', payload: round(plan.peakKw, 1) },
    { topic: 'energy', payload: round(plan.energyKwh, 1) },
    { topic: 'cost', payload: round(plan.cost, 2) },
    { topic: 'ready', payload: `${plan.vehicles.filter((v) => v.status === 'planned').length} / ${plan.vehicles.length}` },
    { topic: 'start', payload: `${plan.start.slice(0, 16).replace('T', ' ')} UTC · ${plan.stepMin} min` },
    refused,
    { topic: 'power', payload: { series: [{ label: fr ? 'Puissance planifiée (kW)' : 'Planned power (kW)', points: plan.siteKw.map((kw, t) => ({ x: planStart + t * stepMs, y: kw })) }] } },
    { topic: 'gantt', payload: gantt },
    { topic: 'vehicles', payload: vehicles },
  ];
}

export const plan: ViewModule = { build, plan: { everyS: 60, feed } };
