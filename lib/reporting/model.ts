/**
 * What the reporting engine sends to public programmes (Advenir, QualiCharge) and how its journal remembers each
 * send. A record is built once, from a closed transaction or a connector status, and never changes afterwards:
 * the journal keeps it so that a retry after a restart sends exactly what was queued.
 */

/** One closed charging session, the minimum both programmes ask for (start, end, energy per charge point). */
export interface SessionRecord {
  kind: 'session';
  /** Stable across restarts and catch-ups: `stationId/transactionId`. */
  id: string;
  stationId: string;
  evseId: number | null;
  transactionId: string;
  /** The AFIREV charge point id (`id_pdc_itinerance`) from the point mapping, or the OCPP identity. */
  idPdc: string;
  /** UTC ISO 8601 (`…Z`). */
  start: string;
  end: string;
  energyWh: number;
  meterStartWh?: number;
  meterStopWh?: number;
}

/** QualiCharge's enums (schema irve-dynamique as its API validates them). */
export type EtatPdc = 'en_service' | 'hors_service' | 'inconnu';
export type OccupationPdc = 'libre' | 'occupe' | 'reserve' | 'inconnu';
export type EtatPrise = 'fonctionnel' | 'hors_service' | 'inconnu';
export type PlugType = 'type_2' | 'combo_ccs' | 'chademo' | 'ef';

export interface PointStatus {
  etatPdc: EtatPdc;
  occupationPdc: OccupationPdc;
  /** Only for the plugs the point mapping declares: QualiCharge leaves the others unset. */
  plugs?: Partial<Record<PlugType, EtatPrise>>;
}

/** A connector status change, mapped to QualiCharge's enums. */
export interface StatusRecord {
  kind: 'status';
  /** `idPdc@at`: QualiCharge counts two statuses of a point with the same timestamp as duplicates (its rule 44). */
  id: string;
  stationId: string;
  evseId: number | null;
  idPdc: string;
  /** The OCPP status it came from, kept for the journal's reader. */
  ocppStatus: string;
  status: PointStatus;
  at: string;
}

export type ReportRecord = SessionRecord | StatusRecord;
export type RecordKind = ReportRecord['kind'];

/**
 * queued: waiting for its sink's schedule; sent: a request carrying it is (or was, before a crash) in flight;
 * uncertain: that request ended without an answer, so the receiver may or may not hold it;
 * acknowledged: a 2xx answer (or an operator/lookup confirmed it); failed: refused for good, with the reason.
 */
export type EntryState = 'queued' | 'sent' | 'uncertain' | 'acknowledged' | 'failed';

export type JournalEventName = 'queued' | 'flagged' | 'sent' | 'acknowledged' | 'transient' | 'uncertain' | 'verified' | 'failed' | 'retry' | 'confirmed';

export interface JournalEvent {
  at: string;
  event: JournalEventName;
  detail?: string;
}

/** One record as one sink sees it. */
export interface JournalEntry {
  sink: string;
  id: string;
  record: ReportRecord;
  state: EntryState;
  /** Requests that carried it. */
  attempts: number;
  queuedAt: string;
  updatedAt: string;
  /** Why it failed, why it is uncertain, or the last transient error while it waits for a retry. */
  reason?: string;
  /** Late or doubtful but still sent (e.g. QualiCharge's 15-day rule). */
  flags?: string[];
  /** The receiver's own id when it answers one (QualiCharge's session/status UUID). */
  remoteId?: string;
  /** Released by an operator: sent at once rather than at the next scheduled slot. */
  manual?: boolean;
  /** Sent alone, after a batch that carried it was refused, to find which record the receiver objects to. */
  solo?: boolean;
  /** Uncertain and not resolvable by the engine: waits for an operator's confirm() or retry(). */
  held?: boolean;
  /** The latest events, oldest first (capped: the states above carry the rest). */
  log: JournalEvent[];
}

/** What a restart restores; plain JSON. */
export interface JournalSnapshot {
  version: 1;
  entries: JournalEntry[];
  /** Ids of acknowledged entries pruned from `entries`, per sink, with the record's end (ms), kept so a catch-up never re-sends them. */
  forgotten: Array<[sink: string, id: string, endMs: number]>;
  /** The latest session end ever journaled (ms), the basis of the catch-up checkpoint. */
  highWaterMs?: number;
}

/** Where the journal lives: load once at start, save after every change that must survive a crash. */
export interface JournalStore {
  load(): JournalSnapshot | undefined;
  save(snapshot: JournalSnapshot): void;
}
