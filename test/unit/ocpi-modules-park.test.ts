/**
 * The park the OCPI module tests run against: a real CSMS on a free port, our OCPI router with credentials and the
 * CPO modules on a local HTTP server, the CpoService between them, and the test eMSP registered with us (its
 * Receiver endpoints for locations, sessions, cdrs and tariffs; tokens and commands as a Sender).
 */
import assert from 'node:assert/strict';
import http from 'http';
import { AddressInfo } from 'net';
import { CpoService, CpoServiceOptions } from '../../lib/ocpi/cpo/service';
import { CredentialsModule } from '../../lib/ocpi/credentials';
import type { CredentialsRole } from '../../lib/ocpi/model';
import { registerCpoModules } from '../../lib/ocpi/modules';
import { OcpiSiteSpec, readOcpiSite } from '../../lib/ocpi/objects/site';
import { PartnerStore } from '../../lib/ocpi/partners';
import { OcpiRouter } from '../../lib/ocpi/router';
import { Csms } from '../../lib/ocpp/csms';
import { TestEmsp } from '../support/ocpi-emsp';
import { ScriptedStation } from './ocpi-modules-station.test';

const T2 = { standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxVoltage: 230, maxAmperage: 32, maxPowerW: 22000 };
const ROLES: CredentialsRole[] = [{ role: 'CPO', country_code: 'FR', party_id: 'EVC', business_details: { name: 'EV Charge park' } }];

export const SITE = {
  countryCode: 'FR', partyId: 'EVC',
  location: {
    id: 'PARK1', name: 'Test park', address: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FRA', latitude: 48.8686, longitude: 2.3311,
    timeZone: 'Europe/Paris',
  },
  terminals: [
    { id: 'CP16', tariffId: 'STD', evses: [{ evseId: 1, emi3: 'FR*EVC*E0001', connector: T2 }, { evseId: 2, connector: T2 }] },
    { id: 'CS201', tariffId: 'STD', evses: [{ evseId: 1, connector: T2 }] },
    { id: 'SLOW', tariffId: 'STD', evses: [{ evseId: 1, connector: T2 }] },
    { id: 'CPOFF', evses: [{ evseId: 1, connector: T2 }] },
  ],
  tariffs: [{ id: 'STD', currency: 'EUR', energyPrice: 0.3, timePrice: 1.2, flatPrice: 0.5, vatPercent: 20 }],
};

export const EMSP_MODULES = [
  { identifier: 'locations', role: 'RECEIVER' }, { identifier: 'sessions', role: 'RECEIVER' }, { identifier: 'cdrs', role: 'RECEIVER' },
  { identifier: 'tariffs', role: 'RECEIVER' }, { identifier: 'tokens', role: 'SENDER' }, { identifier: 'commands', role: 'SENDER' },
] as const;

/** A token of the test eMSP (NL/EMS), as it would PUT it. */
export const token = (uid: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  country_code: 'NL', party_id: 'EMS', uid, type: 'RFID', contract_id: `NL-EMS-C${uid}`, issuer: 'Test eMSP', valid: true, whitelist: 'ALLOWED',
  last_updated: '2026-05-01T00:00:00Z', ...over,
});

export interface Park {
  csms: Csms;
  service: CpoService;
  router: OcpiRouter;
  partners: PartnerStore;
  credentials: CredentialsModule;
  /** Our OCPI base URL. */
  url: string;
  emsp: TestEmsp;
  site: OcpiSiteSpec;
  /** A station of the park, connected and booted, its EVSEs Available. */
  station(identity: string, version: '1.6' | '2.0.1', evses?: number[]): Promise<ScriptedStation>;
  /** Another eMSP registered with us. */
  addEmsp(name: string, party: { country_code: string; party_id: string }): Promise<TestEmsp>;
  stop(): Promise<void>;
}

export async function startPark(options: Partial<CpoServiceOptions> = {}): Promise<Park> {
  const site = readOcpiSite(SITE);
  assert.ok(!Array.isArray(site), String(site));
  const csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0 });
  const ocppUrl = `ws://127.0.0.1:${await csms.start()}/ocpp`;
  let route: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => route(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocpi/cpo`;
  const partners = new PartnerStore();
  const router = new OcpiRouter({ partners, publicUrl: url, basePath: '/ocpi/cpo', maxLimit: 100, party: { country_code: 'FR', party_id: 'EVC' } });
  const credentials = new CredentialsModule({ partners, router, roles: ROLES, client: { timeoutMs: 3000 } });
  const service = new CpoService({ csms, site, describedAt: '2026-05-01T00:00:00Z', partners, client: { timeoutMs: 3000 }, ...options });
  registerCpoModules(router, service);
  route = router.handle;
  const stations: ScriptedStation[] = [];
  const emsps: TestEmsp[] = [];
  const addEmsp = async (name: string, party: { country_code: string; party_id: string }) => {
    const emsp = new TestEmsp({ modules: [...EMSP_MODULES], party });
    await emsp.start();
    emsps.push(emsp);
    const invitation = credentials.issueTokenA(name);
    const answer = await emsp.registerWith(invitation.versionsUrl, invitation.token);
    assert.equal(answer.body?.status_code, 1000, answer.body?.status_message);
    return emsp;
  };
  const emsp = await addEmsp('emsp', { country_code: 'NL', party_id: 'EMS' });
  return {
    csms, service, router, partners, credentials, url, emsp, site, addEmsp,
    async station(identity, version, evses = [1]) {
      const station = new ScriptedStation(ocppUrl, identity, version);
      stations.push(station);
      return station.connect(evses);
    },
    async stop() {
      for (const s of stations) await s.close();
      for (const e of emsps) await e.stop();
      service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await csms.stop();
    },
  };
}

describe('OCPI modules test park', () => {
  it('registers the test eMSP, which then sees all our functional modules', async () => {
    const park = await startPark();
    try {
      const modules = park.emsp.cpoEndpoints.map((e) => `${String(e.identifier)} ${String(e.role)}`).sort();
      assert.deepEqual(modules, [
        'cdrs SENDER', 'chargingprofiles RECEIVER', 'commands RECEIVER', 'credentials SENDER', 'hubclientinfo RECEIVER', 'locations SENDER', 'sessions SENDER',
        'tariffs SENDER', 'tokens RECEIVER',
      ]);
    } finally {
      await park.stop();
    }
  });
});
