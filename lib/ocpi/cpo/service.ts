/**
 * The CPO side of OCPI as an engine that follows the CSMS: live Sessions from its transaction events, CDRs when
 * they end, EVSE statuses from the connectors, the Tokens eMSPs push, the Commands they send; pushes to partners
 * as things change. The module handlers (lib/ocpi/modules) answer partners' requests from it; a node hosts it and
 * keeps its snapshot() in a state file ('changed' says when).
 *
 * Events: 'evse' {uid, status}, 'session' {phase, session}, 'cdr' CdrRecord, 'token' OcpiToken, 'client'
 * ClientInfo, 'command' CommandRecord (ChargingProfiles requests too), 'push' PushReport, 'changed'.
 */
import { EventEmitter } from 'events';
import type { BadgeContext, BadgeVerdict } from '../../ocpp/driver/tokens';
import type { ClientOptions } from '../client';
import { formatDateTime } from '../datetime';
import type { PartyRef } from '../headers';
import { evseUid, locationOf, OcpiLocation } from '../objects/locations';
import { ChargeFacts, sessionOf } from '../objects/sessions';
import type { OcpiSiteSpec } from '../objects/site';
import { OcpiTariff, tariffOf } from '../objects/tariffs';
import type { PartnerStore } from '../partners';
import { CdrRecord, ChargeBook } from './charges';
import { ClientInfo, ClientInfoStore } from './client-info';
import { CommandRunner } from './commands';
import { ChargeFollower } from './follower';
import { LocationFeed } from './location-feed';
import { OCPI_ID_BASE, OcppIds, OcppIdsSnapshot } from './ocpp-ids';
import { SessionProfiles } from './profiles';
import { Allowed, RealTimeAnswer, RealTimeAuthorizer } from './realtime';
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
  /** How long an eMSP has to answer a real-time authorization before the pushed token decides (default 5 s). */
  realTimeTimeoutMs?: number;
  /** Stack level of the TxProfiles eMSPs set through ChargingProfiles (default 2: below the park's allocation). */
  profileStackLevel?: number;
  /** First OCPP id for eMSP reservations and remote starts (default 1 500 000 000). */
  ocppIdBase?: number;
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  /** The state a previous run left. */
  snapshot?: CpoSnapshot;
}

export interface CpoSnapshot {
  format: 1;
  tokens: OcpiToken[];
  clients?: ClientInfo[];
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
  readonly profiles: SessionProfiles;
  /** What hubs say of the parties behind them (HubClientInfo). */
  readonly clients = new ClientInfoStore();
  private readonly charges: ChargeBook;
  private readonly ids: OcppIds;
  private readonly starts: RemoteStarts;
  private readonly locations: LocationFeed;
  private readonly follower: ChargeFollower;
  private readonly realTime: RealTimeAuthorizer;
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
    this.realTime = new RealTimeAuthorizer({ partners, targets, client: options.client, now: this.now, ...(options.realTimeTimeoutMs ? { timeoutMs: options.realTimeTimeoutMs } : {}) });
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
    this.profiles = new SessionProfiles({
      csms, charges: this.charges, commands: this.commands, ids: this.ids, timeoutMs: options.commandTimeoutMs ?? 30_000, now: this.now,
      ...(options.profileStackLevel !== undefined ? { stackLevel: options.profileStackLevel } : {}),
    });
    this.follower = new ChargeFollower({
      csms, site, charges: this.charges, sessions, starts: this.starts, tokens: this.tokens, realTime: this.realTime, now: this.now,
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

  /** Sessions running now, whoever's they are. */
  get runningCount(): number {
    return this.charges.runningList().length;
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

  /** PUT of a party's ClientInfo by a hub; true when the party is new. */
  putClientInfo(party: PartyRef, body: unknown): boolean {
    const created = this.clients.put(party, body);
    this.emit('client', this.clients.get(party));
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

  /**
   * authorizeToken as the CSMS's roaming badge source: nothing for a badge no eMSP vouches for or refuses. A valid
   * token whose whitelist wants real-time authorization is asked of its eMSP when shown or starting a transaction
   * (a promise then); without an answer, ALLOWED_OFFLINE trusts the pushed token and NEVER leaves it unknown.
   */
  badgeVerdict(uid: string, at: BadgeContext = {}): BadgeVerdict | undefined | Promise<BadgeVerdict | undefined> {
    const decided = this.authorizeToken(uid, at.stationId);
    const token = decided.token;
    const pushed = (): BadgeVerdict | undefined => {
      if (decided.status === 'Unknown') return undefined;
      if (!token) return { status: decided.status, reason: `an eMSP's remote start or reservation for ${uid}` };
      const who = `OCPI token ${token.contract_id} of ${token.country_code}-${token.party_id}`;
      return { status: decided.status, reason: decided.status === 'Blocked' ? `${who} is not valid` : who };
    };
    if (!token?.valid || (decided.realTime !== 'required' && decided.realTime !== 'preferred')) return pushed();
    const recent = this.realTime.recent(uid, at.stationId);
    if (recent) return verdictOf(recent, token.contract_id);
    if (at.purpose === 'stop' || at.purpose === 'update') return pushed();
    const terminal = this.site.terminals.find((t) => t.id === at.stationId);
    const place = { locationId: this.site.location.id, evseUids: terminal ? terminal.evses.map((e) => evseUid(terminal.id, e.evseId)) : [] };
    return this.realTime.ask(token, at.stationId, place).then((answer) => (answer ? verdictOf(answer, token.contract_id) : pushed()));
  }

  /** The whole Location and the Tariffs to a partner (after it registered, or after the description changed). */
  pushAll(partner: string): void {
    this.locations.pushAll(partner, this.location(), this.site, this.options.describedAt);
  }

  snapshot(): CpoSnapshot {
    return { format: 1, tokens: this.tokens.list(), clients: this.clients.list(), ...this.charges.snapshot(), ids: this.ids.snapshot() };
  }

  /** A state file's content; charges still open at the CSMS that it lacks are taken up again. */
  restore(snapshot: Partial<CpoSnapshot>): void {
    if (snapshot.format !== undefined && snapshot.format !== 1) throw new Error(`unknown OCPI state format ${String(snapshot.format)}`);
    this.tokens.restore(Array.isArray(snapshot.tokens) ? snapshot.tokens : []);
    this.clients.restore(Array.isArray(snapshot.clients) ? snapshot.clients : []);
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

const STATUS_OF: Record<Allowed, BadgeVerdict['status']> = {
  ALLOWED: 'Accepted', BLOCKED: 'Blocked', EXPIRED: 'Expired', NO_CREDIT: 'NoCredit', NOT_ALLOWED: 'NotAtThisLocation',
};

function verdictOf(answer: RealTimeAnswer, contractId: string): BadgeVerdict {
  return { status: STATUS_OF[answer.allowed], reason: `eMSP ${answer.partner} answered ${answer.allowed} for OCPI token ${contractId}` };
}
