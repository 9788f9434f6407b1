/** How a 2.0.1 station answers the CSMS's commands: read the request, act through Control, write the answer. */
import type { IncomingCall } from '../ocpp/connection';
import { RpcError } from '../ocpp/errors';
import type { Payload } from '../ocpp/frames';
import { Control } from './control';
import { DeviceModel } from './device-model';
import { list, num, obj, str, time } from './payload';
import type { RateUnit } from './profiles';
import { neutralPurpose, readProfile201 } from './profile-wire';
import { StationRuntime } from './runtime';

export interface Handlers201 {
  rt: StationRuntime;
  control: Control;
  model: DeviceModel;
}

/** A refusal with the reason a person reading the CSMS log needs. */
const refused = (status: string, reasonCode: string): Payload => ({ status, statusInfo: { reasonCode } });

export function handle201(call: IncomingCall, { rt, control, model }: Handlers201): Payload {
  const p = call.payload;
  switch (call.action) {
    case 'RequestStartTransaction': {
      const token = obj(p, 'idToken');
      const evseId = num(p, 'evseId');
      const raw = obj(p, 'chargingProfile');
      const profile = raw ? readProfile201(raw, evseId ?? 0) : undefined;
      if (raw && profile?.purpose !== 'Tx') return refused('Rejected', 'InvalidProfile');
      const ok = evseId !== 0 && control.remoteStart(evseId, {
        idTag: str(token, 'idToken') ?? '', tokenType: str(token, 'type') ?? 'Central', trigger: 'RemoteStart',
        remoteStartId: num(p, 'remoteStartId'), profile,
      });
      return ok ? { status: 'Accepted' } : refused('Rejected', 'NotAvailable');
    }
    case 'RequestStopTransaction':
      return control.remoteStop(str(p, 'transactionId') ?? '') ? { status: 'Accepted' } : refused('Rejected', 'TxNotFound');
    case 'Reset':
      // Resetting a single EVSE is optional (AllowReset); this station only resets as a whole.
      if (num(p, 'evseId') !== undefined) return refused('Rejected', 'UnsupportedRequest');
      return { status: control.reset(str(p, 'type') === 'OnIdle' ? 'OnIdle' : 'Immediate') };
    case 'ChangeAvailability': {
      const evse = obj(p, 'evse');
      const status = control.changeAvailability(num(evse, 'id') ?? 0, str(p, 'operationalStatus') === 'Operative');
      return status === 'Rejected' ? refused(status, 'UnknownEvse') : { status };
    }
    case 'UnlockConnector': {
      const connectorOk = num(p, 'connectorId') === 1;
      const status = connectorOk ? control.unlock(num(p, 'evseId') ?? 0, false) : 'UnknownConnector';
      return { status };
    }
    case 'ClearCache':
      return { status: 'Accepted' };
    case 'GetVariables':
      return model.get(list(p, 'getVariableData'));
    case 'SetVariables':
      return model.set(list(p, 'setVariableData'));
    case 'GetBaseReport': {
      const calls = model.report(num(p, 'requestId') ?? 0, str(p, 'reportBase') ?? 'FullInventory');
      if (calls.length === 0) return { status: 'EmptyResultSet' };
      rt.later(() => calls.forEach((c) => rt.send(c)));
      return { status: 'Accepted' };
    }
    case 'TriggerMessage':
      return { status: control.trigger(str(p, 'requestedMessage') ?? '', num(obj(p, 'evse'), 'id')) };
    case 'DataTransfer':
      return { status: 'UnknownVendorId' };
    case 'GetTransactionStatus': {
      const id = str(p, 'transactionId');
      const ongoing = id === undefined ? undefined : rt.connectors.some((c) => c.tx?.localId === id);
      return { ongoingIndicator: ongoing, messagesInQueue: rt.outbox.size > 0 };
    }
    case 'SetChargingProfile': {
      const profile = readProfile201(obj(p, 'chargingProfile') ?? {}, num(p, 'evseId') ?? -1);
      if (!profile) return refused('Rejected', 'InvalidProfile');
      return control.setProfile(profile) ? { status: 'Accepted' } : refused('Rejected', 'InvalidProfile');
    }
    case 'ClearChargingProfile': {
      const criteria = obj(p, 'chargingProfileCriteria');
      const purpose = str(criteria, 'chargingProfilePurpose');
      if (purpose && !neutralPurpose(purpose)) return { status: 'Unknown' };
      const cleared = control.clearProfiles({
        id: num(p, 'chargingProfileId'), evseId: num(criteria, 'evseId'),
        purpose: neutralPurpose(purpose), stackLevel: num(criteria, 'stackLevel'),
      });
      return { status: cleared ? 'Accepted' : 'Unknown' };
    }
    case 'GetCompositeSchedule': {
      const evseId = num(p, 'evseId') ?? -1;
      const schedule = control.composite(evseId, num(p, 'duration') ?? 0, str(p, 'chargingRateUnit') as RateUnit | undefined);
      return rt.dialect.compositeAnswer(evseId, schedule);
    }
    case 'ReserveNow': {
      const expires = time(p, 'expiryDateTime') ?? Date.now();
      const status = control.reserve(num(p, 'evseId'), num(p, 'id') ?? 0, str(obj(p, 'idToken'), 'idToken') ?? '', expires);
      return { status };
    }
    case 'CancelReservation':
      return { status: control.cancelReservation(num(p, 'reservationId') ?? -1) ? 'Accepted' : 'Rejected' };
    case 'GetLog':
      return { status: 'Accepted', filename: control.upload(num(p, 'requestId') ?? 0) };
    case 'UpdateFirmware':
      control.updateFirmware(time(obj(p, 'firmware'), 'retrieveDateTime'), num(p, 'requestId'));
      return { status: 'Accepted' };
    case 'SendLocalList': {
      const entries = list(p, 'localAuthorizationList').map((e) => ({
        idTag: str(obj(e, 'idToken'), 'idToken') ?? '', status: str(obj(e, 'idTokenInfo'), 'status'),
      }));
      return { status: control.sendLocalList(num(p, 'versionNumber') ?? 0, str(p, 'updateType') === 'Full', entries) };
    }
    case 'GetLocalListVersion':
      return { versionNumber: rt.localList.version };
    default:
      throw new RpcError('NotSupported', `${call.action} is not supported by this station`);
  }
}
