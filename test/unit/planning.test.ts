import assert from 'node:assert/strict';
import { loadLpSolver, LpSolver } from '../../lib/allocation/lp';
import { assignChargers } from '../../lib/planning/assign';
import { Plan, planCharging } from '../../lib/planning/plan';
import { planProfile } from '../../lib/planning/profile';
import { PlanInput, PlanProblem, readPlanInput, VehicleInput } from '../../lib/planning/problem';

const START = '2026-03-02T18:00:00Z';
const at = (hours: number) => new Date(Date.parse(START) + hours * 3_600_000).toISOString();

function vehicle(id: string, arrivalH: number, departureH: number, needKwh: number, extra: Partial<VehicleInput> = {}): VehicleInput {
  return { id, batteryKwh: 100, socPercent: 20, targetSocPercent: 20 + needKwh, arrival: at(arrivalH), departure: at(departureH), maxKw: 22, ...extra };
}

function problem(input: Partial<PlanInput>): PlanProblem {
  const read = readPlanInput({ start: START, horizonH: 12, chargers: [{ id: 'C1', maxKw: 22 }, { id: 'C2', maxKw: 22 }], capacityKw: 100, vehicles: [], ...input });
  if (!read.problem) throw new Error(read.errors.join('; '));
  return read.problem;
}

/** Every limit a plan must hold: rates, chargers, the site, and no vehicle given more than it needs. */
function assertWithinLimits(p: PlanProblem, plan: Plan): void {
  const h = p.stepMin / 60;
  for (let t = 0; t < p.steps; t++) {
    assert.ok(plan.siteKw[t] <= p.capacityKw[t] + 1e-3, `site at step ${t}: ${plan.siteKw[t]} > ${p.capacityKw[t]}`);
    for (const c of p.chargers) {
      const kw = plan.vehicles.filter((v) => v.charger === c.id).reduce((a, v) => a + v.powerKw[t], 0);
      assert.ok(kw <= c.maxKw + 1e-3, `charger ${c.id} at step ${t}: ${kw} kW`);
    }
  }
  plan.vehicles.forEach((v, i) => {
    const pv = p.vehicles[i];
    v.powerKw.forEach((kw, t) => {
      assert.ok(kw <= pv.maxKw + 1e-3, `${v.id} above its rate`);
      if (t < pv.arrival || t >= pv.departure) assert.equal(kw, 0, `${v.id} charges outside its stay (step ${t})`);
    });
    assert.ok(v.powerKw.reduce((a, b) => a + b, 0) * h <= pv.needKwh + 1e-2, `${v.id} gets more than it needs`);
  });
}

/** A seeded depot: buses back in the evening, out in the morning. */
function depot(vehicles: number, seed: number): PlanInput {
  let s = seed;
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const list = Array.from({ length: vehicles }, (_x, i) => {
    const arrivalH = rand() * 5;
    return vehicle(`B${i}`, arrivalH, 9 + rand() * 3, 20 + rand() * 50, { batteryKwh: 300, socPercent: 30, maxKw: 50 + Math.round(rand()) * 100 });
  }).map((v) => ({ ...v, targetSocPercent: Math.min(100, v.targetSocPercent) }));
  const chargers = Array.from({ length: Math.ceil(vehicles / 2) }, (_x, i) => ({ id: `C${i}`, maxKw: 150, connectors: 2 }));
  return { start: START, horizonH: 24, chargers, capacityKw: 10_000, vehicles: list };
}

describe('fleet planner: reading a plan input', () => {
  it('reports every problem with a reason, and plans nothing', () => {
    const read = readPlanInput({
      chargers: [{ id: 'C1', maxKw: 22 }, { id: 'C1', maxKw: -1 }], capacityKw: 'lots', objective: 'fastest', stepMin: 0,
      tariff: [{ from: '25:00', pricePerKwh: 0.2 }],
      vehicles: [{ id: 'V1', batteryKwh: 60, socPercent: 120, targetSocPercent: 80, arrival: 'tonight', departure: at(1), maxKw: 11, chargers: ['C9'] }, {}],
    });
    assert.ok(read.errors);
    for (const expected of [
      'stepMin must be a number from 1 to 1440', 'objective must be one of earliest, peak, cost', 'chargers[1]: charger C1 is listed twice',
      'chargers[1].maxKw must be a number of at least 0', 'vehicles[0].socPercent must be a number from 0 to 100',
      'vehicles[0].arrival must be an ISO 8601 date-time or epoch milliseconds', 'vehicles[0].chargers must list ids of chargers in the problem',
      'vehicles[1] needs an id', 'capacityKw must be a number or a non-empty array of {from, kw}', 'tariff band 0: from must be "HH:MM"',
    ]) assert.ok(read.errors.includes(expected), `missing: ${expected} in ${JSON.stringify(read.errors)}`);
  });

  it('cuts time into whole steps of each stay, and reads capacity over time and time-of-use prices in a time zone', () => {
    const p = problem({
      stepMin: 30, horizonH: 6,
      vehicles: [vehicle('V1', 0.2, 2.9, 10), vehicle('V2', -3, 9, 10)],
      capacityKw: [{ from: at(-1), kw: 50 }, { from: at(1.25), kw: 30 }, { from: at(2), kw: 40 }],
      tariff: { timeZone: 'Europe/Paris', bands: [{ from: '06:00', pricePerKwh: 0.25 }, { from: '22:00', pricePerKwh: 0.1 }] },
    });
    assert.deepEqual([p.vehicles[0].arrival, p.vehicles[0].departure], [1, 5], 'from 18:30 to 20:30: steps 1 to 4');
    assert.deepEqual([p.vehicles[1].arrival, p.vehicles[1].departure, p.vehicles[1].beyondHorizon], [0, 12, true]);
    assert.equal(p.vehicles[0].needKwh, 10);
    // 18:00 UTC is 19:00 in Paris in March: off-peak from 21:00 UTC.
    assert.deepEqual(p.pricePerKwh.slice(0, 8), [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.1, 0.1]);
    assert.deepEqual(p.capacityKw.slice(0, 5), [50, 50, 30, 30, 40], 'a step takes the lowest capacity in force during it');
  });
});

describe('fleet planner: chargers', () => {
  it('reuses a connector once its vehicle has left, and says which vehicle finds none', () => {
    const p = problem({
      vehicles: [vehicle('V1', 0, 4, 10), vehicle('V2', 1, 5, 10), vehicle('V3', 4, 8, 10), vehicle('V4', 2, 6, 10), vehicle('V5', 3, 9, 0)],
    });
    const placed = assignChargers(p);
    assert.deepEqual(placed.map((x) => x && p.chargers[x.charger].id), ['C1', 'C2', 'C1', undefined, undefined]);
    const plan = planCharging(p);
    const v4 = plan.vehicles[3];
    assert.equal(v4.status, 'at risk');
    assert.equal(v4.shortfallKwh, 10);
    assert.match(v4.reason ?? '', /no charger it may use has a free connector/);
    assert.equal(plan.vehicles[4].status, 'planned', 'a vehicle that needs nothing is ready without a charger');
  });
});

describe('fleet planner: optimal plans (HiGHS)', () => {
  let solver: LpSolver;
  before(async () => { solver = await loadLpSolver(); });

  it('spreads the energy to the lowest peak, every vehicle ready', () => {
    const p = problem({ objective: 'peak', vehicles: [vehicle('V1', 0, 4, 20), vehicle('V2', 2, 6, 20)] });
    const plan = planCharging(p, { solver });
    assert.equal(plan.method, 'optimal');
    assert.equal(plan.globalOptimum, true, 'the chargers do not bind: no placement could do better');
    assert.equal(plan.vehiclesReady, 2);
    // 40 kWh over 6 hours, and each vehicle only 4 of them: at least 40/6 kW.
    assert.ok(Math.abs(plan.peakKw - 40 / 6) < 1e-3, `peak ${plan.peakKw}`);
    assert.ok(Math.abs(plan.energyKwh - 40) < 1e-3);
    assertWithinLimits(p, plan);
    const earliest = planCharging(problem({ objective: 'earliest', vehicles: [vehicle('V1', 0, 4, 20), vehicle('V2', 2, 6, 20)] }), { solver });
    assert.equal(earliest.peakKw, 22, 'as soon as possible: each at full power from its arrival');
    assert.equal(earliest.vehicles[0].from, at(0));
  });

  it('buys the cheapest hours, and pays the demand charge only where it saves', () => {
    const tariff = [{ from: '00:00', pricePerKwh: 0.1 }, { from: '06:00', pricePerKwh: 0.3 }, { from: '22:00', pricePerKwh: 0.1 }];
    const vehicles = [vehicle('V1', 0, 12, 22), vehicle('V2', 0, 12, 22)];
    const cheap = planCharging(problem({ objective: 'cost', tariff: { timeZone: 'UTC', bands: tariff }, vehicles }), { solver });
    assert.equal(cheap.method, 'optimal');
    assert.ok(Math.abs(cheap.cost - 44 * 0.1) < 1e-3, `cost ${cheap.cost}`);
    assert.ok(cheap.vehicles.every((v) => v.from && v.from >= at(4)), 'nothing before 22:00');
    const demand = planCharging(problem({ objective: 'cost', tariff: { timeZone: 'UTC', bands: tariff }, demandChargePerKw: 1, vehicles }), { solver });
    // Off-peak lasts 8 h: 44 kWh at 5.5 kW costs 4.4 in energy and 5.5 in demand, less than the 44 kW peak would.
    assert.ok(Math.abs(demand.peakKw - 5.5) < 1e-3, `peak ${demand.peakKw}`);
    assert.ok(Math.abs(demand.cost - (4.4 + 5.5)) < 1e-3, `cost ${demand.cost}`);
  });

  it('when not all can be ready: the most vehicles ready, then the most energy, and who falls short by how much', () => {
    const p = problem({
      objective: 'peak', capacityKw: 10,
      vehicles: [vehicle('V1', 0, 4, 30), vehicle('V2', 0, 4, 15), vehicle('V3', 0, 4, 15)],
      chargers: [{ id: 'C1', maxKw: 22 }, { id: 'C2', maxKw: 22 }, { id: 'C3', maxKw: 22 }],
    });
    const plan = planCharging(p, { solver });
    assert.equal(plan.method, 'optimal');
    assert.equal(plan.vehiclesReady, 2);
    assert.deepEqual(plan.vehicles.map((v) => v.status), ['at risk', 'planned', 'planned']);
    assert.ok(Math.abs(plan.vehicles[0].shortfallKwh - 20) < 1e-3);
    assert.match(plan.vehicles[0].reason ?? '', /not enough power/);
    assert.ok(Math.abs(plan.energyKwh - 40) < 1e-3, 'the site gives all it can');
    assertWithinLimits(p, plan);
  });

  it('a shared charger splits its power, and the plan holds every limit on a generated depot', () => {
    const p = problem({ ...depot(30, 7), objective: 'peak' });
    const plan = planCharging(p, { solver, budgetMs: 20_000 });
    assert.equal(plan.method, 'optimal');
    assert.equal(plan.vehiclesReady, 30);
    assertWithinLimits(p, plan);
    const heuristic = planCharging(p);
    assert.equal(heuristic.method, 'heuristic');
    assert.equal(heuristic.vehiclesReady, 30);
    assertWithinLimits(p, heuristic);
    assert.ok(heuristic.peakKw >= plan.peakKw - 1e-3, 'the LP peak is the lowest');
    assert.ok(heuristic.peakKw <= plan.peakKw * 1.1, `heuristic peak ${heuristic.peakKw} against ${plan.peakKw}`);
  });

  it('moves vehicles to other connectors when a shared charger would hold the plan back', () => {
    // In order of arrival V3 would get the connector beside V1, whose 22 kW V1 needs whole.
    const p = problem({
      objective: 'peak', chargers: [{ id: 'C1', maxKw: 22, connectors: 2 }, { id: 'C2', maxKw: 22 }],
      vehicles: [vehicle('V1', 0, 2, 44), vehicle('V2', 0.1, 2, 4), vehicle('V3', 0.2, 2, 30)],
    });
    assert.deepEqual(assignChargers(p).map((x) => x && p.chargers[x.charger].id), ['C1', 'C2', 'C1']);
    const plan = planCharging(p, { solver });
    assert.equal(plan.vehiclesReady, 3);
    assert.equal(plan.globalOptimum, true);
    assert.notEqual(plan.vehicles[0].charger, plan.vehicles[2].charger, 'V1 and V3 on different chargers');
    assertWithinLimits(p, plan);
  });

  it('answers with the heuristic when the solver has no time left, and says so', () => {
    const p = problem({ ...depot(10, 3), objective: 'peak' });
    const plan = planCharging(p, { solver, budgetMs: 0 });
    assert.equal(plan.method, 'heuristic');
    assert.equal(plan.fallback, 'out of time');
    assertWithinLimits(p, plan);
  });
});

describe('fleet planner: the profile that carries a plan', () => {
  it('is an Absolute TxProfile in W from the plan start, one period per change of power', () => {
    const p = problem({ stepMin: 60, horizonH: 4, vehicles: [vehicle('V1', 0, 4, 30)], objective: 'earliest' });
    const plan = planCharging(p);
    const profile = planProfile(plan, 'V1', { profileId: 7, nowMs: 0 });
    assert.deepEqual(profile && { ...profile, installedAt: undefined }, {
      id: 7, evseId: 1, stackLevel: 0, purpose: 'Tx', kind: 'Absolute', startSchedule: Date.parse(START), duration: 4 * 3600, unit: 'W',
      periods: [{ startPeriod: 0, limit: 22000 }, { startPeriod: 3600, limit: 8000 }, { startPeriod: 7200, limit: 0 }], installedAt: undefined,
    });
    assert.equal(planProfile(plan, 'nobody', { profileId: 1 }), undefined);
  });
});
