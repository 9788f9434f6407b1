import assert from 'node:assert/strict';
import vm from 'vm';
import { buildDashboard } from '../../dashboards';
import { renderClassic } from '../../dashboards/render/classic';
import { siteFromCount, siteFromDescription } from '../../dashboards/site';
import { plan as planView } from '../../dashboards/views/plan';
import type { Gantt } from '../../dashboards/model';
import { projectFlow } from '../../flows/project';
import type { FlowNode } from '../../flows/quickstart';
import type { FleetPlan } from '../../lib/planning/fleet';
import type { VehiclePlan } from '../../lib/planning/plan';
import { byType, runFunction, wiresOf } from '../support/flow-nodes';

const hour = (h: number) => new Date(Date.UTC(2026, 11, 1, h)).toISOString();

function vehicle(id: string, over: Partial<FleetPlan['vehicles'][number]>): FleetPlan['vehicles'][number] {
  const base: VehiclePlan = {
    id, arrival: hour(1), departure: hour(7), socPercent: 20, targetSocPercent: 80, powerKw: [], energyKwh: 30, needKwh: 30,
    socAtDeparturePercent: 80, status: 'planned', shortfallKwh: 0,
  };
  return { ...base, lifecycle: 'planned', ...over };
}

/** A day in hours: C1 (2 connectors) and C2 in service, C3 out; D waits for a connector that never frees. */
const PLAN: FleetPlan = {
  start: hour(0), stepMin: 60, objective: 'peak', method: 'optimal', globalOptimum: true,
  siteKw: Array.from({ length: 24 }, (_x, t) => (t >= 2 && t < 5 ? 30 : 0)), peakKw: 30, energyKwh: 90, cost: 13.5, vehiclesReady: 3, solveMs: 12,
  chargers: [{ id: 'C1', maxKw: 44, connectors: 2 }, { id: 'C2', maxKw: 22, connectors: 1 }, { id: 'C3', maxKw: 22, connectors: 1 }],
  unavailableChargers: ['C3'],
  vehicles: [
    vehicle('A', { charger: 'C1', connector: 1, from: hour(2), to: hour(5) }),
    vehicle('B', { charger: 'C1', connector: 2, from: hour(2), to: hour(5), lifecycle: 'charging' }),
    vehicle('C', { charger: 'C2', connector: 1, from: hour(2), to: hour(5), lifecycle: 'validated' }),
    vehicle('D', {
      status: 'at risk', lifecycle: 'at risk', energyKwh: 0, socAtDeparturePercent: 20, shortfallKwh: 30,
      reason: 'no charger it may use has a free connector for its stay',
    }),
  ],
};

const context = { terminals: ['CP001'], language: 'en', threshold: 12, now: Date.parse(hour(6)) };
const feed = vm.runInNewContext(`(${planView.plan!.feed.toString()})`) as NonNullable<typeof planView.plan>['feed'];
const run = (plan: unknown, over: Partial<typeof context> & { error?: string } = {}): Record<string, any> =>
  Object.fromEntries((JSON.parse(JSON.stringify(feed(plan, { ...context, ...over }))) as Array<{ topic: string; payload: any }>).map((m) => [m.topic, m.payload]));

describe('dashboards: charging plan values', () => {
  it('a row per charger connector in the fleet\'s order, a bar per vehicle where it charges, its stay behind, now marked', () => {
    const gantt = run(PLAN).gantt as Gantt;
    assert.deepEqual(gantt.rows.map((r) => [r.key, r.label, r.note, r.bars.map((b) => b.id)]), [
      ['C1#1', 'C1 · 1', '44 kW', ['A']], ['C1#2', 'C1 · 2', '44 kW', ['B']], ['C2#1', 'C2', '22 kW', ['C']], ['C3#1', 'C3', 'out of service', []],
      ['', 'no charger', '', ['D']],
    ]);
    const [a] = gantt.rows[0].bars;
    // 02:00-05:00 and 01:00-07:00 of a 24 h plan.
    assert.deepEqual([a.left, a.width, a.stayLeft, a.stayWidth], [8.33, 12.5, 4.17, 25]);
    assert.deepEqual([a.label, a.state, a.color], ['A · 80 %', 'planned', '#1565c0']);
    assert.equal(a.tooltip, 'A · planned · 30 kWh · SoC 20 → 80 % (target 80 %)');
    assert.deepEqual(gantt.rows.slice(0, 3).map((r) => r.bars[0].state), ['planned', 'charging', 'validated']);
    // A vehicle that draws nothing shows over its stay, in red, with what it misses and why.
    const [d] = gantt.rows[4].bars;
    assert.deepEqual([d.left, d.width, d.color], [4.17, 25, '#c62828']);
    assert.match(d.tooltip, /missing 30 kWh · no charger it may use/);
    assert.equal(gantt.nowLeft, 25);
    assert.deepEqual(gantt.ticks.map((t) => t.left), [0, 8.33, 16.67, 25, 33.33, 41.67, 50, 58.33, 66.67, 75, 83.33, 91.67, 100]);
    assert.equal(gantt.ticks[1].at, Date.parse(hour(2)));
    assert.equal(run(PLAN, { now: Date.parse(hour(0)) - 1 }).gantt.nowLeft, undefined, 'now before the plan is not drawn');
  });

  it('sums the plan up, lists the vehicles with their times and what they miss, and draws the planned site power', () => {
    const values = run(PLAN, { error: 'vehicles[0].batteryKwh must be a number above 0 (10:02:03 UTC)' });
    assert.equal(values.method, 'lowest peak · optimal for any placement');
    assert.deepEqual([values.peak, values.energy, values.cost, values.ready, values.start], [30, 90, 13.5, '3 / 4', '2026-12-01 00:00 UTC · 60 min']);
    assert.match(values.refused, /batteryKwh/);
    assert.deepEqual(values.vehicles[1], {
      id: 'B', charger: 'C1 · 2', status: 'charging', state: 'charging', color: '#2e7d32', arrival: hour(1), from: hour(2), to: hour(5),
      departure: hour(7), energyKwh: 30, soc: 80, shortfallKwh: null,
    });
    assert.deepEqual([values.vehicles[3].charger, values.vehicles[3].from, values.vehicles[3].shortfallKwh], ['', '', 30]);
    assert.deepEqual(values.power.series[0].points.slice(1, 3), [{ x: Date.parse(hour(1)), y: 0 }, { x: Date.parse(hour(2)), y: 30 }]);
    const heuristic = run({ ...PLAN, method: 'heuristic', globalOptimum: false, fallback: 'the solver ran out of time', objective: 'cost' });
    assert.equal(heuristic.method, 'lowest cost · heuristic (the solver ran out of time)');
  });

  it('goes back to the vehicles done, in grey where they charged, and counts them ready', () => {
    const done = vehicle('E', { charger: 'C2', connector: 1, from: hour(-2), to: hour(-1), lifecycle: 'done', powerKw: [], socAtDeparturePercent: 78 });
    const values = run({ ...PLAN, vehicles: [...PLAN.vehicles, done] });
    const gantt = values.gantt as Gantt;
    // The chart runs from 22:00 the day before: 26 h.
    const [e] = gantt.rows[2].bars.filter((b) => b.id === 'E');
    assert.deepEqual([e.left, e.width, e.color, e.state, e.label], [0, 3.85, '#757575', 'done', 'E · 78 %']);
    assert.equal(gantt.rows[0].bars[0].left, 15.38, 'A at 02:00 is 4 h into the chart');
    assert.equal(gantt.ticks[0].at, Date.parse(hour(0)), 'every 3 h from midnight');
    assert.equal(values.ready, '4 / 5');
    assert.equal(values.power.series[0].points[0].x, Date.parse(hour(0)), 'the planned power starts with the plan');
    const longAgo = run({ ...PLAN, vehicles: [{ ...done, from: hour(-40), to: hour(-30) }] }).gantt as Gantt;
    assert.deepEqual(longAgo.rows[2].bars.map((b) => [b.left, b.width]), [[0, 0.5]], 'at most 12 h back');
  });

  it('says there is no plan yet, and speaks French', () => {
    const none = run(undefined);
    assert.deepEqual([none.method, none.peak, none.vehicles, none.gantt], ['no plan yet', '', [], { ticks: [], rows: [] }]);
    const fr = run(PLAN, { language: 'fr' });
    assert.equal(fr.method, 'pointe minimale · optimal quel que soit le placement');
    assert.deepEqual(fr.gantt.rows.map((r: any) => r.note).slice(3), ['hors service', '']);
    assert.equal(fr.gantt.rows[4].label, 'sans chargeur');
    assert.match(fr.gantt.rows[0].bars[0].tooltip, /planifié · 30 kWh · SoC 20 → 80 % \(cible 80 %\)/);
  });
});

describe('dashboards: charging plan flow', () => {
  const flow = projectFlow(siteFromCount(3, { limitKw: 40 }));
  const node = (id: string) => flow.find((n) => n.id === id)!;
  const [planner] = byType(flow, 'evc-planner');
  const feedNode = node(wiresOf(planner)[0][0]);

  it('plans the site\'s terminals under its limit, fed by a link in, the view\'s buttons and POST /api/fleet', () => {
    assert.deepEqual(JSON.parse(planner.chargers as string), ['CP001', 'CP002', 'CP003'].map((id) => ({ id, maxKw: 22, connectors: 1 })));
    assert.equal(planner.capacityKw, 40);
    assert.equal(planner.csms, flow.find((n) => n.type === 'evc-csms')!.id);
    const into = (n: FlowNode) => wiresOf(n).some((w) => w.includes(planner.id));
    assert.deepEqual(flow.filter(into).map((n) => n.type === 'http in' ? `${n.method} ${n.url}` : n.type).sort(),
      ['link in', 'post /api/fleet', 'ui_button', 'ui_button']);
    assert.deepEqual(byType(flow, 'ui_button').filter(into).map((b) => JSON.parse(b.payload as string)), [{ validate: true }, { replan: true }]);
    assert.equal(feedNode.name, 'Charging plan values');
    const gantt = byType(flow, 'ui_template').find((t) => /evc-gantt/.test(t.format as string))!;
    assert.ok(wiresOf(node(wiresOf(feedNode)[0][0])).some((w) => w[0] === gantt.id), 'the feed routes to the Gantt');
    // Without a capacity the terminals' power is the site's.
    const open = byType(projectFlow(siteFromCount(2)), 'evc-planner')[0];
    assert.equal(open.capacityKw, 44);
    const described = siteFromDescription({ terminals: [{ id: 'D1', maxKw: 150, connectors: 2 }] });
    assert.deepEqual(JSON.parse(byType(projectFlow(described), 'evc-planner')[0].chargers as string), [{ id: 'D1', maxKw: 150, connectors: 2 }]);
  });

  it('keeps the last plan for GET /api/plan, shows a refusal until the next plan, and answers only requests over HTTP', () => {
    const store: Record<string, unknown> = {};
    const values = (out: unknown) => Object.fromEntries(((out as any[])[0] as Array<{ topic: string; payload: any }>).map((m) => [m.topic, m.payload]));
    assert.equal(values(runFunction(feedNode, { payload: 1 }, store)).method, 'no plan yet');
    assert.equal(values(runFunction(feedNode, { topic: 'plan', payload: PLAN }, store)).ready, '3 / 4');
    const refused = values(runFunction(feedNode, { error: { message: 'Error: vehicles[0].batteryKwh must be a number above 0' } }, store));
    assert.match(refused.refused, /^vehicles\[0\]\.batteryKwh must be a number above 0 \(\d\d:\d\d:\d\d UTC\)$/);
    assert.equal(refused.ready, '3 / 4', 'the plan stays');
    assert.equal(values(runFunction(feedNode, { payload: 2 }, store)).refused.length > 0, true, 'a redraw keeps the refusal');
    assert.equal(values(runFunction(feedNode, { topic: 'plan', payload: PLAN }, store)).refused, '');

    const get = flow.find((n) => n.type === 'http in' && n.url === '/api/plan')!;
    const last = node(wiresOf(get)[0][0]);
    assert.deepEqual((runFunction(last, {}, {}) as any).statusCode, 404);
    assert.deepEqual((runFunction(last, {}, store) as any).payload.vehicles.length, 4);
    const reply = wiresOf(planner)[0].map(node).find((n) => n.name === 'asked over HTTP')!;
    assert.equal(runFunction(reply, { payload: PLAN }), null);
    assert.equal(node(wiresOf(reply)[0][0]).type, 'http response');
    const [caught] = byType(flow, 'catch').filter((c) => (c.scope as string[]).includes(planner.id));
    const toHttp = wiresOf(caught)[0].map(node).find((n) => n.id !== feedNode.id)!;
    const answered = runFunction(toHttp, { req: {}, res: {}, error: { code: 'ValidationFailed', message: 'Error: vehicles must be an array' } }) as any;
    assert.deepEqual([answered.statusCode, answered.payload], [400, { error: 'vehicles must be an array', code: 'ValidationFailed' }]);
    assert.equal(runFunction(toHttp, { error: { code: 'ValidationFailed', message: 'x' } }), null, 'a button\'s refusal is shown, not answered');
  });

  it('leaves the REST endpoints to the workspace when dashboards are added to it', () => {
    const added = renderClassic(buildDashboard(siteFromCount(2)), { csms: 'c' });
    assert.equal(byType(added, 'evc-planner').length, 1);
    assert.deepEqual(byType(added, 'http in'), []);
    assert.deepEqual(byType(added, 'link in').map((n) => n.name), ['Charging plan: fleet planner']);
  });
});
