/**
 * Reading a charging profile into the neutral form, from neutral input or from either version's OCPP shape, with the
 * checks both versions share (K01 in 2.0.1, SmartCharging in 1.6) so a bad profile fails before it reaches a station.
 */
import { OcppVersion } from '../errors';
import { Params, fail } from './params';

export type ProfilePurpose = 'StationMax' | 'TxDefault' | 'Tx' | 'ExternalConstraints';
export type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RecurrencyKind = 'Daily' | 'Weekly';
export type RateUnit = 'W' | 'A';

export interface NeutralPeriod {
  /** Seconds from the start of the schedule. */
  start: number;
  limit: number;
  phases?: number;
  /** 2.0.1 only: the phase a single-phase limit applies to. */
  phaseToUse?: number;
}

export interface NeutralSchedule {
  /** 2.0.1 schedule id; the profile id when absent. */
  id?: number;
  startSchedule?: string;
  duration?: number;
  unit: RateUnit;
  minRate?: number;
  periods: NeutralPeriod[];
}

export interface NeutralProfile {
  id: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  kind: ProfileKind;
  recurrency?: RecurrencyKind;
  validFrom?: string;
  validTo?: string;
  /** Kept as text: 2.0.1 ids are strings, 1.6 ids are parsed back to integers when written. */
  transactionId?: string;
  schedule: NeutralSchedule;
}

// Every purpose spelling we accept, short neutral names and both versions' OCPP names.
const PURPOSES: Record<string, ProfilePurpose> = {
  StationMax: 'StationMax', ChargePointMaxProfile: 'StationMax', ChargingStationMaxProfile: 'StationMax',
  TxDefault: 'TxDefault', TxDefaultProfile: 'TxDefault',
  Tx: 'Tx', TxProfile: 'Tx',
  ExternalConstraints: 'ExternalConstraints', ChargingStationExternalConstraints: 'ExternalConstraints',
};

/** Reads a purpose in any accepted spelling. */
export function readPurpose(p: Params, name: string): ProfilePurpose | undefined {
  const spelled = p.choice(name, Object.keys(PURPOSES));
  return spelled ? PURPOSES[spelled] : undefined;
}

export interface ReadOptions {
  /** Purpose assumed when none is given (remote start profiles are always TxProfile). */
  defaultPurpose?: ProfilePurpose;
}

/** Reads and checks a neutral profile; messages name the offending field. */
export function readNeutralProfile(p: Params, options: ReadOptions = {}): NeutralProfile {
  const purpose = readPurpose(p, 'purpose') ?? options.defaultPurpose;
  const kind = p.required('kind', p.choice('kind', ['Absolute', 'Recurring', 'Relative'] as const));
  const recurrency = p.choice('recurrency', ['Daily', 'Weekly'] as const);
  if (kind === 'Recurring' && !recurrency) fail(p.problem('recurrency', 'is required for a Recurring profile (Daily or Weekly)'));
  const transactionId = p.str('transactionId');
  if (transactionId !== undefined && purpose !== 'Tx') fail(p.problem('transactionId', 'is only allowed on a Tx (TxProfile) profile'));
  const profile: NeutralProfile = {
    id: p.reqInt('id'),
    stackLevel: p.reqInt('stackLevel', { min: 0 }),
    purpose: p.required('purpose', purpose),
    kind,
    recurrency,
    validFrom: p.time('validFrom'),
    validTo: p.time('validTo'),
    transactionId,
    schedule: readSchedule(p.reqObj('schedule')),
  };
  if (profile.validFrom && profile.validTo && profile.validFrom >= profile.validTo) {
    fail(p.problem('validTo', 'must be later than validFrom'));
  }
  return profile;
}

function readSchedule(s: Params): NeutralSchedule {
  const items = s.required('periods', s.objList('periods'));
  if (items.length === 0) fail(s.problem('periods', 'must hold at least one period'));
  const periods = items.map(readPeriod);
  periods.forEach((period, i) => {
    if (i > 0 && period.start <= periods[i - 1].start) {
      fail(s.problem(`periods[${i}].start`, 'must be later than the start of the period before it'));
    }
  });
  return {
    id: s.int('id'),
    startSchedule: s.time('startSchedule'),
    duration: s.int('duration', { min: 0 }),
    unit: s.required('unit', s.choice('unit', ['W', 'A'] as const)),
    minRate: s.num('minRate', { min: 0 }),
    periods,
  };
}

function readPeriod(p: Params): NeutralPeriod {
  const period: NeutralPeriod = {
    start: p.reqInt('start', { min: 0 }),
    limit: p.required('limit', p.num('limit', { min: 0 })),
    phases: p.int('phases', { min: 1, max: 3 }),
    phaseToUse: p.int('phaseToUse', { min: 1, max: 3 }),
  };
  // A phase can only be chosen for a single-phase limit (2.0.1 ChargingSchedulePeriodType).
  if (period.phaseToUse !== undefined && period.phases !== 1) fail(p.problem('phaseToUse', 'needs phases = 1'));
  return period;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Which version's OCPP shape a profile object has, or undefined when it is neutral. */
export function nativeProfileVersion(profile: Record<string, unknown>): OcppVersion | undefined {
  if ('chargingProfileId' in profile) return '1.6';
  if ('id' in profile && Array.isArray(profile.chargingSchedule)) return '2.0.1';
  return undefined;
}

/** Reads a profile in a version's OCPP shape (1.6 csChargingProfiles, 2.0.1 ChargingProfileType) into the neutral form. */
export function profileFromOcpp(version: OcppVersion, profile: Record<string, unknown>, command = 'chargingProfile'): NeutralProfile {
  let schedule: Record<string, unknown>;
  if (version === '2.0.1') {
    const list = Array.isArray(profile.chargingSchedule) ? profile.chargingSchedule : [];
    if (list.length !== 1) fail(`${command}: a profile with ${list.length} charging schedules cannot be converted; give exactly one`);
    schedule = asRecord(list[0]);
  } else {
    schedule = asRecord(profile.chargingSchedule);
  }
  const periods = Array.isArray(schedule.chargingSchedulePeriod) ? schedule.chargingSchedulePeriod : [];
  const neutral = {
    id: version === '1.6' ? profile.chargingProfileId : profile.id,
    stackLevel: profile.stackLevel,
    purpose: profile.chargingProfilePurpose,
    kind: profile.chargingProfileKind,
    recurrency: profile.recurrencyKind,
    validFrom: profile.validFrom,
    validTo: profile.validTo,
    transactionId: profile.transactionId,
    schedule: {
      id: version === '2.0.1' ? schedule.id : undefined,
      startSchedule: schedule.startSchedule,
      duration: schedule.duration,
      unit: schedule.chargingRateUnit,
      minRate: schedule.minChargingRate,
      periods: periods.map((item) => {
        const period = asRecord(item);
        return { start: period.startPeriod, limit: period.limit, phases: period.numberPhases, phaseToUse: period.phaseToUse };
      }),
    },
  };
  return readNeutralProfile(new Params(command, neutral));
}
