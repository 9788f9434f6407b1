/**
 * Charging profile conversion between the neutral form and each version's OCPP shape. Shared by the smart-charging
 * commands and remote start, and meant for reuse by other features that build or read profiles.
 */
import { OcppVersion } from '../errors';
import { pruneEmpty } from '../frames';
import { Params, fail } from './params';
import { NeutralProfile, NeutralSchedule, ProfilePurpose, ReadOptions, nativeProfileVersion, profileFromOcpp, readNeutralProfile } from './profile-reader';

export * from './profile-reader';

const PURPOSE_16: Record<ProfilePurpose, string | undefined> = {
  StationMax: 'ChargePointMaxProfile', TxDefault: 'TxDefaultProfile', Tx: 'TxProfile', ExternalConstraints: undefined,
};
const PURPOSE_201: Record<ProfilePurpose, string> = {
  StationMax: 'ChargingStationMaxProfile', TxDefault: 'TxDefaultProfile', Tx: 'TxProfile',
  ExternalConstraints: 'ChargingStationExternalConstraints',
};

/** The OCPP purpose name of a neutral purpose in a version (undefined when the version has none). */
export function ocppPurpose(version: OcppVersion, purpose: ProfilePurpose): string | undefined {
  return version === '1.6' ? PURPOSE_16[purpose] : PURPOSE_201[purpose];
}

// 1.6 limits are multiples of 0.1. Rounding a limit down keeps the station within what was asked for.
const tenthsDown = (v: number): number => Math.floor(v * 10 + 1e-9) / 10;
const tenths = (v: number): number => Math.round(v * 10) / 10;

/**
 * A neutral profile in a version's OCPP shape: 1.6 `csChargingProfiles` / `chargingProfile`, 2.0.1
 * ChargingProfileType, absent optionals left out. `command` names the command in error messages.
 */
export function profileToOcpp(version: OcppVersion, profile: NeutralProfile, command = 'chargingProfile'): Record<string, unknown> {
  const purpose = ocppPurpose(version, profile.purpose);
  if (!purpose) fail(`${command}: OCPP ${version} has no ${profile.purpose} charging profile purpose`);
  return pruneEmpty(version === '1.6' ? profile16(profile, purpose, command) : profile201(profile, purpose));
}

function profile16(profile: NeutralProfile, purpose: string, command: string): Record<string, unknown> {
  const s = profile.schedule;
  let transactionId: number | undefined;
  if (profile.transactionId !== undefined) {
    transactionId = Number(profile.transactionId);
    if (!/^\s*-?\d+\s*$/.test(profile.transactionId) || !Number.isSafeInteger(transactionId)) {
      fail(`${command}: transactionId must be an integer on OCPP 1.6, got ${JSON.stringify(profile.transactionId)}`);
    }
  }
  return {
    chargingProfileId: profile.id,
    transactionId,
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: profile.kind,
    recurrencyKind: profile.recurrency,
    validFrom: profile.validFrom,
    validTo: profile.validTo,
    chargingSchedule: {
      duration: s.duration,
      startSchedule: s.startSchedule,
      chargingRateUnit: s.unit,
      // 1.6 has no phaseToUse: the station picks the phase itself.
      chargingSchedulePeriod: s.periods.map((p) => ({ startPeriod: p.start, limit: tenthsDown(p.limit), numberPhases: p.phases })),
      minChargingRate: s.minRate === undefined ? undefined : tenths(s.minRate),
    },
  };
}

function profile201(profile: NeutralProfile, purpose: string): Record<string, unknown> {
  return {
    id: profile.id,
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: profile.kind,
    recurrencyKind: profile.recurrency,
    validFrom: profile.validFrom,
    validTo: profile.validTo,
    transactionId: profile.transactionId,
    chargingSchedule: [schedule201(profile.schedule, profile.id)],
  };
}

function schedule201(s: NeutralSchedule, profileId: number): Record<string, unknown> {
  return {
    id: s.id ?? profileId,
    startSchedule: s.startSchedule,
    duration: s.duration,
    chargingRateUnit: s.unit,
    minChargingRate: s.minRate,
    chargingSchedulePeriod: s.periods.map((p) => ({
      startPeriod: p.start, limit: p.limit, numberPhases: p.phases, phaseToUse: p.phaseToUse,
    })),
  };
}

/**
 * The profile held in `parent[name]`, ready for a version: a profile already in that version's shape passes through
 * untouched (the schema check on sending judges it), one in the other version's shape or in the neutral form is
 * converted.
 */
export function convertProfile(version: OcppVersion, parent: Params, name: string, options: ReadOptions = {}): Record<string, unknown> {
  const reader = parent.reqObj(name);
  const raw = parent.raw(name) as Record<string, unknown>;
  const native = nativeProfileVersion(raw);
  if (native === version) return structuredClone(raw);
  const neutral = native ? profileFromOcpp(native, raw, parent.command) : readNeutralProfile(reader, options);
  return profileToOcpp(version, neutral, parent.command);
}
