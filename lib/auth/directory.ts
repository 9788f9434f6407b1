/**
 * Badge lookup in a company's LDAP or Active Directory: the directory user carrying a badge number decides whether
 * that badge may charge, and their group decides with which profile. Answers are cached, and a known user keeps
 * charging from the cache for a while when the directory cannot be reached.
 */
import type { ConnectionOptions } from 'tls';
import { Client, EqualityFilter, type Entry } from 'ldapts';

export interface Clock { now(): number }

export interface DirectoryOptions {
  /** ldap://host:389 or ldaps://host:636. */
  url: string;
  /** Service account; without it the lookup searches anonymously. AD also takes user@domain here. */
  bindDn?: string;
  bindPassword?: string;
  /** Where users are searched (whole subtree). */
  baseDn: string;
  /** Attribute holding the badge number. Default employeeNumber (inetOrgPerson, and present in AD's schema too). */
  badgeAttribute?: string;
  /** Attribute on the user listing group DNs. Default memberOf (AD, or OpenLDAP with the memberof overlay). */
  groupAttribute?: string;
  /** When set, groups are found by searching here for entries whose groupMemberAttribute holds the user's DN. */
  groupBaseDn?: string;
  /** Default member (groupOfNames); uniqueMember for groupOfUniqueNames. */
  groupMemberAttribute?: string;
  /** Directory group name -> user category; the first entry, in map order, that the user belongs to wins. */
  groupMap?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  nameAttribute?: string;
  mailAttribute?: string;
  /** Budget for one whole lookup (connect, bind, searches). Default 3 s. */
  timeoutMs?: number;
  /** How long a found user is answered from the cache without asking. Default 1 h. */
  cacheTtlMs?: number;
  /** How long an unknown badge is answered from the cache. Default 5 min. */
  negativeTtlMs?: number;
  /** How long a found user still charges from the cache while the directory is unreachable. Default 7 days. */
  staleTtlMs?: number;
  /** Bound on cached badges, so a stream of made-up badges cannot grow memory without end. Default 10000. */
  maxCacheEntries?: number;
  tlsOptions?: ConnectionOptions;
  clock?: Clock;
}

export interface DirectoryUser { dn: string; name?: string; mail?: string; groups: string[]; category?: string }

export type DirectoryAnswer =
  | ({ found: true; badge: string; source: 'directory' | 'cache' | 'stale-cache' } & DirectoryUser)
  | { found: false; badge: string; source: 'directory' | 'cache' }
  | { found: false; badge: string; source: 'unreachable'; reason: string };

interface Cached { user?: DirectoryUser; at: number }
interface Session { client: Client; ready: Promise<void> }

const HOUR = 3600_000;

export class DirectoryLookup {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly groupMap?: ReadonlyArray<readonly [string, string]>;
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<DirectoryAnswer>>();
  private session?: Session;

  constructor(private readonly options: DirectoryOptions) {
    if (!/^ldaps?:\/\//i.test(options.url)) throw new Error(`directory url must start with ldap:// or ldaps://: ${options.url}`);
    // RFC 4513: a DN with an empty password is an unauthenticated bind, which servers may accept as anonymous.
    if (options.bindDn && !options.bindPassword) throw new Error('directory bindPassword is required with bindDn');
    this.clock = options.clock ?? Date;
    this.timeoutMs = options.timeoutMs ?? 3000;
    const map = options.groupMap;
    if (map) this.groupMap = Array.isArray(map) ? map : Object.entries(map);
  }

  async lookup(badge: string): Promise<DirectoryAnswer> {
    const hit = this.cache.get(badge);
    if (hit) {
      const age = this.clock.now() - hit.at;
      if (hit.user && age < (this.options.cacheTtlMs ?? HOUR)) return found(badge, hit.user, 'cache');
      if (!hit.user && age < (this.options.negativeTtlMs ?? 5 * 60_000)) return { found: false, badge, source: 'cache' };
    }
    // A badge held at several chargers at once, or retried by a station, costs the directory one search.
    let pending = this.inFlight.get(badge);
    if (!pending) {
      pending = this.ask(badge).finally(() => this.inFlight.delete(badge));
      this.inFlight.set(badge, pending);
    }
    return pending;
  }

  async close(): Promise<void> {
    if (this.session) await this.discard(this.session);
  }

  private async ask(badge: string): Promise<DirectoryAnswer> {
    const session = this.open();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the directory within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const user = await Promise.race([session.ready.then(() => this.search(session.client, badge)), deadline]);
      this.remember(badge, { user, at: this.clock.now() });
      return user ? found(badge, user, 'directory') : { found: false, badge, source: 'directory' };
    } catch (err) {
      // Whatever failed (socket, bind, timeout), the next lookup starts over on a fresh connection.
      void this.discard(session);
      const hit = this.cache.get(badge);
      if (hit?.user && this.clock.now() - hit.at < (this.options.staleTtlMs ?? 7 * 24 * HOUR)) return found(badge, hit.user, 'stale-cache');
      return { found: false, badge, source: 'unreachable', reason: describe(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One bound client shared by all lookups until something goes wrong with it. */
  private open(): Session {
    if (this.session) return this.session;
    const { url, bindDn, bindPassword, tlsOptions } = this.options;
    // autoRebind: servers drop idle connections (AD after 15 min) and ldapts then reconnects by itself.
    const client = new Client({ url, timeout: this.timeoutMs, connectTimeout: this.timeoutMs, tlsOptions, autoRebind: true });
    const ready = bindDn ? client.bind(bindDn, bindPassword) : Promise.resolve();
    ready.catch(() => undefined); // reported by the lookups awaiting it
    this.session = { client, ready };
    return this.session;
  }

  private async discard(session: Session): Promise<void> {
    if (this.session === session) this.session = undefined;
    await session.client.unbind().catch(() => undefined);
  }

  private async search(client: Client, badge: string): Promise<DirectoryUser | undefined> {
    const o = this.options;
    const nameAttribute = o.nameAttribute ?? 'cn';
    const mailAttribute = o.mailAttribute ?? 'mail';
    const groupAttribute = o.groupAttribute ?? 'memberOf';
    // A filter object goes to the server as BER, so the badge is a value and never filter syntax (RFC 4515).
    const { searchEntries } = await client.search(o.baseDn, {
      scope: 'sub',
      filter: new EqualityFilter({ attribute: o.badgeAttribute ?? 'employeeNumber', value: badge }),
      attributes: o.groupBaseDn ? [nameAttribute, mailAttribute] : [nameAttribute, mailAttribute, groupAttribute],
      sizeLimit: 2,
    });
    // A badge on two people is a directory mistake; charging either one's profile would be a guess.
    if (searchEntries.length !== 1) return undefined;
    const entry = searchEntries[0];
    const groupDns = o.groupBaseDn ? await this.groupsOf(client, o.groupBaseDn, entry.dn) : values(entry, groupAttribute);
    const groups = [...new Set(groupDns.map(firstRdnValue))];
    return { dn: entry.dn, name: values(entry, nameAttribute)[0], mail: values(entry, mailAttribute)[0], groups, category: this.categoryOf(groups) };
  }

  /** OpenLDAP without the memberof overlay: the groups naming the user as a member. */
  private async groupsOf(client: Client, groupBaseDn: string, userDn: string): Promise<string[]> {
    const { searchEntries } = await client.search(groupBaseDn, {
      scope: 'sub',
      filter: new EqualityFilter({ attribute: this.options.groupMemberAttribute ?? 'member', value: userDn }),
      attributes: ['1.1'], // RFC 4511: no attributes, the DN is all we need
    });
    return searchEntries.map((e) => e.dn);
  }

  private categoryOf(groups: string[]): string | undefined {
    if (!this.groupMap) return groups[0];
    // Directory group names compare case-insensitively, as LDAP and AD compare them.
    const held = new Set(groups.map((g) => g.toLowerCase()));
    return this.groupMap.find(([group]) => held.has(group.toLowerCase()))?.[1];
  }

  private remember(badge: string, cached: Cached): void {
    this.cache.delete(badge); // re-inserted last, so the oldest answer is the first one evicted
    this.cache.set(badge, cached);
    const max = this.options.maxCacheEntries ?? 10_000;
    for (const key of this.cache.keys()) {
      if (this.cache.size <= max) break;
      this.cache.delete(key);
    }
  }
}

/** A copy, so a caller changing its answer cannot change the cache. */
function found(badge: string, user: DirectoryUser, source: 'directory' | 'cache' | 'stale-cache'): DirectoryAnswer {
  return { found: true, badge, source, ...user, groups: [...user.groups] };
}

/** The values of an attribute as strings, whatever case the server spelled its name in. */
function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined || key === 'dn' ? [] : entry[key];
  return (Array.isArray(value) ? value : [value]).map((v) => v.toString());
}

/** 'cn=Sales\, EMEA,ou=groups,dc=x' -> 'Sales, EMEA'; escapes per RFC 4514, hex escapes may spell UTF-8 bytes. */
export function firstRdnValue(dn: string): string {
  const chars = Array.from(dn); // code points, so a character outside the BMP is never split
  const bytes: number[] = [];
  for (let i = chars.indexOf('=') + 1; i < chars.length && chars[i] !== ',' && chars[i] !== '+'; i++) {
    const hex = chars.slice(i + 1, i + 3).join('');
    if (chars[i] === '\\' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      if (chars[i] === '\\') i++;
      bytes.push(...Buffer.from(chars[i] ?? ''));
    }
  }
  return Buffer.from(bytes).toString('utf8').trim();
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const message = err.message.trim();
  return err.name && err.name !== 'Error' ? `${err.name}${message ? `: ${message}` : ''}` : message || 'unknown error';
}
