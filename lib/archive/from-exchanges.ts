/**
 * Archive records of OCPP exchanges: the raw message log, and what an accepted command changed at a station
 * (configuration, charging profiles, reservations) so it can be re-applied after a restart and read by others.
 */
import type { Exchange } from '../ocpp/csms';
import type { ArchiveRecord } from './records';
import { list, num, obj, str } from '../ocpp/normalize/read';

type Obj = Record<string, unknown>;

export function messageRecord(x: Exchange): ArchiveRecord {
  return {
    kind: 'message', stationId: x.stationId, origin: x.origin, action: x.action, messageId: x.messageId, request: x.request,
    response: x.response, errorCode: x.error?.code, errorDescription: x.error?.message, at: x.at, answeredAt: x.answeredAt,
  };
}

const applied = (status: unknown): boolean => status === 'Accepted' || status === 'RebootRequired';

/** The name a 2.0.1 variable is kept under: component[:instance][/evse[/connector]]/variable[:instance][/attribute]. */
export function variableKey(entry: Obj): string {
  const component = obj(entry.component) ?? {};
  const variable = obj(entry.variable) ?? {};
  const evse = obj(component.evse);
  const parts = [String(component.name ?? '') + (component.instance ? `:${String(component.instance)}` : '')];
  if (evse) parts.push(String(evse.id), ...(evse.connectorId !== undefined ? [String(evse.connectorId)] : []));
  parts.push(String(variable.name ?? '') + (variable.instance ? `:${String(variable.instance)}` : ''));
  if (entry.attributeType && entry.attributeType !== 'Actual') parts.push(String(entry.attributeType));
  return parts.join('/');
}

function sameVariable(a: Obj, b: Obj): boolean {
  return variableKey(a) === variableKey(b);
}

function configRecords(x: Exchange): ArchiveRecord[] {
  const { stationId, at } = x;
  const request = x.request as Obj;
  const response = x.response as Obj;
  if (x.action === 'ChangeConfiguration') {
    if (!applied(response.status)) return [];
    return [{ kind: 'config', stationId, key: String(request.key), value: String(request.value), request, action: x.action, at }];
  }
  // SetVariables: each accepted variable on its own, re-sent later as a one-variable request.
  const results = list(response.setVariableResult).map(obj).filter((r): r is Obj => !!r);
  return list(request.setVariableData).map(obj).filter((d): d is Obj => !!d).flatMap((data): ArchiveRecord[] => {
    const result = results.find((r) => sameVariable(r, data));
    if (!result || !applied(result.attributeStatus)) return [];
    return [{
      kind: 'config', stationId, key: variableKey(data), value: String(data.attributeValue ?? ''),
      request: { setVariableData: [data] }, action: x.action, at,
    }];
  });
}

function profileRecords(x: Exchange): ArchiveRecord[] {
  const { stationId, at } = x;
  const request = x.request as Obj;
  if ((x.response as Obj).status !== 'Accepted') return [];
  if (x.action === 'SetChargingProfile') {
    const profile = obj(request.csChargingProfiles) ?? obj(request.chargingProfile) ?? {};
    const transactionId = profile.transactionId;
    return [{
      kind: 'profile', stationId, cleared: false, evseId: num(request.connectorId) ?? num(request.evseId) ?? 0,
      profileId: num(profile.chargingProfileId) ?? num(profile.id), purpose: str(profile.chargingProfilePurpose),
      stackLevel: num(profile.stackLevel), transactionId: transactionId === undefined ? undefined : String(transactionId), request, at,
    }];
  }
  const criteria = obj(request.chargingProfileCriteria) ?? request;
  return [{
    kind: 'profile', stationId, cleared: true, profileId: num(request.id) ?? num(request.chargingProfileId),
    evseId: num(criteria.connectorId) ?? num(criteria.evseId), purpose: str(criteria.chargingProfilePurpose), stackLevel: num(criteria.stackLevel), at,
  }];
}

function reservationRecords(x: Exchange): ArchiveRecord[] {
  const request = x.request as Obj;
  const status = str((x.response as Obj).status);
  if (x.action === 'CancelReservation') {
    const reservationId = num(request.reservationId);
    return status === 'Accepted' && reservationId !== undefined
      ? [{ kind: 'reservation', stationId: x.stationId, reservationId, status: 'Cancelled', at: x.at }] : [];
  }
  const reservationId = num(request.reservationId) ?? num(request.id);
  if (reservationId === undefined || !status) return [];
  return [{
    kind: 'reservation', stationId: x.stationId, reservationId, evseId: num(request.evseId) ?? num(request.connectorId),
    connectorId: num(request.connectorId), idTag: str(request.idTag) ?? str(obj(request.idToken)?.idToken),
    expiresAt: str(request.expiryDate) ?? str(request.expiryDateTime), status, at: x.at,
  }];
}

const BY_ACTION: Record<string, (x: Exchange) => ArchiveRecord[]> = {
  ChangeConfiguration: configRecords,
  SetVariables: configRecords,
  SetChargingProfile: profileRecords,
  ClearChargingProfile: profileRecords,
  ReserveNow: reservationRecords,
  CancelReservation: reservationRecords,
};

/** What our own command changed at the station; nothing when it failed or was refused. */
export function recordsOfCommand(x: Exchange): ArchiveRecord[] {
  if (x.origin !== 'csms' || !x.response) return [];
  const of = Object.prototype.hasOwnProperty.call(BY_ACTION, x.action) ? BY_ACTION[x.action] : undefined;
  return of ? of(x) : [];
}
