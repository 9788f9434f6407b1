/**
 * A template placed on one station's EVSE (and, for a Tx profile, one transaction) becomes the neutral
 * setChargingProfile command, but only once the spec rules and the profiles already on that station find nothing
 * wrong with it: a profile a station would refuse, or one that silently fights another, is never sent.
 */
import type { NeutralCommand } from '../ocpp/commands';
import type { NeutralProfile } from '../ocpp/commands/profile-reader';
import type { Profile } from './types';
import type { ProfileTemplate } from './template';
import { ProfileProblem, StationFacts, profileConflicts, profileProblems } from './validate';

/** Where a template goes. */
export interface Placement {
  /** 1.6 connector, 2.0.1 EVSE; 0 for the whole station. */
  evseId: number;
  /** The transaction of a Tx profile. */
  transactionId?: string;
}

export function placeTemplate(t: ProfileTemplate, at: Placement, installedAt = Date.now()): Profile {
  const profile: Profile = {
    id: t.id, evseId: at.evseId, stackLevel: t.stackLevel, purpose: t.purpose, kind: t.kind, unit: t.unit,
    periods: t.periods.map((p) => ({ ...p })), installedAt,
  };
  const optional: Partial<Profile> = {
    recurrency: t.recurrency, validFrom: t.validFrom, validTo: t.validTo, transactionId: at.transactionId,
    startSchedule: t.startSchedule, duration: t.duration, minChargingRate: t.minChargingRate,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (profile as unknown as Record<string, unknown>)[key] = value;
  return profile;
}

/** The neutral form the commands read (the reverse of profileFromNeutral). */
export function neutralProfile(p: Profile): NeutralProfile {
  const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
  return {
    id: p.id, stackLevel: p.stackLevel, purpose: p.purpose, kind: p.kind, recurrency: p.recurrency,
    validFrom: iso(p.validFrom), validTo: iso(p.validTo), transactionId: p.transactionId,
    schedule: {
      startSchedule: iso(p.startSchedule), duration: p.duration, unit: p.unit, minRate: p.minChargingRate,
      periods: p.periods.map((x) => ({ start: x.startPeriod, limit: x.limit, phases: x.numberPhases, phaseToUse: x.phaseToUse })),
    },
  };
}

export interface SetProfileBuild {
  profile: Profile;
  command: NeutralCommand;
  /** Empty when the command may be sent. */
  problems: ProfileProblem[];
}

/**
 * The command that installs a template at a placement, with every reason not to send it: the spec rules for the
 * station's version and the conflicts with the profiles known on the station (the one with the same id is the one
 * it replaces, so it is left out).
 */
export function buildSetProfile(t: ProfileTemplate, at: Placement, station: StationFacts, installed: readonly Profile[], now = Date.now()): SetProfileBuild {
  const profile = placeTemplate(t, at, now);
  const others = installed.filter((p) => p.id !== profile.id);
  const conflicts = profileConflicts([...others, profile]).filter((c) => c.profileId === profile.id);
  return {
    profile,
    command: { command: 'setChargingProfile', evseId: at.evseId, profile: neutralProfile(profile) },
    problems: [...profileProblems(profile, station), ...conflicts],
  };
}

/**
 * What is wrong with a template wherever it goes (the editor's check): it is judged on the EVSE its purpose calls
 * for and, when it is a Tx profile, for a transaction that runs there, so only its own fields can be at fault.
 */
export function templateProblems(t: ProfileTemplate): ProfileProblem[] {
  const at: Placement = { evseId: t.purpose === 'StationMax' || t.purpose === 'ExternalConstraints' ? 0 : 1 };
  if (t.purpose === 'Tx') at.transactionId = 'the transaction';
  return profileProblems(placeTemplate(t, at, 0), { version: '2.0.1' });
}

/** Problems as one line each: `field: message`. */
export function describeProblems(problems: readonly ProfileProblem[]): string {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
}

/** A placed profile as plain JSON: the template's shape (instants as ISO text) with its EVSE and transaction. */
export function profileJson(p: Profile): Record<string, unknown> {
  const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
  const out: Record<string, unknown> = {
    id: p.id, evseId: p.evseId, transactionId: p.transactionId, stackLevel: p.stackLevel, purpose: p.purpose, kind: p.kind,
    recurrency: p.recurrency, unit: p.unit, periods: p.periods.map((x) => ({ ...x })), minChargingRate: p.minChargingRate,
    duration: p.duration, startSchedule: iso(p.startSchedule), validFrom: iso(p.validFrom), validTo: iso(p.validTo),
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}
