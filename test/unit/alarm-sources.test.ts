import assert from 'node:assert/strict';
import { alarmsOfEvent, handshakeAlarm } from '../../lib/alarms/sources';
import { conditionsOfMessage } from '../../lib/alarms/flow-sources';
import type { OcppEvent } from '../../lib/ocpp/events';

const at = '2026-12-01T08:00:00.000Z';
const event = (type: string, fields: Record<string, unknown> = {}, version: '1.6' | '2.0.1' = '1.6'): OcppEvent =>
  ({ type, stationId: 'CP1', version, timestamp: at, ...fields }) as OcppEvent;
const conditions = (e: OcppEvent) => alarmsOfEvent(e).conditions;

describe('alarms: what stations say', () => {
  it('a connector faulted (1.6 and 2.0.1), a 1.6 warning, and their end', () => {
    const [f16] = conditions(event('connector.status', { evseId: 2, connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', info: 'RCD', vendorErrorCode: 'E12' }));
    assert.deepEqual(f16, {
      type: 'fault', stationId: 'CP1', evseId: 2, at, active: true, priority: 2, message: 'connector 2 faulted: GroundFailure', connectorId: 2,
      errorCode: 'GroundFailure', info: 'RCD', vendorErrorCode: 'E12',
    });
    const [warning] = conditions(event('connector.status', { evseId: 1, status: 'Charging', errorCode: 'HighTemperature' }));
    assert.deepEqual([warning.active, warning.priority, warning.message], [true, 4, 'connector 1 warning: HighTemperature']);
    const [f201] = conditions(event('connector.status', { evseId: 1, connectorId: 1, status: 'Faulted' }, '2.0.1'));
    assert.deepEqual([f201.active, f201.message], [true, 'connector 1 faulted']);
    assert.deepEqual(conditions(event('connector.status', { evseId: 1, status: 'Available' })), [{ type: 'fault', stationId: 'CP1', evseId: 1, at, active: false }]);
    assert.equal(conditions(event('connector.status', { evseId: 0, status: 'Faulted', errorCode: 'PowerSwitchFailure' }))[0].message, 'station faulted: PowerSwitchFailure');
  });

  it('a lost connection is one alarm and suppresses the station\'s others until it is back', () => {
    assert.deepEqual(alarmsOfEvent(event('station.disconnected')), {
      conditions: [{ stationId: 'CP1', at, type: 'communication', active: true, message: 'connection lost' }], suppressStation: true,
    });
    assert.deepEqual(alarmsOfEvent(event('station.connected')), { conditions: [{ stationId: 'CP1', at, type: 'communication', active: false }], suppressStation: false });
  });

  it('momentary: a rejected boot, a security event, a transaction gap, a refused handshake', () => {
    assert.deepEqual(conditions(event('station.booted', { status: 'Accepted', vendor: 'V', model: 'M' })), []);
    const [boot] = conditions(event('station.booted', { status: 'Rejected', vendor: 'V', model: 'M' }));
    assert.deepEqual([boot.type, boot.momentary, boot.message], ['boot', true, 'boot rejected (V M)']);
    const [security] = conditions(event('security.event', { eventType: 'TamperDetectionActivated', techInfo: 'lid' }, '2.0.1'));
    assert.deepEqual([security.code, security.momentary, security.info], ['TamperDetectionActivated', true, 'lid']);
    const [gap] = conditions(event('transaction.gap', { transactionId: 'tx9', expectedSeqNo: 3, receivedSeqNo: 5, missing: 2 }, '2.0.1'));
    assert.deepEqual([gap.code, gap.message], ['tx9', 'transaction tx9: 2 message(s) missing (seqNo 3 expected, 5 received)']);
    assert.deepEqual(handshakeAlarm({ identity: 'CP7', remoteAddress: '10.0.0.7', status: 401, reason: 'bad password' }), {
      type: 'authentication', stationId: 'CP7', active: true, momentary: true, message: 'connection refused (401): bad password', info: '10.0.0.7',
    });
  });

  it('a firmware update or a diagnostics upload that fails, until one succeeds; idle says nothing', () => {
    const firmware = (status: string) => conditions(event('firmware.status', { status }));
    assert.deepEqual(firmware('InstallationFailed').map((c) => [c.type, c.active, c.message]), [['firmware', true, 'firmware update failed: InstallationFailed']]);
    assert.equal(firmware('InvalidSignature')[0].active, true);
    assert.equal(firmware('Installed')[0].active, false);
    assert.deepEqual(firmware('Idle'), []);
    const diagnostics = (status: string) => conditions(event('diagnostics.status', { status }, '2.0.1'));
    assert.equal(diagnostics('UploadFailure')[0].active, true);
    assert.equal(diagnostics('Uploaded')[0].active, false);
  });

  it('a 2.0.1 problem or monitor from NotifyEvent, each component and variable its own alarm, and its end', () => {
    const notify = (events: unknown[]) => conditions(event('device.event', { events }, '2.0.1'));
    const [problem, monitor, plain] = [
      { component: 'Connector', variable: 'Problem', evseId: 1, actualValue: 'true', trigger: 'Delta', techCode: 'X1', eventNotificationType: 'HardWiredNotification' },
      { component: 'TemperatureSensor', componentInstance: 'inlet', variable: 'Temperature', actualValue: '92', trigger: 'Alerting', eventNotificationType: 'CustomMonitor' },
      { component: 'Connector', variable: 'AvailabilityState', actualValue: 'Available', trigger: 'Delta', eventNotificationType: 'HardWiredNotification' },
    ];
    const found = notify([problem, monitor, plain]);
    assert.deepEqual(found.map((c) => [c.code, c.evseId, c.active, c.message]), [
      ['Connector.Problem', 1, true, 'Connector.Problem = true'], ['TemperatureSensor.Temperature(inlet)', 0, true, 'TemperatureSensor.Temperature(inlet) = 92'],
    ]);
    assert.equal(found[0].info, 'X1');
    assert.deepEqual(notify([{ ...problem, actualValue: 'false' }, { ...monitor, cleared: true }]).map((c) => c.active), [false, false]);
  });
});

describe('alarms: what flows pass on', () => {
  const brief = (p: Record<string, unknown>) => {
    const found = conditionsOfMessage(p);
    assert.ok(Array.isArray(found), String(found));
    return found.map((c) => `${c.type} ${c.stationId ?? '-'} ${c.code ?? ''} ${c.active}${c.message ? `: ${c.message}` : ''}`);
  };

  it('evc-continuity: a stall until it recovers, and a failed recovery', () => {
    const stall = { stationId: 'CP1', evseId: 1, transactionId: 'T7', timestamp: at };
    assert.deepEqual(brief({ ...stall, type: 'stall.detected' }), ['stalled CP1 T7 true: transaction T7 stalled: an EV is plugged in but no energy flows']);
    assert.deepEqual(brief({ ...stall, type: 'stall.recovered' }), ['stalled CP1 T7 false']);
    assert.deepEqual(brief({ ...stall, type: 'stall.recoveryFailed', error: 'Rejected' }), ['recovery CP1 T7 true: stalled transaction T7 not recovered: Rejected']);
  });

  it('evc-planner: a vehicle at risk until it is not', () => {
    assert.deepEqual(brief({ objective: 'peak', vehicles: [{ id: 'bus1', lifecycle: 'at risk', shortfallKwh: 12, reason: 'leaves too early' }, { id: 'bus2', lifecycle: 'planned' }] }), [
      'planning - bus1 true: vehicle bus1 will leave 12 kWh short: leaves too early', 'planning - bus2 false',
    ]);
  });

  it('evc-power-allocator: an EVSE left without its minimum until it gets power again', () => {
    const allocation = { evses: [{ id: 'CP1/1', limitA: 0 }, { id: 'CP2/1', limitA: 16 }], leftOut: [{ id: 'CP1/1', reason: 'its minimum of 6 A does not fit: site has 2 A left for it' }], groups: [], changes: [] };
    assert.deepEqual(brief(allocation), ['allocation - CP1/1 true: EVSE CP1/1 left without power: its minimum of 6 A does not fit: site has 2 A left for it', 'allocation - CP2/1 false']);
    assert.deepEqual(brief({ ...allocation, leftOut: [] }), ['allocation - CP1/1 false', 'allocation - CP2/1 false']);
  });
});
