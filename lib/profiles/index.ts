/**
 * lib/profiles: charging profiles in one shape for both OCPP versions, what they allow an EVSE (the composite
 * schedule), what the specs forbid in them, and the station's own view of them compared with ours; templates that
 * forms and flows fill in, placed on an EVSE and previewed; user categories; what each station is known to hold.
 * The parts that talk to a running CSMS (service.ts, category-service.ts, report.ts) are imported by path.
 */
import type { NeutralProfile } from '../ocpp/commands/profile-reader';
import type { Profile } from './types';

export * from './types';
export * from './schedule';
export * from './validate';
export * from './compare';
export * from './template';
export * from './builder';
export * from './preview';
export * from './categories';
export * from './installed';

/** A profile as the commands read it (neutral, ISO instants), placed on an EVSE of a station. */
export function profileFromNeutral(p: NeutralProfile, evseId: number, installedAt = Date.now()): Profile {
  const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
  const s = p.schedule;
  return {
    id: p.id, evseId, stackLevel: p.stackLevel, purpose: p.purpose, kind: p.kind, recurrency: p.recurrency,
    validFrom: ms(p.validFrom), validTo: ms(p.validTo), transactionId: p.transactionId, startSchedule: ms(s.startSchedule),
    duration: s.duration, unit: s.unit, minChargingRate: s.minRate, installedAt,
    periods: s.periods.map((x) => ({ startPeriod: x.start, limit: x.limit, numberPhases: x.phases, phaseToUse: x.phaseToUse })),
  };
}
