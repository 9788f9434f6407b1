/**
 * Who a request comes from, for the modules that only show a party its own objects. A platform of its own acts
 * for its roles (the routing headers may pick one of them, never another party); a hub acts for whichever party
 * its routing headers name, and for all of them when they name none.
 */
import { PartyRef, sameParty } from '../headers';
import type { OcpiRequest } from '../request';
import type { Requester } from '../cpo/types';

export function requesterOf(req: OcpiRequest): Requester {
  const { partner, routing } = req;
  const party = (r: PartyRef): PartyRef => ({ country_code: r.country_code.toUpperCase(), party_id: r.party_id.toUpperCase() });
  if (partner.roles.some((r) => r.role === 'HUB')) {
    const hub = partner.roles[0];
    return { partner: partner.name, party: party(routing.from ?? hub), anyParty: routing.from === undefined };
  }
  const own = partner.roles.find((r) => routing.from !== undefined && sameParty(r, routing.from)) ?? partner.roles[0];
  // A partner without roles cannot have registered; it is given a party that owns nothing.
  return { partner: partner.name, party: own ? party(own) : { country_code: '', party_id: '' }, anyParty: false };
}
