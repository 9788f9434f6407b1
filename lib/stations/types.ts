/** Live state of the stations, as the CSMS knows it (what GET /api/stations returns). */
import type { OcppVersion } from '../ocpp/errors';
import type { MeterSample, StationMode } from '../ocpp/events';

export interface ConnectorState {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  transactionId?: string;
  updatedAt: string;
}

export interface TransactionState {
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idTag?: string;
  startedAt: string;
  meterStartWh?: number;
  /** Energy delivered so far, Wh (last register reading minus the start reading). */
  energyWh: number;
  powerW?: number;
  socPercent?: number;
  lastSeqNo?: number;
  updatedAt: string;
}

export interface BootInfo {
  vendor?: string;
  model?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  reason?: string;
  status: string;
  at: string;
}

export interface StationSnapshot {
  identity: string;
  version?: OcppVersion;
  connected: boolean;
  connectedAt?: string;
  disconnectedAt?: string;
  lastSeen?: string;
  remoteAddress?: string;
  /** The highest security profile it connected with; a lower one is refused. */
  securityProfile?: number;
  /** Absent = 'auto'. */
  mode?: StationMode;
  /** Status of the station itself (1.6 connector 0). */
  status?: string;
  boot?: BootInfo;
  connectors: ConnectorState[];
  /** Open transactions. */
  transactions: TransactionState[];
  /** Last meter sample per EVSE id. */
  meter: Record<string, MeterSample>;
}
