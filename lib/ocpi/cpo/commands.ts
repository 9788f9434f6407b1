/**
 * The Commands an eMSP sends us (mod_commands.asciidoc, Receiver): each is answered at once with a CommandResponse
 * (ACCEPTED and how long to wait for the result, or why not), then carried out through the CSMS, and its
 * CommandResult POSTed to the eMSP's response_url. An address that names nothing of ours is REJECTED at once,
 * with the reason; everything the station decides comes back as the result. Tokens are not checked, as the spec
 * asks: the eMSP vouches for them.
 */
import { randomUUID } from 'crypto';
import { formatDateTime } from '../datetime';
import type { PartyRef } from '../headers';
import { CdrToken, sessionId } from '../objects/sessions';
import type { OcpiSiteSpec } from '../objects/site';
import type { ChargeBook } from './charges';
import { CommandKind, outcomeOfAnswer, outcomeOfError } from './command-results';
import type { OcppIds } from './ocpp-ids';
import { isOurLocation, onlyPlace, Place, placeOf } from './places';
import type { Pusher } from './pusher';
import type { RemoteStarts } from './remote-starts';
import { CommandOutcome, CommandResponse, CsmsPort, ProfileOutcome, Requester, text, TokenType } from './types';
import { visibleTo } from './visibility';

export interface CommandToken extends CdrToken {
  group_id?: string;
}

export interface StartSession { response_url: string; token: CommandToken; location_id: string; evse_uid?: string; connector_id?: string; authorization_reference?: string }
export interface StopSession { response_url: string; session_id: string }
export interface ReserveNow { response_url: string; token: CommandToken; expiry_date: string; reservation_id: string; location_id: string; evse_uid?: string }
export interface CancelReservation { response_url: string; reservation_id: string }
export interface UnlockConnector { response_url: string; location_id: string; evse_uid: string; connector_id: string }

/** What a ChargingProfiles request becomes: set (PUT), read the active profile (GET), clear (DELETE). */
export type ProfileRequestKind = 'SET_CHARGING_PROFILE' | 'GET_ACTIVE_CHARGING_PROFILE' | 'CLEAR_CHARGING_PROFILE';

/** A result posted to the eMSP's response_url: CommandResult, or one of the ChargingProfiles results. */
export type AsyncResult = CommandOutcome | ProfileOutcome;

export interface CommandRecord {
  id: string;
  command: CommandKind | ProfileRequestKind;
  partner: string;
  party: PartyRef;
  responseUrl: string;
  stationId?: string;
  receivedAt: string;
  outcome?: AsyncResult;
  answeredAt?: string;
}

export interface CommandRunnerOptions {
  csms: CsmsPort;
  site: OcpiSiteSpec;
  pusher: Pusher;
  ids: OcppIds;
  starts: RemoteStarts;
  charges: ChargeBook;
  us: PartyRef;
  /** How long a station has to answer; then the result is TIMEOUT. */
  timeoutMs: number;
  now: () => number;
  /** Ids were given out: the state file needs saving. */
  onChange: () => void;
  /** A command is done: its outcome goes to the eMSP next. */
  onDone: (record: CommandRecord) => void;
}

/** The eMSP's wait covers our station timeout plus the time our result takes to reach it. */
const RESULT_MARGIN_S = 10;

const rejected = (why: string): CommandResponse => ({ result: 'REJECTED', timeout: 0, message: text(why) });
/** 2.0.1 wants a token type: a card stays a card, anything else the eMSP vouches for centrally. */
const idTokenType = (type: TokenType): string => (type === 'RFID' ? 'ISO14443' : 'Central');

export class CommandRunner {
  private readonly running = new Map<string, CommandRecord>();

  constructor(private readonly o: CommandRunnerOptions) {}

  inFlight(): CommandRecord[] {
    return [...this.running.values()].map((r) => structuredClone(r));
  }

  startSession(r: StartSession, who: Requester): CommandResponse {
    const place = r.evse_uid !== undefined ? placeOf(this.o.site, r.location_id, r.evse_uid, r.connector_id) : this.implicitPlace(r.location_id);
    if (typeof place === 'string') return rejected(place);
    return this.launch('START_SESSION', who, r.response_url, place.stationId, async () => {
      const busy = this.busy(place);
      if (busy) return busy;
      const remoteStartId = this.o.ids.take();
      this.o.onChange();
      const { group_id: _group, ...token } = r.token;
      this.o.starts.add({
        stationId: place.stationId, evseId: place.evseId, idTag: r.token.uid, remoteStartId, token, at: this.o.now(),
        ...(r.authorization_reference ? { authorizationReference: r.authorization_reference } : {}),
      });
      const command = { command: 'remoteStart', evseId: place.evseId, idTag: r.token.uid, remoteStartId };
      try {
        const outcome = outcomeOfAnswer('START_SESSION', (await this.o.csms.command(place.stationId, command, this.o.timeoutMs)).response);
        if (outcome.result !== 'ACCEPTED') this.o.starts.cancel(remoteStartId);
        return outcome;
      } catch (e) {
        // A station that answers late may still start: only a station we could not reach surely will not.
        if ((e as { code?: unknown }).code !== 'Timeout') this.o.starts.cancel(remoteStartId);
        throw e;
      }
    });
  }

  stopSession(r: StopSession, who: Requester): CommandResponse {
    const facts = this.o.charges.runningList().find((f) => sessionId(f.stationId, f.transactionId).toUpperCase() === r.session_id.toUpperCase());
    if (!facts) return { result: 'UNKNOWN_SESSION', timeout: 0, message: text(`no running session ${r.session_id}`) };
    if (!visibleTo(facts.token, who)) return rejected(`session ${r.session_id} is not one of your customers'`);
    return this.launch('STOP_SESSION', who, r.response_url, facts.stationId, async () => {
      const answer = await this.o.csms.command(facts.stationId, { command: 'remoteStop', transactionId: facts.transactionId }, this.o.timeoutMs);
      return outcomeOfAnswer('STOP_SESSION', answer.response);
    });
  }

  reserveNow(r: ReserveNow, who: Requester): CommandResponse {
    const place = r.evse_uid !== undefined ? placeOf(this.o.site, r.location_id, r.evse_uid) : this.wholeStation(r.location_id);
    if (typeof place === 'string') return rejected(place);
    return this.launch('RESERVE_NOW', who, r.response_url, place.stationId, async () => {
      const { link, previous } = this.o.ids.reserve({
        party: who.party, reservationId: r.reservation_id, stationId: place.stationId, expiresAt: r.expiry_date, ...(place.evseId !== undefined ? { evseId: place.evseId } : {}),
      });
      this.o.onChange();
      if (previous && previous.stationId !== place.stationId) {
        // The eMSP moved its reservation: the old station must let go of the id, whatever it says.
        await this.o.csms.command(previous.stationId, { command: 'cancelReservation', reservationId: link.ocppId }, this.o.timeoutMs).catch(() => undefined);
      }
      const command = {
        command: 'reserveNow', idTag: r.token.uid, idTokenType: idTokenType(r.token.type), expiryDate: r.expiry_date, reservationId: link.ocppId,
        ...(place.evseId !== undefined ? { evseId: place.evseId } : {}), ...(r.token.group_id ? { parentIdTag: r.token.group_id } : {}),
      };
      const outcome = outcomeOfAnswer('RESERVE_NOW', (await this.o.csms.command(place.stationId, command, this.o.timeoutMs)).response);
      if (outcome.result === 'ACCEPTED') this.o.starts.grant(r.token.uid, place.stationId, Date.parse(r.expiry_date));
      else if (!previous) this.o.ids.forget(who.party, r.reservation_id);
      return outcome;
    });
  }

  cancelReservation(r: CancelReservation, who: Requester): CommandResponse {
    const link = this.o.ids.reservation(who.party, r.reservation_id);
    return this.launch('CANCEL_RESERVATION', who, r.response_url, link?.stationId, async () => {
      if (!link) return { result: 'UNKNOWN_RESERVATION', message: text(`no reservation ${r.reservation_id} of yours`) };
      const answer = await this.o.csms.command(link.stationId, { command: 'cancelReservation', reservationId: link.ocppId }, this.o.timeoutMs);
      const outcome = outcomeOfAnswer('CANCEL_RESERVATION', answer.response);
      if (outcome.result === 'ACCEPTED' || outcome.result === 'UNKNOWN_RESERVATION') {
        this.o.ids.forget(who.party, r.reservation_id);
        this.o.onChange();
      }
      return outcome;
    });
  }

  unlockConnector(r: UnlockConnector, who: Requester): CommandResponse {
    const place = placeOf(this.o.site, r.location_id, r.evse_uid, r.connector_id);
    if (typeof place === 'string') return rejected(place);
    return this.launch('UNLOCK_CONNECTOR', who, r.response_url, place.stationId, async () => {
      // Only the EVSE number: on 1.6 it is the connector, on 2.0.1 the translation takes the EVSE's first connector.
      const answer = await this.o.csms.command(place.stationId, { command: 'unlockConnector', evseId: place.evseId }, this.o.timeoutMs);
      return outcomeOfAnswer('UNLOCK_CONNECTOR', answer.response);
    });
  }

  /**
   * Answers ACCEPTED at once and carries the request out after; its result goes to the response_url. `failed`
   * turns a station that did not answer (or could not be reached) into the result the module's spec has for it.
   */
  launch(
    command: CommandKind | ProfileRequestKind, who: Requester, responseUrl: string, stationId: string | undefined, work: () => Promise<AsyncResult>,
    failed: (error: unknown) => AsyncResult = outcomeOfError,
  ): CommandResponse {
    const record: CommandRecord = {
      id: randomUUID(), command, partner: who.partner, party: who.party, responseUrl, receivedAt: formatDateTime(this.o.now()), ...(stationId ? { stationId } : {}),
    };
    this.running.set(record.id, record);
    // After the synchronous answer has gone: a result overtaking its CommandResponse would puzzle the eMSP.
    setImmediate(() => void this.finish(record, work, failed));
    return { result: 'ACCEPTED', timeout: Math.ceil(this.o.timeoutMs / 1000) + RESULT_MARGIN_S };
  }

  private async finish(record: CommandRecord, work: () => Promise<AsyncResult>, failed: (error: unknown) => AsyncResult): Promise<void> {
    let outcome: AsyncResult;
    try {
      outcome = await work();
    } catch (e) {
      outcome = failed(e);
    }
    record.outcome = outcome;
    record.answeredAt = formatDateTime(this.o.now());
    this.running.delete(record.id);
    this.o.onDone(record);
    this.o.pusher.push({
      partner: record.partner, key: `result:${record.id}`, method: 'POST', url: record.responseUrl, body: outcome, routing: { to: record.party, from: this.o.us },
    });
  }

  /** What makes a remote start pointless before the station is even asked. */
  private busy(place: Place): CommandOutcome | undefined {
    const station = this.o.csms.store.list().find((s) => s.identity === place.stationId);
    if (!station?.connected) return undefined;
    if (station.transactions.some((t) => (t.evseId ?? t.connectorId) === place.evseId)) {
      return { result: 'EVSE_OCCUPIED', message: text(`EVSE ${place.uid} has a session running`) };
    }
    const status = station.connectors.find((c) => c.evseId === place.evseId)?.status;
    if (status === 'Faulted' || status === 'Unavailable') return { result: 'EVSE_INOPERATIVE', message: text(`EVSE ${place.uid} is ${status.toLowerCase()}`) };
    return undefined;
  }

  /** START_SESSION may leave the EVSE out; we can only guess it when the location has a single one. */
  private implicitPlace(locationId: string): Place | string {
    if (!isOurLocation(this.o.site, locationId)) return `unknown location ${locationId}`;
    return onlyPlace(this.o.site) ?? 'evse_uid is needed: this location has several EVSEs';
  }

  /** RESERVE_NOW without an EVSE reserves a whole station, which is only clear when the location has one. */
  private wholeStation(locationId: string): { stationId: string; evseId?: number; uid: string } | string {
    if (!isOurLocation(this.o.site, locationId)) return `unknown location ${locationId}`;
    const only = this.o.site.terminals.length === 1 ? this.o.site.terminals[0] : undefined;
    return only ? { stationId: only.id, uid: only.id } : 'evse_uid is needed: this location has several charging stations';
  }
}
