/**
 * Version-neutral events (DESIGN.md "Contracts"): one flow serves 1.6 and 2.0.1 stations alike.
 * Units are normalized: energy in Wh, power in W, current in A, voltage in V, SoC in %, timestamps strict ISO UTC.
 */
import type { OcppVersion } from './errors';

export type EventType =
  | 'station.connected'
  | 'station.disconnected'
  | 'station.booted'
  | 'station.heartbeat'
  | 'connector.status'
  | 'transaction.started'
  | 'transaction.updated'
  | 'transaction.ended'
  | 'meter.values'
  | 'authorize.request'
  | 'firmware.status'
  | 'diagnostics.status'
  | 'security.event'
  | 'data.transfer'
  | 'reservation.status'
  | 'device.event'
  | 'device.report'
  | 'charging.limit'
  | 'charging.needs'
  | 'certificate.request'
  | 'station.mode'
  | 'transaction.gap'
  | 'message';

/** In manual mode nothing automatic (allocator, planner, recovery, staggered start) acts on a station. */
export type StationMode = 'auto' | 'manual';

/** Connector status, the 2.0.1 vocabulary plus the 1.6 values that have no 2.0.1 equivalent. */
export type ConnectorStatus =
  | 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted'
  // 1.6 only: the detail of Occupied
  | 'Preparing' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Finishing';

/** One normalized sample set at one instant. Missing measurands are absent. */
export interface MeterSample {
  timestamp: string;
  /** Energy.Active.Import.Register, Wh. */
  energyWh?: number;
  /** Power.Active.Import, W. */
  powerW?: number;
  /** Current.Import, A (sum of phases when per phase values are given, else the total). */
  currentA?: number;
  /** Voltage, V (mean of phases). */
  voltageV?: number;
  /** SoC, %. */
  socPercent?: number;
  /** Power.Reactive.Import, var. */
  reactivePowerVar?: number;
  /** Power.Offered, W. */
  powerOfferedW?: number;
  /** Temperature, °C. */
  temperatureC?: number;
  /** Reading context as sent (Sample.Periodic, Transaction.Begin, ...). */
  context?: string;
}

export interface OcppEventBase {
  type: EventType;
  stationId: string;
  version: OcppVersion;
  /** When it happened, per the station when it says so, else when we received it. */
  timestamp: string;
  /** 2.0.1 EVSE id; for 1.6 the connector id (1.6 has one connector per "EVSE"). 0 = the station itself. */
  evseId?: number;
  /** Connector id: 1.6 connectorId, 2.0.1 connectorId within the EVSE. */
  connectorId?: number;
}

export interface OcppEvent extends OcppEventBase {
  [field: string]: unknown;
}

/** Fields carried by the main event types (documented for flow authors; all optional beyond the base). */
export interface EventFields {
  'station.booted': { vendor: string; model: string; serialNumber?: string; firmwareVersion?: string; reason?: string; status: string };
  'connector.status': { status: ConnectorStatus; errorCode?: string; info?: string; vendorErrorCode?: string };
  'transaction.started': { transactionId: string; idTag?: string; meterStartWh?: number; reservationId?: number; offline?: boolean };
  'transaction.updated': { transactionId: string; seqNo?: number; chargingState?: string; sample?: MeterSample };
  'transaction.ended': { transactionId: string; idTag?: string; meterStopWh?: number; energyWh?: number; reason?: string };
  'meter.values': { transactionId?: string; samples: MeterSample[] };
  'authorize.request': { idTag: string; tokenType?: string };
  'station.mode': { mode: StationMode };
  /** 2.0.1: TransactionEvents with these seqNo never arrived (lost by the station or in transit). */
  'transaction.gap': { transactionId: string; expectedSeqNo: number; receivedSeqNo: number; missing: number };
}
