import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';

const nodes = ['evc-csms', 'evc-planner'].map(nodeModule);
type Msg = Record<string, any>;

function lastStatus(id: string): Msg | undefined {
  const node = helper.getNode(id);
  const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
  return calls.length ? calls[calls.length - 1].args[0] : undefined;
}

const CHARGERS = JSON.stringify([{ id: 'CH01', maxKw: 150, connectors: 2 }, { id: 'CH02', maxKw: 150, connectors: 2 }]);
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const bus = (id: string, arrivalH: number, departureH: number, socPercent: number) => ({
  id, batteryKwh: 400, socPercent, targetSocPercent: 90, arrival: hoursFromNow(arrivalH), departure: hoursFromNow(departureH), maxKw: 150,
});

describe('evc-planner node', function () {
  this.timeout(30_000);
  const suite = nodeSuite();

  const flow = (extra: Record<string, unknown> = {}, withCsms = false) => [
    { id: 'f1', type: 'tab', label: 'planner' },
    ...(withCsms ? [suite.csmsNode()] : []),
    {
      id: 'plan', z: 'f1', x: 100, y: 100, type: 'evc-planner', objective: 'peak', stepMin: 15, horizonH: 24, budgetS: 10, capacityKw: 400, chargers: CHARGERS,
      stackLevel: 6, ...(withCsms ? { csms: 'csms' } : {}), wires: [['out']], ...extra,
    },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['plan'], wires: [['errors']] },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];

  it('plans a fleet to the lowest peak, replans when a vehicle changes, and validates without replanning', async () => {
    await helper.load(nodes, flow());
    const out: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    // The msg that asked comes back with its plan (an HTTP request, for one, gets its answer).
    helper.getNode('plan').receive({ payload: { vehicles: [bus('BUS-1', 0, 8, 30), bus('BUS-2', 1, 9, 50)] }, requestId: 'r-1' });
    await waitFor(() => out.length === 1, 20_000, 'the first plan');
    const first = out[0].payload;
    assert.equal(out[0].topic, 'plan');
    assert.equal(out[0].requestId, 'r-1');
    assert.equal(first.method, 'optimal');
    assert.equal(first.vehiclesReady, 2);
    // 240 + 160 kWh over the 8 to 9 hours they are there: far below the 150 kW each could draw.
    assert.ok(first.peakKw < 60, `peak ${first.peakKw} kW`);
    assert.deepEqual(first.vehicles.map((v: Msg) => [v.id, v.status, v.lifecycle]), [['BUS-1', 'planned', 'planned'], ['BUS-2', 'planned', 'planned']]);
    assert.equal(lastStatus('plan')!.fill, 'green');
    // BUS-2 must now leave in 3 hours: its need no longer fits at the old peak.
    helper.getNode('plan').receive({ payload: { vehicle: { id: 'BUS-2', departure: hoursFromNow(3) } } });
    await waitFor(() => out.length === 2, 20_000, 'the new plan');
    assert.ok(out[1].payload.peakKw > first.peakKw, 'a higher peak to meet the earlier departure');
    helper.getNode('plan').receive({ payload: { validate: ['BUS-1'] } });
    await waitFor(() => out.length === 3, 5000, 'the plan sent again');
    assert.deepEqual(out[2].payload.vehicles.map((v: Msg) => v.lifecycle), ['validated', 'planned']);
    assert.equal(out[2].payload.solveMs, out[1].payload.solveMs, 'not planned again');
    // The next night's fleet starts over: nothing validated yet.
    helper.getNode('plan').receive({ payload: { vehicles: [bus('BUS-1', 2, 10, 40)] } });
    await waitFor(() => out.length === 4, 20_000, 'the next fleet');
    assert.deepEqual(out[3].payload.vehicles.map((v: Msg) => [v.id, v.lifecycle]), [['BUS-1', 'planned']]);
  });

  it('says who falls short and why, and refuses what it cannot plan with a reason', async () => {
    await helper.load(nodes, flow({ capacityKw: 20 }));
    const out: Msg[] = [];
    const errors: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    helper.getNode('plan').receive({ payload: { vehicles: [bus('BUS-1', 0, 4, 10)] } });
    await waitFor(() => out.length === 1, 20_000, 'the plan');
    const [v] = out[0].payload.vehicles;
    assert.equal(v.status, 'at risk');
    // 20 kW for the whole steps of its stay (15 or 16 of them), far from the 320 kWh it needs.
    assert.equal(out[0].payload.peakKw, 20);
    assert.ok(v.energyKwh >= 75 - 0.01 && v.energyKwh <= 80 + 0.01, `${v.energyKwh} kWh`);
    assert.ok(Math.abs(v.shortfallKwh - (320 - v.energyKwh)) < 0.01, `short by ${v.shortfallKwh} kWh`);
    assert.match(v.reason, /not enough power before its departure/);
    assert.equal(lastStatus('plan')!.fill, 'yellow');
    helper.getNode('plan').receive({ payload: { vehicles: [{ id: 'BUS-9', batteryKwh: -1 }] } });
    helper.getNode('plan').receive({ payload: 'go' });
    await waitFor(() => errors.length === 2, 5000, 'two errors');
    assert.match(errors[0].error.message, /vehicles\[0\]\.batteryKwh must be a number of at least 0/);
    assert.match(errors[1].error.message, /msg\.payload must describe the fleet/);
    // The refused fleet did not replace the last good one.
    helper.getNode('plan').receive({ payload: { replan: true } });
    await waitFor(() => out.length === 2, 20_000, 'planned again');
    assert.deepEqual(out[1].payload.vehicles.map((x: Msg) => x.id), ['BUS-1']);
  });

  it('refuses a configuration it cannot use, with a red status and the reason on every msg', async () => {
    await helper.load(nodes, flow({ objective: 'fastest' }));
    const errors: Msg[] = [];
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    // The test helper's RED._ returns the catalog key; the reason is in the error.
    assert.deepEqual(lastStatus('plan'), { fill: 'red', shape: 'ring', text: 'evc-planner.status.invalidConfig' });
    helper.getNode('plan').receive({ payload: { replan: true } });
    await waitFor(() => errors.length === 1, 5000, 'refused');
    assert.equal(errors[0].error.code, 'InvalidConfig');
    assert.match(errors[0].error.message, /objective must be one of earliest, peak, cost/);
  });

  it('with a CSMS: leaves out a faulted charger, and sends a vehicle its plan when it plugs in', async () => {
    await helper.load(nodes, flow({}, true));
    const out: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    const profiles: Msg[] = [];
    const ch01 = await suite.station('CH01', '1.6', { boot: true });
    ch01.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => {
      profiles.push(params as Msg);
      return { status: 'Accepted' };
    });
    const ch02 = await suite.station('CH02', '1.6', { boot: true });
    helper.getNode('plan').receive({ payload: { vehicles: [{ ...bus('BUS-1', 0, 8, 30), idTag: 'BADGE-1' }] } });
    await waitFor(() => out.length === 1, 20_000, 'the first plan');
    await ch02.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', timestamp: new Date().toISOString() });
    await waitFor(() => out.length === 2, 20_000, 'a plan without CH02');
    assert.deepEqual(out[1].payload.unavailableChargers, ['CH02']);
    assert.equal(out[1].payload.vehicles[0].charger, 'CH01');
    const started = await ch01.call('StartTransaction', { connectorId: 2, idTag: 'BADGE-1', meterStart: 0, timestamp: new Date().toISOString() }) as Msg;
    await waitFor(() => profiles.length === 1, 20_000, 'the plan sent as a profile');
    const { connectorId, csChargingProfiles: p } = profiles[0];
    assert.equal(connectorId, 2);
    assert.deepEqual([p.chargingProfilePurpose, p.chargingProfileKind, p.stackLevel, p.transactionId], ['TxProfile', 'Absolute', 6, started.transactionId]);
    assert.equal(p.chargingSchedule.chargingRateUnit, 'W');
    assert.ok(p.chargingSchedule.chargingSchedulePeriod.some((x: Msg) => x.limit > 0));
    await waitFor(() => out.at(-1)!.payload.vehicles[0].lifecycle === 'charging', 20_000, 'charging');
    // Its meter gives its state of charge; when its transaction ends it is done, shown where and when it charged.
    await ch01.call('MeterValues', {
      connectorId: 2, transactionId: started.transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '55', measurand: 'SoC', unit: 'Percent' }] }],
    });
    const stopAt = new Date().toISOString();
    await ch01.call('StopTransaction', { transactionId: started.transactionId, meterStop: 40_000, timestamp: stopAt });
    await waitFor(() => out.at(-1)!.payload.vehicles[0].lifecycle === 'done', 20_000, 'done');
    const done = out.at(-1)!.payload.vehicles[0];
    assert.deepEqual([done.charger, done.to, done.energyKwh, done.socAtDeparturePercent, done.powerKw], ['CH01', stopAt, 40, 55, []]);
    assert.ok(Date.parse(done.from) <= Date.parse(stopAt));
  });
});
