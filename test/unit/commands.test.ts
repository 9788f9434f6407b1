import assert from 'node:assert/strict';
import { CallError, OcppVersion } from '../../lib/ocpp/errors';
import { sharedValidator } from '../../lib/ocpp/validator';
import {
  CommandContext, NEUTRAL_COMMANDS, NeutralCommand, profileFromOcpp, profileToOcpp, translateCommand,
} from '../../lib/ocpp/commands';

const VERSIONS: OcppVersion[] = ['1.6', '2.0.1'];
const AT = '2026-03-01T08:00:00.000Z';
const LATER = '2026-03-01T20:00:00.000Z';

const neutralProfile = {
  id: 7, stackLevel: 1, purpose: 'TxDefault', kind: 'Recurring', recurrency: 'Daily', validFrom: AT, validTo: LATER,
  schedule: {
    startSchedule: AT, duration: 86400, unit: 'A', minRate: 6,
    periods: [{ start: 0, limit: 16, phases: 3 }, { start: 3600, limit: 32.5 }, { start: 7200, limit: 10, phases: 1, phaseToUse: 2 }],
  },
};

/** Every command, with all its parameters and with the fewest, as flows would send them. */
const CASES: Array<{ title: string; cmd: NeutralCommand; ctx?: CommandContext }> = [
  { title: 'remoteStart minimal', cmd: { command: 'remoteStart', idTag: 'TAG1' } },
  {
    title: 'remoteStart full',
    cmd: {
      command: 'remoteStart', evseId: 2, idTag: 'TAG1', idTokenType: 'ISO14443', remoteStartId: 44,
      chargingProfile: { ...neutralProfile, purpose: undefined, kind: 'Relative', recurrency: undefined, schedule: { unit: 'W', periods: [{ start: 0, limit: 7400 }] } },
    },
  },
  { title: 'remoteStop by id', cmd: { command: 'remoteStop', transactionId: '123' } },
  { title: 'remoteStop by connector', cmd: { command: 'remoteStop', connectorId: 2 }, ctx: { openTransactions: [{ transactionId: '9', connectorId: 1 }, { transactionId: '10', connectorId: 2 }] } },
  { title: 'reset default', cmd: { command: 'reset' } },
  { title: 'reset hard', cmd: { command: 'reset', type: 'Hard' } },
  { title: 'changeAvailability station', cmd: { command: 'changeAvailability', available: false } },
  { title: 'changeAvailability evse', cmd: { command: 'changeAvailability', evseId: 1, connectorId: 1, type: 'Operative' } },
  { title: 'unlockConnector', cmd: { command: 'unlockConnector', connectorId: 1 } },
  { title: 'clearCache', cmd: { command: 'clearCache' } },
  { title: 'getConfiguration all', cmd: { command: 'getConfiguration' } },
  {
    title: 'getConfiguration keys',
    cmd: { command: 'getConfiguration', keys: ['HeartbeatInterval', 'OCPPCommCtrlr.WebSocketPingInterval', { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }] },
  },
  { title: 'changeConfiguration', cmd: { command: 'changeConfiguration', key: 'MeterValueSampleInterval', value: 60 } },
  { title: 'changeConfiguration settings', cmd: { command: 'changeConfiguration', settings: [{ key: 'LocalAuthListEnabled', value: true }] } },
  { title: 'triggerMessage', cmd: { command: 'triggerMessage', message: 'StatusNotification', connectorId: 1 } },
  { title: 'triggerMessage diagnostics', cmd: { command: 'triggerMessage', message: 'DiagnosticsStatusNotification' } },
  { title: 'dataTransfer', cmd: { command: 'dataTransfer', vendorId: 'com.example', messageId: 'Ping', data: { a: 1 } } },
  { title: 'setChargingProfile neutral', cmd: { command: 'setChargingProfile', connectorId: 1, profile: neutralProfile } },
  { title: 'setChargingProfile station', cmd: { command: 'setChargingProfile', profile: { ...neutralProfile, purpose: 'StationMax' } } },
  {
    title: 'setChargingProfile tx',
    cmd: { command: 'setChargingProfile', evseId: 1, profile: { ...neutralProfile, purpose: 'Tx', kind: 'Absolute', recurrency: undefined, transactionId: '55' } },
  },
  { title: 'clearChargingProfile all', cmd: { command: 'clearChargingProfile' } },
  { title: 'clearChargingProfile criteria', cmd: { command: 'clearChargingProfile', id: 7, connectorId: 1, purpose: 'TxDefault', stackLevel: 1 } },
  { title: 'getCompositeSchedule', cmd: { command: 'getCompositeSchedule', evseId: 1, duration: 3600, unit: 'W' } },
  {
    title: 'reserveNow',
    cmd: { command: 'reserveNow', connectorId: 1, expiryDate: LATER, idTag: 'TAG1', reservationId: 3, parentIdTag: 'GROUP' },
  },
  { title: 'reserveNow generated id', cmd: { command: 'reserveNow', expiryDate: LATER, idTag: 'TAG1' }, ctx: { nextId: () => 12 } },
  { title: 'cancelReservation', cmd: { command: 'cancelReservation', reservationId: 3 } },
  { title: 'getDiagnostics minimal', cmd: { command: 'getDiagnostics', location: 'ftp://logs.example.com/up' } },
  {
    title: 'getDiagnostics full',
    cmd: { command: 'getDiagnostics', location: 'https://logs.example.com/up', startTime: AT, stopTime: LATER, retries: 2, retryInterval: 30, requestId: 5 },
  },
  { title: 'updateFirmware minimal', cmd: { command: 'updateFirmware', location: 'https://fw.example.com/1.2.bin' } },
  {
    title: 'updateFirmware signed',
    cmd: {
      command: 'updateFirmware', location: 'https://fw.example.com/1.2.bin', retrieveDate: AT, installDate: LATER, retries: 1,
      retryInterval: 60, requestId: 8, signingCertificate: '-----BEGIN CERTIFICATE-----', signature: 'c2ln',
    },
  },
  { title: 'sendLocalList empty', cmd: { command: 'sendLocalList', listVersion: 1, updateType: 'Full' } },
  {
    title: 'sendLocalList entries',
    cmd: {
      command: 'sendLocalList', listVersion: 2, updateType: 'Differential',
      entries: [{ idTag: 'A' }, { idTag: 'B', status: 'Blocked' }, { idTag: 'C', status: 'ConcurrentTx', expiryDate: LATER, parentIdTag: 'G', tokenType: 'KeyCode' }],
    },
  },
  { title: 'getLocalListVersion', cmd: { command: 'getLocalListVersion' } },
];

const validationError = (pattern: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof CallError, `expected a CallError, got ${String(e)}`);
  assert.equal(e.code, 'ValidationFailed');
  assert.match(e.message, pattern);
  return true;
};

describe('neutral commands', function () {
  before(function () {
    this.timeout(30000);
    sharedValidator();
  });

  describe('every translation passes the OCA schema', () => {
    for (const version of VERSIONS) {
      for (const c of CASES) {
        it(`${c.title} on ${version}`, () => {
          const out = translateCommand(version, c.cmd, c.ctx);
          const failure = sharedValidator().validate(version, out.action, 'req', out.payload);
          assert.equal(failure, undefined, `${out.action} ${JSON.stringify(out.payload)}: ${failure?.message}`);
        });
      }
    }
    it('covers every command', () => {
      const tested = new Set(CASES.map((c) => c.cmd.command));
      assert.deepEqual(NEUTRAL_COMMANDS.filter((n) => !tested.has(n)), []);
      assert.equal(NEUTRAL_COMMANDS.length, 19);
    });
  });

  describe('transactions', () => {
    it('maps remoteStart per version', () => {
      assert.deepEqual(translateCommand('1.6', { command: 'remoteStart', evseId: 2, idTag: 'T' }), {
        action: 'RemoteStartTransaction', payload: { connectorId: 2, idTag: 'T' },
      });
      assert.deepEqual(translateCommand('2.0.1', { command: 'remoteStart', connectorId: '2', idTag: 'T' }, { nextId: () => 17 }), {
        action: 'RequestStartTransaction', payload: { evseId: 2, idToken: { idToken: 'T', type: 'Central' }, remoteStartId: 17 },
      });
      assert.equal(translateCommand('2.0.1', { command: 'remoteStart', idTag: 'T' }).payload.remoteStartId, 1);
    });

    it('gives the remote start profile the TxProfile purpose', () => {
      const start = CASES[1].cmd;
      const p16 = translateCommand('1.6', start).payload.chargingProfile as Record<string, unknown>;
      const p201 = translateCommand('2.0.1', start).payload.chargingProfile as Record<string, unknown>;
      assert.equal(p16.chargingProfilePurpose, 'TxProfile');
      assert.equal(p201.chargingProfilePurpose, 'TxProfile');
      assert.throws(() => translateCommand('1.6', { ...start, chargingProfile: neutralProfile }), validationError(/TxProfile/));
    });

    it('finds the transaction to stop', () => {
      const ctx: CommandContext = { openTransactions: [{ transactionId: '41', evseId: 1, connectorId: 1 }, { transactionId: '42', evseId: 2, connectorId: 1 }] };
      assert.deepEqual(translateCommand('1.6', { command: 'remoteStop', connectorId: 2 }, ctx).payload, { transactionId: 42 });
      assert.deepEqual(translateCommand('2.0.1', { command: 'remoteStop', evseId: 1 }, ctx).payload, { transactionId: '41' });
      assert.deepEqual(translateCommand('2.0.1', { command: 'remoteStop', evseId: 2, connectorId: 1 }, ctx).payload, { transactionId: '42' });
      const only = { openTransactions: [{ transactionId: 'abc-1' }] };
      assert.deepEqual(translateCommand('2.0.1', { command: 'remoteStop' }, only), { action: 'RequestStopTransaction', payload: { transactionId: 'abc-1' } });
      assert.throws(() => translateCommand('1.6', { command: 'remoteStop' }, ctx), validationError(/2 open transactions/));
      assert.throws(() => translateCommand('1.6', { command: 'remoteStop', connectorId: 3 }, ctx), validationError(/no open transaction on connector 3/));
      assert.throws(() => translateCommand('1.6', { command: 'remoteStop' }), validationError(/no open transaction/));
      assert.throws(() => translateCommand('1.6', { command: 'remoteStop' }, only), validationError(/integer on OCPP 1.6/));
    });
  });

  describe('station control', () => {
    it('maps reset types both ways', () => {
      assert.deepEqual(translateCommand('1.6', { command: 'reset', type: 'Immediate' }).payload, { type: 'Hard' });
      assert.deepEqual(translateCommand('1.6', { command: 'reset', type: 'OnIdle' }).payload, { type: 'Soft' });
      assert.deepEqual(translateCommand('2.0.1', { command: 'reset', evseId: 2 }).payload, { type: 'OnIdle', evseId: 2 });
      assert.deepEqual(translateCommand('2.0.1', { command: 'reset', type: 'hard' }).payload, { type: 'Immediate' });
      assert.throws(() => translateCommand('1.6', { command: 'reset', evseId: 2 }), validationError(/whole station/));
    });

    it('addresses availability to the station or one EVSE', () => {
      assert.deepEqual(translateCommand('1.6', { command: 'changeAvailability', available: 'false' }).payload, { connectorId: 0, type: 'Inoperative' });
      assert.deepEqual(translateCommand('2.0.1', { command: 'changeAvailability', available: true }).payload, { operationalStatus: 'Operative' });
      assert.deepEqual(translateCommand('2.0.1', { command: 'changeAvailability', connectorId: 2, type: 'Inoperative' }).payload, {
        operationalStatus: 'Inoperative', evse: { id: 2 },
      });
      assert.throws(() => translateCommand('1.6', { command: 'changeAvailability' }), validationError(/available or type is required/));
    });

    it('fills in unlockConnector numbers on 2.0.1', () => {
      assert.deepEqual(translateCommand('2.0.1', { command: 'unlockConnector', evseId: 3 }).payload, { evseId: 3, connectorId: 1 });
      assert.deepEqual(translateCommand('2.0.1', { command: 'unlockConnector', connectorId: 2 }).payload, { evseId: 2, connectorId: 2 });
      assert.deepEqual(translateCommand('1.6', { command: 'unlockConnector', evseId: 3 }).payload, { connectorId: 3 });
      assert.throws(() => translateCommand('1.6', { command: 'unlockConnector' }), validationError(/connectorId is required/));
    });
  });

  describe('configuration keys', () => {
    it('maps well-known 1.6 keys to 2.0.1 variables', () => {
      const out = translateCommand('2.0.1', { command: 'getConfiguration', keys: 'HeartbeatInterval, MeterValuesSampledData,Vendor.Thing' });
      assert.deepEqual(out, {
        action: 'GetVariables',
        payload: {
          getVariableData: [
            { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
            { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedMeasurands' } },
            { component: { name: 'Vendor' }, variable: { name: 'Thing' } },
          ],
        },
      });
    });

    it('maps 2.0.1 variables back to 1.6 keys', () => {
      const out = translateCommand('1.6', {
        command: 'getConfiguration',
        keys: ['TxCtrlr.EVConnectionTimeOut', { component: { name: 'AuthCacheCtrlr' }, variable: 'Enabled' }, 'VendorKey'],
      });
      assert.deepEqual(out.payload, { key: ['ConnectionTimeOut', 'AuthorizationCacheEnabled', 'VendorKey'] });
      assert.deepEqual(translateCommand('1.6', { command: 'getConfiguration' }), { action: 'GetConfiguration', payload: {} });
      assert.throws(() => translateCommand('1.6', { command: 'getConfiguration', keys: [{ component: 'X', variable: 'Y' }] }), validationError(/no OCPP 1.6/));
      assert.throws(() => translateCommand('2.0.1', { command: 'getConfiguration', keys: ['Unmapped'] }), validationError(/Component\.Variable/));
    });

    it('asks for the configuration report when no key is named on 2.0.1', () => {
      assert.deepEqual(translateCommand('2.0.1', { command: 'getConfiguration' }, { nextId: () => 9 }), {
        action: 'GetBaseReport', payload: { requestId: 9, reportBase: 'ConfigurationInventory' },
      });
    });

    it('stringifies values and maps keys when changing configuration', () => {
      assert.deepEqual(translateCommand('1.6', { command: 'changeConfiguration', key: 'OCPPCommCtrlr.HeartbeatInterval', value: 300 }).payload, {
        key: 'HeartbeatInterval', value: '300',
      });
      const out = translateCommand('2.0.1', {
        command: 'changeConfiguration',
        settings: [{ key: 'StopTransactionOnEVSideDisconnect', value: false }, { key: 'MeterValuesSampledData', value: ['Energy.Active.Import.Register', 'Power.Active.Import'] }],
      });
      assert.deepEqual(out.payload, {
        setVariableData: [
          { component: { name: 'TxCtrlr' }, variable: { name: 'StopTxOnEVSideDisconnect' }, attributeValue: 'false' },
          { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedMeasurands' }, attributeValue: 'Energy.Active.Import.Register,Power.Active.Import' },
        ],
      });
    });

    it('refuses two settings on 1.6', () => {
      const cmd = { command: 'changeConfiguration', settings: [{ key: 'A', value: '1' }, { key: 'B', value: '2' }] };
      assert.throws(() => translateCommand('1.6', cmd), validationError(/one key per request/));
      assert.throws(() => translateCommand('1.6', { command: 'changeConfiguration', key: 'A' }), validationError(/value is required/));
    });
  });

  describe('messages', () => {
    it('renames triggered messages between versions', () => {
      assert.equal(translateCommand('2.0.1', { command: 'triggerMessage', message: 'DiagnosticsStatusNotification' }).payload.requestedMessage, 'LogStatusNotification');
      assert.equal(translateCommand('2.0.1', { command: 'triggerMessage', message: 'StopTransaction' }).payload.requestedMessage, 'TransactionEvent');
      assert.equal(translateCommand('1.6', { command: 'triggerMessage', message: 'LogStatusNotification' }).payload.requestedMessage, 'DiagnosticsStatusNotification');
      assert.deepEqual(translateCommand('2.0.1', { command: 'triggerMessage', message: 'MeterValues', evseId: 1 }).payload, {
        requestedMessage: 'MeterValues', evse: { id: 1 },
      });
      assert.throws(() => translateCommand('1.6', { command: 'triggerMessage', message: 'TransactionEvent' }), validationError(/cannot be triggered/));
    });

    it('sends DataTransfer data as text on 1.6 only', () => {
      assert.equal(translateCommand('1.6', { command: 'dataTransfer', vendorId: 'v', data: { a: 1 } }).payload.data, '{"a":1}');
      assert.deepEqual(translateCommand('2.0.1', { command: 'dataTransfer', vendorId: 'v', data: { a: 1 } }).payload.data, { a: 1 });
      assert.throws(() => translateCommand('2.0.1', { command: 'dataTransfer' }), validationError(/vendorId is required/));
    });
  });

  describe('charging profiles', () => {
    it('converts a neutral profile to each version', () => {
      const p16 = translateCommand('1.6', CASES[17].cmd).payload;
      assert.deepEqual(p16, {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring',
          recurrencyKind: 'Daily', validFrom: AT, validTo: LATER,
          chargingSchedule: {
            duration: 86400, startSchedule: AT, chargingRateUnit: 'A', minChargingRate: 6,
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 3 }, { startPeriod: 3600, limit: 32.5 }, { startPeriod: 7200, limit: 10, numberPhases: 1 }],
          },
        },
      });
      const p201 = translateCommand('2.0.1', CASES[18].cmd).payload;
      assert.equal(p201.evseId, 0);
      const profile = p201.chargingProfile as { chargingProfilePurpose: string; chargingSchedule: Array<Record<string, unknown>> };
      assert.equal(profile.chargingProfilePurpose, 'ChargingStationMaxProfile');
      assert.equal(profile.chargingSchedule[0].id, 7);
      assert.deepEqual((profile.chargingSchedule[0].chargingSchedulePeriod as unknown[])[2], { startPeriod: 7200, limit: 10, numberPhases: 1, phaseToUse: 2 });
      const tx = translateCommand('1.6', CASES[19].cmd).payload.csChargingProfiles as Record<string, unknown>;
      assert.equal(tx.transactionId, 55);
    });

    it('passes a profile already in the station version through, and converts the other version', () => {
      const native16 = (translateCommand('1.6', CASES[17].cmd).payload.csChargingProfiles) as Record<string, unknown>;
      const same = translateCommand('1.6', { command: 'setChargingProfile', connectorId: 1, profile: { ...native16, stackLevel: 4 } });
      assert.equal((same.payload.csChargingProfiles as Record<string, unknown>).stackLevel, 4);
      const crossed = translateCommand('2.0.1', { command: 'setChargingProfile', evseId: 1, profile: native16 });
      assert.equal(sharedValidator().validate('2.0.1', crossed.action, 'req', crossed.payload), undefined);
      assert.deepEqual(profileFromOcpp('2.0.1', (crossed.payload.chargingProfile) as Record<string, unknown>), profileFromOcpp('1.6', native16));
    });

    it('rounds 1.6 limits down to a tenth', () => {
      const neutral = profileFromOcpp('2.0.1', { id: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11.06 }] }] });
      const out = profileToOcpp('1.6', neutral) as { chargingSchedule: { chargingSchedulePeriod: Array<{ limit: number }> } };
      assert.equal(out.chargingSchedule.chargingSchedulePeriod[0].limit, 11);
    });

    it('rejects bad profiles with the field named', () => {
      const set = (profile: unknown, version: OcppVersion = '1.6') => () => translateCommand(version, { command: 'setChargingProfile', profile });
      assert.throws(set(undefined), validationError(/profile is required/));
      assert.throws(set({ ...neutralProfile, schedule: { ...neutralProfile.schedule, periods: [] } }), validationError(/periods must hold at least one/));
      assert.throws(set({ ...neutralProfile, schedule: { ...neutralProfile.schedule, unit: 'kW' } }), validationError(/profile\.schedule\.unit must be one of W, A/));
      assert.throws(set({ ...neutralProfile, recurrency: undefined }), validationError(/recurrency is required/));
      assert.throws(set({ ...neutralProfile, transactionId: '5' }), validationError(/only allowed on a Tx/));
      assert.throws(set({ ...neutralProfile, purpose: 'Tx', transactionId: 'abc' }), validationError(/integer on OCPP 1.6/));
      assert.throws(set({ ...neutralProfile, purpose: 'ExternalConstraints' }), validationError(/has no ExternalConstraints/));
      assert.throws(set({ ...neutralProfile, purpose: 'Cheap' }), validationError(/purpose must be one of/));
      assert.throws(set({ ...neutralProfile, schedule: { ...neutralProfile.schedule, periods: [{ start: 60, limit: 1 }, { start: 0, limit: 2 }] } }), validationError(/periods\[1\]\.start must be later/));
      assert.throws(set({ ...neutralProfile, schedule: { ...neutralProfile.schedule, periods: [{ start: 0, limit: 'lots' }] } }), validationError(/periods\[0\]\.limit must be a number, got "lots"/));
      assert.throws(set({ id: 1, chargingSchedule: [] }, '1.6'), validationError(/0 charging schedules/));
    });

    it('maps clearChargingProfile criteria', () => {
      assert.deepEqual(translateCommand('1.6', CASES[21].cmd).payload, { id: 7, connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 });
      assert.deepEqual(translateCommand('2.0.1', { command: 'clearChargingProfile', evseId: 0, purpose: 'ChargePointMaxProfile' }).payload, {
        chargingProfileCriteria: { evseId: 0, chargingProfilePurpose: 'ChargingStationMaxProfile' },
      });
      assert.deepEqual(translateCommand('2.0.1', { command: 'clearChargingProfile' }).payload, {});
    });
  });

  describe('reservations, firmware and local list', () => {
    it('maps reserveNow', () => {
      assert.deepEqual(translateCommand('2.0.1', CASES[23].cmd).payload, {
        id: 3, expiryDateTime: LATER, evseId: 1, idToken: { idToken: 'TAG1', type: 'ISO14443' }, groupIdToken: { idToken: 'GROUP', type: 'Central' },
      });
      assert.throws(() => translateCommand('1.6', { command: 'reserveNow', expiryDate: LATER, idTag: 'T' }), validationError(/reservationId is required/));
    });

    it('maps diagnostics and firmware requests', () => {
      assert.deepEqual(translateCommand('2.0.1', CASES[27].cmd).payload, {
        logType: 'DiagnosticsLog', requestId: 5, retries: 2, retryInterval: 30,
        log: { remoteLocation: 'https://logs.example.com/up', oldestTimestamp: AT, latestTimestamp: LATER },
      });
      const plain = translateCommand('1.6', { command: 'updateFirmware', location: 'https://fw/x', retries: '3' });
      assert.equal(plain.action, 'UpdateFirmware');
      assert.equal(plain.payload.retries, 3);
      assert.ok(Math.abs(Date.parse(String(plain.payload.retrieveDate)) - Date.now()) < 5000);
      assert.equal(translateCommand('1.6', CASES[29].cmd).action, 'SignedUpdateFirmware');
      assert.throws(() => translateCommand('1.6', { command: 'updateFirmware', location: 'x', signature: 's' }), validationError(/signingCertificate is required/));
    });

    it('maps local list entries and statuses', () => {
      const entries = [{ idTag: 'A', status: 'NotAtThisTime' }, { idTag: 'B', status: 'concurrenttx', parentIdTag: 'G' }, { idTag: 'C' }];
      const cmd = { command: 'sendLocalList', listVersion: '4', updateType: 'Differential', entries };
      assert.deepEqual(translateCommand('1.6', cmd).payload, {
        listVersion: 4, updateType: 'Differential',
        localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Invalid' } }, { idTag: 'B', idTagInfo: { status: 'ConcurrentTx', parentIdTag: 'G' } }, { idTag: 'C' }],
      });
      assert.deepEqual(translateCommand('2.0.1', cmd).payload, {
        versionNumber: 4, updateType: 'Differential',
        localAuthorizationList: [
          { idToken: { idToken: 'A', type: 'ISO14443' }, idTokenInfo: { status: 'NotAtThisTime' } },
          { idToken: { idToken: 'B', type: 'ISO14443' }, idTokenInfo: { status: 'ConcurrentTx', groupIdToken: { idToken: 'G', type: 'Central' } } },
          { idToken: { idToken: 'C', type: 'ISO14443' } },
        ],
      });
    });
  });

  describe('parameter errors', () => {
    it('names missing and mistyped parameters', () => {
      assert.throws(() => translateCommand('1.6', { command: 'remoteStart' }), validationError(/remoteStart: idTag is required/));
      assert.throws(() => translateCommand('2.0.1', { command: 'remoteStart', idTag: '' }), validationError(/idTag is required/));
      assert.throws(() => translateCommand('1.6', { command: 'remoteStart', idTag: 'T', connectorId: 'two' }), validationError(/connectorId must be a number, got "two"/));
      assert.throws(() => translateCommand('1.6', { command: 'remoteStart', idTag: 'T', connectorId: 1.5 }), validationError(/connectorId must be an integer/));
      assert.throws(() => translateCommand('2.0.1', { command: 'remoteStart', idTag: { x: 1 } }), validationError(/idTag must be a string, got an object/));
      assert.throws(() => translateCommand('2.0.1', { command: 'remoteStart', idTag: 'T', idTokenType: 'Card' }), validationError(/idTokenType must be one of/));
      assert.throws(() => translateCommand('1.6', { command: 'getCompositeSchedule' }), validationError(/duration is required/));
      assert.throws(() => translateCommand('1.6', { command: 'reserveNow', idTag: 'T', reservationId: 1, expiryDate: 'tomorrow' }), validationError(/expiryDate must be a date-time/));
    });

    it('accepts numeric strings', () => {
      assert.deepEqual(translateCommand('1.6', { command: 'getCompositeSchedule', connectorId: '1', duration: ' 600 ' }).payload, { connectorId: 1, duration: 600 });
      assert.deepEqual(translateCommand('1.6', { command: 'cancelReservation', reservationId: '12' }).payload, { reservationId: 12 });
    });

    it('refuses unknown commands', () => {
      assert.throws(() => translateCommand('1.6', { command: 'selfDestruct' }), validationError(/Unknown command "selfDestruct"/));
      assert.throws(() => translateCommand('2.0.1', { command: 'toString' }), validationError(/Unknown command/));
    });
  });
});
