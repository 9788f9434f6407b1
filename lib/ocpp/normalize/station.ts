/** Station-level messages of both versions: boot, heartbeat, connector status, authorization, data transfer. */
import type { OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { connector16, makeEvent } from './build';
import { num, obj, str } from './read';

export function bootNotification(input: NormalizeInput): OcppEvent[] {
  const { request: req, response: res } = input;
  const answer = { status: str(res.status), interval: num(res.interval) };
  if (input.version === '1.6') {
    return [makeEvent(input, 'station.booted', undefined, {}, {
      vendor: str(req.chargePointVendor),
      model: str(req.chargePointModel),
      // chargeBoxSerialNumber is deprecated in 1.6 in favour of chargePointSerialNumber; older stations send only it.
      serialNumber: str(req.chargePointSerialNumber) ?? str(req.chargeBoxSerialNumber),
      chargeBoxSerialNumber: str(req.chargeBoxSerialNumber),
      firmwareVersion: str(req.firmwareVersion),
      iccid: str(req.iccid),
      imsi: str(req.imsi),
      meterType: str(req.meterType),
      meterSerialNumber: str(req.meterSerialNumber),
      ...answer,
    })];
  }
  const station = obj(req.chargingStation);
  const modem = obj(station?.modem);
  return [makeEvent(input, 'station.booted', undefined, {}, {
    vendor: str(station?.vendorName),
    model: str(station?.model),
    serialNumber: str(station?.serialNumber),
    firmwareVersion: str(station?.firmwareVersion),
    iccid: str(modem?.iccid),
    imsi: str(modem?.imsi),
    reason: str(req.reason),
    ...answer,
  })];
}

export function heartbeat(input: NormalizeInput): OcppEvent[] {
  return [makeEvent(input, 'station.heartbeat', undefined, {}, {})];
}

export function statusNotification(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  if (input.version === '1.6') {
    const errorCode = str(req.errorCode);
    return [makeEvent(input, 'connector.status', req.timestamp, connector16(req.connectorId), {
      status: str(req.status),
      errorCode: errorCode === 'NoError' ? undefined : errorCode,
      info: str(req.info),
      vendorErrorCode: str(req.vendorErrorCode),
      vendorId: str(req.vendorId),
    })];
  }
  return [makeEvent(input, 'connector.status', req.timestamp, { evseId: num(req.evseId), connectorId: num(req.connectorId) }, {
    status: str(req.connectorStatus),
  })];
}

export function authorize(input: NormalizeInput): OcppEvent[] {
  const { request: req, response: res } = input;
  if (input.version === '1.6') {
    return [makeEvent(input, 'authorize.request', undefined, {}, {
      idTag: str(req.idTag),
      status: str(obj(res.idTagInfo)?.status),
    })];
  }
  const token = obj(req.idToken);
  return [makeEvent(input, 'authorize.request', undefined, {}, {
    idTag: str(token?.idToken),
    tokenType: str(token?.type),
    status: str(obj(res.idTokenInfo)?.status),
  })];
}

export function dataTransfer(input: NormalizeInput): OcppEvent[] {
  const { request: req, response: res } = input;
  return [makeEvent(input, 'data.transfer', undefined, {}, {
    vendorId: str(req.vendorId),
    messageId: str(req.messageId),
    data: req.data,
    status: str(res.status),
    responseData: res.data,
  })];
}

export function securityEvent(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  return [makeEvent(input, 'security.event', req.timestamp, {}, {
    eventType: str(req.type),
    techInfo: str(req.techInfo),
  })];
}

/** Firmware (incl. 1.6 signed and 2.0.1 publish) progress; `action` tells them apart, their status lists differ. */
export function firmwareStatus(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  return [makeEvent(input, 'firmware.status', undefined, {}, {
    action: input.action,
    status: str(req.status),
    requestId: num(req.requestId),
    // 2.0.1 publish only: the URIs where the local controller serves the firmware.
    locations: Array.isArray(req.location) ? req.location : undefined,
  })];
}

/** Diagnostics upload (1.6) and log upload (1.6 security, 2.0.1) progress. */
export function diagnosticsStatus(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  return [makeEvent(input, 'diagnostics.status', undefined, {}, {
    action: input.action,
    status: str(req.status),
    requestId: num(req.requestId),
  })];
}
