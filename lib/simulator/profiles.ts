/**
 * The charging profiles a station holds, in one version-neutral shape, and the rules that turn them into the power
 * cap of a connector at an instant (1.6 §3.13, 2.0.1 K): TxProfile over TxDefaultProfile, the highest stack level
 * with a running period wins, ChargePointMaxProfile caps the rest.
 */

export type ProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type RateUnit = 'A' | 'W';

export interface SchedulePeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

export interface ChargingProfile {
  id: number;
  /** 1.6 connectorId, 2.0.1 evseId; 0 for the whole station. */
  connectorId: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  kind: 'Absolute' | 'Recurring' | 'Relative';
  recurrency?: 'Daily' | 'Weekly';
  validFrom?: number;
  validTo?: number;
  /** The transaction a TxProfile belongs to: the CSMS's id or our local one. */
  transactionId?: string;
  startSchedule?: number;
  /** Seconds. */
  duration?: number;
  unit: RateUnit;
  periods: SchedulePeriod[];
  minChargingRate?: number;
  installedAt: number;
}

export interface Wiring {
  voltageV: number;
  phases: number;
}

/** What a profile needs to know of the transaction it may apply to. */
export interface TxRef {
  ids: ReadonlyArray<string | undefined>;
  startedAt: number;
}

const DAY = 86_400_000;

export function toWatts(limit: number, unit: RateUnit, wiring: Wiring, numberPhases?: number): number {
  return unit === 'W' ? limit : limit * wiring.voltageV * (numberPhases ?? wiring.phases);
}

export function fromWatts(watts: number, unit: RateUnit, wiring: Wiring): number {
  return unit === 'W' ? watts : watts / (wiring.voltageV * wiring.phases);
}

/** When the schedule of a profile starts for an instant, or undefined when it has not started. */
export function scheduleStart(p: ChargingProfile, at: number, tx?: TxRef): number | undefined {
  if (p.kind === 'Relative') return tx ? tx.startedAt : at;
  const origin = p.startSchedule ?? p.validFrom ?? p.installedAt;
  if (p.kind === 'Absolute') return origin;
  const cycle = p.recurrency === 'Weekly' ? 7 * DAY : DAY;
  if (at < origin) return undefined;
  return origin + Math.floor((at - origin) / cycle) * cycle;
}

export function isValidAt(p: ChargingProfile, at: number): boolean {
  return (p.validFrom === undefined || p.validFrom <= at) && (p.validTo === undefined || at < p.validTo);
}

/** The period running at an instant, if the profile is valid and its schedule is running. */
export function periodAt(p: ChargingProfile, at: number, tx?: TxRef): SchedulePeriod | undefined {
  if (!isValidAt(p, at)) return undefined;
  const start = scheduleStart(p, at, tx);
  if (start === undefined || at < start) return undefined;
  const elapsed = (at - start) / 1000;
  if (p.duration !== undefined && elapsed >= p.duration) return undefined;
  let running: SchedulePeriod | undefined;
  for (const period of p.periods) if (period.startPeriod <= elapsed) running = period;
  return running;
}

export class ProfileStore {
  private profiles: ChargingProfile[] = [];

  constructor(private readonly wiring: Wiring) {}

  list(): readonly ChargingProfile[] {
    return this.profiles;
  }

  /** A profile replaces one with the same id, or the same purpose and stack level on the same connector. */
  install(profile: ChargingProfile): void {
    const sorted = { ...profile, periods: [...profile.periods].sort((a, b) => a.startPeriod - b.startPeriod) };
    this.profiles = this.profiles.filter((p) => p.id !== profile.id
      && !(p.connectorId === profile.connectorId && p.purpose === profile.purpose && p.stackLevel === profile.stackLevel));
    this.profiles.push(sorted);
  }

  /** Removes the profiles matching every given criterion; returns how many went. */
  clear(match: { id?: number; connectorId?: number; purpose?: ProfilePurpose; stackLevel?: number }): number {
    const before = this.profiles.length;
    this.profiles = this.profiles.filter((p) => !(
      (match.id === undefined || p.id === match.id)
      && (match.connectorId === undefined || p.connectorId === match.connectorId)
      && (match.purpose === undefined || p.purpose === match.purpose)
      && (match.stackLevel === undefined || p.stackLevel === match.stackLevel)));
    return before - this.profiles.length;
  }

  /** A TxProfile ends with its transaction. */
  dropTransaction(tx: TxRef): void {
    this.profiles = this.profiles.filter((p) => p.purpose !== 'TxProfile' || !tx.ids.includes(p.transactionId));
  }

  /** The cap in W on a connector at an instant; Infinity when no profile limits it. */
  limitW(connectorId: number, at: number, tx?: TxRef): number {
    const txLimit = (tx && this.winner('TxProfile', [connectorId], at, tx))
      ?? this.winner('TxDefaultProfile', [connectorId], at, tx)
      ?? this.winner('TxDefaultProfile', [0], at, tx);
    const maxLimit = this.winner('ChargePointMaxProfile', [0], at, tx);
    return Math.min(txLimit ?? Infinity, maxLimit ?? Infinity);
  }

  /** The profiles that may shape a connector's schedule (for the composite schedule). */
  candidates(connectorId: number, tx?: TxRef): ChargingProfile[] {
    return this.profiles.filter((p) => (p.connectorId === connectorId || p.connectorId === 0)
      && (p.purpose !== 'TxProfile' || (tx !== undefined && this.belongs(p, tx))));
  }

  private belongs(p: ChargingProfile, tx: TxRef): boolean {
    return p.transactionId === undefined || tx.ids.includes(p.transactionId);
  }

  /** The limit of the highest stack level that has a running period, in W. */
  private winner(purpose: ProfilePurpose, connectorIds: number[], at: number, tx?: TxRef): number | undefined {
    const ranked = this.profiles
      .filter((p) => p.purpose === purpose && connectorIds.includes(p.connectorId))
      .filter((p) => purpose !== 'TxProfile' || (tx !== undefined && this.belongs(p, tx)))
      .sort((a, b) => b.stackLevel - a.stackLevel);
    for (const p of ranked) {
      const period = periodAt(p, at, tx);
      if (period) return toWatts(period.limit, p.unit, this.wiring, period.numberPhases);
    }
    return undefined;
  }
}
