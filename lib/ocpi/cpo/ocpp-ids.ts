/**
 * The integer ids OCPP needs for what eMSPs ask by their own ids. An eMSP's reservation_id is a string of its own
 * choosing, so two eMSPs may well use the same one; OCPP reservation ids are station-wide integers, and a reused
 * id replaces the reservation holding it. Hence one counter for every eMSP, the mapping keyed by the eMSP's party
 * and its id (the same eMSP reusing its id updates its reservation, as the spec asks), and a range of its own,
 * far above the ids lib/reservations and the CSMS give (seconds since 2024, and small request counters), that stays
 * within the 32-bit integers 1.6 stations use. Remote start ids (2.0.1) come from the same counter.
 */
import type { PartyRef } from '../headers';

export const OCPI_ID_BASE = 1_500_000_000;
const MAX_ID = 2_147_483_647;
/** Reservations are forgotten a day after they expire: no station keeps one that long. */
const KEEP_AFTER_EXPIRY_MS = 86_400_000;

export interface ReservationLink {
  party: PartyRef;
  reservationId: string;
  ocppId: number;
  stationId: string;
  evseId?: number;
  expiresAt: string;
}

export interface OcppIdsSnapshot {
  next: number;
  reservations: ReservationLink[];
}

const keyOf = (party: PartyRef, reservationId: string): string => `${party.country_code.toUpperCase()}/${party.party_id.toUpperCase()}/${reservationId}`;

export class OcppIds {
  private nextId: number;
  private readonly reservations = new Map<string, ReservationLink>();

  constructor(private readonly base = OCPI_ID_BASE, private readonly now: () => number = Date.now) {
    this.nextId = base;
  }

  /** A fresh id, never given before (wrapping to the base only after two thousand million of them). */
  take(): number {
    const id = this.nextId;
    this.nextId = id >= MAX_ID ? this.base : id + 1;
    return id;
  }

  /** The OCPP id for an eMSP's reservation: the one it had if the eMSP reuses its id, else a new one. */
  reserve(link: Omit<ReservationLink, 'ocppId'>): { link: ReservationLink; previous?: ReservationLink } {
    this.prune();
    const key = keyOf(link.party, link.reservationId);
    const previous = this.reservations.get(key);
    const made: ReservationLink = { ...link, ocppId: previous?.ocppId ?? this.take() };
    this.reservations.set(key, made);
    return { link: made, ...(previous ? { previous } : {}) };
  }

  reservation(party: PartyRef, reservationId: string): ReservationLink | undefined {
    return this.reservations.get(keyOf(party, reservationId));
  }

  forget(party: PartyRef, reservationId: string): void {
    this.reservations.delete(keyOf(party, reservationId));
  }

  snapshot(): OcppIdsSnapshot {
    return { next: this.nextId, reservations: structuredClone([...this.reservations.values()]) };
  }

  restore(snapshot: Partial<OcppIdsSnapshot>): void {
    if (typeof snapshot.next === 'number' && Number.isSafeInteger(snapshot.next) && snapshot.next >= this.base && snapshot.next <= MAX_ID) this.nextId = snapshot.next;
    this.reservations.clear();
    for (const r of Array.isArray(snapshot.reservations) ? snapshot.reservations : []) {
      if (r && typeof r.reservationId === 'string' && typeof r.ocppId === 'number' && r.party) this.reservations.set(keyOf(r.party, r.reservationId), r);
    }
  }

  private prune(): void {
    const limit = this.now() - KEEP_AFTER_EXPIRY_MS;
    for (const [key, r] of this.reservations) if (Date.parse(r.expiresAt) < limit) this.reservations.delete(key);
  }
}
