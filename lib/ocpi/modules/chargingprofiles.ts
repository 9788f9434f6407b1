/**
 * ChargingProfiles, Receiver interface (mod_charging_profiles.asciidoc): GET /{session_id}?duration&response_url
 * (the active profile), PUT /{session_id} {charging_profile, response_url}, DELETE /{session_id}?response_url.
 * The answer is a ChargingProfileResponse; the result follows to response_url.
 */
import type { CpoService } from '../cpo/service';
import type { OcpiChargingProfile } from '../cpo/types';
import { isDateTime } from '../datetime';
import type { ModuleHandler } from '../request';
import { invalidParameters, methodNotAllowed, notFound } from '../status';
import { objectBody, responseUrl } from './command-bodies';
import { requesterOf } from './requester';

export function chargingProfilesModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (req.path.length !== 1 || req.path[0].length > 36) throw notFound(`charging profiles are addressed as /{session_id}, not /${req.path.join('/')}`);
    const id = req.path[0];
    const who = requesterOf(req);
    const queryUrl = () => responseUrl({ response_url: req.query.get('response_url') ?? '' });
    switch (req.method) {
      case 'GET': {
        const duration = req.query.get('duration') ?? '';
        if (!/^\d{1,9}$/.test(duration)) throw invalidParameters('duration is required: the whole seconds of schedule wanted');
        return { data: service.profiles.active(id, Number(duration), queryUrl(), who) };
      }
      case 'PUT': {
        const body = objectBody(req.body);
        return { data: service.profiles.set(id, readProfile(body.charging_profile), responseUrl(body), who) };
      }
      case 'DELETE':
        return { data: service.profiles.clear(id, queryUrl(), who) };
      default:
        throw methodNotAllowed(`${req.method} is not allowed on chargingprofiles: GET, PUT or DELETE`);
    }
  };
}

/** A ChargingProfile as the spec's table has it; OCPP limits have one decimal, so do these. */
export function readProfile(value: unknown): OcpiChargingProfile {
  const p = objectBody(value, 'charging_profile');
  const unit = p.charging_rate_unit;
  if (unit !== 'W' && unit !== 'A') throw invalidParameters('charging_profile.charging_rate_unit is required, W or A');
  const out: OcpiChargingProfile = { charging_rate_unit: unit };
  if (p.start_date_time !== undefined) {
    if (typeof p.start_date_time !== 'string' || !isDateTime(p.start_date_time)) throw invalidParameters('charging_profile.start_date_time is not an OCPI DateTime');
    out.start_date_time = p.start_date_time;
  }
  if (p.duration !== undefined) {
    if (!Number.isInteger(p.duration) || (p.duration as number) < 0) throw invalidParameters('charging_profile.duration must be whole seconds');
    out.duration = p.duration as number;
  }
  if (p.min_charging_rate !== undefined) {
    if (typeof p.min_charging_rate !== 'number' || p.min_charging_rate < 0) throw invalidParameters('charging_profile.min_charging_rate must be a number >= 0');
    out.min_charging_rate = p.min_charging_rate;
  }
  if (p.charging_profile_period !== undefined) {
    if (!Array.isArray(p.charging_profile_period)) throw invalidParameters('charging_profile.charging_profile_period must be a list');
    out.charging_profile_period = p.charging_profile_period.map((raw, i) => {
      const period = objectBody(raw, `charging_profile_period[${i}]`);
      const start = period.start_period;
      const limit = period.limit;
      if (!Number.isInteger(start) || (start as number) < 0) throw invalidParameters(`charging_profile_period[${i}].start_period must be whole seconds >= 0`);
      if (typeof limit !== 'number' || limit < 0) throw invalidParameters(`charging_profile_period[${i}].limit must be a number >= 0`);
      return { start_period: start as number, limit };
    });
    out.charging_profile_period.forEach((period, i, all) => {
      if (i === 0 ? period.start_period !== 0 : period.start_period <= all[i - 1].start_period) {
        throw invalidParameters(`charging_profile_period[${i}].start_period: periods start at 0 and follow each other in time`);
      }
    });
  }
  return out;
}
