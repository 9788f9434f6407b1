/** 2.0.1 device model traffic (NotifyEvent, NotifyReport, NotifyMonitoringReport) and reservation updates. */
import type { OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { makeEvent } from './build';
import { bool, isoTime, list, num, obj, str } from './read';

/**
 * One device-model event, flattened: component and variable become their names (what alarm rules match on),
 * with instances and the EVSE alongside.
 */
function eventData(raw: unknown): Record<string, unknown> | undefined {
  const e = obj(raw);
  if (!e) return undefined;
  const component = obj(e.component);
  const variable = obj(e.variable);
  const evse = obj(component?.evse);
  const out: Record<string, unknown> = {
    eventId: num(e.eventId),
    timestamp: isoTime(e.timestamp) ?? str(e.timestamp),
    trigger: str(e.trigger),
    component: str(component?.name),
    componentInstance: str(component?.instance),
    variable: str(variable?.name),
    variableInstance: str(variable?.instance),
    evseId: num(evse?.id),
    connectorId: num(evse?.connectorId),
    actualValue: str(e.actualValue),
    techCode: str(e.techCode),
    techInfo: str(e.techInfo),
    cleared: bool(e.cleared),
    cause: num(e.cause),
    transactionId: str(e.transactionId),
    variableMonitoringId: num(e.variableMonitoringId),
    eventNotificationType: str(e.eventNotificationType),
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

export function notifyEvent(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  const events = list(req.eventData).map(eventData).filter((e): e is Record<string, unknown> => e !== undefined);
  return [makeEvent(input, 'device.event', req.generatedAt, {}, {
    events,
    generatedAt: isoTime(req.generatedAt),
    seqNo: num(req.seqNo),
    // Absent means this is the last part of the report.
    tbc: bool(req.tbc) ?? false,
  })];
}

/** NotifyReport (variables) and NotifyMonitoringReport (monitors); `action` says which `data` holds. */
export function notifyReport(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  const data = input.action === 'NotifyMonitoringReport' ? req.monitor : req.reportData;
  return [makeEvent(input, 'device.report', req.generatedAt, {}, {
    action: input.action,
    requestId: num(req.requestId),
    generatedAt: isoTime(req.generatedAt),
    seqNo: num(req.seqNo),
    tbc: bool(req.tbc) ?? false,
    // An empty report (no matching variables) omits the list altogether.
    data: Array.isArray(data) ? data : [],
  })];
}

export function reservationStatus(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  return [makeEvent(input, 'reservation.status', undefined, {}, {
    reservationId: num(req.reservationId),
    status: str(req.reservationUpdateStatus),
  })];
}
