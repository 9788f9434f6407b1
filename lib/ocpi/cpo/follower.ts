/**
 * Follows the CSMS's version-neutral events: transactions at the stations the site describes become charges
 * (whose token: the eMSP's of a START_SESSION it answers, else a pushed token with the badge's uid, else a local
 * badge that no partner hears of), their energy is followed, and their end makes the CDR. Connector and connection
 * events may change an EVSE's OCPI status.
 */
import { formatDateTime } from '../datetime';
import type { OcppEvent } from '../../ocpp/events';
import type { ChargeFacts } from '../objects/sessions';
import { sessionOf } from '../objects/sessions';
import type { OcpiSiteSpec } from '../objects/site';
import type { ChargeBook } from './charges';
import type { RealTimeAuthorizer } from './realtime';
import type { RemoteStarts } from './remote-starts';
import type { SessionFeed } from './session-feed';
import type { TokenStore } from './tokens';
import type { CsmsPort } from './types';

export interface FollowerOptions {
  csms: CsmsPort;
  site: OcpiSiteSpec;
  charges: ChargeBook;
  sessions: SessionFeed;
  starts: RemoteStarts;
  tokens: TokenStore;
  realTime: RealTimeAuthorizer;
  now: () => number;
  onLocation: () => void;
  emit: (event: string, payload: unknown) => void;
}

const LOCATION_EVENTS = new Set(['connector.status', 'station.connected', 'station.disconnected']);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class ChargeFollower {
  private listening = false;

  constructor(private readonly o: FollowerOptions) {}

  start(): void {
    if (this.listening) return;
    this.o.csms.on('event', this.listener);
    this.listening = true;
  }

  stop(): void {
    this.o.csms.off('event', this.listener);
    this.listening = false;
    this.o.sessions.close();
  }

  /** Transactions already open at the CSMS when we start: followed from now on, without a push for their start. */
  adopt(): void {
    for (const station of this.o.csms.store.list()) {
      if (!this.described(station.identity)) continue;
      for (const tx of station.transactions) {
        const evseId = tx.evseId ?? tx.connectorId;
        if (evseId === undefined || this.o.charges.running(station.identity, tx.transactionId)) continue;
        this.o.charges.start({
          stationId: station.identity, transactionId: tx.transactionId, evseId, startedAt: tx.startedAt, energyWh: tx.energyWh, updatedAt: tx.updatedAt,
          ...(tx.idTag ? { idTag: tx.idTag, ...this.badge(tx.idTag, station.identity) } : {}),
        });
      }
    }
  }

  private readonly listener = (e: OcppEvent): void => {
    if (LOCATION_EVENTS.has(e.type)) this.o.onLocation();
    if (!this.described(e.stationId)) return;
    if (e.type === 'transaction.started') this.started(e);
    else if (e.type === 'transaction.updated') this.updated(e);
    else if (e.type === 'transaction.ended') this.ended(e);
  };

  private started(e: OcppEvent): void {
    const transactionId = str(e.transactionId);
    const open = this.o.csms.store.list().find((s) => s.identity === e.stationId)?.transactions.find((t) => t.transactionId === transactionId);
    const evseId = e.evseId ?? open?.evseId ?? open?.connectorId;
    if (!transactionId || evseId === undefined) return;
    const idTag = str(e.idTag);
    const remoteStartId = num(e.remoteStartId);
    const commanded = this.o.starts.claim({ stationId: e.stationId, evseId, ...(idTag ? { idTag } : {}), ...(remoteStartId !== undefined ? { remoteStartId } : {}) });
    const facts: ChargeFacts = {
      stationId: e.stationId, transactionId, evseId, startedAt: e.timestamp, energyWh: 0, updatedAt: e.timestamp, ...(idTag ? { idTag } : {}),
      ...(commanded
        ? { token: commanded.token, authMethod: 'COMMAND' as const, ...(commanded.authorizationReference ? { authorizationReference: commanded.authorizationReference } : {}) }
        : idTag ? this.badge(idTag, e.stationId) : {}),
    };
    if (!this.o.charges.start(facts)) return;
    this.o.sessions.started(facts);
    this.o.emit('session', { phase: 'started', session: this.session(facts) });
    this.o.emit('changed', undefined);
  }

  private updated(e: OcppEvent): void {
    const transactionId = str(e.transactionId);
    if (!transactionId) return;
    const facts = this.o.charges.update(e.stationId, transactionId, num(e.energyWh), e.timestamp);
    if (!facts) return;
    this.o.sessions.updated(facts, () => this.o.charges.running(e.stationId, transactionId));
    this.o.emit('session', { phase: 'updated', session: this.session(facts) });
  }

  private ended(e: OcppEvent): void {
    const transactionId = str(e.transactionId);
    if (!transactionId) return;
    const record = this.o.charges.end(e.stationId, transactionId, {
      at: e.timestamp, ...(num(e.energyWh) !== undefined ? { energyWh: num(e.energyWh) } : {}), ...(e.evseId !== undefined ? { evseId: e.evseId } : {}),
      ...(str(e.idTag) ? { idTag: str(e.idTag) } : {}), ...(str(e.startedAt) ? { startedAt: str(e.startedAt) } : {}),
    }, this.o.site);
    if (!record) return;
    this.o.sessions.ended(record);
    this.o.emit('session', { phase: 'ended', session: this.session(record.facts) });
    this.o.emit('cdr', structuredClone(record));
    this.o.emit('changed', undefined);
  }

  /**
   * A badge an eMSP pushed as a token: its sessions are that eMSP's, authorized by asking it in real time when it
   * answered for this badge at this station lately, else from the whitelist.
   */
  private badge(idTag: string, stationId: string): Pick<ChargeFacts, 'token' | 'authMethod' | 'authorizationReference'> {
    const token = this.o.tokens.decide(idTag).token;
    if (!token) return {};
    const cdrToken = { country_code: token.country_code, party_id: token.party_id, uid: token.uid, type: token.type, contract_id: token.contract_id };
    const asked = this.o.realTime.recent(idTag, stationId);
    if (asked?.allowed !== 'ALLOWED') return { token: cdrToken, authMethod: 'WHITELIST' };
    return { token: cdrToken, authMethod: 'AUTH_REQUEST', ...(asked.authorizationReference ? { authorizationReference: asked.authorizationReference } : {}) };
  }

  private described(stationId: string): boolean {
    return this.o.site.terminals.some((t) => t.id === stationId);
  }

  private session(facts: ChargeFacts): Record<string, unknown> {
    return sessionOf(facts, this.o.site, formatDateTime(this.o.now()));
  }
}
