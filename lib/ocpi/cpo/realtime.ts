/**
 * Real-time authorization of a roaming token (mod_tokens.asciidoc, Sender interface, POST {uid}/authorize): asked
 * of the token's eMSP (straight, or through a hub) when its whitelist setting wants it, that is NEVER (always ask)
 * and ALLOWED_OFFLINE (ask, and trust the pushed token only when the eMSP cannot be reached). Only a badge that is
 * shown or starts a transaction is asked about; the answer is kept for the session that follows, which then says
 * AUTH_REQUEST with the eMSP's authorization_reference.
 */
import { partnerClient } from '../client';
import type { ClientOptions } from '../client';
import type { PartnerStore } from '../partners';
import type { Targets } from './targets';
import type { OcpiToken } from './types';

export type Allowed = 'ALLOWED' | 'BLOCKED' | 'EXPIRED' | 'NO_CREDIT' | 'NOT_ALLOWED';
const ALLOWED: readonly Allowed[] = ['ALLOWED', 'BLOCKED', 'EXPIRED', 'NO_CREDIT', 'NOT_ALLOWED'];

export interface RealTimeAnswer {
  allowed: Allowed;
  authorizationReference?: string;
  /** Which partner answered. */
  partner: string;
  at: number;
}

export interface RealTimeOptions {
  partners: PartnerStore;
  targets: Targets;
  client?: Pick<ClientOptions, 'fetch' | 'timeoutMs'>;
  now: () => number;
  /** A driver waits at the charger: an eMSP slower than this is taken as unreachable (default 5 s). */
  timeoutMs?: number;
}

/** An answer stands for the transaction that follows it at that station (the spec's 15 minutes for commands). */
const KEPT_MS = 15 * 60_000;
const MAX_KEPT = 10_000;

export class RealTimeAuthorizer {
  private readonly answers = new Map<string, RealTimeAnswer>();

  constructor(private readonly o: RealTimeOptions) {}

  /** The eMSP's answer, or undefined when no partner could give one (unknown to it, unreachable, malformed). */
  async ask(token: OcpiToken, stationId: string | undefined, place: { locationId: string; evseUids: string[] }): Promise<RealTimeAnswer | undefined> {
    for (const target of this.o.targets.forParty(token, 'tokens', 'SENDER')) {
      const partner = this.o.partners.get(target.partner);
      if (!partner) continue;
      const client = partnerClient(partner, { ...this.o.client, timeoutMs: Math.min(this.o.client?.timeoutMs ?? Infinity, this.o.timeoutMs ?? 5000) });
      const url = `${target.url.replace(/\/+$/, '')}/${encodeURIComponent(token.uid)}/authorize`;
      try {
        const info = await client.call<Record<string, unknown>>('POST', url, {
          query: { type: token.type }, routing: target.routing, body: { location_id: place.locationId, ...(place.evseUids.length ? { evse_uids: place.evseUids } : {}) },
        });
        const answer = readAnswer(info, target.partner, this.o.now());
        if (answer) {
          this.keep(token.uid, stationId, answer);
          return answer;
        }
      } catch {
        // Unknown to this eMSP (404 or 2004), or no answer: the next target, else the pushed token decides.
      }
    }
    return undefined;
  }

  /** The answer given for this badge at this station lately, if any. */
  recent(uid: string, stationId: string | undefined): RealTimeAnswer | undefined {
    const found = this.answers.get(keyOf(uid, stationId));
    return found && found.at + KEPT_MS > this.o.now() ? { ...found } : undefined;
  }

  private keep(uid: string, stationId: string | undefined, answer: RealTimeAnswer): void {
    const key = keyOf(uid, stationId);
    this.answers.delete(key);
    this.answers.set(key, answer);
    if (this.answers.size > MAX_KEPT) this.answers.delete(this.answers.keys().next().value as string);
  }
}

const keyOf = (uid: string, stationId: string | undefined): string => `${uid.toUpperCase()}@${stationId ?? ''}`;

function readAnswer(info: Record<string, unknown> | undefined, partner: string, at: number): RealTimeAnswer | undefined {
  const allowed = info?.allowed;
  if (typeof allowed !== 'string' || !(ALLOWED as readonly string[]).includes(allowed)) return undefined;
  const reference = typeof info?.authorization_reference === 'string' ? info.authorization_reference.slice(0, 36) : undefined;
  return { allowed: allowed as Allowed, partner, at, ...(reference ? { authorizationReference: reference } : {}) };
}
