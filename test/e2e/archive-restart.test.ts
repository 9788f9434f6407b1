import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startProduct, Product } from '../support/product';
import { waitFor } from '../support/net';
import { SimulatedFleet } from '../../lib/simulator';

interface Ended {
  identity: string;
  connectorId: number;
  meterStartWh: number;
  meterStopWh: number;
}

const key = (station: string, connector: number | null, start: number | null, stop: number | null) => `${station}|${connector}|${start}|${stop}`;

/**
 * The product is killed with SIGKILL while simulated stations are mid-transaction, and restarted: stations queue
 * their transaction messages meanwhile, as OCPP requires, and deliver them after reconnecting. Every transaction
 * must then be in the archive exactly once, with the energy the stations reported.
 */
describe('the product killed and restarted mid-transaction (SIGKILL)', function () {
  this.timeout(180_000);
  let product: Product | undefined;
  let fleet: SimulatedFleet | undefined;
  const ended: Ended[] = [];

  after(async () => {
    await fleet?.stop();
    await product?.stop();
  });

  it('archives every transaction exactly once with the energy the stations reported', async () => {
    const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-kill-'));
    product = await startProduct([], userDir);
    const ports = { port: product.port, ocppPort: product.ocppPort };
    // Both versions; short sessions and frequent meter values so a lot happens around the kill.
    fleet = new SimulatedFleet({
      url: product.ocppUrl, count: 6, version: 'mixed', prefix: 'KILL', connectors: 2, meterIntervalMs: 150,
      autoCharge: true, autoChargeCycleMs: 300, reconnectDelayMs: 100, seed: 42, callTimeoutMs: 5000,
    });
    fleet.on('transaction', (e: { identity: string; connectorId: number; phase: string; meterStartWh?: number; meterStopWh?: number }) => {
      if (e.phase === 'ended') ended.push({ identity: e.identity, connectorId: e.connectorId, meterStartWh: e.meterStartWh!, meterStopWh: e.meterStopWh! });
    });
    fleet.on('error', () => { /* lost calls while the CSMS is down are part of the test */ });
    await fleet.start();
    await waitFor(() => ended.length >= 6, 30_000, 'transactions before the kill');

    const kills: string[] = [];
    for (let round = 0; round < 2; round++) {
      // Mid-transaction: several sessions are open on the stations' side.
      await waitFor(() => fleet!.stations.some((s) => s.connectorsState().filter((c) => c.transactionId).length > 0), 10_000, 'open sessions');
      kills.push(new Date().toISOString());
      await product.kill();
      await new Promise((r) => setTimeout(r, 700));
      product = await startProduct([], userDir, ports);
      await waitFor(() => fleet!.stations.every((s) => s.connected), 30_000, 'stations reconnected');
      await new Promise((r) => setTimeout(r, 1500));
    }

    // The drivers go home and the last sessions end normally.
    fleet.stopDrivers();
    for (const s of fleet.stations) {
      for (const c of s.connectorsState()) if (c.transactionId) await s.stopCharging(c.connectorId, 'Local');
    }
    await waitFor(() => fleet!.stations.every((s) => s.connected && s.connectorsState().every((c) => !c.transactionId)), 30_000, 'sessions ended');

    const expected = ended.map((e) => key(e.identity, e.connectorId, e.meterStartWh, e.meterStopWh)).sort();
    const rows = await waitFor(async () => {
      const { body } = await product!.get(`/api/transactions?limit=10000&state=closed`);
      return body.total >= expected.length && body.rows;
    }, 30_000, `${expected.length} closed transactions in the archive`);
    const open = (await product.get('/api/transactions?state=open')).body;
    assert.equal(open.total, 0, `open transactions left: ${JSON.stringify(open.rows)}`);
    const archived = rows.map((r: any) => key(r.stationId, r.evseId, r.meterStartWh, r.meterStopWh)).sort();
    assert.deepEqual(archived, expected, 'one archived transaction per session, with the readings the stations sent');
    for (const r of rows) assert.equal(r.energyWh, r.meterStopWh - r.meterStartWh, `energy of ${r.stationId}/${r.transactionId}`);
    assert.ok(rows.length >= 10, `enough sessions to mean something (${rows.length})`);
    const across = rows.filter((r: any) => kills.some((k) => r.startedAt < k && k < r.stoppedAt));
    assert.ok(across.length >= 2, `sessions open across a kill: ${across.length} of ${rows.length}`);
    console.log(`      ${rows.length} sessions, ${across.length} of them open across one of ${kills.length} kills`);
  });
});
