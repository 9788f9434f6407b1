import assert from 'node:assert/strict';
import { CallError, OcppVersion } from '../../lib/ocpp/errors';
import { sharedValidator } from '../../lib/ocpp/validator';
import { CommandContext, NEUTRAL_COMMANDS, NeutralCommand, profileFromOcpp, profileToOcpp, translateCommand } from '../../lib/ocpp/commands';

type Obj = Record<string, unknown>;
const AT = '2026-03-01T08:00:00.000Z';
const LATER = '2026-03-01T20:00:00.000Z';
const periods = [{ start: 0, limit: 16, phases: 3 }, { start: 3600, limit: 32.5 }, { start: 7200, limit: 10, phases: 1, phaseToUse: 2 }];
const neutralProfile = {
  id: 7, stackLevel: 1, purpose: 'TxDefault', kind: 'Recurring', recurrency: 'Daily', validFrom: AT, validTo: LATER,
  schedule: { startSchedule: AT, duration: 86400, unit: 'A', minRate: 6, periods },
};
const txProfile = { id: 3, stackLevel: 0, kind: 'Relative', schedule: { unit: 'W', periods: [{ start: 0, limit: 7400 }] } };
const schedule = (extra: Obj) => ({ ...neutralProfile, schedule: { ...neutralProfile.schedule, ...extra } });

/** Every command, with all its parameters and with the fewest, as flows send them; some with a context. */
const CASES: Record<string, [NeutralCommand, CommandContext?]> = {
  'remoteStart minimal': [{ command: 'remoteStart', idTag: 'TAG1' }],
  'remoteStart full': [{ command: 'remoteStart', evseId: 2, idTag: 'TAG1', idTokenType: 'ISO14443', remoteStartId: 44, chargingProfile: txProfile }],
  'remoteStop by id': [{ command: 'remoteStop', transactionId: '123' }],
  'remoteStop by connector': [{ command: 'remoteStop', connectorId: 2 }, { openTransactions: [{ transactionId: '9', connectorId: 1 }, { transactionId: '10', connectorId: 2 }] }],
  'reset default': [{ command: 'reset' }],
  'reset hard': [{ command: 'reset', type: 'Hard' }],
  'changeAvailability station': [{ command: 'changeAvailability', available: false }],
  'changeAvailability evse': [{ command: 'changeAvailability', evseId: 1, connectorId: 1, type: 'Operative' }],
  unlockConnector: [{ command: 'unlockConnector', connectorId: 1 }],
  clearCache: [{ command: 'clearCache' }],
  'getConfiguration all': [{ command: 'getConfiguration' }],
  'getConfiguration keys': [{ command: 'getConfiguration', keys: ['HeartbeatInterval', 'OCPPCommCtrlr.WebSocketPingInterval', { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }] }],
  changeConfiguration: [{ command: 'changeConfiguration', key: 'MeterValueSampleInterval', value: 60 }],
  'changeConfiguration settings': [{ command: 'changeConfiguration', settings: [{ key: 'LocalAuthListEnabled', value: true }] }],
  triggerMessage: [{ command: 'triggerMessage', message: 'StatusNotification', connectorId: 1 }],
  'triggerMessage diagnostics': [{ command: 'triggerMessage', message: 'DiagnosticsStatusNotification' }],
  dataTransfer: [{ command: 'dataTransfer', vendorId: 'com.example', messageId: 'Ping', data: { a: 1 } }],
  'setChargingProfile neutral': [{ command: 'setChargingProfile', connectorId: 1, profile: neutralProfile }],
  'setChargingProfile station': [{ command: 'setChargingProfile', profile: { ...neutralProfile, purpose: 'StationMax' } }],
  'setChargingProfile tx': [{ command: 'setChargingProfile', evseId: 1, profile: { ...neutralProfile, purpose: 'Tx', kind: 'Absolute', recurrency: undefined, transactionId: '55' } }],
  'clearChargingProfile all': [{ command: 'clearChargingProfile' }],
  'clearChargingProfile criteria': [{ command: 'clearChargingProfile', id: 7, connectorId: 1, purpose: 'TxDefault', stackLevel: 1 }],
  getCompositeSchedule: [{ command: 'getCompositeSchedule', evseId: 1, duration: 3600, unit: 'W' }],
  reserveNow: [{ command: 'reserveNow', connectorId: 1, expiryDate: LATER, idTag: 'TAG1', reservationId: 3, parentIdTag: 'GROUP' }],
  'reserveNow generated id': [{ command: 'reserveNow', expiryDate: LATER, idTag: 'TAG1' }, { nextId: () => 12 }],
  cancelReservation: [{ command: 'cancelReservation', reservationId: 3 }],
  'getDiagnostics minimal': [{ command: 'getDiagnostics', location: 'ftp://logs.example.com/up' }],
  'getDiagnostics full': [{ command: 'getDiagnostics', location: 'https://logs.example.com/up', startTime: AT, stopTime: LATER, retries: 2, retryInterval: 30, requestId: 5 }],
  'updateFirmware minimal': [{ command: 'updateFirmware', location: 'https://fw.example.com/1.2.bin' }],
  'updateFirmware signed': [{ command: 'updateFirmware', location: 'https://fw.example.com/1.2.bin', retrieveDate: AT, installDate: LATER, retries: 1, retryInterval: 60, requestId: 8, signingCertificate: 'PEM', signature: 'c2ln' }],
  'sendLocalList empty': [{ command: 'sendLocalList', listVersion: 1, updateType: 'Full' }],
  'sendLocalList entries': [{ command: 'sendLocalList', listVersion: 2, updateType: 'Differential', entries: [{ idTag: 'A' }, { idTag: 'B', status: 'Blocked' }, { idTag: 'C', status: 'ConcurrentTx', expiryDate: LATER, parentIdTag: 'G', tokenType: 'KeyCode' }] }],
  getLocalListVersion: [{ command: 'getLocalListVersion' }],
};

const variable = (component: string, name: string) => ({ component: { name: component }, variable: { name } });
const pay = (version: OcppVersion, cmd: NeutralCommand, ctx?: CommandContext): Obj => translateCommand(version, cmd, ctx).payload;
const payOf = (version: OcppVersion, title: string): Obj => pay(version, ...CASES[title]);

/** Asserts a ValidationFailed CallError whose message matches. */
function refused(version: OcppVersion, cmd: NeutralCommand, pattern: RegExp, ctx?: CommandContext): void {
  assert.throws(() => translateCommand(version, cmd, ctx), (e: unknown) => {
    assert.ok(e instanceof CallError, `expected a CallError, got ${String(e)}`);
    assert.equal(e.code, 'ValidationFailed');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('neutral commands', function () {
  before(function () {
    this.timeout(30000);
    sharedValidator();
  });
  describe('every translation passes the OCA schema', () => {
    for (const version of ['1.6', '2.0.1'] as OcppVersion[]) {
      for (const [title, [cmd, ctx]] of Object.entries(CASES)) {
        it(`${title} on ${version}`, () => {
          const out = translateCommand(version, cmd, ctx);
          const failure = sharedValidator().validate(version, out.action, 'req', out.payload);
          assert.equal(failure, undefined, `${out.action} ${JSON.stringify(out.payload)}: ${failure?.message}`);
        });
      }
    }
    it('covers every command', () => {
      const tested = new Set(Object.values(CASES).map(([cmd]) => cmd.command));
      assert.deepEqual(NEUTRAL_COMMANDS.filter((n) => !tested.has(n)), []);
      assert.equal(NEUTRAL_COMMANDS.length, 19);
    });
  });
  describe('transactions', () => {
    it('maps remoteStart per version', () => {
      assert.deepEqual(translateCommand('1.6', { command: 'remoteStart', evseId: 2, idTag: 'T' }), { action: 'RemoteStartTransaction', payload: { connectorId: 2, idTag: 'T' } });
      const start201 = translateCommand('2.0.1', { command: 'remoteStart', connectorId: '2', idTag: 'T' }, { nextId: () => 17 });
      assert.deepEqual(start201, { action: 'RequestStartTransaction', payload: { evseId: 2, idToken: { idToken: 'T', type: 'Central' }, remoteStartId: 17 } });
      assert.equal(pay('2.0.1', { command: 'remoteStart', idTag: 'T' }).remoteStartId, 1);
    });
    it('gives the remote start profile the TxProfile purpose', () => {
      assert.equal((payOf('1.6', 'remoteStart full').chargingProfile as Obj).chargingProfilePurpose, 'TxProfile');
      assert.equal((payOf('2.0.1', 'remoteStart full').chargingProfile as Obj).chargingProfilePurpose, 'TxProfile');
      refused('1.6', { command: 'remoteStart', idTag: 'T', chargingProfile: neutralProfile }, /must be a TxProfile/);
    });
    it('finds the transaction to stop', () => {
      const ctx16 = { openTransactions: [{ transactionId: '41', evseId: 1, connectorId: 1 }, { transactionId: '42', evseId: 2, connectorId: 2 }] };
      assert.deepEqual(pay('1.6', { command: 'remoteStop', connectorId: 2 }, ctx16), { transactionId: 42 });
      assert.deepEqual(pay('1.6', { command: 'remoteStop', evseId: '1' }, ctx16), { transactionId: 41 });
      const ctx = { openTransactions: [{ transactionId: '41', evseId: 1, connectorId: 1 }, { transactionId: '42', evseId: 2, connectorId: 1 }] };
      assert.deepEqual(pay('2.0.1', { command: 'remoteStop', evseId: 1 }, ctx), { transactionId: '41' });
      assert.deepEqual(pay('2.0.1', { command: 'remoteStop', evseId: 2, connectorId: 1 }, ctx), { transactionId: '42' });
      const only = { openTransactions: [{ transactionId: 'abc-1' }] };
      assert.deepEqual(translateCommand('2.0.1', { command: 'remoteStop' }, only), { action: 'RequestStopTransaction', payload: { transactionId: 'abc-1' } });
      refused('1.6', { command: 'remoteStop' }, /2 open transactions/, ctx);
      refused('1.6', { command: 'remoteStop', connectorId: 3 }, /no open transaction on connector 3/, ctx);
      refused('1.6', { command: 'remoteStop' }, /no open transaction/);
      refused('1.6', { command: 'remoteStop' }, /integer on OCPP 1.6/, only);
    });
  });
  describe('station control', () => {
    it('maps reset types both ways', () => {
      assert.deepEqual(pay('1.6', { command: 'reset', type: 'Immediate' }), { type: 'Hard' });
      assert.deepEqual(pay('1.6', { command: 'reset', type: 'OnIdle' }), { type: 'Soft' });
      assert.deepEqual(pay('2.0.1', { command: 'reset', evseId: 2 }), { type: 'OnIdle', evseId: 2 });
      assert.deepEqual(pay('2.0.1', { command: 'reset', type: 'hard' }), { type: 'Immediate' });
      refused('1.6', { command: 'reset', evseId: 2 }, /whole station/);
    });
    it('addresses availability to the station or one EVSE', () => {
      assert.deepEqual(pay('1.6', { command: 'changeAvailability', available: 'false' }), { connectorId: 0, type: 'Inoperative' });
      assert.deepEqual(pay('2.0.1', { command: 'changeAvailability', available: true }), { operationalStatus: 'Operative' });
      assert.deepEqual(pay('2.0.1', { command: 'changeAvailability', connectorId: 2, type: 'Inoperative' }), { operationalStatus: 'Inoperative', evse: { id: 2 } });
      assert.deepEqual(payOf('2.0.1', 'changeAvailability evse'), { operationalStatus: 'Operative', evse: { id: 1, connectorId: 1 } });
      refused('1.6', { command: 'changeAvailability' }, /available or type is required/);
    });
    it('fills in unlockConnector numbers on 2.0.1', () => {
      assert.deepEqual(pay('2.0.1', { command: 'unlockConnector', evseId: 3 }), { evseId: 3, connectorId: 1 });
      assert.deepEqual(pay('2.0.1', { command: 'unlockConnector', connectorId: 2 }), { evseId: 2, connectorId: 2 });
      assert.deepEqual(pay('1.6', { command: 'unlockConnector', evseId: 3 }), { connectorId: 3 });
      refused('1.6', { command: 'unlockConnector' }, /connectorId is required/);
    });
  });
  describe('configuration keys', () => {
    it('maps well-known 1.6 keys to 2.0.1 variables', () => {
      const out = translateCommand('2.0.1', { command: 'getConfiguration', keys: 'HeartbeatInterval, MeterValuesSampledData,Vendor.Thing' });
      assert.equal(out.action, 'GetVariables');
      assert.deepEqual(out.payload.getVariableData, [variable('OCPPCommCtrlr', 'HeartbeatInterval'), variable('SampledDataCtrlr', 'TxUpdatedMeasurands'), variable('Vendor', 'Thing')]);
      const ref = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power', instance: 'x' }, attributeType: 'maxset' };
      assert.deepEqual(pay('2.0.1', { command: 'getConfiguration', keys: [ref] }), { getVariableData: [{ ...ref, attributeType: 'MaxSet' }] });
    });
    it('maps 2.0.1 variables back to 1.6 keys', () => {
      const keys = ['TxCtrlr.EVConnectionTimeOut', { component: { name: 'AuthCacheCtrlr' }, variable: 'Enabled' }, 'VendorKey'];
      assert.deepEqual(pay('1.6', { command: 'getConfiguration', keys }), { key: ['ConnectionTimeOut', 'AuthorizationCacheEnabled', 'VendorKey'] });
      assert.deepEqual(translateCommand('1.6', { command: 'getConfiguration' }), { action: 'GetConfiguration', payload: {} });
      refused('1.6', { command: 'getConfiguration', keys: [{ component: 'X', variable: 'Y' }] }, /X\.Y has no OCPP 1.6/);
      refused('2.0.1', { command: 'getConfiguration', keys: ['Unmapped'] }, /Component\.Variable/);
    });
    it('asks for the configuration report when no key is named on 2.0.1', () => {
      const report = translateCommand('2.0.1', { command: 'getConfiguration' }, { nextId: () => 9 });
      assert.deepEqual(report, { action: 'GetBaseReport', payload: { requestId: 9, reportBase: 'ConfigurationInventory' } });
    });
    it('stringifies values and maps keys when changing configuration', () => {
      assert.deepEqual(pay('1.6', { command: 'changeConfiguration', key: 'OCPPCommCtrlr.HeartbeatInterval', value: 300 }), { key: 'HeartbeatInterval', value: '300' });
      const measurands = ['Energy.Active.Import.Register', 'Power.Active.Import'];
      const settings = [{ key: 'StopTransactionOnEVSideDisconnect', value: false }, { key: 'MeterValuesSampledData', value: measurands }];
      assert.deepEqual(pay('2.0.1', { command: 'changeConfiguration', settings }).setVariableData, [
        { ...variable('TxCtrlr', 'StopTxOnEVSideDisconnect'), attributeValue: 'false' },
        { ...variable('SampledDataCtrlr', 'TxUpdatedMeasurands'), attributeValue: measurands.join(',') },
      ]);
    });
    it('refuses two settings on 1.6 and a missing value', () => {
      refused('1.6', { command: 'changeConfiguration', settings: [{ key: 'A', value: '1' }, { key: 'B', value: '2' }] }, /one key per request, got 2/);
      refused('1.6', { command: 'changeConfiguration', key: 'A' }, /value is required/);
      refused('2.0.1', { command: 'changeConfiguration', settings: [{ key: 'A.B' }] }, /settings\[0\]\.value is required/);
    });
  });
  describe('messages', () => {
    it('renames triggered messages between versions', () => {
      const trigger = (version: OcppVersion, message: string) => pay(version, { command: 'triggerMessage', message }).requestedMessage;
      assert.equal(trigger('2.0.1', 'DiagnosticsStatusNotification'), 'LogStatusNotification');
      assert.equal(trigger('2.0.1', 'StopTransaction'), 'TransactionEvent');
      assert.equal(trigger('1.6', 'LogStatusNotification'), 'DiagnosticsStatusNotification');
      assert.deepEqual(pay('2.0.1', { command: 'triggerMessage', message: 'MeterValues', evseId: 1 }), { requestedMessage: 'MeterValues', evse: { id: 1 } });
      refused('1.6', { command: 'triggerMessage', message: 'TransactionEvent' }, /cannot be triggered on OCPP 1.6/);
    });
    it('sends DataTransfer data as text on 1.6 only', () => {
      assert.equal(pay('1.6', { command: 'dataTransfer', vendorId: 'v', data: { a: 1 } }).data, '{"a":1}');
      assert.deepEqual(pay('2.0.1', { command: 'dataTransfer', vendorId: 'v', data: { a: 1 } }).data, { a: 1 });
      refused('2.0.1', { command: 'dataTransfer' }, /vendorId is required/);
    });
  });
  describe('charging profiles', () => {
    it('converts a neutral profile to each version', () => {
      const periods16 = [{ startPeriod: 0, limit: 16, numberPhases: 3 }, { startPeriod: 3600, limit: 32.5 }, { startPeriod: 7200, limit: 10, numberPhases: 1 }];
      assert.deepEqual(payOf('1.6', 'setChargingProfile neutral'), {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', validFrom: AT, validTo: LATER,
          chargingSchedule: { duration: 86400, startSchedule: AT, chargingRateUnit: 'A', minChargingRate: 6, chargingSchedulePeriod: periods16 },
        },
      });
      const station = payOf('2.0.1', 'setChargingProfile station');
      const profile = station.chargingProfile as { chargingProfilePurpose: string; chargingSchedule: Obj[] };
      assert.equal(station.evseId, 0);
      assert.equal(profile.chargingProfilePurpose, 'ChargingStationMaxProfile');
      assert.equal(profile.chargingSchedule[0].id, 7);
      assert.deepEqual((profile.chargingSchedule[0].chargingSchedulePeriod as Obj[])[2], { startPeriod: 7200, limit: 10, numberPhases: 1, phaseToUse: 2 });
      assert.equal((payOf('1.6', 'setChargingProfile tx').csChargingProfiles as Obj).transactionId, 55);
      assert.equal((payOf('2.0.1', 'setChargingProfile tx').chargingProfile as Obj).transactionId, '55');
    });
    it('passes a profile already in the station version through, and converts the other version', () => {
      const native16 = payOf('1.6', 'setChargingProfile neutral').csChargingProfiles as Obj;
      const same = pay('1.6', { command: 'setChargingProfile', connectorId: 1, profile: { ...native16, stackLevel: 4 } });
      assert.equal((same.csChargingProfiles as Obj).stackLevel, 4);
      const crossed = translateCommand('2.0.1', { command: 'setChargingProfile', evseId: 1, profile: native16 });
      assert.equal(sharedValidator().validate('2.0.1', crossed.action, 'req', crossed.payload), undefined);
      assert.deepEqual(profileToOcpp('1.6', profileFromOcpp('2.0.1', crossed.payload.chargingProfile as Obj)), native16);
    });
    it('rounds 1.6 limits down to a tenth', () => {
      const schedules = [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11.06 }] }];
      const native = { id: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: schedules };
      const out = profileToOcpp('1.6', profileFromOcpp('2.0.1', native)) as { chargingSchedule: { chargingSchedulePeriod: Obj[] } };
      assert.equal(out.chargingSchedule.chargingSchedulePeriod[0].limit, 11);
    });
    it('rejects bad profiles with the field named', () => {
      const set = (profile: unknown, pattern: RegExp) => refused('1.6', { command: 'setChargingProfile', profile }, pattern);
      set(undefined, /setChargingProfile: profile is required/);
      set('tomorrow', /profile must be an object/);
      set(schedule({ periods: [] }), /profile\.schedule\.periods must hold at least one/);
      set(schedule({ unit: 'kW' }), /profile\.schedule\.unit must be one of W, A/);
      set(schedule({ periods: [{ start: 60, limit: 1 }, { start: 0, limit: 2 }] }), /periods\[1\]\.start must be later/);
      set(schedule({ periods: [{ start: 0, limit: 'lots' }] }), /periods\[0\]\.limit must be a number, got "lots"/);
      set(schedule({ periods: [{ start: 0, limit: 1, phases: 3, phaseToUse: 1 }] }), /phaseToUse needs phases = 1/);
      set({ ...neutralProfile, recurrency: undefined }, /recurrency is required/);
      set({ ...neutralProfile, transactionId: '5' }, /only allowed on a Tx/);
      set({ ...neutralProfile, purpose: 'Tx', transactionId: 'abc' }, /integer on OCPP 1.6/);
      set({ ...neutralProfile, purpose: 'ExternalConstraints' }, /has no ExternalConstraints/);
      set({ ...neutralProfile, purpose: 'Cheap' }, /purpose must be one of/);
      set({ ...neutralProfile, validTo: AT }, /validTo must be later than validFrom/);
      set({ id: 1, chargingSchedule: [] }, /0 charging schedules/);
    });
    it('maps clearChargingProfile criteria', () => {
      assert.deepEqual(payOf('1.6', 'clearChargingProfile criteria'), { id: 7, connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 });
      const criteria = { evseId: 0, chargingProfilePurpose: 'ChargingStationMaxProfile' };
      assert.deepEqual(pay('2.0.1', { command: 'clearChargingProfile', evseId: 0, purpose: 'ChargePointMaxProfile' }), { chargingProfileCriteria: criteria });
      assert.deepEqual(pay('2.0.1', { command: 'clearChargingProfile' }), {});
    });
  });
  describe('reservations, firmware and local list', () => {
    it('maps reserveNow', () => {
      assert.deepEqual(payOf('2.0.1', 'reserveNow'), {
        id: 3, expiryDateTime: LATER, evseId: 1, idToken: { idToken: 'TAG1', type: 'ISO14443' }, groupIdToken: { idToken: 'GROUP', type: 'Central' },
      });
      assert.equal(payOf('1.6', 'reserveNow generated id').reservationId, 12);
      refused('1.6', { command: 'reserveNow', expiryDate: LATER, idTag: 'T' }, /reservationId is required/);
    });
    it('maps diagnostics and firmware requests', () => {
      const log = { remoteLocation: 'https://logs.example.com/up', oldestTimestamp: AT, latestTimestamp: LATER };
      assert.deepEqual(payOf('2.0.1', 'getDiagnostics full'), { logType: 'DiagnosticsLog', requestId: 5, retries: 2, retryInterval: 30, log });
      const plain = translateCommand('1.6', { command: 'updateFirmware', location: 'https://fw/x', retries: '3' });
      assert.equal(plain.action, 'UpdateFirmware');
      assert.equal(plain.payload.retries, 3);
      assert.ok(Math.abs(Date.parse(String(plain.payload.retrieveDate)) - Date.now()) < 5000);
      assert.equal(translateCommand('1.6', ...CASES['updateFirmware signed']).action, 'SignedUpdateFirmware');
      refused('1.6', { command: 'updateFirmware', location: 'x', signature: 's' }, /signingCertificate is required/);
      refused('1.6', { command: 'updateFirmware', location: 'x', installDate: LATER }, /installDate needs a signed update/);
    });
    it('maps local list entries and statuses', () => {
      const entries = [{ idTag: 'A', status: 'NotAtThisTime' }, { idTag: 'B', status: 'concurrenttx', parentIdTag: 'G' }, { idTag: 'C' }];
      const cmd = { command: 'sendLocalList', listVersion: '4', updateType: 'Differential', entries };
      const list16 = [{ idTag: 'A', idTagInfo: { status: 'Invalid' } }, { idTag: 'B', idTagInfo: { status: 'ConcurrentTx', parentIdTag: 'G' } }, { idTag: 'C' }];
      assert.deepEqual(pay('1.6', cmd), { listVersion: 4, updateType: 'Differential', localAuthorizationList: list16 });
      const token = (idToken: string) => ({ idToken, type: 'ISO14443' });
      assert.deepEqual(pay('2.0.1', cmd), {
        versionNumber: 4, updateType: 'Differential',
        localAuthorizationList: [
          { idToken: token('A'), idTokenInfo: { status: 'NotAtThisTime' } },
          { idToken: token('B'), idTokenInfo: { status: 'ConcurrentTx', groupIdToken: { idToken: 'G', type: 'Central' } } }, { idToken: token('C') },
        ],
      });
    });
  });
  describe('parameter errors', () => {
    it('names missing and mistyped parameters', () => {
      refused('1.6', { command: 'remoteStart' }, /^remoteStart: idTag is required$/);
      refused('2.0.1', { command: 'remoteStart', idTag: '' }, /idTag is required/);
      refused('1.6', { command: 'remoteStart', idTag: 'T', connectorId: 'two' }, /connectorId must be a number, got "two"/);
      refused('1.6', { command: 'remoteStart', idTag: 'T', connectorId: 1.5 }, /connectorId must be an integer/);
      refused('1.6', { command: 'remoteStart', idTag: 'T', connectorId: 0 }, /connectorId must be greater than 0/);
      refused('2.0.1', { command: 'remoteStart', idTag: { x: 1 } }, /idTag must be a string, got an object/);
      refused('2.0.1', { command: 'remoteStart', idTag: 'T', idTokenType: 'Card' }, /idTokenType must be one of/);
      refused('1.6', { command: 'getCompositeSchedule' }, /duration is required/);
      refused('1.6', { command: 'reserveNow', idTag: 'T', reservationId: 1, expiryDate: 'tomorrow' }, /expiryDate must be a date-time/);
    });
    it('accepts numeric strings', () => {
      assert.deepEqual(pay('1.6', { command: 'getCompositeSchedule', connectorId: '1', duration: ' 600 ' }), { connectorId: 1, duration: 600 });
      assert.deepEqual(pay('1.6', { command: 'cancelReservation', reservationId: '12' }), { reservationId: 12 });
    });
    it('refuses unknown commands', () => {
      refused('1.6', { command: 'selfDestruct' }, /Unknown command "selfDestruct"/);
      refused('2.0.1', { command: 'toString' }, /Unknown command/);
    });
  });
});
