/**
 * Who gets a push, at which URL. Location changes go to every registered partner with a Receiver endpoint for
 * locations (through a hub this is a broadcast addressed to the hub itself); a Session or CDR goes only to the
 * party whose token charged, straight when it is a partner of ours, else through the hubs we are registered with.
 */
import { PartyRef, Routing, sameParty } from '../headers';
import { findEndpoint, InterfaceRole, ModuleId } from '../model';
import type { Partner, PartnerStore } from '../partners';

export interface Target {
  partner: string;
  /** The partner's Receiver endpoint for the module. */
  url: string;
  routing: Routing;
}

const registered = (p: Partner): boolean => p.status === 'registered' && p.theirToken !== undefined;
const isHub = (p: Partner): boolean => p.roles.some((r) => r.role === 'HUB');

export class Targets {
  constructor(private readonly partners: PartnerStore, private readonly us: PartyRef) {}

  /** Every partner that receives the module, addressed to itself. */
  broadcast(module: ModuleId): Target[] {
    return this.partners.list().filter(registered).flatMap((p) => {
      const url = findEndpoint(p.endpoints, module, 'RECEIVER')?.url;
      const role = p.roles[0];
      if (!url || !role) return [];
      return [{ partner: p.name, url, routing: { to: { country_code: role.country_code, party_id: role.party_id }, from: this.us } }];
    });
  }

  /**
   * Where an object of a party's goes (or, with SENDER, where to ask the party about one of its objects): its own
   * platform if we know it, else every hub that may forward it.
   */
  forParty(party: PartyRef, module: ModuleId, role: InterfaceRole = 'RECEIVER'): Target[] {
    const withEndpoint = this.partners.list().filter(registered).flatMap((p) => {
      const url = findEndpoint(p.endpoints, module, role)?.url;
      return url ? [{ p, url }] : [];
    });
    const direct = withEndpoint.filter(({ p }) => p.roles.some((r) => r.role !== 'HUB' && sameParty(r, party)));
    const chosen = direct.length ? direct : withEndpoint.filter(({ p }) => isHub(p));
    return chosen.map(({ p, url }) => ({ partner: p.name, url, routing: { to: party, from: this.us } }));
  }

  /** A partner's endpoint for a module, if it is registered and has one. */
  one(name: string, module: ModuleId): Target | undefined {
    return this.broadcast(module).find((t) => t.partner === name);
  }
}

/** `{base}/{country_code}/{party_id}/{id…}`: where a Receiver keeps an object we own. */
export function objectUrl(base: string, us: PartyRef, ...ids: string[]): string {
  return [base.replace(/\/+$/, ''), us.country_code, us.party_id, ...ids].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}
