/**
 * The alarm conditions in what stations say (version-neutral events, both OCPP versions) and in failed handshakes.
 * A station that drops offline raises one communication alarm and has its other alarms suppressed until it is
 * back, so a lost station is one line, not one per connector.
 */
import type { OcppEvent } from '../ocpp/events';
import type { HandshakeFailure } from '../ocpp/server';
import type { AlarmCondition } from './model';

export interface EventAlarms {
  conditions: AlarmCondition[];
  /** The station's other alarms are suppressed from now (true) or no longer (false). */
  suppressStation?: boolean;
}

const FIRMWARE_FAILED = /Failed$|^InvalidSignature$/;
const DIAGNOSTICS_FAILED = /^(UploadFailed|UploadFailure|BadMessage|NotSupportedOperation|PermissionDenied)$/;
/** Statuses that say nothing either way: an idle station after a failure still has it. */
const NEUTRAL = new Set(['Idle']);

const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);

export function alarmsOfEvent(e: OcppEvent): EventAlarms {
  const where = { stationId: e.stationId, at: e.timestamp };
  switch (e.type) {
    case 'station.disconnected':
      return { conditions: [{ ...where, type: 'communication', active: true, message: 'connection lost' }], suppressStation: true };
    case 'station.connected':
      return { conditions: [{ ...where, type: 'communication', active: false }], suppressStation: false };
    case 'station.booted':
      return {
        conditions: e.status === 'Rejected'
          ? [{ ...where, type: 'boot', active: true, momentary: true, message: `boot rejected (${str(e.vendor) ?? '?'} ${str(e.model) ?? '?'})` }] : [],
      };
    case 'connector.status':
      return { conditions: [connectorFault(e)] };
    case 'security.event':
      return {
        conditions: [{
          ...where, type: 'security', code: str(e.eventType), active: true, momentary: true, message: `security event ${str(e.eventType) ?? ''}`.trim(),
          ...(str(e.techInfo) ? { info: str(e.techInfo) } : {}),
        }],
      };
    case 'firmware.status':
      return { conditions: failure(e, 'firmware', FIRMWARE_FAILED, 'firmware update') };
    case 'diagnostics.status':
      return { conditions: failure(e, 'diagnostics', DIAGNOSTICS_FAILED, 'diagnostics upload') };
    case 'transaction.gap':
      return {
        conditions: [{
          ...where, type: 'transaction-gap', code: String(e.transactionId), active: true, momentary: true,
          message: `transaction ${String(e.transactionId)}: ${String(e.missing)} message(s) missing (seqNo ${String(e.expectedSeqNo)} expected, ${String(e.receivedSeqNo)} received)`,
        }],
      };
    case 'device.event':
      return { conditions: (Array.isArray(e.events) ? e.events : []).flatMap((d) => deviceProblem(e, d as Record<string, unknown>)) };
    default:
      return { conditions: [] };
  }
}

/** 1.6 reports an error code with a status that is not Faulted as a warning; 2.0.1 only has Faulted. */
function connectorFault(e: OcppEvent): AlarmCondition {
  const errorCode = str(e.errorCode);
  const faulted = e.status === 'Faulted';
  const evseId = e.evseId ?? 0;
  const place = evseId === 0 ? 'station' : `connector ${evseId}`;
  const base: AlarmCondition = { type: 'fault', stationId: e.stationId, evseId, at: e.timestamp, active: faulted || errorCode !== undefined };
  if (!base.active) return base;
  return {
    ...base, priority: faulted ? 2 : 4, message: `${place} ${faulted ? 'faulted' : 'warning'}${errorCode ? `: ${errorCode}` : ''}`,
    ...(e.connectorId !== undefined ? { connectorId: e.connectorId } : {}), ...(errorCode ? { errorCode } : {}),
    ...(str(e.info) ? { info: str(e.info) } : {}), ...(str(e.vendorErrorCode) ? { vendorErrorCode: str(e.vendorErrorCode) } : {}),
  };
}

function failure(e: OcppEvent, type: 'firmware' | 'diagnostics', failed: RegExp, what: string): AlarmCondition[] {
  const status = str(e.status);
  if (!status || NEUTRAL.has(status)) return [];
  const active = failed.test(status);
  return [{ type, stationId: e.stationId, at: e.timestamp, active, ...(active ? { message: `${what} failed: ${status}` } : {}) }];
}

/**
 * A 2.0.1 NotifyEvent item as a problem: a `Problem` variable set true (false, or `cleared`, ends it), or a monitor
 * that triggered (its `cleared` ends it). Other events (plain value changes) are not alarms.
 */
function deviceProblem(e: OcppEvent, d: Record<string, unknown>): AlarmCondition[] {
  const variable = str(d.variable);
  const component = str(d.component);
  const monitor = /Monitor$/.test(str(d.eventNotificationType) ?? '') && (d.trigger === 'Alerting' || d.trigger === 'Delta');
  const problem = variable === 'Problem';
  if (!problem && !monitor) return [];
  const active = d.cleared !== true && (problem ? String(d.actualValue).toLowerCase() === 'true' : true);
  const instances = [str(d.componentInstance), str(d.variableInstance)].filter(Boolean).join('/');
  const code = `${component ?? '?'}.${variable ?? '?'}${instances ? `(${instances})` : ''}`;
  const tech = [str(d.techCode), str(d.techInfo)].filter(Boolean).join(' ');
  return [{
    type: 'problem', stationId: e.stationId, evseId: typeof d.evseId === 'number' ? d.evseId : 0, code, at: str(d.timestamp) ?? e.timestamp, active,
    ...(active ? { message: `${code} = ${str(d.actualValue) ?? ''}`.trim() } : {}), ...(tech ? { info: tech } : {}),
  }];
}

/** A handshake refused (bad password, unknown station, no common protocol): momentary, one alarm per identity. */
export function handshakeAlarm(f: HandshakeFailure): AlarmCondition {
  return {
    type: 'authentication', stationId: f.identity, active: true, momentary: true,
    message: `connection refused (${f.status}): ${f.reason}`, info: f.remoteAddress,
  };
}
