/**
 * The answers the OCPP driver gives by itself (the "MGR" rows of the reference table), and the defaults that
 * go out when the flow is asked to answer and does not answer in time.
 */
import type { OcppVersion } from '../errors';
import type { Payload } from '../frames';
import { formatTimestamp } from '../time';
import type { BootStatus } from '../registry';
import { idTagInfo, idTokenInfo, TokenDecision } from './tokens';

export type IdTagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
export type DataTransferStatus = 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';

export interface AnswerPolicy {
  heartbeatIntervalS: number;
  defaultIdTagStatus: IdTagStatus;
  dataTransferStatus: DataTransferStatus;
  bootStatus: BootStatus;
  /** A Pending boot's interval when the CSMS gives the station its turn (boot admission); the retry interval otherwise. */
  bootRetryS?: number;
  /** For 1.6 StartTransaction: the id the CSMS assigns. */
  transactionId?: number;
  /** 2.0.1 NotifyEVChargingNeeds: Accepted when something turns the needs into a schedule (the power allocator). */
  chargingNeedsStatus?: 'Accepted' | 'Rejected';
  /** The authorizer's decision on the CALL's badge; the default status otherwise. */
  token?: TokenDecision;
}

const decision = (p: AnswerPolicy): TokenDecision => p.token ?? { status: p.defaultIdTagStatus };

/** Actions whose answer may be left to the flow (the "SV" rows of the reference table). */
export const FLOW_ANSWERABLE: Record<OcppVersion, readonly string[]> = {
  '1.6': ['Authorize', 'StartTransaction', 'StopTransaction'],
  '2.0.1': ['Authorize', 'TransactionEvent'],
};

const now = (): Payload => ({ currentTime: formatTimestamp() });
const empty = (): Payload => ({});

// A Pending or Rejected station is told to retry sooner than the heartbeat period (B02/B03).
const RETRY_INTERVAL_S = 60;

function boot(policy: AnswerPolicy): Payload {
  const interval = policy.bootStatus === 'Accepted' ? policy.heartbeatIntervalS : policy.bootRetryS ?? Math.min(RETRY_INTERVAL_S, policy.heartbeatIntervalS);
  return { status: policy.bootStatus, currentTime: formatTimestamp(), interval };
}

const ANSWERS_16: Record<string, (req: Payload, p: AnswerPolicy) => Payload> = {
  BootNotification: (_r, p) => boot(p),
  Heartbeat: now,
  Authorize: (_r, p) => ({ idTagInfo: idTagInfo(decision(p)) }),
  StartTransaction: (_r, p) => ({ transactionId: p.transactionId ?? 0, idTagInfo: idTagInfo(decision(p)) }),
  StopTransaction: (r, p) => (r.idTag ? { idTagInfo: idTagInfo(decision(p)) } : {}),
  DataTransfer: (_r, p) => ({ status: p.dataTransferStatus }),
  // No certificate authority is configured in this release: refuse signing requests.
  SignCertificate: () => ({ status: 'Rejected' }),
};

const ANSWERS_201: Record<string, (req: Payload, p: AnswerPolicy) => Payload> = {
  BootNotification: (_r, p) => boot(p),
  Heartbeat: now,
  Authorize: (_r, p) => ({ idTokenInfo: idTokenInfo(decision(p)) }),
  TransactionEvent: (r, p) => (r.idToken ? { idTokenInfo: idTokenInfo(decision(p)) } : {}),
  DataTransfer: (_r, p) => ({ status: p.dataTransferStatus }),
  SignCertificate: () => ({ status: 'Rejected' }),
  Get15118EVCertificate: () => ({ status: 'Failed', exiResponse: '' }),
  GetCertificateStatus: () => ({ status: 'Failed' }),
  NotifyEVChargingNeeds: (_r, p) => ({ status: p.chargingNeedsStatus ?? 'Rejected' }),
  NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
};

/** The driver's answer to a CALL from a station; the notifications not listed are acknowledged with `{}`. */
export function defaultAnswer(version: OcppVersion, action: string, request: Payload, policy: AnswerPolicy): Payload {
  const table = version === '1.6' ? ANSWERS_16 : ANSWERS_201;
  return (table[action] ?? empty)(request, policy);
}

/** Combines a flow's answer with what only the driver may decide (the 1.6 transactionId). */
export function mergeFlowAnswer(version: OcppVersion, action: string, flowAnswer: Payload, policy: AnswerPolicy): Payload {
  if (version === '1.6' && action === 'StartTransaction') return { ...flowAnswer, transactionId: policy.transactionId ?? 0 };
  return flowAnswer;
}
