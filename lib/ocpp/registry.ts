/** Which stations may connect, with which password and boot answer. */
import { hashPassword, isPasswordHash } from './password';

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface StationEntry {
  identity: string;
  /** scrypt hash (see password.ts); plain passwords given to {@link StationRegistry.add} are hashed at once. */
  passwordHash?: string;
  /** BootNotification answer for this station (default Accepted for listed stations). */
  boot?: BootStatus;
}

export interface RegistryOptions {
  /** Open: any identity may connect. Closed: unknown identities get HTTP 404. */
  open: boolean;
  /** Boot answer for stations that are not listed (open registry only). */
  bootUnknown?: BootStatus;
}

export const MAX_IDENTITY_LENGTH = 48;

/** Checks an identity: identifierString of at most 48 characters, no ':' (it is the Basic auth user name). */
export function identityProblem(identity: string): string | undefined {
  if (identity.length === 0) return 'empty identity';
  if (identity.length > MAX_IDENTITY_LENGTH) return `identity longer than ${MAX_IDENTITY_LENGTH} characters`;
  if (identity.includes(':')) return "identity contains ':'";
  // identifierString: printable ASCII without spaces (2.0.1 Part 2); we also refuse control characters in 1.6.
  if (!/^[\x21-\x7e]+$/.test(identity)) return 'identity has characters outside printable ASCII';
  return undefined;
}

export class StationRegistry {
  private readonly stations = new Map<string, StationEntry>();
  open: boolean;
  bootUnknown: BootStatus;

  constructor(options: RegistryOptions) {
    this.open = options.open;
    this.bootUnknown = options.bootUnknown ?? 'Accepted';
  }

  /** Adds or replaces a station; a plain password is hashed here and never kept. */
  add(identity: string, password?: string, boot?: BootStatus): StationEntry {
    const entry: StationEntry = { identity, boot };
    if (password) entry.passwordHash = isPasswordHash(password) ? password : hashPassword(password);
    this.stations.set(identity, entry);
    return entry;
  }

  remove(identity: string): boolean {
    return this.stations.delete(identity);
  }

  get(identity: string): StationEntry | undefined {
    return this.stations.get(identity);
  }

  /** May this identity open a connection at all (before any password check)? */
  admits(identity: string): boolean {
    return this.open || this.stations.has(identity);
  }

  bootStatus(identity: string): BootStatus {
    const entry = this.stations.get(identity);
    return entry ? entry.boot ?? 'Accepted' : this.bootUnknown;
  }

  get size(): number {
    return this.stations.size;
  }

  list(): StationEntry[] {
    return [...this.stations.values()];
  }
}

/** Parses the `identity` / `identity:password` lines of the evc-csms config into registry entries. */
export function parseStationLines(text: string): Array<{ identity: string; password?: string }> {
  const out: Array<{ identity: string; password?: string }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) out.push({ identity: line });
    else out.push({ identity: line.slice(0, colon).trim(), password: line.slice(colon + 1).trim() || undefined });
  }
  return out;
}
