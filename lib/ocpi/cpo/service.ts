/**
 * The CPO side of OCPI as an engine that follows the CSMS: live Sessions from its transaction events, CDRs when
 * they end, EVSE statuses from the connectors, the Tokens eMSPs push, the Commands they send; pushes to partners
 * as things change. The module handlers (lib/ocpi/modules) answer partners' requests from it; a node hosts it and
 * keeps its snapshot() in a state file ('changed' says when).
 *
 * Events: 'evse' {uid, status}, 'session' {phase, session}, 'cdr' CdrRecord, 'token' OcpiToken, 'command'
 * CommandRecord, 'push' PushReport, 'changed'.
 */
import { EventEmitter } from 'events';
import type { ClientOptions } from '../client';
import { formatDateTime } from '../datetime';
import type { PartyRef } from '../headers';
import { locationOf, OcpiLocation } from '../objects/locations';
import { ChargeFacts, sessionOf } from '../objects/sessions';
import type { OcpiSiteSpec } from '../objects/site';
import { OcpiTariff, tariffOf } from '../objects/tariffs';
import type { PartnerStore } from '../partners';
import { CdrRecord, ChargeBook } from './charges';
import { CommandRunner } from './commands';
import { ChargeFollower } from './follower';
import { LocationFeed } from './location-feed';
import { OCPI_ID_BASE, OcppIds, OcppIdsSnapshot } from './ocpp-ids';
import { Pusher, PushReport } from './pusher';
import { RemoteStarts } from './remote-starts';
import { SessionFeed } from './session-feed';
import { Targets } from './targets';
import { TokenAddress, TokenAuthorization, TokenStore } from './tokens';
import type { CsmsPort, OcpiToken, Requester } from './types';
import { visibleTo } from './visibility';

export interface CpoServiceOptions {
  csms: CsmsPort;
  site: OcpiSiteSpec;
  /** When the site description last changed (Location and Tariff last_updated). */
  describedAt: string;
  partners: PartnerStore;
  clock?: () => number;
  /** A station's time to answer a command before the eMSP gets TIMEOUT (default 30 s, as CitrineOS). */
  commandTimeoutMs?: number;
  /** At most one Session PATCH per session in this time (default one minute). */
  sessionUpdateMs?: number;
  /** CDRs kept for GET (default 10 000, oldest dropped first). */
  maxCdrs?: number;
  maxTokens?: number;
  /** First OCPP id for eMSP reservations and remote starts (default 1 500 000 000). */
  ocppIdBase?: number;
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  /** The state a previous run left. */
  snapshot?: CpoSnapshot;
}

export interface CpoSnapshot {
  format: 1;
  tokens: OcpiToken[];
  running: ChargeFacts[];
  cdrs: CdrRecord[];
  ids: OcppIdsSnapshot;
}

export class CpoService extends EventEmitter {
  readonly us: PartyRef;
  readonly site: OcpiSiteSpec;
  readonly tokens: TokenStore;
  readonly commands: CommandRunner;
  readonly pusher: Pusher;
  private readonly charges: ChargeBook;
  private readonly ids: OcppIds;
  private readonly starts: RemoteStarts;
  private readonly locations: LocationFeed;
  private readonly follower: ChargeFollower;
  private readonly now: () => number;

  constructor(private readonly options: CpoServiceOptions) {
    super();
    const { site, partners, csms } = options;
    this.site = site;
    this.now = options.clock ?? Date.now;
    this.us = { country_code: site.countryCode.toUpperCase(), party_id: site.partyId.toUpperCase() };
    this.tokens = new TokenStore(options.maxTokens);
    this.charges = new ChargeBook(options.maxCdrs);
    this.ids = new OcppIds(options.ocppIdBase ?? OCPI_ID_BASE, this.now);
    this.starts = new RemoteStarts(this.now);
    this.pusher = new Pusher({ partners, party: this.us, client: options.client, now: this.now });
    this.pusher.on('push', (r: PushReport) => this.emit('push', r));
    const targets = new Targets(partners, this.us);
    this.locations = new LocationFeed(this.pusher, targets, this.us);
    const sessions = new SessionFeed({
      pusher: this.pusher, targets, site, us: this.us, now: this.now, throttleMs: options.sessionUpdateMs ?? 60_000,
      onCdrLocation: (id, partner, url) => {
        const record = this.charges.cdr(id);
        if (record) record.locations[partner] = url;
        this.emit('changed');
      },
    });
    this.commands = new CommandRunner({
      csms, site, pusher: this.pusher, ids: this.ids, starts: this.starts, charges: this.charges, us: this.us, now: this.now,
      timeoutMs: options.commandTimeoutMs ?? 30_000, onChange: () => this.emit('changed'), onDone: (record) => this.emit('command', record),
    });
    this.follower = new ChargeFollower({
      csms, site, charges: this.charges, sessions, starts: this.starts, tokens: this.tokens, now: this.now,
      onLocation: () => this.locationChanged(), emit: (event, payload) => this.emit(event, payload),
    });
    if (options.snapshot) this.restore(options.snapshot);
    else this.follower.adopt();
    this.locations.seed(this.location());
    this.follower.start();
  }

  /** The park's Location as it is now. */
  location(): OcpiLocation {
    return locationOf(this.site, this.options.csms.store.list(), this.options.describedAt);
  }

  tariffs(): OcpiTariff[] {
    return this.site.tariffs.map((t) => tariffOf(t, this.site, this.options.describedAt));
  }

  /** The Sessions a requester may see, running and ended, oldest first. */
  sessionsFor(who: Requester): Array<Record<string, unknown>> {
    const at = formatDateTime(this.now());
    const facts = [...this.charges.cdrList().map((r) => r.facts), ...this.charges.runningList()].filter((f) => visibleTo(f.token, who));
    return facts.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).map((f) => sessionOf(f, this.site, at));
  }

  cdrsFor(who: Requester): Array<Record<string, unknown>> {
    return this.charges.cdrList().filter((r) => visibleTo(r.facts.token, who)).map((r) => r.cdr);
  }

  cdr(id: string): CdrRecord | undefined {
    const record = this.charges.cdr(id);
    return record && structuredClone(record);
  }

  /** PUT of a token by its eMSP; true when it is new. */
  putToken(address: TokenAddress, body: unknown): boolean {
    const created = this.tokens.put(address, body);
    this.emit('token', this.tokens.get(address));
    this.emit('changed');
    return created;
  }

  patchToken(address: TokenAddress, body: unknown): OcpiToken {
    const token = this.tokens.patch(address, body);
    this.emit('token', token);
    this.emit('changed');
    return token;
  }

  /**
   * What to answer a station that shows this badge, for the authorization service: Accepted while an eMSP's
   * START_SESSION or RESERVE_NOW vouches for it (at that station when named), else the pushed token's decision.
   */
  authorizeToken(uid: string, stationId?: string): TokenAuthorization {
    if (this.starts.commanded(uid, stationId)) return { status: 'Accepted', source: 'command' };
    return this.tokens.decide(uid);
  }

  /** The whole Location and the Tariffs to a partner (after it registered, or after the description changed). */
  pushAll(partner: string): void {
    this.locations.pushAll(partner, this.location(), this.site, this.options.describedAt);
  }

  snapshot(): CpoSnapshot {
    return { format: 1, tokens: this.tokens.list(), ...this.charges.snapshot(), ids: this.ids.snapshot() };
  }

  /** A state file's content; charges still open at the CSMS that it lacks are taken up again. */
  restore(snapshot: Partial<CpoSnapshot>): void {
    if (snapshot.format !== undefined && snapshot.format !== 1) throw new Error(`unknown OCPI state format ${String(snapshot.format)}`);
    this.tokens.restore(Array.isArray(snapshot.tokens) ? snapshot.tokens : []);
    this.charges.restore(snapshot);
    this.ids.restore(snapshot.ids ?? {});
    this.follower.adopt();
  }

  close(): void {
    this.follower.stop();
    this.pusher.close();
  }

  private locationChanged(): void {
    const location = this.location();
    for (const uid of this.locations.changed(location)) {
      this.emit('evse', { uid, status: location.evses.find((e) => e.uid === uid)?.status });
    }
  }
}
