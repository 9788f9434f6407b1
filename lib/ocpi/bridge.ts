/**
 * The whole CPO bridge as a node hosts it: our OCPI server (router, credentials, the CPO modules), the CpoService
 * following one CSMS, the partners as configured, and one state file for what must survive a restart (partners'
 * tokens and endpoints, eMSP tokens, running sessions, CDRs, the site description's date). It also makes the
 * eMSPs' tokens and remote starts a badge source of the CSMS, so roaming drivers are authorized at our stations.
 *
 * A partner that becomes registered gets the whole Location and the Tariffs pushed; one that leaves has its
 * waiting pushes dropped. A partner we register with (a hub that gave us its token A) is registered at start and
 * tried again every few minutes until it answers.
 *
 * Events: 'partner' PartnerChange, 'warn' string, and the CpoService's 'evse', 'session', 'cdr', 'token',
 * 'client', 'command', 'push'.
 */
import { createHash } from 'crypto';
import { EventEmitter } from 'events';
import { StateFile } from '../stations/state-file';
import type { BadgeSource } from '../ocpp/driver/tokens';
import type { ClientOptions } from './client';
import { CredentialsModule, Invitation } from './credentials';
import type { CredentialsRole } from './model';
import { registerCpoModules } from './modules';
import type { OcpiSiteSpec } from './objects/site';
import { defaultSettings, Partner, PartnerSettings, PartnerSnapshot, PartnerStatus, PartnerStore } from './partners';
import { OcpiRouter } from './router';
import { CpoService, CpoSnapshot } from './cpo/service';
import type { CsmsPort } from './cpo/types';

/** A partner as configured (evc-ocpi-partner). */
export interface PartnerConfig {
  name: string;
  settings: PartnerSettings;
  /** We register with it: its versions URL and the token A it gave us. */
  outbound?: { versionsUrl: string; tokenA: string };
}

export interface BridgeCsms extends CsmsPort {
  addBadgeSource(source: BadgeSource): () => void;
}

export interface OcpiBridgeOptions {
  csms: BridgeCsms;
  site: OcpiSiteSpec;
  /** Absolute URL partners call for our base path. */
  publicUrl: string;
  /** Our business name in our credentials. */
  businessName: string;
  website?: string;
  partners: PartnerConfig[];
  /** Where the state lives; none keeps it in memory only. */
  stateFile?: string;
  maxLimit?: number;
  commandTimeoutMs?: number;
  sessionUpdateMs?: number;
  /** Time between registration attempts with a partner that did not answer (default 5 min). */
  registerRetryMs?: number;
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  now?: () => number;
}

export interface PartnerChange {
  name: string;
  status: PartnerStatus;
  previous?: PartnerStatus;
}

/** A partner as flows and the node's status see it: never its tokens. */
export interface PartnerSummary {
  name: string;
  status: PartnerStatus;
  direction?: 'inbound' | 'outbound';
  roles: string[];
  version?: string;
  modules: string[];
  registeredAt?: string;
  lastError?: string;
}

interface StateContent {
  format: 1;
  partners?: PartnerSnapshot;
  cpo?: CpoSnapshot;
  site?: { digest: string; describedAt: string };
}

const REGISTER_RETRY_MS = 5 * 60_000;

export class OcpiBridge extends EventEmitter {
  readonly router: OcpiRouter;
  readonly partners: PartnerStore;
  readonly credentials: CredentialsModule;
  readonly service: CpoService;
  private readonly state?: StateFile<StateContent>;
  private readonly statuses = new Map<string, PartnerStatus>();
  private readonly errors = new Map<string, string>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly site: { digest: string; describedAt: string };
  private readonly releaseBadges: () => void;
  private closed = false;
  /** Warnings of the constructor, told by start() once the host listens. */
  private early?: string[] = [];

  constructor(private readonly options: OcpiBridgeOptions) {
    super();
    const now = options.now ?? Date.now;
    this.state = options.stateFile
      ? new StateFile<StateContent>(options.stateFile, () => this.snapshot(), (err) => this.warn(`OCPI state not saved: ${err.message}`), 500)
      : undefined;
    const saved = this.state?.read();
    const digest = createHash('sha256').update(JSON.stringify(options.site)).digest('hex');
    const siteChanged = saved?.site !== undefined && saved.site.digest !== digest;
    this.site = saved?.site?.digest === digest ? saved.site : { digest, describedAt: new Date(now()).toISOString() };

    this.partners = new PartnerStore({
      load: () => saved?.partners,
      // Tokens are written at once: one issued and lost in a crash locks its partner out.
      // Every change passes here, the partner's own POST, PUT or DELETE on our credentials module included.
      save: () => {
        this.state?.flush();
        this.noticeChanges();
      },
      onSaveError: (err) => this.warn(`OCPI partners not saved: ${String(err)}`),
      now,
    });
    this.configurePartners(options.partners);
    for (const p of this.partners.list()) this.statuses.set(p.name, p.status);

    const { site } = options;
    this.router = new OcpiRouter({
      partners: this.partners, publicUrl: options.publicUrl, basePath: '', maxLimit: options.maxLimit,
      party: { country_code: site.countryCode.toUpperCase(), party_id: site.partyId.toUpperCase() },
      onError: (err) => this.warn(`OCPI handler failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
    });
    const roles: CredentialsRole[] = [{
      role: 'CPO', country_code: site.countryCode.toUpperCase(), party_id: site.partyId.toUpperCase(),
      business_details: { name: options.businessName, ...(options.website ? { website: options.website } : {}) },
    }];
    this.credentials = new CredentialsModule({ partners: this.partners, router: this.router, roles, client: options.client, now });
    this.service = new CpoService({
      csms: options.csms, site, describedAt: this.site.describedAt, partners: this.partners, clock: now, client: options.client,
      ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      ...(options.sessionUpdateMs ? { sessionUpdateMs: options.sessionUpdateMs } : {}),
      ...(saved?.cpo ? { snapshot: saved.cpo } : {}),
    });
    registerCpoModules(this.router, this.service);
    for (const event of ['evse', 'session', 'cdr', 'token', 'client', 'command', 'push']) this.service.on(event, (payload: unknown) => this.emit(event, payload));
    this.service.on('changed', () => this.state?.schedule());
    this.releaseBadges = options.csms.addBadgeSource((idTag, at) => this.service.badgeVerdict(idTag, at));
    // Partners hear of a changed description at once rather than at their next GET.
    if (siteChanged) for (const p of this.partners.list()) if (p.status === 'registered') this.service.pushAll(p.name);
    this.state?.flush();
  }

  /** Registers with the outbound partners not registered yet; failures are retried in the background. */
  start(): void {
    for (const text of this.early ?? []) this.emit('warn', text);
    this.early = undefined;
    for (const config of this.options.partners) {
      if (config.outbound?.tokenA && this.partners.get(config.name)?.status !== 'registered') void this.registerInBackground(config.name);
    }
  }

  /** A new token A for an inbound partner, with our versions URL, to hand over out of band. */
  invite(name: string): Invitation {
    const config = this.config(name);
    if (config.outbound) throw new Error(`OCPI partner ${name} is one we register with: it gives us its token A`);
    return this.credentials.issueTokenA(name, config.settings);
  }

  /** Registers with an outbound partner now (a token A given by msg replaces the configured one). */
  async register(name: string, tokenA?: string, versionsUrl?: string): Promise<PartnerSummary> {
    const config = this.config(name);
    const url = versionsUrl ?? config.outbound?.versionsUrl;
    const token = tokenA ?? config.outbound?.tokenA;
    if (!url || !token) throw new Error(`OCPI partner ${name} needs its versions URL and token A to register with it`);
    this.cancelRetry(name);
    try {
      await this.credentials.registerWith(name, url, token, config.settings);
      this.errors.delete(name);
    } catch (err) {
      this.errors.set(name, (err as Error).message);
      throw err;
    }
    return this.summary(name)!;
  }

  /** Rotates the tokens and refreshes the endpoints with a registered partner. */
  async update(name: string): Promise<PartnerSummary> {
    this.config(name);
    await this.credentials.updateRegistration(name);
    return this.summary(name)!;
  }

  async unregister(name: string): Promise<PartnerSummary> {
    this.config(name);
    this.cancelRetry(name);
    await this.credentials.unregister(name);
    return this.summary(name)!;
  }

  /** The Location and Tariffs again to one partner, or to every registered one. */
  pushAll(name?: string): string[] {
    const targets = name ? [this.config(name).name] : this.partners.list().filter((p) => p.status === 'registered').map((p) => p.name);
    for (const t of targets) {
      if (this.partners.get(t)?.status !== 'registered') throw new Error(`OCPI partner ${t} is not registered`);
      this.service.pushAll(t);
    }
    return targets;
  }

  summary(name: string): PartnerSummary | undefined {
    const p = this.partners.get(name);
    return p && summaryOf(p, this.errors.get(name));
  }

  summaries(): PartnerSummary[] {
    return this.options.partners.map((c) => this.summary(c.name)).filter((s): s is PartnerSummary => s !== undefined);
  }

  close(): void {
    this.closed = true;
    for (const name of [...this.retries.keys()]) this.cancelRetry(name);
    this.releaseBadges();
    this.service.close();
    this.state?.flush();
  }

  private warn(text: string): void {
    if (this.early) this.early.push(text);
    else this.emit('warn', text);
  }

  private snapshot(): StateContent {
    return { format: 1, partners: this.partners.snapshot(), ...(this.service ? { cpo: this.service.snapshot() } : {}), site: this.site };
  }

  /** The store holds the configured partners, each with its configured settings; others are dropped. */
  private configurePartners(configs: PartnerConfig[]): void {
    const names = new Set(configs.map((c) => c.name));
    for (const p of this.partners.list()) {
      if (names.has(p.name)) continue;
      this.partners.remove(p.name);
      this.warn(`OCPI partner ${p.name} is no longer configured: its registration is forgotten`);
    }
    for (const c of configs) {
      this.partners.ensure(c.name, c.settings);
      if (JSON.stringify(this.partners.get(c.name)!.settings) !== JSON.stringify(defaultSettings(c.settings))) {
        this.partners.update(c.name, (p) => { p.settings = defaultSettings(c.settings); });
      }
    }
  }

  private config(name: string): PartnerConfig {
    const found = this.options.partners.find((c) => c.name === name);
    if (!found) throw new Error(`no OCPI partner named ${name} is configured`);
    return found;
  }

  private async registerInBackground(name: string): Promise<void> {
    try {
      await this.register(name);
    } catch (err) {
      if (this.closed) return;
      this.warn(`OCPI registration with ${name} failed, tried again in ${Math.round((this.options.registerRetryMs ?? REGISTER_RETRY_MS) / 1000)} s: ${(err as Error).message}`);
      const timer = setTimeout(() => { this.retries.delete(name); void this.registerInBackground(name); }, this.options.registerRetryMs ?? REGISTER_RETRY_MS);
      timer.unref();
      this.retries.set(name, timer);
    }
  }

  private cancelRetry(name: string): void {
    clearTimeout(this.retries.get(name));
    this.retries.delete(name);
  }

  private noticeChanges(): void {
    // Changes made while the bridge is being built are its starting state, not news.
    if (!this.service) return;
    for (const p of this.partners.list()) this.noteStatus(p.name);
  }

  /** Reacts to a partner's registration changing: the whole Location when it starts, its waiting pushes dropped when it ends. */
  private noteStatus(name: string): void {
    const p = this.partners.get(name);
    const previous = this.statuses.get(name);
    if (!p || p.status === previous) return;
    this.statuses.set(name, p.status);
    if (p.status === 'registered') setImmediate(() => { if (!this.closed && this.partners.get(name)?.status === 'registered') this.service.pushAll(name); });
    if (previous === 'registered') this.service.pusher.drop(name);
    this.emit('partner', { name, status: p.status, ...(previous ? { previous } : {}) } satisfies PartnerChange);
  }
}

function summaryOf(p: Partner, lastError?: string): PartnerSummary {
  return {
    name: p.name, status: p.status, ...(p.direction ? { direction: p.direction } : {}), roles: p.roles.map((r) => `${r.role} ${r.country_code}-${r.party_id}`),
    ...(p.version ? { version: p.version } : {}), modules: p.endpoints.map((e) => `${e.identifier} ${e.role}`),
    ...(p.registeredAt ? { registeredAt: p.registeredAt } : {}), ...(lastError ? { lastError } : {}),
  };
}
