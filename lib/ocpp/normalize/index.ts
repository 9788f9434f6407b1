/**
 * Version-neutral events from incoming station CALLs (DESIGN.md "Contracts"): each CALL, with the answer we sent,
 * becomes the events one flow can handle for 1.6 and 2.0.1 stations alike. Pure functions, no state: what only
 * history knows (the connector of a 1.6 StopTransaction, energy used) is for the state layer to add.
 */
import type { OcppVersion } from '../errors';
import type { OcppEvent } from '../events';
import type { ActionNormalizer, NormalizeInput } from './types';
import { makeEvent } from './build';
import { lookup } from './read';
import {
  authorize, bootNotification, dataTransfer, diagnosticsStatus, firmwareStatus, heartbeat, securityEvent,
  statusNotification,
} from './station';
import { meterValues16, startTransaction, stopTransaction } from './transactions16';
import { meterValues201, transactionEvent } from './transactions201';
import { notifyEvent, notifyReport, reservationStatus } from './device';
import { chargingLimit, chargingNeeds } from './smart-charging';
import { certificateRequest } from './certificates';

export type { NormalizeInput, ActionNormalizer } from './types';
export { normalizeSampledValues } from './meter';

/** Actions whose payload has the same shape in both versions, or whose normalizer reads the version itself. */
const COMMON: Record<string, ActionNormalizer> = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
  Authorize: authorize,
  DataTransfer: dataTransfer,
  SecurityEventNotification: securityEvent,
  FirmwareStatusNotification: firmwareStatus,
  LogStatusNotification: diagnosticsStatus,
  SignCertificate: certificateRequest,
};

const BY_VERSION: Record<OcppVersion, Record<string, ActionNormalizer>> = {
  '1.6': {
    ...COMMON,
    StartTransaction: startTransaction,
    StopTransaction: stopTransaction,
    MeterValues: meterValues16,
    SignedFirmwareStatusNotification: firmwareStatus,
    DiagnosticsStatusNotification: diagnosticsStatus,
  },
  '2.0.1': {
    ...COMMON,
    TransactionEvent: transactionEvent,
    MeterValues: meterValues201,
    PublishFirmwareStatusNotification: firmwareStatus,
    ReservationStatusUpdate: reservationStatus,
    NotifyEvent: notifyEvent,
    NotifyReport: notifyReport,
    NotifyMonitoringReport: notifyReport,
    NotifyChargingLimit: chargingLimit,
    ClearedChargingLimit: chargingLimit,
    NotifyEVChargingNeeds: chargingNeeds,
    NotifyEVChargingSchedule: chargingNeeds,
    Get15118EVCertificate: certificateRequest,
    GetCertificateStatus: certificateRequest,
  },
};

/** The catch-all: actions without a dedicated event still reach flows, with their payload as received. */
function genericMessage(input: NormalizeInput): OcppEvent[] {
  return [makeEvent(input, 'message', undefined, {}, { action: input.action, payload: input.request })];
}

/** The events of one incoming CALL, in the order a consumer should apply them. Never throws. */
export function normalizeCall(input: NormalizeInput): OcppEvent[] {
  const table = lookup(BY_VERSION, input.version);
  const normalizer = table && lookup(table, input.action);
  if (!normalizer) return genericMessage(input);
  try {
    return normalizer(input);
  } catch {
    // Only a payload that skipped validation can get here; losing the message to a throw would be worse than
    // handing it on undigested.
    return genericMessage(input);
  }
}
