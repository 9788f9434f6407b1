/**
 * Our CPO side for the OCPI tests: a real HTTP server on a free port hosting lib/ocpi's router under /ocpi/cpo,
 * the credentials module, and dummy modules (a locations list of 250 objects, a receiver that echoes what it got,
 * one that fails with a bug).
 */
import http from 'http';
import { AddressInfo } from 'net';
import { CredentialsModule } from '../../lib/ocpi/credentials';
import type { CredentialsRole, EndpointNeed } from '../../lib/ocpi/model';
import { selectPage } from '../../lib/ocpi/paging';
import { PartnerSnapshot, PartnerStore } from '../../lib/ocpi/partners';
import type { OcpiRequest } from '../../lib/ocpi/request';
import { OcpiRouter } from '../../lib/ocpi/router';
import { notFound } from '../../lib/ocpi/status';

export const T0 = Date.UTC(2026, 0, 1);
export const CPO_ROLES: CredentialsRole[] = [{ role: 'CPO', country_code: 'FR', party_id: 'EVC', business_details: { name: 'EV Charge park' } }];

export interface DummyLocation {
  id: string;
  last_updated: string;
}

export interface CpoHarness {
  url: string;
  router: OcpiRouter;
  partners: PartnerStore;
  credentials: CredentialsModule;
  saved: PartnerSnapshot[];
  errors: unknown[];
  /** What the echo receiver was handed. */
  received: OcpiRequest[];
  stop(): Promise<void>;
}

export interface CpoOptions {
  requiredEndpoints?: EndpointNeed[];
  maxLimit?: number;
  load?: PartnerSnapshot;
}

/** 250 locations created a minute apart, in creation order. */
export const LOCATIONS: DummyLocation[] = Array.from({ length: 250 }, (_, i) => ({
  id: `LOC${String(i).padStart(3, '0')}`, last_updated: new Date(T0 + i * 60_000).toISOString().replace('.000Z', 'Z'),
}));

export async function startCpo(options: CpoOptions = {}): Promise<CpoHarness> {
  let route: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => route(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocpi/cpo`;
  const saved: PartnerSnapshot[] = [];
  const errors: unknown[] = [];
  const received: OcpiRequest[] = [];
  const partners = new PartnerStore({ save: (s) => { saved.push(s); }, ...(options.load ? { load: () => options.load } : {}) });
  const router = new OcpiRouter({
    partners, publicUrl: url, basePath: '/ocpi/cpo', maxLimit: options.maxLimit ?? 100,
    party: { country_code: 'FR', party_id: 'EVC' }, onError: (e) => errors.push(e),
  });
  const credentials = new CredentialsModule({
    partners, router, roles: CPO_ROLES, ...(options.requiredEndpoints ? { requiredEndpoints: options.requiredEndpoints } : {}),
    client: { timeoutMs: 3000 },
  });
  router.module('locations', 'SENDER', (req) => {
    if (req.method !== 'GET') return { status: 2000, message: `${req.method} is not served` };
    if (req.path.length === 0) return { page: selectPage(LOCATIONS, req.pageQuery(), (l) => l.last_updated) };
    const found = LOCATIONS.find((l) => l.id === req.path[0]);
    if (!found) throw notFound(`no location ${req.path[0]}`, 2003);
    return { data: found };
  });
  router.module('tokens', 'RECEIVER', (req) => {
    received.push(req);
    return { data: req.body, httpStatus: req.method === 'PUT' ? 201 : 200 };
  });
  router.module('cdrs', 'SENDER', () => {
    throw new TypeError('a bug in the cdrs module');
  });
  const handle = router.handle;
  route = (req, res) => handle(req, res);
  return {
    url, router, partners, credentials, saved, errors, received,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A partner registered straight into the store, as if the handshake had happened (transport tests). */
export function seedPartner(partners: PartnerStore, name: string, token: string, encoding: 'base64' | 'raw' | 'auto' = 'auto'): void {
  partners.ensure(name, { tokenEncoding: encoding });
  partners.update(name, (p) => {
    Object.assign(p, {
      status: 'registered', ourToken: token, ourTokenKind: 'C', theirToken: `their-${token}`,
      roles: [{ role: 'EMSP', country_code: 'NL', party_id: 'EMS', business_details: { name } }],
    });
  });
}
