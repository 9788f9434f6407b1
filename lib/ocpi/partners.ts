/**
 * The partners this bridge talks OCPI with, and the credentials tokens both ways. Persistence is injected (a JSON
 * snapshot in, a JSON snapshot out) so the node can keep it in its state file; every change is saved at once,
 * because a token issued and not saved is a partner locked out after a restart.
 */
import { formAllowed, TokenCandidate, TokenEncoding, TokenForm, TOKEN_ENCODINGS } from './auth';
import type { CredentialsRole, Endpoint } from './model';

/** A: the registration token we handed out; B: the one we gave a hub we registered with; C: the one we issued after it. */
export type TokenKind = 'A' | 'B' | 'C';

export type PartnerStatus = 'invited' | 'registering' | 'registered' | 'unregistered';

export interface RetryPolicy {
  /** Extra attempts for a failed push; 0 follows the spec (no queue: the receiver re-syncs by GET). */
  attempts: number;
  intervalMs: number;
  batchSize: number;
}

export interface PartnerSettings {
  tokenEncoding: TokenEncoding;
  /** false for peers that only take whole objects: PUT wherever PATCH would do. */
  patch: boolean;
  retry: RetryPolicy;
}

export interface Partner {
  name: string;
  status: PartnerStatus;
  /** Who started the handshake: the partner with our token A ('inbound'), or we with theirs ('outbound'). */
  direction?: 'inbound' | 'outbound';
  roles: CredentialsRole[];
  /** The token the partner presents to us. */
  ourToken?: string;
  ourTokenKind?: TokenKind;
  /** While we rotate towards a hub, the next token is already accepted (it calls our versions with it). */
  pendingToken?: string;
  /** The token we present to the partner. */
  theirToken?: string;
  versionsUrl?: string;
  version?: string;
  endpoints: Endpoint[];
  settings: PartnerSettings;
  /** With `auto`, the form the partner was last seen to accept from us: the next calls start with it. */
  detectedEncoding?: TokenForm;
  registeredAt?: string;
  updatedAt: string;
}

export interface PartnerSnapshot {
  format: 1;
  partners: Partner[];
}

export interface Authenticated {
  partner: Partner;
  kind: TokenKind;
}

export interface PartnerStoreOptions {
  load?: () => PartnerSnapshot | undefined;
  save?: (snapshot: PartnerSnapshot) => void | Promise<void>;
  /** A save that failed; the store keeps working from memory. */
  onSaveError?: (error: unknown) => void;
  now?: () => number;
}

export function defaultSettings(over: Partial<PartnerSettings> = {}): PartnerSettings {
  return { tokenEncoding: 'auto', patch: true, ...over, retry: { attempts: 0, intervalMs: 300_000, batchSize: 50, ...over.retry } };
}

export class PartnerStore {
  private readonly partners = new Map<string, Partner>();
  private readonly options: PartnerStoreOptions;

  constructor(options: PartnerStoreOptions = {}) {
    this.options = options;
    for (const p of readSnapshot(options.load?.())) this.partners.set(p.name, p);
  }

  get(name: string): Partner | undefined {
    const p = this.partners.get(name);
    return p && structuredClone(p);
  }

  list(): Partner[] {
    return [...this.partners.values()].map((p) => structuredClone(p));
  }

  /** The partner a header's token belongs to, if its form suits that partner's encoding setting. */
  authenticate(candidates: readonly TokenCandidate[]): Authenticated | undefined {
    for (const c of candidates) {
      for (const p of this.partners.values()) {
        if (!formAllowed(p.settings.tokenEncoding, c.form)) continue;
        if (p.ourToken === c.token && p.ourTokenKind) return { partner: structuredClone(p), kind: p.ourTokenKind };
        if (p.pendingToken === c.token) return { partner: structuredClone(p), kind: 'B' };
      }
    }
    return undefined;
  }

  /** Creates the partner, or gives back the existing one untouched. */
  ensure(name: string, settings?: Partial<PartnerSettings>): Partner {
    const existing = this.partners.get(name);
    if (existing) return structuredClone(existing);
    const created: Partner = { name, status: 'unregistered', roles: [], endpoints: [], settings: defaultSettings(settings), updatedAt: this.iso() };
    this.partners.set(name, created);
    this.persist();
    return structuredClone(created);
  }

  /** Changes a partner through a copy, so a change that throws half-way leaves the stored one as it was. */
  update(name: string, change: (p: Partner) => void): Partner {
    const current = this.partners.get(name);
    if (!current) throw new Error(`no OCPI partner named ${name}`);
    const next = structuredClone(current);
    change(next);
    next.name = name;
    next.updatedAt = this.iso();
    this.partners.set(name, next);
    this.persist();
    return structuredClone(next);
  }

  remove(name: string): boolean {
    const had = this.partners.delete(name);
    if (had) this.persist();
    return had;
  }

  snapshot(): PartnerSnapshot {
    return { format: 1, partners: this.list() };
  }

  private persist(): void {
    const save = this.options.save;
    if (!save) return;
    try {
      Promise.resolve(save(this.snapshot())).catch((e: unknown) => this.options.onSaveError?.(e));
    } catch (e) {
      this.options.onSaveError?.(e);
    }
  }

  private iso(): string {
    return new Date(this.options.now?.() ?? Date.now()).toISOString();
  }
}

/** Unregistered: no token either way, no endpoints; the record stays, settings and all, for a new invitation. */
export function forget(p: Partner): void {
  p.status = 'unregistered';
  p.endpoints = [];
  delete p.ourToken;
  delete p.ourTokenKind;
  delete p.pendingToken;
  delete p.theirToken;
  delete p.detectedEncoding;
}

/** Partners from a snapshot, settings completed with today's defaults; unreadable entries are dropped. */
function readSnapshot(snapshot: PartnerSnapshot | undefined): Partner[] {
  if (!snapshot || !Array.isArray(snapshot.partners)) return [];
  const out: Partner[] = [];
  for (const raw of snapshot.partners) {
    if (typeof raw !== 'object' || raw === null || typeof raw.name !== 'string') continue;
    const settings = defaultSettings(raw.settings);
    if (!TOKEN_ENCODINGS.includes(settings.tokenEncoding)) settings.tokenEncoding = 'auto';
    out.push({ ...raw, roles: Array.isArray(raw.roles) ? raw.roles : [], endpoints: Array.isArray(raw.endpoints) ? raw.endpoints : [], settings });
  }
  return out;
}
