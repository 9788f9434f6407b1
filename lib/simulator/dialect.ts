/**
 * What differs between a 1.6 and a 2.0.1 station in the messages it sends: one dialect per version builds them from
 * the version-neutral state, so the station logic is written once.
 */
import type { OcppVersion } from '../ocpp/errors';
import type { Payload } from '../ocpp/frames';
import type { ChargingState, ConnectorState, Transaction } from './connector';
import type { ReadingContext, Sample } from './meter';
import type { OutgoingCall } from './outbox';
import type { CompositeSchedule } from '../profiles/schedule';

export type BootReason = 'PowerUp' | 'RemoteReset' | 'Triggered' | 'FirmwareUpdate';

export interface BootInfo {
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
}

export interface BootAnswer {
  status: 'Accepted' | 'Pending' | 'Rejected';
  intervalS: number;
}

/** Why a transaction ended, in 1.6 words (2.0.1 maps them). */
export type StopReason =
  | 'Local' | 'Remote' | 'EVDisconnected' | 'HardReset' | 'SoftReset' | 'Reboot' | 'PowerLoss'
  | 'UnlockCommand' | 'DeAuthorized' | 'EmergencyStop' | 'Other';

/** 2.0.1 triggerReason values the station uses. */
export type TxTrigger =
  | 'Authorized' | 'RemoteStart' | 'MeterValuePeriodic' | 'ChargingStateChanged' | 'ChargingRateChanged' | 'Trigger'
  | 'StopAuthorized' | 'RemoteStop' | 'EVCommunicationLost' | 'ResetCommand' | 'UnlockCommand' | 'Deauthorized'
  | 'AbnormalCondition';

/** One moment of a transaction, captured when it happens and written out when it is sent. */
export interface TxEvent {
  kind: 'Started' | 'Updated' | 'Ended';
  at: number;
  seqNo: number;
  /** Captured while the station had no connection (2.0.1 `offline`). */
  offline: boolean;
  trigger: TxTrigger;
  context: ReadingContext;
  samples: Sample[];
  /** Meter register at this moment, Wh. */
  meterWh: number;
  chargingState: ChargingState;
  reason?: StopReason;
}

export interface StartAnswer {
  /** The id the CSMS gave (1.6); undefined in 2.0.1 where the station chooses it. */
  transactionId?: string;
  idStatus: string;
}

export interface Dialect {
  readonly version: OcppVersion;
  boot(info: BootInfo, reason: BootReason): OutgoingCall;
  readBoot(answer: Payload): BootAnswer;
  heartbeat(): OutgoingCall;
  /** Status as this version names it. */
  wireStatus(state: ConnectorState): string;
  /** Undefined when the version has no such message (2.0.1 has no connector 0). */
  status(connectorId: number, state: ConnectorState, at: number): OutgoingCall | undefined;
  authorize(idTag: string, tokenType: string): OutgoingCall;
  readAuthorize(answer: Payload): string;
  /** Undefined when the version sends nothing for this event (a 1.6 charging state change is a StatusNotification). */
  transaction(connectorId: number, tx: Transaction, event: TxEvent): OutgoingCall | undefined;
  readTransactionStart(answer: Payload): StartAnswer;
  /** Meter values outside the transaction messages (TriggerMessage). */
  meterValues(connectorId: number, samples: Sample[], at: number, tx?: Transaction): OutgoingCall;
  firmwareStatus(status: string, requestId?: number): OutgoingCall;
  /** 1.6 GetDiagnostics uploads report DiagnosticsStatusNotification; GetLog uploads LogStatusNotification. */
  uploadStatus(status: string, requestId?: number): OutgoingCall;
  compositeAnswer(connectorId: number, schedule: CompositeSchedule | undefined): Payload;
}

const REASONS_16 = new Set<StopReason>([
  'Local', 'Remote', 'EVDisconnected', 'HardReset', 'SoftReset', 'Reboot', 'PowerLoss', 'UnlockCommand',
  'DeAuthorized', 'EmergencyStop', 'Other',
]);

// 2.0.1 stoppedReason values that have a 1.6 counterpart under another name.
const FROM_201: Record<string, StopReason> = {
  ImmediateReset: 'HardReset', StoppedByEV: 'EVDisconnected', GroundFault: 'EmergencyStop', OvercurrentFault: 'EmergencyStop',
};

/** Accepts a reason in either version's words; anything else becomes Other. */
export function normalizeStopReason(reason: string | undefined): StopReason {
  if (reason === undefined) return 'Local';
  if (REASONS_16.has(reason as StopReason)) return reason as StopReason;
  return FROM_201[reason] ?? 'Other';
}

/** The 2.0.1 triggerReason of a transaction's end. */
export function endTrigger(reason: StopReason): TxTrigger {
  switch (reason) {
    case 'Local': return 'StopAuthorized';
    case 'Remote': return 'RemoteStop';
    case 'EVDisconnected': return 'EVCommunicationLost';
    case 'HardReset': case 'SoftReset': case 'Reboot': return 'ResetCommand';
    case 'UnlockCommand': return 'UnlockCommand';
    case 'DeAuthorized': return 'Deauthorized';
    default: return 'AbnormalCondition';
  }
}
