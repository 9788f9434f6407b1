/**
 * The stations a site description lists, for the CSMS registry: identities, passwords (plain, hashed at once,
 * or already as scrypt hashes so the file need not hold secrets) and whether unlisted stations may connect.
 * The full site description (groups, tariffs...) grows with the features that read it; unknown fields pass.
 */
import fs from 'fs';
import Ajv from 'ajv';
import type { BootStatus } from '../ocpp/registry';
import { identityProblem } from '../ocpp/registry';
import { isPasswordHash } from '../ocpp/password';

export interface SiteTerminal {
  id: string;
  password?: string;
  boot?: BootStatus;
  protocol?: 'ocpp1.6' | 'ocpp2.0.1';
  [field: string]: unknown;
}

export interface SiteDescription {
  name?: string;
  /** Default: closed when terminals are listed (only they may connect), open otherwise. */
  registry?: 'open' | 'closed';
  terminals?: SiteTerminal[];
  [field: string]: unknown;
}

export const SITE_REGISTRY_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    registry: { enum: ['open', 'closed'] },
    /** Language of the generated dashboards. */
    language: { enum: ['en', 'fr'] },
    dashboard: { type: 'object', properties: { threshold: { type: 'integer', minimum: 1 } } },
    /** The site's connection limit in kW. */
    limitKw: { type: 'number', exclusiveMinimum: 0 },
    terminals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 48 },
          password: { type: 'string' },
          boot: { enum: ['Accepted', 'Pending', 'Rejected'] },
          protocol: { enum: ['ocpp1.6', 'ocpp2.0.1'] },
          /** The terminal's power in kW, shared by its connectors, and how many vehicles it charges at once (fleet planning). */
          maxKw: { type: 'number', exclusiveMinimum: 0 },
          connectors: { type: 'integer', minimum: 1, maximum: 99 },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(SITE_REGISTRY_SCHEMA);

export interface SiteRegistry {
  open: boolean;
  stations: Array<{ identity: string; password?: string; boot?: BootStatus }>;
}

/** Reads and checks a site description; throws an Error whose message says what is wrong and where. */
export function readSiteDescription(file: string): SiteDescription {
  let site: SiteDescription;
  try {
    site = JSON.parse(fs.readFileSync(file, 'utf8')) as SiteDescription;
  } catch (err) {
    throw new Error(`site description ${file}: ${(err as Error).message}`);
  }
  if (!validate(site)) {
    const e = validate.errors?.[0];
    throw new Error(`site description ${file}: ${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}`);
  }
  const terminals = site.terminals ?? [];
  const seen = new Set<string>();
  for (const t of terminals) {
    const problem = identityProblem(t.id);
    if (problem) throw new Error(`site description ${file}: terminal ${t.id}: ${problem}`);
    if (seen.has(t.id)) throw new Error(`site description ${file}: terminal ${t.id} is listed twice`);
    seen.add(t.id);
    if (t.password && !isPasswordHash(t.password) && (t.password.length < 16 || t.password.length > 40)) {
      throw new Error(`site description ${file}: terminal ${t.id}: password must have 16 to 40 characters (or be a scrypt hash)`);
    }
  }
  return site;
}

/** Reads the registry part of a site description (checked as readSiteDescription does). */
export function readSiteRegistry(file: string): SiteRegistry {
  const site = readSiteDescription(file);
  const terminals = site.terminals ?? [];
  return {
    open: (site.registry ?? (terminals.length > 0 ? 'closed' : 'open')) === 'open',
    stations: terminals.map((t) => ({ identity: t.id, password: t.password, boot: t.boot })),
  };
}
