/**
 * Reservations of connectors (OCPP ReserveNow and CancelReservation, both versions): who holds which EVSE until
 * when, and how it ended. 1.6 stations say nothing when a reservation lapses or is used, so the service ends it
 * itself at its expiry and when a transaction names it (1.6 StartTransaction, 2.0.1 TransactionEvent); a 2.0.1
 * station's ReservationStatusUpdate (Expired, Removed) ends it too. Ids are chosen here, growing across restarts,
 * because a station that receives an id it holds replaces that reservation.
 */
import { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import { Clock, systemClock, TimerHandle } from '../continuity/clock';

export type ReservationStatus =
  // The station's answer to ReserveNow.
  | 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable'
  // How an accepted one ended.
  | 'Used' | 'Expired' | 'Cancelled' | 'Removed';

export interface Reservation {
  id: number;
  stationId: string;
  /** The 2.0.1 EVSE, or the 1.6 connector (0: any connector of the station). */
  evseId: number;
  idTag: string;
  parentIdTag?: string;
  expiresAt: string;
  status: ReservationStatus;
  /** Who asked: an operator, the REST API, the waiting queue. */
  by?: string;
  transactionId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReserveRequest {
  stationId: string;
  evseId: number;
  idTag: string;
  parentIdTag?: string;
  expiresAt: string;
  by?: string;
}

export type ReservationCsms = Pick<Csms, 'command'> & Pick<EventEmitter, 'on' | 'off'>;

/** Ids count seconds from this instant: a restart never reuses one, with no counter to keep. */
const ID_EPOCH = Date.UTC(2026, 0, 1);
const ENDED: ReadonlySet<ReservationStatus> = new Set(['Used', 'Expired', 'Cancelled', 'Removed']);
/** Reservations that ended, kept for the list (the archive keeps them all). */
const KEEP_ENDED = 200;

export class ReservationService extends EventEmitter {
  private readonly reservations = new Map<number, Reservation>();
  private readonly timers = new Map<number, TimerHandle>();
  private readonly clock: Clock;
  private lastId = 0;
  private readonly timeoutMs?: number;
  private readonly onEvent = (e: OcppEvent) => this.stationEvent(e);

  constructor(private readonly csms: ReservationCsms, options: { clock?: Clock; timeoutMs?: number } = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs;
  }

  start(): void {
    this.csms.on('event', this.onEvent);
  }

  stop(): void {
    this.csms.off('event', this.onEvent);
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  /** Asks the station; resolves with the reservation as the station answered (Accepted or why not). */
  async reserve(r: ReserveRequest): Promise<Reservation> {
    const id = this.nextId();
    const at = this.iso();
    const { response } = await this.csms.command(r.stationId, {
      command: 'reserveNow', reservationId: id, evseId: r.evseId, idTag: r.idTag, expiryDate: r.expiresAt,
      ...(r.parentIdTag ? { parentIdTag: r.parentIdTag } : {}),
    }, this.timeoutMs);
    const status = String(response.status) as ReservationStatus;
    const reservation: Reservation = { id, ...r, status, createdAt: at, updatedAt: at };
    if (status === 'Accepted') {
      this.reservations.set(id, reservation);
      this.arm(reservation);
    }
    this.emit('reservation', { ...reservation });
    return { ...reservation };
  }

  /** Cancels at the station; the station's refusal (it knows no such reservation) ends ours as well. */
  async cancel(id: number): Promise<Reservation | string> {
    const r = this.reservations.get(id);
    if (!r || ENDED.has(r.status)) return `no reservation ${id} is held`;
    const { response } = await this.csms.command(r.stationId, { command: 'cancelReservation', reservationId: id }, this.timeoutMs);
    this.end(r, response.status === 'Accepted' ? 'Cancelled' : 'Removed');
    return { ...r };
  }

  get(id: number): Reservation | undefined {
    const r = this.reservations.get(id);
    return r && { ...r };
  }

  /** Held ones first, then those that ended, newest first. */
  list(filter: { stationId?: string; held?: boolean } = {}): Reservation[] {
    return [...this.reservations.values()]
      .filter((r) => (filter.stationId === undefined || r.stationId === filter.stationId) && (filter.held === undefined || filter.held !== ENDED.has(r.status)))
      .sort((a, b) => Number(ENDED.has(a.status)) - Number(ENDED.has(b.status)) || b.id - a.id)
      .map((r) => ({ ...r }));
  }

  /** The reservation holding an EVSE now, if any. */
  holding(stationId: string, evseId: number): Reservation | undefined {
    return this.list({ stationId, held: true }).find((r) => r.evseId === evseId || r.evseId === 0);
  }

  snapshot(): Reservation[] {
    return [...this.reservations.values()].map((r) => ({ ...r }));
  }

  /** Those held before a restart, their expiry timers armed again (one already past ends now). */
  restore(saved: readonly Reservation[]): void {
    for (const r of saved) {
      if (typeof r?.id !== 'number' || this.reservations.has(r.id)) continue;
      const copy = { ...r };
      this.reservations.set(r.id, copy);
      this.lastId = Math.max(this.lastId, r.id);
      if (!ENDED.has(copy.status)) this.arm(copy);
    }
  }

  private stationEvent(e: OcppEvent): void {
    if (e.type === 'reservation.status' && typeof e.reservationId === 'number') {
      const r = this.reservations.get(e.reservationId);
      if (r && r.stationId === e.stationId && !ENDED.has(r.status)) this.end(r, e.status === 'Expired' ? 'Expired' : 'Removed');
    }
    if (e.type === 'transaction.started' && typeof e.reservationId === 'number') {
      const r = this.reservations.get(e.reservationId);
      if (r && r.stationId === e.stationId && !ENDED.has(r.status)) this.end(r, 'Used', String(e.transactionId));
    }
  }

  private arm(r: Reservation): void {
    const left = Date.parse(r.expiresAt) - this.clock.now();
    if (left <= 0) return this.end(r, 'Expired');
    this.timers.set(r.id, this.clock.setTimeout(() => {
      this.timers.delete(r.id);
      if (!ENDED.has(r.status)) this.end(r, 'Expired');
    }, left));
  }

  private end(r: Reservation, status: ReservationStatus, transactionId?: string): void {
    const timer = this.timers.get(r.id);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(r.id);
    Object.assign(r, { status, updatedAt: this.iso() }, transactionId ? { transactionId } : {});
    this.emit('reservation', { ...r });
    this.prune();
  }

  private prune(): void {
    const ended = [...this.reservations.values()].filter((r) => ENDED.has(r.status)).sort((a, b) => a.id - b.id);
    for (const r of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.reservations.delete(r.id);
  }

  private nextId(): number {
    this.lastId = Math.max(this.lastId + 1, Math.floor((this.clock.now() - ID_EPOCH) / 1000));
    return this.lastId;
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
