/**
 * The product holds the site's connection limit: `evcharge start --terminals 2 --site-limit 22` shares 22 kW among
 * the terminals that charge, and a live limit through `POST /api/site/limit` lowers their power at once and gives
 * it back when lifted. The stations are strict ocpp-rpc 1.6 clients that record the limits they are sent.
 */
import assert from 'node:assert/strict';
import { startProduct, Product } from '../support/product';
import { waitFor } from '../support/net';
import { strictClient, BOOT, Peer } from '../support/rpc';

const at = () => new Date().toISOString();

describe('the product: a site limit shared among the terminals, and a live limit', function () {
  this.timeout(120_000);
  let product: Product;
  const peers: Peer[] = [];

  before(async () => { product = await startProduct(['--terminals', '2', '--site-limit', '22']); });
  after(async () => {
    for (const p of peers) await p.close({ force: true }).catch(() => {});
    await product?.stop();
  });

  async function charging(identity: string): Promise<number[]> {
    const limits: number[] = [];
    const peer = strictClient(product.ocppUrl, identity, '1.6');
    peers.push(peer);
    peer.handle('SetChargingProfile', async ({ params }: { params?: any }) => {
      const p = params.csChargingProfiles;
      assert.equal(p.chargingProfilePurpose, 'TxProfile');
      limits.push(p.chargingSchedule.chargingSchedulePeriod[0].limit);
      return { status: 'Accepted' };
    });
    await peer.connect();
    await peer.call('BootNotification', BOOT['1.6']);
    await peer.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError', timestamp: at() });
    await peer.call('StartTransaction', { connectorId: 1, idTag: `TAG-${identity}`, meterStart: 0, timestamp: at() });
    return limits;
  }

  it('gives each charging terminal its share, lowers it under a live limit, and gives it back', async () => {
    const cp1 = await charging('CP001');
    const cp2 = await charging('CP002');
    // 22 kW at 230 V on 3 phases is 31.9 A per phase: 15.9 A each.
    await waitFor(() => cp1.at(-1) === 15.9 && cp2.at(-1) === 15.9, 30_000, 'the connection limit shared');
    const lowered = await product.post('/api/site/limit', { limitKw: 11 });
    assert.deepEqual([lowered.status, lowered.body], [200, { limitKw: 11 }]);
    await waitFor(() => cp1.at(-1) === 7.9 && cp2.at(-1) === 7.9, 10_000, 'the live limit');
    const lifted = await product.post('/api/site/limit', { limitKw: null });
    assert.equal(lifted.status, 200);
    await waitFor(() => cp1.at(-1) === 15.9 && cp2.at(-1) === 15.9, 10_000, 'the connection limit again');
  });

  it('answers a limit it cannot read with 400 and the reason', async () => {
    for (const body of [{ limitKw: -1 }, { limitKw: 'ten' }, {}]) {
      const r = await product.post('/api/site/limit', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.error, /limitKw must be a number of kW/);
    }
    const raw = await product.post('/api/site/limit', undefined, '{not json');
    assert.equal(raw.status, 400);
  });
});

describe('the product with simulated stations: a live site limit lowers their power and gives it back', function () {
  this.timeout(180_000);
  let product: Product;

  before(async () => { product = await startProduct(['--terminals', '2', '--site-limit', '22', '--simulate', '2', '--no-charging']); });
  after(async () => { await product?.stop(); });

  /** What each simulated station reports it draws on connector 1, W (its meter values). */
  async function powers(): Promise<number[]> {
    const { body } = await product.get('/api/stations');
    return ['CP001', 'CP002'].map((id) => {
      const s = (body as any[]).find((x) => x.identity === id);
      return s?.transactions?.[0]?.powerW ?? s?.meter?.['1']?.powerW ?? NaN;
    });
  }
  const near = (xs: number[], w: number) => xs.every((x) => Math.abs(x - w) <= 0.02 * w);

  it('22 kW shared, 11 kW live, then 22 kW again', async () => {
    await waitFor(async () => {
      const { body } = await product.get('/api/stations');
      return Array.isArray(body) && body.filter((s: any) => s.connected).length === 2;
    }, 30_000, 'the two simulated terminals');
    for (const id of ['CP001', 'CP002']) {
      const r = await product.post(`/api/stations/${id}/commands/remoteStart`, { connectorId: 1, idTag: `TAG-${id}` });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // 15.9 A per phase each at 230 V on 3 phases: 10.97 kW, a little less with the simulator's jitter.
    await waitFor(async () => near(await powers(), 10_900), 60_000, 'each at half the connection limit');
    assert.equal((await product.post('/api/site/limit', { limitKw: 11 })).status, 200);
    await waitFor(async () => near(await powers(), 5_430), 60_000, 'each at half the live limit');
    assert.equal((await product.post('/api/site/limit', { limitKw: null })).status, 200);
    await waitFor(async () => near(await powers(), 10_900), 60_000, 'the power given back');
  });
});
