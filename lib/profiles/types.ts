/**
 * Charging profiles as a station holds them, in one shape for 1.6 and 2.0.1: neutral purposes (StationMax is 1.6
 * ChargePointMaxProfile and 2.0.1 ChargingStationMaxProfile), instants in epoch milliseconds, and the EVSE (the 1.6
 * connector) each applies to, 0 for the whole station. lib/ocpp/commands converts them to and from the wire.
 */
import type { ProfileKind, ProfilePurpose, RateUnit, RecurrencyKind } from '../ocpp/commands/profile-reader';

export type { ProfileKind, ProfilePurpose, RateUnit, RecurrencyKind };

export interface SchedulePeriod {
  /** Seconds from the start of the schedule. */
  startPeriod: number;
  /** In the schedule's unit: A per phase, or W in total. */
  limit: number;
  /** 3 when absent. */
  numberPhases?: number;
  /** 2.0.1: the phase a single-phase limit applies to. */
  phaseToUse?: number;
}

export interface Profile {
  id: number;
  /** 1.6 connectorId, 2.0.1 evseId; 0 for the whole station. */
  evseId: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  kind: ProfileKind;
  recurrency?: RecurrencyKind;
  validFrom?: number;
  validTo?: number;
  /** The transaction a Tx profile belongs to. */
  transactionId?: string;
  startSchedule?: number;
  /** Seconds. */
  duration?: number;
  unit: RateUnit;
  periods: SchedulePeriod[];
  minChargingRate?: number;
  /** When the station took it: the start of a Recurring or Absolute schedule that names none. */
  installedAt: number;
}

/** How an EVSE is wired: W = A × V × phases, with the area's nominal voltage. */
export interface Wiring {
  voltageV: number;
  phases: number;
}

/** What a profile needs to know of the transaction it may apply to. */
export interface TxRef {
  /** Every id the transaction is known by (the CSMS's and the station's own). */
  ids: ReadonlyArray<string | undefined>;
  startedAt: number;
}
