/** Smart charging: setting and clearing charging profiles, asking for the composite schedule. */
import { Translator } from './types';
import { fail } from './params';
import { connector16, evse201, readLocation } from './location';
import { convertProfile, ocppPurpose, readPurpose } from './charging-profile';

const setChargingProfile: Translator = (version, p) => {
  const loc = readLocation(p);
  const profile = convertProfile(version, p, 'profile');
  if (version === '1.6') {
    return { action: 'SetChargingProfile', payload: { connectorId: connector16(loc) ?? 0, csChargingProfiles: profile } };
  }
  return { action: 'SetChargingProfile', payload: { evseId: evse201(loc) ?? 0, chargingProfile: profile } };
};

const clearChargingProfile: Translator = (version, p) => {
  const id = p.int('id');
  const loc = readLocation(p);
  const neutral = readPurpose(p, 'purpose');
  const purpose = neutral ? ocppPurpose(version, neutral) : undefined;
  if (neutral && !purpose) fail(p.problem('purpose', `${neutral} does not exist on OCPP ${version}`));
  const stackLevel = p.int('stackLevel', { min: 0 });
  if (version === '1.6') {
    return {
      action: 'ClearChargingProfile',
      payload: { id, connectorId: connector16(loc), chargingProfilePurpose: purpose, stackLevel },
    };
  }
  return {
    action: 'ClearChargingProfile',
    payload: {
      chargingProfileId: id,
      chargingProfileCriteria: { evseId: evse201(loc), chargingProfilePurpose: purpose, stackLevel },
    },
  };
};

const getCompositeSchedule: Translator = (version, p) => {
  const loc = readLocation(p);
  const duration = p.reqInt('duration', { min: 0 });
  const chargingRateUnit = p.choice('unit', ['W', 'A'] as const);
  if (version === '1.6') {
    return { action: 'GetCompositeSchedule', payload: { connectorId: connector16(loc) ?? 0, duration, chargingRateUnit } };
  }
  return { action: 'GetCompositeSchedule', payload: { evseId: evse201(loc) ?? 0, duration, chargingRateUnit } };
};

export const SMART_CHARGING_COMMANDS: Record<string, Translator> = { setChargingProfile, clearChargingProfile, getCompositeSchedule };
