import assert from 'node:assert/strict';
import type { OcppVersion } from '../../lib/ocpp/errors';
import type { OcppEvent } from '../../lib/ocpp/events';
import type { Payload } from '../../lib/ocpp/frames';
import { sharedValidator } from '../../lib/ocpp/validator';
import { normalizeCall, normalizeSampledValues } from '../../lib/ocpp/normalize';

const RECEIVED = '2024-05-01T09:00:00.000Z';
const T = '2024-05-01T10:00:00+02:00';
const T_ISO = '2024-05-01T08:00:00.000Z';

/** Normalizes a CALL after checking that request and answer pass the schemas, as they would in production. */
function run(version: OcppVersion, action: string, request: Payload, response: Payload = {}): OcppEvent[] {
  const v = sharedValidator();
  assert.equal(v.validate(version, action, 'req', request)?.message, undefined, `${action} request`);
  assert.equal(v.validate(version, action, 'conf', response)?.message, undefined, `${action} response`);
  return normalizeCall({ stationId: 'CS1', version, action, request, response, receivedAt: RECEIVED });
}

function only(events: OcppEvent[]): OcppEvent {
  assert.equal(events.length, 1);
  return events[0];
}

const sv16 = (value: string, extra: Payload = {}): Payload => ({ value, ...extra });
const mv16 = (timestamp: string, ...sampledValue: Payload[]): Payload => ({ timestamp, sampledValue });
const samples16 = (...sampledValue: Payload[]) => normalizeSampledValues('1.6', [mv16(T, ...sampledValue)]);
const samples201 = (...sampledValue: Payload[]) => normalizeSampledValues('2.0.1', [{ timestamp: T, sampledValue }]);

describe('normalize: station messages', () => {
  it('BootNotification 1.6 and 2.0.1 give station.booted with the answer', () => {
    const e16 = only(run('1.6', 'BootNotification',
      { chargePointVendor: 'ACME', chargePointModel: 'X1', chargeBoxSerialNumber: 'SB1', firmwareVersion: '1.2', iccid: 'I', imsi: 'M', meterType: 'MT', meterSerialNumber: 'MS' },
      { status: 'Accepted', currentTime: RECEIVED, interval: 300 }));
    assert.deepEqual(e16, {
      type: 'station.booted', stationId: 'CS1', version: '1.6', timestamp: RECEIVED, vendor: 'ACME', model: 'X1',
      serialNumber: 'SB1', chargeBoxSerialNumber: 'SB1', firmwareVersion: '1.2', iccid: 'I', imsi: 'M', meterType: 'MT',
      meterSerialNumber: 'MS', status: 'Accepted', interval: 300,
    });
    const e201 = only(run('2.0.1', 'BootNotification',
      { reason: 'PowerUp', chargingStation: { vendorName: 'ACME', model: 'X2', serialNumber: 'S2', firmwareVersion: '2.0', modem: { iccid: 'I2', imsi: 'M2' } } },
      { status: 'Pending', currentTime: RECEIVED, interval: 60 }));
    assert.deepEqual(e201, {
      type: 'station.booted', stationId: 'CS1', version: '2.0.1', timestamp: RECEIVED, vendor: 'ACME', model: 'X2',
      serialNumber: 'S2', firmwareVersion: '2.0', iccid: 'I2', imsi: 'M2', reason: 'PowerUp', status: 'Pending', interval: 60,
    });
  });

  it('Heartbeat gives station.heartbeat dated on reception', () => {
    for (const version of ['1.6', '2.0.1'] as OcppVersion[]) {
      const e = only(run(version, 'Heartbeat', {}, { currentTime: RECEIVED }));
      assert.deepEqual(e, { type: 'station.heartbeat', stationId: 'CS1', version, timestamp: RECEIVED });
    }
  });

  it('StatusNotification: 1.6 drops NoError, maps connector 0 to the station; 2.0.1 keeps evse and connector', () => {
    const a = only(run('1.6', 'StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: T }));
    assert.deepEqual(a, { type: 'connector.status', stationId: 'CS1', version: '1.6', timestamp: T_ISO, evseId: 0, connectorId: 0, status: 'Available' });
    const b = only(run('1.6', 'StatusNotification',
      { connectorId: 2, errorCode: 'GroundFailure', status: 'Faulted', info: 'i', vendorId: 'V', vendorErrorCode: 'E7' }));
    assert.deepEqual(b, {
      type: 'connector.status', stationId: 'CS1', version: '1.6', timestamp: RECEIVED, evseId: 2, connectorId: 2,
      status: 'Faulted', errorCode: 'GroundFailure', info: 'i', vendorErrorCode: 'E7', vendorId: 'V',
    });
    const c = only(run('2.0.1', 'StatusNotification', { timestamp: T, connectorStatus: 'Occupied', evseId: 1, connectorId: 2 }));
    assert.deepEqual(c, { type: 'connector.status', stationId: 'CS1', version: '2.0.1', timestamp: T_ISO, evseId: 1, connectorId: 2, status: 'Occupied' });
  });

  it('Authorize gives authorize.request with the answered status', () => {
    const a = only(run('1.6', 'Authorize', { idTag: 'TAG1' }, { idTagInfo: { status: 'Blocked' } }));
    assert.deepEqual([a.type, a.idTag, a.status, a.tokenType], ['authorize.request', 'TAG1', 'Blocked', undefined]);
    const b = only(run('2.0.1', 'Authorize', { idToken: { idToken: 'TOK', type: 'ISO14443' } }, { idTokenInfo: { status: 'Accepted' } }));
    assert.deepEqual([b.type, b.idTag, b.status, b.tokenType], ['authorize.request', 'TOK', 'Accepted', 'ISO14443']);
  });

  it('DataTransfer, SecurityEventNotification, firmware and log statuses', () => {
    const d = only(run('1.6', 'DataTransfer', { vendorId: 'V', messageId: 'M', data: 'x' }, { status: 'Accepted' }));
    assert.deepEqual([d.type, d.vendorId, d.messageId, d.data, d.status], ['data.transfer', 'V', 'M', 'x', 'Accepted']);
    const d2 = only(run('2.0.1', 'DataTransfer', { vendorId: 'V', data: { a: 1 } }, { status: 'UnknownVendorId' }));
    assert.deepEqual([d2.data, d2.status], [{ a: 1 }, 'UnknownVendorId']);
    for (const version of ['1.6', '2.0.1'] as OcppVersion[]) {
      const s = only(run(version, 'SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: T, techInfo: 'ok' }));
      assert.deepEqual([s.type, s.eventType, s.techInfo, s.timestamp], ['security.event', 'FirmwareUpdated', 'ok', T_ISO]);
      const l = only(run(version, 'LogStatusNotification', { status: 'Uploaded', requestId: 4 }));
      assert.deepEqual([l.type, l.status, l.requestId], ['diagnostics.status', 'Uploaded', 4]);
    }
    const f = [
      run('1.6', 'FirmwareStatusNotification', { status: 'Installed' }),
      run('1.6', 'SignedFirmwareStatusNotification', { status: 'SignatureVerified', requestId: 1 }),
      run('2.0.1', 'FirmwareStatusNotification', { status: 'Installing', requestId: 2 }),
      run('2.0.1', 'PublishFirmwareStatusNotification', { status: 'Published', requestId: 3, location: ['http://lc/fw'] }),
    ].map(only);
    assert.deepEqual(f.map((e) => [e.type, e.status, e.requestId]), [
      ['firmware.status', 'Installed', undefined], ['firmware.status', 'SignatureVerified', 1],
      ['firmware.status', 'Installing', 2], ['firmware.status', 'Published', 3],
    ]);
    const g = only(run('1.6', 'DiagnosticsStatusNotification', { status: 'Uploading' }));
    assert.deepEqual([g.type, g.status], ['diagnostics.status', 'Uploading']);
  });
});

describe('normalize: 1.6 transactions', () => {
  it('StartTransaction gives transaction.started with our transaction id as a string', () => {
    const e = only(run('1.6', 'StartTransaction', { connectorId: 1, idTag: 'T1', meterStart: 1200, timestamp: T, reservationId: 9 },
      { transactionId: 42, idTagInfo: { status: 'Accepted' } }));
    assert.deepEqual(e, {
      type: 'transaction.started', stationId: 'CS1', version: '1.6', timestamp: T_ISO, evseId: 1, connectorId: 1,
      transactionId: '42', idTag: 'T1', meterStartWh: 1200, reservationId: 9, status: 'Accepted',
    });
  });

  it('StopTransaction gives transaction.ended, reason Local by default, samples from transactionData, no evse', () => {
    const e = only(run('1.6', 'StopTransaction', {
      transactionId: 42, meterStop: 5200, timestamp: T, idTag: 'T1',
      transactionData: [mv16(T, sv16('5.2', { unit: 'kWh', context: 'Transaction.End' }))],
    }, { idTagInfo: { status: 'Accepted' } }));
    assert.deepEqual(e, {
      type: 'transaction.ended', stationId: 'CS1', version: '1.6', timestamp: T_ISO, transactionId: '42', idTag: 'T1',
      meterStopWh: 5200, reason: 'Local', samples: [{ timestamp: T_ISO, energyWh: 5200, context: 'Transaction.End' }], status: 'Accepted',
    });
    const r = only(run('1.6', 'StopTransaction', { transactionId: 1, meterStop: 0, timestamp: T, reason: 'EVDisconnected' }));
    assert.deepEqual([r.reason, r.samples], ['EVDisconnected', []]);
  });

  it('MeterValues gives meter.values, plus transaction.updated with the last sample inside a transaction', () => {
    const later = '2024-05-01T08:05:00Z';
    const [m, u] = run('1.6', 'MeterValues', {
      connectorId: 1, transactionId: 42,
      meterValue: [mv16(T, sv16('100')), mv16(later, sv16('150'), sv16('7.2', { measurand: 'Power.Active.Import', unit: 'kW' }))],
    });
    assert.deepEqual([m.type, m.transactionId, m.evseId, m.connectorId, m.timestamp], ['meter.values', '42', 1, 1, '2024-05-01T08:05:00.000Z']);
    assert.deepEqual(m.samples, [{ timestamp: T_ISO, energyWh: 100 }, { timestamp: '2024-05-01T08:05:00.000Z', energyWh: 150, powerW: 7200 }]);
    assert.deepEqual([u.type, u.transactionId, u.sample], ['transaction.updated', '42', { timestamp: '2024-05-01T08:05:00.000Z', energyWh: 150, powerW: 7200 }]);
    const mainMeter = run('1.6', 'MeterValues', { connectorId: 0, meterValue: [mv16(T, sv16('9'))] });
    assert.deepEqual(mainMeter.map((e) => [e.type, e.evseId, e.transactionId]), [['meter.values', 0, undefined]]);
  });
});

describe('normalize: 2.0.1 transactions', () => {
  const energy = (value: number, extra: Payload = {}): Payload => ({ value, ...extra });
  const base = (eventType: string, seqNo: number, extra: Payload = {}): Payload => ({
    eventType, timestamp: T, triggerReason: 'Authorized', seqNo, transactionInfo: { transactionId: 'tx-1' }, ...extra,
  });

  it('Started with idToken, evse and a start reading, plus meter.values', () => {
    const [s, m] = run('2.0.1', 'TransactionEvent', base('Started', 0, {
      idToken: { idToken: 'TOK', type: 'eMAID' }, evse: { id: 1, connectorId: 1 }, reservationId: 5, numberOfPhasesUsed: 3,
      cableMaxCurrent: 32, transactionInfo: { transactionId: 'tx-1', chargingState: 'EVConnected', remoteStartId: 77 },
      meterValue: [{ timestamp: T, sampledValue: [energy(1.5, { unitOfMeasure: { unit: 'kWh' }, context: 'Transaction.Begin' })] }],
    }), { idTokenInfo: { status: 'Accepted' } });
    assert.deepEqual(s, {
      type: 'transaction.started', stationId: 'CS1', version: '2.0.1', timestamp: T_ISO, evseId: 1, connectorId: 1,
      transactionId: 'tx-1', seqNo: 0, triggerReason: 'Authorized', chargingState: 'EVConnected', offline: false,
      idTag: 'TOK', tokenType: 'eMAID', reservationId: 5, remoteStartId: 77, numberOfPhasesUsed: 3, cableMaxCurrent: 32,
      status: 'Accepted', meterStartWh: 1500, samples: [{ timestamp: T_ISO, energyWh: 1500, context: 'Transaction.Begin' }],
    });
    assert.deepEqual([m.type, m.transactionId, m.evseId, m.samples], ['meter.values', 'tx-1', 1, s.samples]);
  });

  it('Updated carries the last sample; without meter values there is no meter.values event', () => {
    const [u, m] = run('2.0.1', 'TransactionEvent', base('Updated', 1, {
      triggerReason: 'MeterValuePeriodic', offline: true,
      meterValue: [{ timestamp: T, sampledValue: [energy(2000), energy(11, { measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } })] }],
    }));
    assert.deepEqual([u.type, u.seqNo, u.offline, u.sample, u.evseId], ['transaction.updated', 1, true, { timestamp: T_ISO, energyWh: 2000, powerW: 11000 }, undefined]);
    assert.equal(m.type, 'meter.values');
    const alone = only(run('2.0.1', 'TransactionEvent', base('Updated', 2, { triggerReason: 'ChargingStateChanged', transactionInfo: { transactionId: 'tx-1', chargingState: 'SuspendedEV' } })));
    assert.deepEqual([alone.chargingState, alone.sample, alone.samples], ['SuspendedEV', undefined, []]);
  });

  it('Ended: stoppedReason or Local, meterStopWh from the last energy sample', () => {
    const [e] = run('2.0.1', 'TransactionEvent', base('Ended', 3, {
      triggerReason: 'EVDeparted', transactionInfo: { transactionId: 'tx-1', stoppedReason: 'EVDisconnected' },
      meterValue: [
        { timestamp: T, sampledValue: [energy(2500)] },
        { timestamp: '2024-05-01T08:01:00Z', sampledValue: [energy(3.25, { unitOfMeasure: { unit: 'kWh' } }), energy(80, { measurand: 'SoC', location: 'EV', unitOfMeasure: { unit: 'Percent' } })] },
        { timestamp: '2024-05-01T08:02:00Z', sampledValue: [energy(81, { measurand: 'SoC', location: 'EV' })] },
      ],
    }));
    assert.deepEqual([e.type, e.reason, e.meterStopWh], ['transaction.ended', 'EVDisconnected', 3250]);
    const d = run('2.0.1', 'TransactionEvent', base('Ended', 4, { triggerReason: 'StopAuthorized' }));
    assert.deepEqual(d.map((x) => [x.type, x.reason, x.meterStopWh]), [['transaction.ended', 'Local', undefined]]);
  });

  it('MeterValues gives meter.values for the EVSE', () => {
    const e = only(run('2.0.1', 'MeterValues', { evseId: 0, meterValue: [{ timestamp: T, sampledValue: [energy(7)] }] }));
    assert.deepEqual([e.type, e.evseId, e.timestamp, e.samples], ['meter.values', 0, T_ISO, [{ timestamp: T_ISO, energyWh: 7 }]]);
  });
});

describe('normalize: 2.0.1 device model, smart charging, certificates, others', () => {
  it('ReservationStatusUpdate, NotifyEvent, NotifyReport, NotifyMonitoringReport', () => {
    const r = only(run('2.0.1', 'ReservationStatusUpdate', { reservationId: 3, reservationUpdateStatus: 'Expired' }));
    assert.deepEqual([r.type, r.reservationId, r.status], ['reservation.status', 3, 'Expired']);
    const n = only(run('2.0.1', 'NotifyEvent', {
      generatedAt: T, seqNo: 0, eventData: [{
        eventId: 1, timestamp: T, trigger: 'Alerting', actualValue: 'true', techCode: 'E1', cleared: false,
        eventNotificationType: 'HardWiredNotification', component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Problem' },
      }],
    }));
    assert.deepEqual([n.type, n.timestamp, n.generatedAt, n.seqNo, n.tbc], ['device.event', T_ISO, T_ISO, 0, false]);
    assert.deepEqual(n.events, [{
      eventId: 1, timestamp: T_ISO, trigger: 'Alerting', component: 'EVSE', variable: 'Problem', evseId: 1, actualValue: 'true',
      techCode: 'E1', cleared: false, eventNotificationType: 'HardWiredNotification',
    }]);
    const reportData = [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ value: '300' }] }];
    const p = only(run('2.0.1', 'NotifyReport', { requestId: 8, generatedAt: T, seqNo: 1, tbc: true, reportData }));
    assert.deepEqual([p.type, p.requestId, p.seqNo, p.tbc, p.data], ['device.report', 8, 1, true, reportData]);
    const monitor = [{ component: { name: 'EVSE' }, variable: { name: 'Power' }, variableMonitoring: [{ id: 1, transaction: false, value: 5, type: 'Delta', severity: 5 }] }];
    const q = only(run('2.0.1', 'NotifyMonitoringReport', { requestId: 9, generatedAt: T, seqNo: 0, monitor }));
    assert.deepEqual([q.type, q.requestId, q.tbc, q.data], ['device.report', 9, false, monitor]);
  });

  it('charging limits and EV charging needs', () => {
    const schedule = { id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] };
    const l = only(run('2.0.1', 'NotifyChargingLimit', { evseId: 1, chargingLimit: { chargingLimitSource: 'SO', isGridCritical: true }, chargingSchedule: [schedule] }));
    assert.deepEqual([l.type, l.source, l.cleared, l.evseId, l.schedules], ['charging.limit', 'SO', false, 1, [schedule]]);
    const c = only(run('2.0.1', 'ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 2 }));
    assert.deepEqual([c.type, c.source, c.cleared, c.evseId], ['charging.limit', 'EMS', true, 2]);
    const n = only(run('2.0.1', 'NotifyEVChargingNeeds', { evseId: 1, chargingNeeds: {
      requestedEnergyTransfer: 'DC', departureTime: T, dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 800, stateOfCharge: 20, energyAmount: 40000 },
    } }, { status: 'Accepted' }));
    assert.deepEqual([n.type, n.evseId, n.requestedEnergyTransfer, n.departureTime, n.socPercent, n.energyAmountWh, n.evMaxVoltageV],
      ['charging.needs', 1, 'DC', T_ISO, 20, 40000, 800]);
    const s = only(run('2.0.1', 'NotifyEVChargingSchedule', { timeBase: T, evseId: 1, chargingSchedule: schedule }, { status: 'Accepted' }));
    assert.deepEqual([s.type, s.action, s.timeBase, s.schedule], ['charging.needs', 'NotifyEVChargingSchedule', T_ISO, schedule]);
  });

  it('certificate requests keep their fields under the action name', () => {
    const a = only(run('1.6', 'SignCertificate', { csr: 'CSR' }, { status: 'Accepted' }));
    assert.deepEqual([a.type, a.action, a.csr], ['certificate.request', 'SignCertificate', 'CSR']);
    const b = only(run('2.0.1', 'Get15118EVCertificate', { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'EXI' },
      { status: 'Accepted', exiResponse: 'R' }));
    assert.deepEqual([b.action, b.certificateAction, b.exiRequest], ['Get15118EVCertificate', 'Install', 'EXI']);
    const ocspRequestData = { hashAlgorithm: 'SHA256', issuerNameHash: 'a', issuerKeyHash: 'b', serialNumber: 'c', responderURL: 'http://o' };
    const c = only(run('2.0.1', 'GetCertificateStatus', { ocspRequestData }, { status: 'Accepted' }));
    assert.deepEqual([c.action, c.ocspRequestData], ['GetCertificateStatus', ocspRequestData]);
    const d = only(run('2.0.1', 'SignCertificate', { csr: 'CSR2', certificateType: 'V2GCertificate' }, { status: 'Accepted' }));
    assert.deepEqual([d.action, d.certificateType], ['SignCertificate', 'V2GCertificate']);
  });

  it('anything else becomes a message event with the request', () => {
    const request = { requestId: 1, seqNo: 0, generatedAt: T, data: 'x' };
    const e = only(run('2.0.1', 'NotifyCustomerInformation', request));
    assert.deepEqual(e, { type: 'message', stationId: 'CS1', version: '2.0.1', timestamp: RECEIVED, action: 'NotifyCustomerInformation', payload: request });
    assert.equal(only(normalizeCall({ stationId: 'CS1', version: '1.6', action: 'constructor', request: {}, response: {}, receivedAt: RECEIVED })).type, 'message');
  });
});

describe('normalize: meter samples', () => {
  it('converts kWh, kW and 2.0.1 multipliers', () => {
    assert.deepEqual(samples16(sv16('12.345', { unit: 'kWh' }), sv16('3.7', { measurand: 'Power.Active.Import', unit: 'kW' })),
      [{ timestamp: T_ISO, energyWh: 12345, powerW: 3700 }]);
    assert.deepEqual(samples201({ value: 1234, unitOfMeasure: { unit: 'Wh', multiplier: -3 } }, { value: 2, measurand: 'Power.Offered', unitOfMeasure: { unit: 'kW', multiplier: 1 } }),
      [{ timestamp: T_ISO, energyWh: 1.234, powerOfferedW: 20000 }]);
    assert.deepEqual(samples201({ value: 5, measurand: 'Power.Reactive.Import', unitOfMeasure: { unit: 'kvar' } }), [{ timestamp: T_ISO, reactivePowerVar: 5000 }]);
  });

  it('sums phases of current and power, averages voltage, prefers a total when given', () => {
    const phases = ['L1', 'L2', 'L3'];
    const current = phases.map((phase, i) => sv16(String(10 + i), { measurand: 'Current.Import', phase, unit: 'A' }));
    const power = phases.map((phase) => sv16('2.3', { measurand: 'Power.Active.Import', phase: `${phase}-N`, unit: 'kW' }));
    const voltage = phases.map((phase, i) => sv16(String(229 + i), { measurand: 'Voltage', phase: `${phase}-N`, unit: 'V' }));
    const neutral = sv16('4', { measurand: 'Current.Import', phase: 'N', unit: 'A' });
    assert.deepEqual(samples16(...current, neutral, ...power, ...voltage), [{ timestamp: T_ISO, currentA: 33, powerW: 6900, voltageV: 230 }]);
    assert.deepEqual(samples16(...current, sv16('31', { measurand: 'Current.Import' })), [{ timestamp: T_ISO, currentA: 31 }]);
    const lineToLine = sv16('400', { measurand: 'Voltage', phase: 'L1-L2' });
    assert.deepEqual(samples201({ value: 16, measurand: 'Current.Import', phase: 'L1' }, { value: 400, measurand: 'Voltage', phase: 'L1-L2' }),
      [{ timestamp: T_ISO, currentA: 16, voltageV: 400 }]);
    assert.deepEqual(samples16(lineToLine, voltage[0]), [{ timestamp: T_ISO, voltageV: 229 }]);
  });

  it('reads temperatures in Celsius, Celcius, Fahrenheit and K', () => {
    const t = (value: string, unit: string) => samples16(sv16(value, { measurand: 'Temperature', unit, location: 'Body' }))[0]?.temperatureC;
    assert.deepEqual([t('21.5', 'Celsius'), t('21.5', 'Celcius'), t('212', 'Fahrenheit'), t('300', 'K')], [21.5, 21.5, 100, 26.85]);
  });

  it('skips SignedData, unparsable values and mismatched units, never yielding NaN', () => {
    assert.deepEqual(samples16(sv16('ABCDEF==', { format: 'SignedData' }), sv16('42', { format: 'Raw' })), [{ timestamp: T_ISO, energyWh: 42 }]);
    assert.deepEqual(samples16(sv16('n/a'), sv16(''), sv16('0x10'), sv16('5', { measurand: 'Power.Active.Import', unit: 'A' })), []);
    assert.deepEqual(samples16(sv16('oops', { measurand: 'SoC' }), sv16('55', { measurand: 'SoC', location: 'EV', unit: 'Percent' })), [{ timestamp: T_ISO, socPercent: 55 }]);
  });

  it('prefers Outlet over other locations and merges entries of the same instant', () => {
    const inlet = sv16('900', { location: 'Inlet' });
    assert.deepEqual(samples16(inlet, sv16('800')), [{ timestamp: T_ISO, energyWh: 800 }]);
    assert.deepEqual(samples16(inlet), [{ timestamp: T_ISO, energyWh: 900 }]);
    const merged = normalizeSampledValues('1.6', [
      mv16(T, sv16('1', { context: 'Sample.Clock' })), mv16('2024-05-01T08:00:00Z', sv16('12', { measurand: 'Current.Import' })),
    ]);
    assert.deepEqual(merged, [{ timestamp: T_ISO, energyWh: 1, currentA: 12, context: 'Sample.Clock' }]);
  });
});
