/**
 * The charging profiles a simulated station holds: what it installs, replaces and clears. What they allow a
 * connector is lib/profiles' reading of the spec, the same the CSMS side uses.
 */
import type { Profile, ProfilePurpose, TxRef, Wiring } from '../profiles/types';
import { limitW } from '../profiles/schedule';

export type { ProfilePurpose, RateUnit, TxRef, Wiring } from '../profiles/types';
export type ChargingProfile = Profile;

export class ProfileStore {
  private profiles: Profile[] = [];

  constructor(private readonly wiring: Wiring) {}

  list(): readonly Profile[] {
    return this.profiles;
  }

  /** A profile replaces one with the same id, or the same purpose and stack level on the same EVSE. */
  install(profile: Profile): void {
    const sorted = { ...profile, periods: [...profile.periods].sort((a, b) => a.startPeriod - b.startPeriod) };
    this.profiles = this.profiles.filter((p) => p.id !== profile.id
      && !(p.evseId === profile.evseId && p.purpose === profile.purpose && p.stackLevel === profile.stackLevel));
    this.profiles.push(sorted);
  }

  /** Removes the profiles matching every given criterion; returns how many went. */
  clear(match: { id?: number; evseId?: number; purpose?: ProfilePurpose; stackLevel?: number }): number {
    const before = this.profiles.length;
    this.profiles = this.profiles.filter((p) => !(
      (match.id === undefined || p.id === match.id)
      && (match.evseId === undefined || p.evseId === match.evseId)
      && (match.purpose === undefined || p.purpose === match.purpose)
      && (match.stackLevel === undefined || p.stackLevel === match.stackLevel)));
    return before - this.profiles.length;
  }

  /** A Tx profile ends with its transaction. */
  dropTransaction(tx: TxRef): void {
    this.profiles = this.profiles.filter((p) => p.purpose !== 'Tx' || !tx.ids.includes(p.transactionId));
  }

  /** The cap in W on a connector at an instant; Infinity when no profile limits it. */
  limitW(connectorId: number, at: number, tx?: TxRef): number {
    return limitW(this.profiles, connectorId, at, this.wiring, tx);
  }
}
