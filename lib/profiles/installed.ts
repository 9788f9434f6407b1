/**
 * The profiles the CSMS knows to be on each station: those it sent and the station accepted, less those cleared
 * or gone with their transaction, or (2.0.1) what the station itself reported. OCPP 1.6 has no way to ask a
 * station for its profiles, so this is all a 1.6 CSMS can know; conflicts and local composite schedules are
 * computed from it.
 */
import type { Profile, ProfilePurpose } from './types';

export interface ClearCriteria {
  id?: number;
  evseId?: number;
  purpose?: ProfilePurpose;
  stackLevel?: number;
}

export class InstalledProfiles {
  private readonly byStation = new Map<string, Profile[]>();

  list(stationId: string): readonly Profile[] {
    return this.byStation.get(stationId) ?? [];
  }

  /**
   * A profile the station accepted. It replaces the one with the same id and, as a 1.6 station does, the one with
   * the same purpose and stack level on the same EVSE. Returns the ids it replaced.
   */
  record(stationId: string, profile: Profile): number[] {
    const replaced: number[] = [];
    const kept = this.list(stationId).filter((p) => {
      const same = p.id === profile.id || (p.evseId === profile.evseId && p.purpose === profile.purpose && p.stackLevel === profile.stackLevel);
      if (same) replaced.push(p.id);
      return !same;
    });
    this.byStation.set(stationId, [...kept, profile]);
    return replaced;
  }

  /**
   * What a ClearChargingProfile the station accepted removed: the profile with the id when one is given (both
   * versions then ignore the other criteria), else every profile matching all the criteria given. Returns the ids.
   */
  clear(stationId: string, c: ClearCriteria): number[] {
    const matches = (p: Profile): boolean => (c.id !== undefined
      ? p.id === c.id
      : (c.evseId === undefined || p.evseId === c.evseId) && (c.purpose === undefined || p.purpose === c.purpose)
        && (c.stackLevel === undefined || p.stackLevel === c.stackLevel));
    const all = this.list(stationId);
    this.byStation.set(stationId, all.filter((p) => !matches(p)));
    return all.filter(matches).map((p) => p.id);
  }

  /** A Tx profile ends with its transaction. */
  endTransaction(stationId: string, transactionId: string): void {
    const all = this.list(stationId);
    const left = all.filter((p) => p.purpose !== 'Tx' || p.transactionId !== transactionId);
    if (left.length !== all.length) this.byStation.set(stationId, left);
  }

  /** What the station itself reported holding (2.0.1 ReportChargingProfiles) replaces what was known. */
  replace(stationId: string, profiles: readonly Profile[]): void {
    this.byStation.set(stationId, [...profiles]);
  }
}

const shared = new WeakMap<object, InstalledProfiles>();

/** One record per CSMS engine, shared by every node that sends profiles through it. */
export function installedProfilesOf(owner: object): InstalledProfiles {
  let found = shared.get(owner);
  if (!found) shared.set(owner, (found = new InstalledProfiles()));
  return found;
}
