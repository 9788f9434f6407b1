/**
 * The waiting queue's words: what drivers ask, the facts the engine is told, the entries and events it answers
 * with, its options and snapshot (queue.ts is the engine).
 */
import type { Clock } from '../continuity/clock';

export type ConnectorStatus = 'Available' | 'Occupied' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';
export type EntryState = 'waiting' | 'offered' | 'charging' | 'done' | 'left' | 'expired';
export type Language = 'en' | 'fr';

export interface Contact { email?: string; phone?: string; push?: string }
export interface JoinRequest { driverId?: string; name?: string; idTag: string; contact?: Contact; energyWh?: number; language?: Language }

export interface Offer { stationId: string; evseId: number; offeredAt: string; expiresAt: string }

/** Where a driver charged and what they got. */
export interface ChargeRecord {
  stationId: string;
  evseId: number;
  startedAt: string;
  endedAt?: string;
  /** Energy supplied in the session, Wh: the last meter reading, then the session's total. */
  energyWh: number;
  maxPowerW: number;
}

export interface QueueEntry {
  id: string;
  idTag: string;
  driverId?: string;
  name?: string;
  contact?: Contact;
  /** Energy the driver asked for, Wh. */
  energyWh?: number;
  language: Language;
  state: EntryState;
  /** Place in the line (waiting or offered) from 1; 0 once out of it. */
  position: number;
  joinedAt: string;
  /** Minutes from estimatedAt until a connector is expected for them; null while none is in service. Frozen once out of the line. */
  estimatedWaitMin: number | null;
  estimatedAt: string;
  /** The instant that estimate points at. */
  expectedAt?: string;
  /** The last connector offered to them: held for them while the state is 'offered'. */
  offer?: Offer;
  charge?: ChargeRecord;
  /** Holds they let run out. */
  noShows: number;
}

export interface ConnectorFact { stationId: string; evseId: number; status: ConnectorStatus; sessionStartedAt?: string; expectedEndAt?: string; energyWh?: number; powerW?: number }
export interface SessionStart { stationId: string; evseId: number; idTag: string; startedAt?: string }
export interface SessionEnd { stationId: string; evseId: number; idTag: string; energyWh: number; endedAt?: string }
export interface MeterFact { stationId: string; evseId: number; powerW?: number; energyWh?: number }

/** Why a hold ended before its time: the driver moved back or left, someone else plugged in, the driver plugged in elsewhere, or the connector failed. */
export type ReleaseReason = 'skip' | 'leave' | 'taken' | 'elsewhere' | 'out-of-service';
export interface OfferEvent { entry: QueueEntry; stationId: string; evseId: number; expiresAt: string }
export interface ReleasedEvent { entry: QueueEntry; stationId: string; evseId: number; reason: ReleaseReason }
export interface ExpiredEvent { entry: QueueEntry; stationId: string; evseId: number; requeued: boolean }
export interface ChargingEvent { entry: QueueEntry; stationId: string; evseId: number }
export interface CompletedEvent { entry: QueueEntry; energyWh: number; record: ChargeRecord }
export interface UpdateEvent { entry: QueueEntry; previousExpectedAt: string | null }
/** The events and their payloads (entries are copies). */
export interface QueueEvents { offer: OfferEvent; released: ReleasedEvent; expired: ExpiredEvent; charging: ChargingEvent; completed: CompletedEvent; update: UpdateEvent }
export interface DriverReport extends ChargeRecord { entryId: string; idTag: string; driverId?: string; name?: string }
export interface Estimate { position: number; estimatedWaitMin: number | null; estimatedAt: string; expectedAt?: string }

export interface QueueOptions {
  /** How long a free connector is held for the driver it is offered to, min (default 15). */
  holdMin?: number;
  /** What a driver who lets a hold run out becomes: dropped (default) or sent to the back of the line. */
  noShow?: 'drop' | 'requeue';
  /** No-shows sent to the back before the next one drops them (default 1). */
  requeueLimit?: number;
  /** Session length until the engine has measured one, min (default 120). */
  typicalSessionMin?: number;
  /** Share of offers not taken up until the engine has seen one resolve (default 0.1). */
  noShowRate?: number;
  /** Measurements kept for the means (default 10). */
  sampleSize?: number;
  /** How far an expected time must move before the driver is told again, min (default 5). */
  updateThresholdMin?: number;
  /** Finished entries (done, left, expired) kept for list() and report() (default 500). */
  retain?: number;
  clock?: Clock;
}

export interface ConnectorRecord {
  stationId: string;
  evseId: number;
  status: ConnectorStatus;
  /** Since when it has had this status, ms. */
  since: number;
  sessionStartedAt?: number;
  expectedEndAt?: number;
  idTag?: string;
  /** The entry it is held for. */
  heldFor?: string;
  /** Its 'Reserved' status is our reservation: once released, ours to offer again. */
  ours?: boolean;
}

export interface Samples { sessionMs: number[]; arrivalMs: number[]; shows: boolean[] }

/** Plain JSON, for a node to persist and give back after a restart. */
export interface QueueSnapshot {
  version: 1;
  entries: QueueEntry[];
  line: string[];
  connectors: ConnectorRecord[];
  samples: Samples;
  told: Record<string, number | null>;
}

/** Why a join cannot be taken; undefined when it can. */
export function invalidJoin(request: JoinRequest): string | undefined {
  const r = request as unknown as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null) return 'join needs {idTag, name?, contact?, energyWh?, language?}';
  if (typeof r.idTag !== 'string' || !/^[\x21-\x7e]{1,36}$/.test(r.idTag)) return 'idTag must be 1 to 36 printable characters';
  for (const k of ['driverId', 'name']) {
    const v = r[k];
    if (v !== undefined && (typeof v !== 'string' || !v.trim() || v.length > 100)) return `${k} must be a text of 1 to 100 characters`;
  }
  if (r.energyWh !== undefined && !(typeof r.energyWh === 'number' && Number.isFinite(r.energyWh) && r.energyWh > 0)) return 'energyWh must be a number above 0';
  if (r.language !== undefined && r.language !== 'en' && r.language !== 'fr') return "language must be 'en' or 'fr'";
  if (r.contact === undefined) return undefined;
  const c = r.contact as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null) return 'contact must be {email?, phone?, push?}';
  if (c.email !== undefined && (typeof c.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email))) return 'contact.email is not an e-mail address';
  if (c.phone !== undefined && (typeof c.phone !== 'string' || !/^\+?[0-9][0-9 .()-]{5,19}$/.test(c.phone))) return 'contact.phone is not a phone number';
  if (c.push !== undefined && (typeof c.push !== 'string' || !c.push || c.push.length > 1000)) return 'contact.push must be a push token or endpoint';
  return undefined;
}
