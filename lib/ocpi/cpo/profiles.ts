/**
 * ChargingProfiles, Receiver interface (mod_charging_profiles.asciidoc): an eMSP (or a smart-charging provider)
 * sets, reads and clears the limit of one of its running sessions. Each request is answered at once, then carried
 * out on the station through the CSMS, the result POSTed to the request's response_url, as Commands are.
 *
 * The eMSP's profile becomes a TxProfile of the session's transaction at a stack level below the park's own
 * allocation (lib/allocation sends its TxProfiles at 5): where the park limits an EVSE, its limit prevails, so an
 * eMSP can never take a site past its connection. One request per session at a time; another meanwhile is TOO_OFTEN.
 */
import { sessionId } from '../objects/sessions';
import type { ChargeFacts } from '../objects/sessions';
import { formatDateTime } from '../datetime';
import type { ChargeBook } from './charges';
import type { CommandRunner } from './commands';
import type { OcppIds } from './ocpp-ids';
import type { ActiveChargingProfile, CommandResponse, CsmsPort, OcpiChargingProfile, ProfileOutcome, Requester } from './types';
import { visibleTo } from './visibility';

export interface SessionProfilesOptions {
  csms: CsmsPort;
  charges: ChargeBook;
  commands: CommandRunner;
  ids: OcppIds;
  timeoutMs: number;
  now: () => number;
  /** The TxProfile's stack level (default 2). */
  stackLevel?: number;
}

type Answer = CommandResponse;
const answer = (result: 'REJECTED' | 'TOO_OFTEN' | 'UNKNOWN_SESSION'): Answer => ({ result, timeout: 0 });

/** A station that did not answer or cannot do it: REJECTED, the only failure ChargingProfileResultType has. */
const rejected = (): ProfileOutcome => ({ result: 'REJECTED' });

export class SessionProfiles {
  private readonly busy = new Set<string>();
  /** The OCPP profile id each session's eMSP profile was sent with. */
  private readonly profileIds = new Map<string, number>();

  constructor(private readonly o: SessionProfilesOptions) {}

  set(id: string, profile: OcpiChargingProfile, responseUrl: string, who: Requester): Answer {
    return this.run(id, who, 'SET_CHARGING_PROFILE', responseUrl, async (facts) => {
      // No period is no limit (the list may be empty): the eMSP lifts what it had set, rather than stopping the charge
      // with an OCPP schedule at 0, which is what an empty list would otherwise become (OCPP needs one period).
      if (!profile.charging_profile_period?.length) return this.lift(facts);
      const profileId = this.profileIds.get(facts.transactionId) ?? this.o.ids.take();
      this.profileIds.set(facts.transactionId, profileId);
      const command = { command: 'setChargingProfile', evseId: facts.evseId, profile: neutralProfile(profile, profileId, this.o.stackLevel ?? 2, facts.transactionId) };
      const { response } = await this.o.csms.command(facts.stationId, command, this.o.timeoutMs);
      return { result: response.status === 'Accepted' ? 'ACCEPTED' : 'REJECTED' };
    });
  }

  /** The station's composite schedule for the session's EVSE over `durationS`. */
  active(id: string, durationS: number, responseUrl: string, who: Requester): Answer {
    return this.run(id, who, 'GET_ACTIVE_CHARGING_PROFILE', responseUrl, async (facts) => {
      const command = { command: 'getCompositeSchedule', evseId: facts.evseId, duration: durationS };
      const { response } = await this.o.csms.command(facts.stationId, command, this.o.timeoutMs);
      if (response.status !== 'Accepted') return { result: 'REJECTED' };
      const profile = activeProfileOf(response, formatDateTime(this.o.now()));
      return profile ? { result: 'ACCEPTED', profile } : { result: 'UNKNOWN' };
    });
  }

  /** Clears the eMSP's profile of the session if it set one; nothing set is nothing to lift. */
  private async lift(facts: ChargeFacts): Promise<ProfileOutcome> {
    const profileId = this.profileIds.get(facts.transactionId);
    if (profileId === undefined) return { result: 'ACCEPTED' };
    const { response } = await this.o.csms.command(facts.stationId, { command: 'clearChargingProfile', id: profileId }, this.o.timeoutMs);
    // Unknown: the station no longer has it (a reboot), so it is lifted all the same.
    if (response.status !== 'Accepted' && response.status !== 'Unknown') return { result: 'REJECTED' };
    this.profileIds.delete(facts.transactionId);
    return { result: 'ACCEPTED' };
  }

  clear(id: string, responseUrl: string, who: Requester): Answer {
    return this.run(id, who, 'CLEAR_CHARGING_PROFILE', responseUrl, async (facts) => {
      const profileId = this.profileIds.get(facts.transactionId);
      if (profileId === undefined) return { result: 'UNKNOWN' };
      const { response } = await this.o.csms.command(facts.stationId, { command: 'clearChargingProfile', id: profileId }, this.o.timeoutMs);
      if (response.status === 'Accepted') this.profileIds.delete(facts.transactionId);
      return { result: response.status === 'Accepted' ? 'ACCEPTED' : 'UNKNOWN' };
    });
  }

  private run(id: string, who: Requester, kind: 'SET_CHARGING_PROFILE' | 'GET_ACTIVE_CHARGING_PROFILE' | 'CLEAR_CHARGING_PROFILE', responseUrl: string,
    work: (facts: ChargeFacts) => Promise<ProfileOutcome>): Answer {
    const facts = this.o.charges.runningList().find((f) => sessionId(f.stationId, f.transactionId).toUpperCase() === id.toUpperCase());
    if (!facts) return answer('UNKNOWN_SESSION');
    if (!visibleTo(facts.token, who)) return answer('REJECTED');
    const key = `${facts.stationId}/${facts.transactionId}`;
    if (this.busy.has(key)) return answer('TOO_OFTEN');
    this.busy.add(key);
    return this.o.commands.launch(kind, who, responseUrl, facts.stationId, () => work(facts).finally(() => this.busy.delete(key)), rejected);
  }
}

/** The eMSP's profile as our version-neutral TxProfile for the transaction. */
function neutralProfile(p: OcpiChargingProfile, id: number, stackLevel: number, transactionId: string): Record<string, unknown> {
  const periods = p.charging_profile_period ?? [];
  return {
    id, stackLevel, purpose: 'Tx', kind: p.start_date_time ? 'Absolute' : 'Relative', transactionId,
    schedule: {
      unit: p.charging_rate_unit, ...(p.start_date_time ? { startSchedule: p.start_date_time } : {}), ...(p.duration !== undefined ? { duration: p.duration } : {}),
      ...(p.min_charging_rate !== undefined ? { minRate: p.min_charging_rate } : {}),
      periods: periods.map((x) => ({ start: x.start_period, limit: x.limit })),
    },
  };
}

/** A GetCompositeSchedule answer (1.6 chargingSchedule, 2.0.1 schedule) as an OCPI ActiveChargingProfile. */
export function activeProfileOf(response: Record<string, unknown>, now: string): ActiveChargingProfile | undefined {
  const schedule = (response.chargingSchedule ?? response.schedule) as Record<string, unknown> | undefined;
  if (!schedule || typeof schedule !== 'object') return undefined;
  const start = typeof response.scheduleStart === 'string' ? response.scheduleStart : typeof schedule.scheduleStart === 'string' ? schedule.scheduleStart : now;
  const periods = Array.isArray(schedule.chargingSchedulePeriod) ? (schedule.chargingSchedulePeriod as Array<Record<string, unknown>>) : [];
  const unit = schedule.chargingRateUnit === 'A' ? 'A' : 'W';
  return {
    start_date_time: formatDateTime(start),
    charging_profile: {
      start_date_time: formatDateTime(start), ...(typeof schedule.duration === 'number' ? { duration: schedule.duration } : {}), charging_rate_unit: unit,
      ...(typeof schedule.minChargingRate === 'number' ? { min_charging_rate: schedule.minChargingRate } : {}),
      charging_profile_period: periods.map((x) => ({ start_period: Number(x.startPeriod), limit: Number(x.limit) })),
    },
  };
}
