/**
 * Our side of a registration we start (credentials.asciidoc, Registration, seen from the Sender): with the
 * partner's versions URL and TOKEN_A we learn its endpoints, POST our credentials with a new token B, and keep the
 * TOKEN_C it answers with for every later call. Our B is accepted from the moment it is made, since the partner
 * GETs our versions with it before it answers; a rotation likewise accepts the next token while the PUT runs.
 */
import type { TokenForm } from './auth';
import { ClientOptions, OcpiClient, partnerClient } from './client';
import { readCredentials } from './credentials-object';
import { discover } from './discovery';
import { Endpoint, EndpointNeed, findEndpoint, OcpiCredentials } from './model';
import { defaultSettings, forget, Partner, PartnerSettings, PartnerStore } from './partners';

export interface RegistrarOptions {
  partners: PartnerStore;
  requiredOfHub?: EndpointNeed[];
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  newToken: () => string;
  ourCredentials: (token: string) => OcpiCredentials;
  now?: () => number;
}

const CREDENTIALS: EndpointNeed = { identifier: 'credentials', role: 'SENDER' };

export class Registrar {
  constructor(private readonly options: RegistrarOptions) {}

  async register(name: string, versionsUrl: string, tokenA: string, settings?: Partial<PartnerSettings>): Promise<Partner> {
    const partners = this.options.partners;
    partners.ensure(name, settings);
    const partner = partners.update(name, (p) => {
      if (p.status === 'registered') throw new Error(`OCPI partner ${name} is registered already: update or unregister it`);
      if (settings) p.settings = defaultSettings({ ...p.settings, ...settings });
    });
    let detected: TokenForm | undefined;
    const client = new OcpiClient({
      ...this.options.client, token: tokenA, encoding: partner.settings.tokenEncoding, onEncodingLearned: (form) => { detected = form; },
    });
    const found = await discover(versionsUrl, client, [CREDENTIALS, ...(this.options.requiredOfHub ?? [])]);
    const token = this.options.newToken();
    partners.update(name, (p) => {
      forget(p);
      Object.assign(p, { status: 'registering', direction: 'outbound', ourToken: token, ourTokenKind: 'B', versionsUrl, version: found.version, endpoints: found.endpoints });
    });
    try {
      const answer = await client.call<unknown>('POST', credentialsUrl(found.endpoints), { body: this.options.ourCredentials(token) });
      const theirs = readCredentials(answer, 'their credentials');
      return partners.update(name, (p) => {
        Object.assign(p, { status: 'registered', theirToken: theirs.token, roles: theirs.roles, registeredAt: this.iso() });
        if (detected) p.detectedEncoding = detected;
      });
    } catch (e) {
      // Our B must not stay valid for a partner that never completed the handshake.
      partners.update(name, forget);
      throw e;
    }
  }

  async update(name: string): Promise<Partner> {
    const partner = this.registered(name);
    const partners = this.options.partners;
    let detected: TokenForm | undefined;
    const client = partnerClient(partner, { ...this.options.client, onEncodingLearned: (form) => { detected = form; } });
    const found = await discover(partner.versionsUrl ?? '', client, [CREDENTIALS, ...(this.options.requiredOfHub ?? [])]);
    const token = this.options.newToken();
    partners.update(name, (p) => { p.pendingToken = token; });
    try {
      const answer = await client.call<unknown>('PUT', credentialsUrl(found.endpoints), { body: this.options.ourCredentials(token) });
      const theirs = readCredentials(answer, 'their credentials');
      return partners.update(name, (p) => {
        Object.assign(p, { ourToken: token, ourTokenKind: 'B', theirToken: theirs.token, roles: theirs.roles, version: found.version, endpoints: found.endpoints });
        delete p.pendingToken;
        if (detected) p.detectedEncoding = detected;
      });
    } catch (e) {
      partners.update(name, (p) => { delete p.pendingToken; });
      throw e;
    }
  }

  async unregister(name: string): Promise<void> {
    const partner = this.registered(name);
    let failure: unknown;
    try {
      await partnerClient(partner, this.options.client).call('DELETE', credentialsUrl(partner.endpoints));
    } catch (e) {
      failure = e;
    }
    this.options.partners.update(name, forget);
    if (failure !== undefined) throw failure;
  }

  private registered(name: string): Partner {
    const partner = this.options.partners.get(name);
    if (!partner || partner.status !== 'registered' || !partner.theirToken) throw new Error(`OCPI partner ${name} is not registered`);
    return partner;
  }

  private iso(): string {
    return new Date(this.options.now?.() ?? Date.now()).toISOString();
  }
}

function credentialsUrl(endpoints: readonly Endpoint[]): string {
  const found = findEndpoint(endpoints, 'credentials');
  if (!found) throw new Error('the partner has no credentials endpoint');
  return found.url;
}
