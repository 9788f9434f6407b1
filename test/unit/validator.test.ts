import assert from 'node:assert/strict';
import { sharedValidator } from '../../lib/ocpp/validator';
import { actionsSentBy, allActions } from '../../lib/ocpp/actions';
import { closedObjects } from '../../lib/ocpp/rules16';

const v = sharedValidator();
const ts = '2024-05-01T08:00:00.000Z';

describe('schema validation', () => {
  it('knows all 28 + 11 OCPP 1.6 actions and all 64 OCPP 2.0.1 actions', () => {
    assert.equal(allActions('1.6').length, 39);
    assert.equal(allActions('2.0.1').length, 64);
    assert.ok(actionsSentBy('1.6', 'station').has('DataTransfer') && actionsSentBy('1.6', 'csms').has('DataTransfer'));
  });

  it('maps schema failures to the OCPP-J error codes', () => {
    assert.equal(v.validate('1.6', 'Authorize', 'req', {})?.code, 'OccurrenceConstraintViolation');
    assert.equal(v.validate('1.6', 'Authorize', 'req', { idTag: 5 })?.code, 'TypeConstraintViolation');
    assert.equal(v.validate('1.6', 'Authorize', 'req', { idTag: 'x'.repeat(21) })?.code, 'PropertyConstraintViolation');
    assert.equal(v.validate('1.6', 'Authorize', 'req', { idTag: 'a', extra: 1 })?.code, 'FormatViolation');
    assert.equal(v.validate('2.0.1', 'Reset', 'req', { type: 'Sometime' })?.code, 'PropertyConstraintViolation');
    assert.equal(v.validate('1.6', 'Nope', 'req', {})?.code, 'NotImplemented');
  });

  describe('our 1.6 rule layer (OCA rules the package misses)', () => {
    it('applies the OCA BootNotification limits', () => {
      assert.equal(v.validate('1.6', 'BootNotification', 'req', { chargePointVendor: 'v'.repeat(20), chargePointModel: 'm' }), undefined);
      const failure = v.validate('1.6', 'BootNotification', 'req', { chargePointVendor: 'v'.repeat(21), chargePointModel: 'm' });
      assert.equal(failure?.code, 'PropertyConstraintViolation');
      assert.equal(failure?.issues[0].path, '/chargePointVendor');
      assert.ok(v.validate('1.6', 'BootNotification', 'req', { chargePointVendor: 'v', chargePointModel: 'm', firmwareVersion: 'f'.repeat(51) }));
    });

    it('requires integers where OCA does', () => {
      assert.ok(v.validate('1.6', 'BootNotification', 'conf', { status: 'Accepted', currentTime: ts, interval: 1.5 }));
      assert.ok(v.validate('1.6', 'UpdateFirmware', 'req', { location: 'ftp://x/y', retrieveDate: ts, retries: 1.5 }));
    });

    it('refuses the transactionId the package adds to StartTransaction', () => {
      const base = { connectorId: 1, idTag: 'a', meterStart: 0, timestamp: ts };
      assert.equal(v.validate('1.6', 'StartTransaction', 'req', base), undefined);
      assert.equal(v.validate('1.6', 'StartTransaction', 'req', { ...base, transactionId: 3 })?.code, 'FormatViolation');
    });

    it('closes nested objects', () => {
      const mv = (sv: Record<string, unknown>) => ({ connectorId: 1, meterValue: [{ timestamp: ts, sampledValue: [sv] }] });
      assert.equal(v.validate('1.6', 'MeterValues', 'req', mv({ value: '1' })), undefined);
      assert.equal(v.validate('1.6', 'MeterValues', 'req', mv({ value: '1', extra: true }))?.code, 'FormatViolation');
      assert.deepEqual(closedObjects({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }), undefined);
      assert.ok(v.validate('1.6', 'GetConfiguration', 'conf', { configurationKey: [{ key: 'k', readonly: true, value: 'x'.repeat(501) }] }));
    });

    it('accepts both spellings the 1.6 errata allows for Celsius', () => {
      for (const unit of ['Celsius', 'Celcius']) {
        assert.equal(v.validate('1.6', 'MeterValues', 'req', { connectorId: 1, meterValue: [{ timestamp: ts, sampledValue: [{ value: '21', measurand: 'Temperature', unit }] }] }), undefined);
      }
    });
  });

  it('accepts lenient timestamps in date-time fields', () => {
    assert.equal(v.validate('2.0.1', 'Heartbeat', 'conf', { currentTime: '2024-05-01T10:00:00+0200' }), undefined);
    assert.equal(v.validate('2.0.1', 'Heartbeat', 'conf', { currentTime: 'later' })?.code, 'PropertyConstraintViolation');
  });
});
