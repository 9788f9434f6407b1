/** Charging profiles as each version writes them, read into the neutral shape of profiles.ts. */
import type { Payload } from '../ocpp/frames';
import { list, num, obj, str, time } from './payload';
import { ChargingProfile, ProfilePurpose, RateUnit } from './profiles';

const PURPOSES: Record<string, ProfilePurpose> = {
  ChargePointMaxProfile: 'StationMax',
  ChargingStationMaxProfile: 'StationMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
};

/** The neutral purpose of either version's name; undefined for ChargingStationExternalConstraints, set by an EMS only. */
export function neutralPurpose(name: string | undefined): ProfilePurpose | undefined {
  return name === undefined ? undefined : PURPOSES[name];
}

function schedule(s: Payload | undefined): Pick<ChargingProfile, 'startSchedule' | 'duration' | 'unit' | 'periods' | 'minChargingRate'> {
  return {
    startSchedule: time(s, 'startSchedule'),
    duration: num(s, 'duration'),
    unit: (str(s, 'chargingRateUnit') ?? 'W') as RateUnit,
    periods: list(s, 'chargingSchedulePeriod').map((p) => ({
      startPeriod: num(p, 'startPeriod') ?? 0, limit: num(p, 'limit') ?? 0, numberPhases: num(p, 'numberPhases'),
    })),
    minChargingRate: num(s, 'minChargingRate'),
  };
}

type Header = Pick<ChargingProfile, 'evseId' | 'stackLevel' | 'purpose' | 'kind' | 'recurrency' | 'validFrom' | 'validTo' | 'installedAt'>;

function common(p: Payload, evseId: number, purpose: ProfilePurpose): Header {
  return {
    evseId,
    stackLevel: num(p, 'stackLevel') ?? 0,
    purpose,
    kind: (str(p, 'chargingProfileKind') ?? 'Absolute') as ChargingProfile['kind'],
    recurrency: str(p, 'recurrencyKind') as ChargingProfile['recurrency'],
    validFrom: time(p, 'validFrom'),
    validTo: time(p, 'validTo'),
    installedAt: Date.now(),
  };
}

/** 1.6 csChargingProfiles / chargingProfile. */
export function readProfile16(p: Payload, connectorId: number): ChargingProfile | undefined {
  const purpose = PURPOSES[str(p, 'chargingProfilePurpose') ?? ''];
  if (!purpose) return undefined;
  const tx = num(p, 'transactionId');
  return {
    ...common(p, connectorId, purpose),
    ...schedule(obj(p, 'chargingSchedule')),
    id: num(p, 'chargingProfileId') ?? 0,
    transactionId: tx === undefined ? undefined : String(tx),
  };
}

/**
 * 2.0.1 chargingProfile. Undefined for ChargingStationExternalConstraints, which only an external system (an EMS)
 * may set. Of the up to three schedules (for ISO 15118 negotiation) the first is the one the station runs.
 */
export function readProfile201(p: Payload, evseId: number): ChargingProfile | undefined {
  const purpose = PURPOSES[str(p, 'chargingProfilePurpose') ?? ''];
  if (!purpose) return undefined;
  return {
    ...common(p, evseId, purpose),
    ...schedule(list(p, 'chargingSchedule')[0]),
    id: num(p, 'id') ?? 0,
    transactionId: str(p, 'transactionId'),
  };
}
