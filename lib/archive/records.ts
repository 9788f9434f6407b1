/**
 * What the archive writes: one record per fact, in the order the CSMS saw them. Records are plain JSON so they can
 * be spooled to a file and replayed; every write they cause is idempotent (a replayed record changes nothing).
 */
import type { MeterSample } from '../ocpp/events';

/** A station's identity, boot data and connection. Absent fields leave the archived value as it was. */
export interface StationRecord {
  kind: 'station';
  stationId: string;
  at: string;
  version?: string;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  bootStatus?: string;
  bootedAt?: string;
  connected?: boolean;
  remoteAddress?: string;
  /** 'auto' or 'manual' (service continuity: nothing automatic acts on a station in manual mode). */
  mode?: string;
}

/** A connector (EVSE) status change: updates the current status and adds a line to the status history. */
export interface StatusRecord {
  kind: 'status';
  stationId: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  at: string;
  receivedAt: string;
}

export interface TxStartRecord {
  kind: 'txStart';
  stationId: string;
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idTag?: string;
  tokenType?: string;
  startedAt: string;
  meterStartWh?: number;
  socPercent?: number;
  reservationId?: number;
  remoteStartId?: number;
  offline?: boolean;
  receivedAt: string;
}

export interface TxEndRecord {
  kind: 'txEnd';
  stationId: string;
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idTag?: string;
  stoppedAt: string;
  meterStopWh?: number;
  socPercent?: number;
  reason?: string;
  receivedAt: string;
}

/** A 2.0.1 TransactionEvent, kept once per (transactionId, seqNo). */
export interface TxEventRecord {
  kind: 'txEvent';
  stationId: string;
  transactionId: string;
  seqNo: number;
  eventType: string;
  triggerReason?: string;
  chargingState?: string;
  offline: boolean;
  at: string;
  receivedAt: string;
}

/** Meter samples; with a transaction id they also update the transaction's energy, max power and SoC. */
export interface MeterRecord {
  kind: 'meter';
  stationId: string;
  evseId: number;
  transactionId?: string;
  samples: MeterSample[];
}

/** An Authorize request and the answer it got. */
export interface AuthorizationRecord {
  kind: 'authorization';
  stationId: string;
  idTag: string;
  tokenType?: string;
  status?: string;
  at: string;
}

/** One OCPP exchange, a CALL and its answer, for the raw message log. */
export interface MessageRecord {
  kind: 'message';
  stationId: string;
  /** Who sent the CALL. */
  origin: 'station' | 'csms';
  action: string;
  messageId: string;
  request: unknown;
  response?: unknown;
  errorCode?: string;
  errorDescription?: string;
  at: string;
  answeredAt?: string;
}

/** A setting the CSMS applied to a station (ChangeConfiguration, SetVariables), to re-apply after a restart. */
export interface ConfigRecord {
  kind: 'config';
  stationId: string;
  /** 1.6: the key; 2.0.1: component[/evse[/connector]]/variable[/attributeType]. */
  key: string;
  value: string;
  /** The request that applied it, as sent. */
  request: unknown;
  action: string;
  at: string;
}

/**
 * A charging profile the station accepted (cleared false, every field set), or a ClearChargingProfile it accepted
 * (cleared true; the fields given are the criteria, absent ones match any profile).
 */
export interface ProfileRecord {
  kind: 'profile';
  stationId: string;
  cleared: boolean;
  evseId?: number;
  profileId?: number;
  purpose?: string;
  stackLevel?: number;
  transactionId?: string;
  /** The SetChargingProfile request as sent. */
  request?: unknown;
  at: string;
}

export interface ReservationRecord {
  kind: 'reservation';
  stationId: string;
  reservationId: number;
  evseId?: number;
  connectorId?: number;
  idTag?: string;
  expiresAt?: string;
  status: string;
  at: string;
}

export interface AlarmRecord {
  kind: 'alarm';
  alarmId: string;
  stationId?: string;
  evseId?: number;
  alarmType: string;
  priority?: number;
  state: string;
  message?: string;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  /** Whether its condition was active; what moved it (raise, acknowledge, shelve...) and who did. */
  active?: boolean;
  cause?: string;
  actor?: string;
  shelvedUntil?: string;
  /** While shelved or suppressed, the state it comes back to. */
  resumesAs?: string;
  at: string;
}

/** A badge and who holds it (billing per user group joins transactions to tags). */
export interface TagRecord {
  kind: 'tag';
  idTag: string;
  owner?: string;
  userGroup?: string;
  validUntil?: string;
  blocked?: boolean;
  parentId?: string;
  /** Where the holder's monthly statement goes. */
  email?: string;
  /** The badge as it now is (a tag store's): fields left out are cleared, not kept. */
  whole?: boolean;
  at: string;
}

export type ArchiveRecord =
  | StationRecord | StatusRecord | TxStartRecord | TxEndRecord | TxEventRecord | MeterRecord | AuthorizationRecord
  | MessageRecord | ConfigRecord | ProfileRecord | ReservationRecord | AlarmRecord | TagRecord;

export type RecordKind = ArchiveRecord['kind'];
