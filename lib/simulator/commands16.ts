/** How a 1.6 station answers the CSMS's commands (C16 §5): read the request, act through Control, write the answer. */
import type { IncomingCall } from '../ocpp/connection';
import { RpcError } from '../ocpp/errors';
import type { Payload } from '../ocpp/frames';
import { Config16 } from './config16';
import { Control } from './control';
import { list, num, obj, str, strings, time } from './payload';
import type { RateUnit } from './profiles';
import { neutralPurpose, readProfile16 } from './profile-wire';
import { StationRuntime } from './runtime';

export interface Handlers16 {
  rt: StationRuntime;
  control: Control;
  config: Config16;
}

export function handle16(call: IncomingCall, { rt, control, config }: Handlers16): Payload {
  const p = call.payload;
  switch (call.action) {
    case 'RemoteStartTransaction': {
      const idTag = str(p, 'idTag') ?? '';
      const connectorId = num(p, 'connectorId');
      const raw = obj(p, 'chargingProfile');
      const profile = raw ? readProfile16(raw, connectorId ?? 0) : undefined;
      // Only a TxProfile may come with a remote start (C16 §5.11).
      if (raw && profile?.purpose !== 'Tx') return { status: 'Rejected' };
      const ok = connectorId !== 0 && control.remoteStart(connectorId, { idTag, tokenType: 'Central', trigger: 'RemoteStart', profile });
      return { status: ok ? 'Accepted' : 'Rejected' };
    }
    case 'RemoteStopTransaction':
      return { status: control.remoteStop(String(num(p, 'transactionId'))) ? 'Accepted' : 'Rejected' };
    case 'Reset':
      return { status: control.reset(str(p, 'type') === 'Soft' ? 'Soft' : 'Hard') };
    case 'ChangeAvailability':
      return { status: control.changeAvailability(num(p, 'connectorId') ?? -1, str(p, 'type') === 'Operative') };
    case 'UnlockConnector': {
      const connectorId = num(p, 'connectorId') ?? 0;
      return { status: control.unlock(connectorId, true) === 'Unlocked' ? 'Unlocked' : 'NotSupported' };
    }
    case 'ClearCache':
      return { status: 'Accepted' };
    case 'GetConfiguration':
      return config.get(strings(p, 'key'));
    case 'ChangeConfiguration':
      return { status: config.change(str(p, 'key') ?? '', str(p, 'value') ?? '') };
    case 'TriggerMessage':
      return { status: control.trigger(str(p, 'requestedMessage') ?? '', num(p, 'connectorId')) };
    case 'DataTransfer':
      return { status: 'UnknownVendorId' };
    case 'SetChargingProfile': {
      const profile = readProfile16(obj(p, 'csChargingProfiles') ?? {}, num(p, 'connectorId') ?? -1);
      return { status: profile && control.setProfile(profile) ? 'Accepted' : 'Rejected' };
    }
    case 'ClearChargingProfile': {
      const cleared = control.clearProfiles({
        id: num(p, 'id'), evseId: num(p, 'connectorId'),
        purpose: neutralPurpose(str(p, 'chargingProfilePurpose')), stackLevel: num(p, 'stackLevel'),
      });
      return { status: cleared ? 'Accepted' : 'Unknown' };
    }
    case 'GetCompositeSchedule': {
      const connectorId = num(p, 'connectorId') ?? -1;
      const schedule = control.composite(connectorId, num(p, 'duration') ?? 0, str(p, 'chargingRateUnit') as RateUnit | undefined);
      return rt.dialect.compositeAnswer(connectorId, schedule);
    }
    case 'ReserveNow': {
      const connectorId = num(p, 'connectorId') ?? 0;
      // ReserveConnectorZeroSupported is false.
      if (connectorId === 0) return { status: 'Rejected' };
      const expires = time(p, 'expiryDate') ?? Date.now();
      return { status: control.reserve(connectorId, num(p, 'reservationId') ?? 0, str(p, 'idTag') ?? '', expires) };
    }
    case 'CancelReservation':
      return { status: control.cancelReservation(num(p, 'reservationId') ?? -1) ? 'Accepted' : 'Rejected' };
    case 'GetDiagnostics':
      return { fileName: control.upload() };
    case 'GetLog':
      return { status: 'Accepted', filename: control.upload(num(p, 'requestId') ?? 0) };
    case 'UpdateFirmware':
      control.updateFirmware(time(p, 'retrieveDate'));
      return {};
    case 'SendLocalList': {
      const entries = list(p, 'localAuthorizationList').map((e) => ({ idTag: str(e, 'idTag') ?? '', status: str(obj(e, 'idTagInfo'), 'status') }));
      return { status: control.sendLocalList(num(p, 'listVersion') ?? 0, str(p, 'updateType') === 'Full', entries) };
    }
    case 'GetLocalListVersion':
      return { listVersion: rt.localList.version };
    default:
      throw new RpcError('NotSupported', `${call.action} is not supported by this station`);
  }
}
