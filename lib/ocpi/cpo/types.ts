/**
 * What the CPO engine needs of the world around it, kept narrow so that tests and other hosts can stand in for the
 * CSMS, and the OCPI shapes the engine and the module handlers share.
 */
import type { NeutralCommand } from '../../ocpp/commands';
import type { CommandResult } from '../../ocpp/csms';
import type { OcppEvent } from '../../ocpp/events';
import type { StationSnapshot } from '../../stations/types';
import type { PartyRef } from '../headers';

/** The part of lib/ocpp's Csms the engine uses: live state, commands, and the version-neutral events. */
export interface CsmsPort {
  readonly store: { list(): StationSnapshot[] };
  command(stationId: string, command: NeutralCommand, timeoutMs?: number): Promise<CommandResult>;
  on(event: 'event', listener: (event: OcppEvent) => void): unknown;
  off(event: 'event', listener: (event: OcppEvent) => void): unknown;
}

export type TokenType = 'AD_HOC_USER' | 'APP_USER' | 'OTHER' | 'RFID';
export type Whitelist = 'ALWAYS' | 'ALLOWED' | 'ALLOWED_OFFLINE' | 'NEVER';

/** A Token as an eMSP pushed it; fields we do not use (visual_number, energy_contract...) are kept as they came. */
export interface OcpiToken {
  country_code: string;
  party_id: string;
  uid: string;
  type: TokenType;
  contract_id: string;
  issuer: string;
  valid: boolean;
  whitelist: Whitelist;
  group_id?: string;
  last_updated: string;
  [field: string]: unknown;
}

/** Who asked: the partner whose credentials token was used, and the party it acts for (a hub forwards for many). */
export interface Requester {
  partner: string;
  party: PartyRef;
  /** A hub that named no party: it may see every roaming object. */
  anyParty: boolean;
}

/** CommandResponseType, and TOO_OFTEN of ChargingProfileResponseType (same shape, the same answer path). */
export type CommandResponseType = 'ACCEPTED' | 'NOT_SUPPORTED' | 'REJECTED' | 'TOO_OFTEN' | 'UNKNOWN_SESSION';
export type CommandResultType =
  | 'ACCEPTED' | 'CANCELED_RESERVATION' | 'EVSE_OCCUPIED' | 'EVSE_INOPERATIVE' | 'FAILED' | 'NOT_SUPPORTED' | 'REJECTED' | 'TIMEOUT'
  | 'UNKNOWN_RESERVATION';

export interface DisplayText {
  language: string;
  text: string;
}

export interface CommandResponse {
  result: CommandResponseType;
  /** Seconds the eMSP should wait for our CommandResult before giving up on it. */
  timeout: number;
  message?: DisplayText[];
}

export interface CommandOutcome {
  result: CommandResultType;
  message?: DisplayText[];
}

/** ChargingProfileResultType, and for a GET the station's composite schedule as an ActiveChargingProfile. */
export interface ProfileOutcome {
  result: 'ACCEPTED' | 'REJECTED' | 'UNKNOWN';
  profile?: ActiveChargingProfile;
}

/** mod_charging_profiles: a schedule in W or A, its periods' start in seconds from its start. */
export interface OcpiChargingProfile {
  start_date_time?: string;
  duration?: number;
  charging_rate_unit: 'W' | 'A';
  min_charging_rate?: number;
  charging_profile_period?: Array<{ start_period: number; limit: number }>;
}

export interface ActiveChargingProfile {
  start_date_time: string;
  charging_profile: OcpiChargingProfile;
}

/** English texts: the only language every partner's help desk is sure to read. */
export const text = (t: string): DisplayText[] => [{ language: 'en', text: t.slice(0, 512) }];
