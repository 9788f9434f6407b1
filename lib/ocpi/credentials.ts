/**
 * The credentials module, both ways (credentials.asciidoc).
 * - A partner registers with us: we issue TOKEN_A out of band; it POSTs its credentials (token B) with A; before
 *   answering we GET its versions and details with B, then answer with our credentials holding a new TOKEN_C, and
 *   A is dead. PUT refreshes endpoints and rotates C; DELETE unregisters. POST when registered, PUT or DELETE when
 *   not, are HTTP 405.
 * - We register with a partner (a hub): see registration.ts.
 * Our B or C is only stored once the handshake succeeded, so a failed attempt leaves the partner as it was (its
 * TOKEN_A still valid for a retry).
 */
import { newCredentialsToken } from './auth';
import type { ClientOptions } from './client';
import { OcpiClient } from './client';
import { readCredentials } from './credentials-object';
import { discover } from './discovery';
import type { CredentialsRole, EndpointNeed, OcpiCredentials } from './model';
import { defaultSettings, forget, Partner, PartnerSettings, PartnerStore } from './partners';
import { Registrar } from './registration';
import type { ModuleHandler, OcpiReply, OcpiRequest } from './request';
import type { OcpiRouter } from './router';
import { methodNotAllowed, OcpiError, OcpiStatus } from './status';

export interface CredentialsOptions {
  partners: PartnerStore;
  /** Our OCPI server: the credentials handler is registered on it, and its versions URL is ours. */
  router: OcpiRouter;
  /** Our roles as our credentials announce them (a CPO, perhaps several party ids). */
  roles: CredentialsRole[];
  /** What a partner registering with us must offer (3003 when missing). */
  requiredEndpoints?: EndpointNeed[];
  /** What a hub we register with must offer, its credentials endpoint aside. */
  requiredOfHub?: EndpointNeed[];
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  newToken?: () => string;
  now?: () => number;
}

export interface Invitation {
  token: string;
  versionsUrl: string;
}

export class CredentialsModule {
  private readonly partners: PartnerStore;
  private readonly newToken: () => string;
  private readonly registrar: Registrar;
  /** Partners with a handshake under way: a second one at the same time would leave two tokens C. */
  private readonly busy = new Set<string>();

  constructor(private readonly options: CredentialsOptions) {
    this.partners = options.partners;
    this.newToken = options.newToken ?? newCredentialsToken;
    this.registrar = new Registrar({ ...options, newToken: this.newToken, ourCredentials: (token) => this.ourCredentials(token) });
    options.router.module('credentials', 'SENDER', this.handle);
  }

  /** Our credentials as a partner gets them: the token it must use with us, our versions URL, our roles. */
  ourCredentials(token: string): OcpiCredentials {
    return { token, url: this.options.router.versionsUrl, roles: structuredClone(this.options.roles) };
  }

  /** A new TOKEN_A for a partner to register with, to hand over out of band with our versions URL. */
  issueTokenA(partnerName: string, settings?: Partial<PartnerSettings>): Invitation {
    this.partners.ensure(partnerName, settings);
    const token = this.newToken();
    this.partners.update(partnerName, (p) => {
      if (p.status === 'registered') throw new Error(`OCPI partner ${partnerName} is registered: unregister it before inviting it again`);
      if (settings) p.settings = defaultSettings({ ...p.settings, ...settings });
      Object.assign(p, { status: 'invited', direction: 'inbound', ourToken: token, ourTokenKind: 'A', endpoints: [] });
      delete p.theirToken;
      delete p.pendingToken;
    });
    return { token, versionsUrl: this.options.router.versionsUrl };
  }

  /** We register with a partner (a hub) that gave us its versions URL and a TOKEN_A. */
  registerWith(partnerName: string, versionsUrl: string, tokenA: string, settings?: Partial<PartnerSettings>): Promise<Partner> {
    return this.exclusive(partnerName, () => this.registrar.register(partnerName, versionsUrl, tokenA, settings));
  }

  /** PUT our credentials again: endpoints refreshed, our token rotated, theirs renewed. */
  updateRegistration(partnerName: string): Promise<Partner> {
    return this.exclusive(partnerName, () => this.registrar.update(partnerName));
  }

  /** DELETE our credentials at the partner; locally it is unregistered even if the partner cannot be reached. */
  unregister(partnerName: string): Promise<void> {
    return this.exclusive(partnerName, () => this.registrar.unregister(partnerName));
  }

  readonly handle: ModuleHandler = (request) => {
    switch (request.method) {
      case 'GET':
        return { data: this.ourCredentials(request.partner.ourToken ?? '') };
      case 'POST':
        if (request.tokenKind !== 'A') throw methodNotAllowed('already registered: PUT updates the credentials, DELETE unregisters');
        return this.exclusive(request.partner.name, () => this.register(request, 'POST'));
      case 'PUT':
        if (request.tokenKind === 'A') throw methodNotAllowed('not registered yet: POST registers');
        return this.exclusive(request.partner.name, () => this.register(request, 'PUT'));
      case 'DELETE':
        if (request.tokenKind === 'A') throw methodNotAllowed('not registered: there is nothing to unregister');
        this.partners.update(request.partner.name, forget);
        return {};
      default:
        throw methodNotAllowed(`${request.method} is not part of the credentials module`);
    }
  };

  /** POST and PUT alike: read their credentials, learn their endpoints with their token, answer with a new one of ours. */
  private async register(request: OcpiRequest, method: 'POST' | 'PUT'): Promise<OcpiReply> {
    const theirs = readCredentials(request.body);
    const name = request.partner.name;
    const settings = request.partner.settings;
    const client = new OcpiClient({ ...this.options.client, token: theirs.token, encoding: settings.tokenEncoding });
    const found = await discover(theirs.url, client, this.options.requiredEndpoints ?? []);
    const token = this.newToken();
    this.partners.update(name, (p) => {
      Object.assign(p, {
        status: 'registered', roles: theirs.roles, ourToken: token, ourTokenKind: 'C', theirToken: theirs.token,
        versionsUrl: theirs.url, version: found.version, endpoints: found.endpoints,
      });
      if (method === 'POST') {
        p.direction = 'inbound';
        p.registeredAt = new Date(this.options.now?.() ?? Date.now()).toISOString();
      }
      delete p.pendingToken;
      delete p.detectedEncoding;
    });
    return { data: this.ourCredentials(token) };
  }

  private async exclusive<T>(name: string, task: () => Promise<T>): Promise<T> {
    if (this.busy.has(name)) throw new OcpiError(OcpiStatus.CLIENT_ERROR, `a credentials exchange with ${name} is already under way`, 409);
    this.busy.add(name);
    try {
      return await task();
    } finally {
      this.busy.delete(name);
    }
  }
}
