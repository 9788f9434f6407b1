/**
 * The product plans a depot: `evcharge start --terminals 3 --site-limit 40` takes a fleet by `POST /api/fleet`,
 * answers its plan, keeps it for `GET /api/plan`, refuses a fleet it cannot read with 400 and the reason, and sends
 * a bus that plugs in (a strict ocpp-rpc 1.6 station) its plan as a TxProfile, and plans again under a live limit.
 */
import assert from 'node:assert/strict';
import { startProduct, Product } from '../support/product';
import { waitFor } from '../support/net';
import { strictClient, BOOT, Peer } from '../support/rpc';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const bus = (id: string) => ({ id, batteryKwh: 100, socPercent: 20, targetSocPercent: 80, arrival: inHours(-0.2), departure: inHours(6), maxKw: 22 });

describe('the product: a depot\'s fleet planned over the REST API', function () {
  this.timeout(120_000);
  let product: Product;
  const peers: Peer[] = [];
  let charging: { peer: Peer; transactionId: number } | undefined;

  before(async () => { product = await startProduct(['--terminals', '3', '--site-limit', '40']); });
  after(async () => {
    for (const p of peers) await p.close({ force: true }).catch(() => {});
    await product?.stop();
  });

  it('answers the plan of a fleet under the site limit, keeps it, and refuses what it cannot read with the reason', async () => {
    const none = await product.get('/api/plan');
    assert.deepEqual([none.status, none.body.code], [404, 'NotFound']);

    const planned = await product.post('/api/fleet', { vehicles: ['BUS1', 'BUS2', 'BUS3'].map(bus) });
    assert.equal(planned.status, 200, JSON.stringify(planned.body));
    const plan = planned.body;
    assert.deepEqual(plan.vehicles.map((v: any) => [v.id, v.lifecycle]), [['BUS1', 'planned'], ['BUS2', 'planned'], ['BUS3', 'planned']]);
    assert.deepEqual(plan.vehicles.map((v: any) => v.charger).sort(), ['CP001', 'CP002', 'CP003']);
    assert.equal(plan.method, 'optimal');
    assert.ok(plan.peakKw <= 40 + 1e-6, `peak ${plan.peakKw} within the site limit`);
    assert.deepEqual(plan.chargers.map((c: any) => [c.id, c.maxKw]), [['CP001', 22], ['CP002', 22], ['CP003', 22]]);
    assert.deepEqual((await product.get('/api/plan')).body, plan);

    for (const body of [{ vehicles: 'three buses' }, { vehicles: [{ ...bus('BUS4'), batteryKwh: -5 }] }, { objective: 'fastest' }]) {
      const refused = await product.post('/api/fleet', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.code, 'ValidationFailed');
      assert.match(refused.body.error, /vehicles|batteryKwh|objective/);
    }
    assert.equal((await product.post('/api/fleet', undefined, '{not json')).status, 400);
    assert.deepEqual((await product.get('/api/plan')).body.vehicles.length, 3, 'a refused change leaves the plan as it was');

    const validated = await product.post('/api/fleet', { validate: ['BUS2'] });
    assert.deepEqual(validated.body.vehicles.map((v: any) => v.lifecycle), ['planned', 'validated', 'planned']);
  });

  it('sends a bus that plugs in its plan as a TxProfile, and shows it charging', async () => {
    const plan = (await product.get('/api/plan')).body;
    const at = plan.vehicles.find((v: any) => v.id === 'BUS1').charger as string;
    const peer = strictClient(product.ocppUrl, at, '1.6');
    peers.push(peer);
    const profiles: any[] = [];
    peer.handle('SetChargingProfile', async ({ params }: { params?: any }) => {
      profiles.push(params.csChargingProfiles);
      return { status: 'Accepted' };
    });
    await peer.connect();
    await peer.call('BootNotification', BOOT['1.6']);
    await peer.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError', timestamp: new Date().toISOString() });
    const { transactionId } = await peer.call('StartTransaction', { connectorId: 1, idTag: 'BUS1', meterStart: 0, timestamp: new Date().toISOString() }) as any;
    // The site's allocator shares the limit among sessions too (stack level 5, A): the plan is above it (6, W).
    const planned = (p: any) => p.chargingProfilePurpose === 'TxProfile' && p.stackLevel === 6 && p.transactionId === transactionId;
    await waitFor(() => profiles.some(planned), 20_000, 'the plan as a TxProfile');
    const profile = profiles.find(planned);
    assert.equal(profile.chargingProfileKind, 'Absolute');
    assert.equal(profile.chargingSchedule.chargingRateUnit, 'W');
    assert.ok(profile.chargingSchedule.chargingSchedulePeriod.every((p: any) => p.limit <= 22_000));
    await waitFor(async () => (await product.get('/api/plan')).body.vehicles.find((v: any) => v.id === 'BUS1')?.lifecycle === 'charging', 20_000, 'BUS1 charging');
    charging = { peer, transactionId };
    const now = (await product.get('/api/plan')).body;
    assert.equal(now.vehicles.find((v: any) => v.id === 'BUS1').charger, at, 'a bus plugged in stays where it is');
  });

  it('plans again under a live site limit, and with the connection limit when it is lifted', async () => {
    const plan = async () => (await product.get('/api/plan')).body;
    assert.equal((await product.post('/api/site/limit', { limitKw: 25 })).status, 200);
    // 180 kWh in about 6 h needs 30 kW on average: under 25 kW a bus falls short, and the plan says which.
    await waitFor(async () => (await plan()).peakKw <= 25 + 1e-6, 20_000, 'a plan under the live limit');
    const under = await plan();
    assert.ok(under.vehiclesReady < 3);
    assert.ok(under.vehicles.some((v: any) => v.lifecycle === 'at risk' && v.shortfallKwh > 0 && v.reason));
    assert.equal((await product.post('/api/site/limit', { limitKw: null })).status, 200);
    await waitFor(async () => (await plan()).vehiclesReady === 3, 20_000, 'every bus ready under the connection limit');
    // BUS1 leaves: done, where and until when it charged, with the energy its meter gave.
    const stoppedAt = new Date().toISOString();
    await charging!.peer.call('StopTransaction', { transactionId: charging!.transactionId, meterStop: 12_500, timestamp: stoppedAt });
    await waitFor(async () => (await plan()).vehicles.some((v: any) => v.id === 'BUS1' && v.lifecycle === 'done'), 20_000, 'BUS1 done');
    const bus1 = (await plan()).vehicles.find((v: any) => v.id === 'BUS1');
    assert.deepEqual([bus1.to, bus1.energyKwh], [stoppedAt, 12.5]);
  });
});
