/**
 * HubClientInfo, Receiver interface (mod_hub_client_info.asciidoc): a hub tells us which parties behind it are
 * connected, offline, planned or suspended. Kept per party, as the hub last put it, for flows and for the help desk
 * asking why a roaming driver's eMSP does not answer.
 */
import { parseDateTime } from '../datetime';
import type { PartyRef } from '../headers';
import type { Role } from '../model';
import { ROLES } from '../model';
import { invalidParameters } from '../status';

export type ConnectionStatus = 'CONNECTED' | 'OFFLINE' | 'PLANNED' | 'SUSPENDED';
const STATUSES: readonly ConnectionStatus[] = ['CONNECTED', 'OFFLINE', 'PLANNED', 'SUSPENDED'];

export interface ClientInfo {
  party_id: string;
  country_code: string;
  role: Role;
  status: ConnectionStatus;
  last_updated: string;
}

const keyOf = (p: PartyRef): string => `${p.country_code.toUpperCase()}/${p.party_id.toUpperCase()}`;

export class ClientInfoStore {
  private readonly clients = new Map<string, ClientInfo>();

  get(party: PartyRef): ClientInfo | undefined {
    const found = this.clients.get(keyOf(party));
    return found && { ...found };
  }

  /** The hub's PUT; true when the party was new. */
  put(party: PartyRef, body: unknown): boolean {
    const info = readClientInfo(body);
    if (keyOf(info) !== keyOf(party)) throw invalidParameters(`the body names ${keyOf(info)}, the URL ${keyOf(party)}`);
    const created = !this.clients.has(keyOf(party));
    this.clients.set(keyOf(party), info);
    return created;
  }

  list(): ClientInfo[] {
    return [...this.clients.values()].map((c) => ({ ...c }));
  }

  restore(list: readonly unknown[]): void {
    this.clients.clear();
    for (const raw of list) {
      try {
        const info = readClientInfo(raw);
        this.clients.set(keyOf(info), info);
      } catch {
        // An entry a newer or older version wrote differently is dropped: the hub puts it again.
      }
    }
  }
}

function readClientInfo(body: unknown): ClientInfo {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidParameters('a ClientInfo must be a JSON object');
  const b = body as Record<string, unknown>;
  const text = (name: string, pattern: RegExp, what: string): string => {
    const v = b[name];
    if (typeof v !== 'string' || !pattern.test(v)) throw invalidParameters(`${name} is required, ${what}`);
    return v;
  };
  const party_id = text('party_id', /^[A-Za-z0-9]{3}$/, '3 letters or digits');
  const country_code = text('country_code', /^[A-Za-z]{2}$/, '2 letters');
  const role = text('role', /^[A-Z]+$/, `one of ${ROLES.join(', ')}`);
  if (!(ROLES as readonly string[]).includes(role)) throw invalidParameters(`role ${role} is not one of ${ROLES.join(', ')}`);
  const status = text('status', /^[A-Z]+$/, `one of ${STATUSES.join(', ')}`);
  if (!(STATUSES as readonly string[]).includes(status)) throw invalidParameters(`status ${status} is not one of ${STATUSES.join(', ')}`);
  const last_updated = text('last_updated', /./, 'an OCPI DateTime');
  if (parseDateTime(last_updated) === undefined) throw invalidParameters(`last_updated "${last_updated}" is not an OCPI DateTime`);
  return { party_id, country_code, role: role as Role, status: status as ConnectionStatus, last_updated };
}
