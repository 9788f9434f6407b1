/**
 * OCPP 2.0.1 GetChargingProfiles: the station answers Accepted (or NoProfiles), then sends what it holds in one or
 * more ReportChargingProfiles carrying the request's id, the last one without `tbc`. 1.6 has no such message.
 */
import { ocppPurpose, profileFromOcpp } from '../ocpp/commands/charging-profile';
import type { Profile, ProfilePurpose } from './types';
import { profileFromNeutral } from './index';

export interface ProfileFilter {
  evseId?: number;
  purpose?: ProfilePurpose;
  stackLevel?: number;
}

/** The request. Its criterion object is required by the schema even when it narrows nothing: then it goes out empty. */
export function getChargingProfilesRequest(requestId: number, f: ProfileFilter): Record<string, unknown> {
  const criterion: Record<string, unknown> = {};
  if (f.purpose) criterion.chargingProfilePurpose = ocppPurpose('2.0.1', f.purpose);
  if (f.stackLevel !== undefined) criterion.stackLevel = f.stackLevel;
  return { requestId, ...(f.evseId !== undefined ? { evseId: f.evseId } : {}), chargingProfile: criterion };
}

export interface ReportedProfile {
  profile: Profile;
  /** Who set it: CSO (a CSMS), EMS, SO (the grid operator) or Other. */
  source: string;
}

export interface ReadReport {
  profiles: ReportedProfile[];
  /** Profiles that could not be read (more than one schedule, a field out of range), with the reason. */
  unreadable: string[];
  /** Whether more reports follow for the same request. */
  toBeContinued: boolean;
}

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** One ReportChargingProfiles request, as received (already checked against the schema). */
export function readProfileReport(payload: unknown, receivedAt = Date.now()): ReadReport {
  const report = asRecord(payload);
  const evseId = Number(report.evseId ?? 0);
  const source = typeof report.chargingLimitSource === 'string' ? report.chargingLimitSource : 'CSO';
  const profiles: ReportedProfile[] = [];
  const unreadable: string[] = [];
  for (const item of Array.isArray(report.chargingProfile) ? report.chargingProfile : []) {
    try {
      profiles.push({ profile: profileFromNeutral(profileFromOcpp('2.0.1', asRecord(item), 'ReportChargingProfiles'), evseId, receivedAt), source });
    } catch (err) {
      unreadable.push(`profile ${String(asRecord(item).id)} on EVSE ${evseId}: ${(err as Error).message}`);
    }
  }
  return { profiles, unreadable, toBeContinued: report.tbc === true };
}
