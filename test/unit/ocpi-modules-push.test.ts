import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import { PushReport } from '../../lib/ocpi/cpo/pusher';
import { CpoService } from '../../lib/ocpi/cpo/service';
import type { CsmsPort } from '../../lib/ocpi/cpo/types';
import { OcpiSiteSpec, readOcpiSite } from '../../lib/ocpi/objects/site';
import { PartnerSettings, PartnerStore } from '../../lib/ocpi/partners';
import type { CommandResult } from '../../lib/ocpp/csms';
import type { OcppEvent } from '../../lib/ocpp/events';
import type { StationSnapshot } from '../../lib/stations/types';
import { waitFor } from '../support/net';
import { TestEmsp } from '../support/ocpi-emsp';
import { EMSP_MODULES, SITE, token } from './ocpi-modules-park.test';

/** The CSMS as the service sees it, driven by hand: one connected 1.6 station, CP16. */
class FakeCsms extends EventEmitter implements CsmsPort {
  readonly station: StationSnapshot = {
    identity: 'CP16', connected: true, transactions: [], meter: {},
    connectors: [1, 2].map((n) => ({ evseId: n, connectorId: n, status: 'Available', updatedAt: '2026-05-01T00:00:00.000Z' })),
  };
  readonly store = { list: () => [this.station] };
  async command(): Promise<CommandResult> {
    return { action: 'X', request: {}, response: { status: 'Accepted' } };
  }
  status(evseId: number, status: string): void {
    const timestamp = new Date().toISOString();
    Object.assign(this.station.connectors[evseId - 1], { status, updatedAt: timestamp });
    this.send({ type: 'connector.status', evseId, connectorId: evseId, timestamp, status });
  }
  send(event: Partial<OcppEvent> & { type: OcppEvent['type'] }): void {
    this.emit('event', { stationId: 'CP16', version: '1.6', timestamp: new Date().toISOString(), ...event });
  }
}

describe('OCPI CPO pushes: retry, PUT instead of PATCH, throttled session updates', () => {
  let emsp: TestEmsp;
  let csms: FakeCsms;
  let service: CpoService;
  let reports: PushReport[];
  let partners: PartnerStore;
  const site = readOcpiSite(SITE) as OcpiSiteSpec;

  async function setUp(settings: Partial<PartnerSettings>, sessionUpdateMs = 60_000): Promise<void> {
    emsp = new TestEmsp({ modules: [...EMSP_MODULES] });
    await emsp.start();
    emsp.accepted.add('cpo-token');
    const base = emsp.versionsUrl.replace('/versions', '/2.2.1');
    partners = new PartnerStore();
    partners.ensure('emsp', settings);
    partners.update('emsp', (p) => Object.assign(p, {
      status: 'registered', theirToken: 'cpo-token', ourToken: 'emsp-token', ourTokenKind: 'C',
      roles: [{ role: 'EMSP', country_code: 'NL', party_id: 'EMS', business_details: { name: 'e' } }],
      endpoints: EMSP_MODULES.map((m) => ({ ...m, url: `${base}/${m.identifier}` })),
    }));
    csms = new FakeCsms();
    service = new CpoService({ csms, site, describedAt: '2026-05-01T00:00:00Z', partners, sessionUpdateMs });
    reports = [];
    service.on('push', (r: PushReport) => reports.push(r));
  }
  afterEach(async () => {
    service.close();
    await emsp.stop();
  });

  it('retries with backoff when the partner is set to, and a newer state replaces a waiting one', async () => {
    await setUp({ retry: { attempts: 3, intervalMs: 200, batchSize: 10 } });
    emsp.failPushes = 2;
    csms.status(1, 'Charging');
    await emsp.waitForPush((p) => p.body.status === 'CHARGING');
    // The eMSP has it before we have its answer.
    await waitFor(() => reports.length === 3, 2000, 'the third report');
    assert.deepEqual(reports.map((r) => [r.attempt, r.ok, r.final]), [[0, false, false], [1, false, false], [2, true, true]]);
    emsp.failPushes = 1;
    csms.status(2, 'Faulted');
    await waitFor(() => reports.length === 4, 2000, 'the failed push');
    csms.status(2, 'Unavailable');
    await emsp.waitForPush((p) => p.body.status === 'INOPERATIVE');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(emsp.pushes.map((p) => p.body.status), ['CHARGING', 'INOPERATIVE'], 'the waiting OUTOFORDER was replaced');
  });

  it('drops a failed push when the partner takes no retry (the spec\'s advice)', async () => {
    await setUp({});
    emsp.failPushes = 1;
    csms.status(1, 'Charging');
    await waitFor(() => reports.length === 1, 2000, 'the push');
    assert.deepEqual([reports[0].ok, reports[0].final], [false, true]);
    assert.match(reports[0].error ?? '', /HTTP 503/);
    assert.equal(service.pusher.pending(), 0);
  });

  it('PUTs the whole EVSE to a partner that takes no PATCH, and to one that lost the object', async () => {
    await setUp({ patch: false });
    csms.status(1, 'Charging');
    const put = await emsp.waitForPush((p) => p.method === 'PUT');
    assert.deepEqual([put.path, put.body.uid, put.body.status, (put.body.connectors as unknown[]).length], ['/locations/FR/EVC/PARK1/CP16-1', 'CP16-1', 'CHARGING', 1]);
    partners.update('emsp', (p) => { p.settings.patch = true; });
    emsp.failWith = 404;
    emsp.failPushes = 1;
    csms.status(1, 'Available');
    const repaired = await emsp.waitForPush((p) => p.body.status === 'AVAILABLE');
    assert.deepEqual([repaired.method, repaired.body.uid], ['PUT', 'CP16-1'], 'a refused PATCH is followed by the whole object');
    await waitFor(() => reports.length === 2, 2000, 'the second report');
    assert.deepEqual(reports.map((r) => r.ok), [true, true]);
  });

  it('sends one session PATCH per throttle period, with the latest reading, and the end at once', async () => {
    await setUp({}, 300);
    service.putToken({ country_code: 'NL', party_id: 'EMS', uid: 'CARD-1', type: 'RFID' }, token('CARD-1'));
    csms.send({ type: 'transaction.started', evseId: 1, connectorId: 1, transactionId: '77', idTag: 'card-1' });
    await emsp.waitForPush((p) => p.method === 'PUT');
    for (const wh of [1000, 2000, 3000]) csms.send({ type: 'transaction.updated', evseId: 1, transactionId: '77', energyWh: wh });
    const patch = await emsp.waitForPush((p) => p.method === 'PATCH');
    assert.equal(patch.body.kwh, 3);
    await new Promise((resolve) => setTimeout(resolve, 350));
    csms.send({ type: 'transaction.updated', evseId: 1, transactionId: '77', energyWh: 4000 });
    await emsp.waitForPush((p) => p.method === 'PATCH' && p.body.kwh === 4);
    csms.send({ type: 'transaction.updated', evseId: 1, transactionId: '77', energyWh: 5000 });
    csms.send({ type: 'transaction.ended', evseId: 1, transactionId: '77', energyWh: 5500, startedAt: new Date(Date.now() - 60_000).toISOString() });
    const cdr = await emsp.waitForPush((p) => p.method === 'POST');
    assert.deepEqual(emsp.pushes.map((p) => `${p.method} ${String(p.body.kwh ?? p.body.total_energy)} ${String(p.body.status ?? '')}`), [
      'PUT 0 ACTIVE', 'PATCH 3 ACTIVE', 'PATCH 4 ACTIVE', 'PATCH 5.5 COMPLETED', 'POST 5.5 ',
    ]);
    assert.equal(cdr.path, '/cdrs');
  });
});
