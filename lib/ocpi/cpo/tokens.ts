/**
 * The Tokens eMSPs push to us (mod_tokens.asciidoc, Receiver interface), and what they mean for a badge shown at a
 * station. A token is known by its eMSP's country code and party id, its uid and its type: the spec makes uid
 * unique only together with type, and the URL carries `?type=` for that reason. CiStrings compare without case.
 */
import { parseDateTime } from '../datetime';
import { problemsOf, TOKEN_SCHEMA } from '../objects/schemas';
import { invalidParameters, notFound, OcpiError, OcpiStatus } from '../status';
import type { OcpiToken, TokenType } from './types';

export interface TokenAddress {
  country_code: string;
  party_id: string;
  uid: string;
  type: TokenType;
}

/**
 * What the whitelist setting allows when no real-time authorization is made (we make none yet):
 * forbidden = ALWAYS, allowed = ALLOWED, preferred = ALLOWED_OFFLINE (we act as if the eMSP were offline),
 * required = NEVER (the badge stays Unknown until someone asks the eMSP).
 */
export type RealTime = 'forbidden' | 'allowed' | 'preferred' | 'required';

export interface TokenAuthorization {
  status: 'Accepted' | 'Blocked' | 'Unknown';
  /** Where the decision came from: a START_SESSION or RESERVE_NOW with that token, a pushed token, nothing. */
  source: 'command' | 'token' | 'none';
  token?: OcpiToken;
  realTime?: RealTime;
}

const KEYS = ['country_code', 'party_id', 'uid', 'type'] as const;
const REAL_TIME: Record<OcpiToken['whitelist'], RealTime> = { ALWAYS: 'forbidden', ALLOWED: 'allowed', ALLOWED_OFFLINE: 'preferred', NEVER: 'required' };

const keyOf = (a: TokenAddress): string => KEYS.map((k) => a[k].toUpperCase()).join('/');

export class TokenStore {
  private readonly tokens = new Map<string, OcpiToken>();

  constructor(private readonly max = 100_000) {}

  get(address: TokenAddress): OcpiToken | undefined {
    const found = this.tokens.get(keyOf(address));
    return found && structuredClone(found);
  }

  /** PUT: the whole token, which must be where the URL says. True when it was new (HTTP 201). */
  put(address: TokenAddress, body: unknown): boolean {
    const token = checked(body);
    for (const k of KEYS) {
      if (token[k].toUpperCase() !== address[k].toUpperCase()) throw invalidParameters(`${k} "${token[k]}" differs from the URL's "${address[k]}"`);
    }
    const key = keyOf(address);
    const created = !this.tokens.has(key);
    if (created && this.tokens.size >= this.max) throw new OcpiError(OcpiStatus.SERVER_ERROR, `no room for more than ${this.max} tokens`);
    this.tokens.set(key, token);
    return created;
  }

  /** PATCH: changed fields over the stored token; last_updated is required and the address cannot change. */
  patch(address: TokenAddress, body: unknown): OcpiToken {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidParameters('a PATCH body must be a JSON object');
    const changes = body as Record<string, unknown>;
    if (typeof changes.last_updated !== 'string' || parseDateTime(changes.last_updated) === undefined) {
      throw invalidParameters('a PATCH must carry last_updated, an OCPI DateTime');
    }
    const key = keyOf(address);
    const current = this.tokens.get(key);
    if (!current) throw notFound(`no token ${key}: PUT it first`, OcpiStatus.UNKNOWN_TOKEN);
    for (const k of KEYS) {
      if (k in changes && String(changes[k]).toUpperCase() !== current[k].toUpperCase()) throw invalidParameters(`${k} cannot be changed by a PATCH`);
    }
    const merged = checked({ ...current, ...changes });
    this.tokens.set(key, merged);
    return structuredClone(merged);
  }

  /** Every token with this uid, whatever its eMSP: the station only shows us the uid. */
  byUid(uid: string): OcpiToken[] {
    const wanted = uid.toUpperCase();
    return [...this.tokens.values()].filter((t) => t.uid.toUpperCase() === wanted);
  }

  /** The decision for a badge, from the most recently updated token with that uid. */
  decide(uid: string): TokenAuthorization {
    const latest = this.byUid(uid).sort((a, b) => (parseDateTime(b.last_updated) ?? 0) - (parseDateTime(a.last_updated) ?? 0))[0];
    if (!latest) return { status: 'Unknown', source: 'none' };
    const token = structuredClone(latest);
    const realTime = REAL_TIME[token.whitelist];
    if (!token.valid) return { status: 'Blocked', source: 'token', token, realTime };
    return { status: realTime === 'required' ? 'Unknown' : 'Accepted', source: 'token', token, realTime };
  }

  get size(): number {
    return this.tokens.size;
  }

  list(): OcpiToken[] {
    return [...this.tokens.values()].map((t) => structuredClone(t));
  }

  /** Tokens from a state file; those that no longer pass the schema are left out. */
  restore(tokens: readonly unknown[]): void {
    this.tokens.clear();
    for (const t of tokens) {
      if (problemsOf(TOKEN_SCHEMA, t).length === 0) this.tokens.set(keyOf(t as OcpiToken), t as OcpiToken);
    }
  }
}

/** Only the schema's problems are told: they name the field, which is what the eMSP needs to fix its push. */
function checked(body: unknown): OcpiToken {
  const problems = problemsOf(TOKEN_SCHEMA, body);
  if (problems.length) throw invalidParameters(`the token is not valid: ${problems.slice(0, 5).join('; ')}`);
  if (parseDateTime((body as OcpiToken).last_updated) === undefined) throw invalidParameters('last_updated is not an OCPI DateTime');
  return structuredClone(body as OcpiToken);
}
