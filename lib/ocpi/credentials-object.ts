/**
 * Reading a peer's Credentials object (credentials.asciidoc, Object description). Every problem is named with its
 * place so the peer's developer can fix it from the 2001 message alone. Fields the spec does not define are
 * ignored, never refused.
 */
import { isCredentialsToken } from './auth';
import { BusinessDetails, CredentialsRole, OcpiCredentials, Role, ROLES } from './model';
import { invalidParameters } from './status';

const URL_MAX = 255;

export function readCredentials(value: unknown, where = 'credentials'): OcpiCredentials {
  const body = object(value, where);
  if (!isCredentialsToken(body.token)) {
    throw invalidParameters(`${where}.token must be 1 to 64 printable ASCII characters without spaces`);
  }
  const url = readUrl(body.url, `${where}.url`);
  if (!Array.isArray(body.roles) || body.roles.length === 0) throw invalidParameters(`${where}.roles must be a non-empty list`);
  const roles = body.roles.map((r: unknown, i: number) => readRole(r, `${where}.roles[${i}]`));
  const seen = new Set<string>();
  for (const r of roles) {
    // credentials.asciidoc: every role needs a unique combination of role, party_id and country_code.
    const key = `${r.role}/${r.country_code}/${r.party_id}`.toUpperCase();
    if (seen.has(key)) throw invalidParameters(`${where}.roles lists ${r.role} ${r.country_code}*${r.party_id} twice`);
    seen.add(key);
  }
  return { token: body.token, url, roles };
}

function readRole(value: unknown, where: string): CredentialsRole {
  const r = object(value, where);
  if (typeof r.role !== 'string' || !ROLES.includes(r.role as Role)) throw invalidParameters(`${where}.role must be one of ${ROLES.join(', ')}`);
  if (typeof r.party_id !== 'string' || !/^[\x21-\x7e]{1,3}$/.test(r.party_id)) throw invalidParameters(`${where}.party_id must be up to 3 printable characters`);
  if (typeof r.country_code !== 'string' || !/^[A-Za-z]{2}$/.test(r.country_code)) throw invalidParameters(`${where}.country_code must be 2 letters (ISO 3166 alpha-2)`);
  return { role: r.role as Role, party_id: r.party_id, country_code: r.country_code, business_details: readBusiness(r.business_details, `${where}.business_details`) };
}

function readBusiness(value: unknown, where: string): BusinessDetails {
  const b = object(value, where);
  if (typeof b.name !== 'string' || b.name.trim() === '') throw invalidParameters(`${where}.name is required`);
  const out: BusinessDetails = { name: b.name };
  if (b.website !== undefined && b.website !== null) out.website = readUrl(b.website, `${where}.website`);
  if (b.logo !== undefined && b.logo !== null) {
    const logo = object(b.logo, `${where}.logo`);
    if (typeof logo.category !== 'string' || typeof logo.type !== 'string') throw invalidParameters(`${where}.logo needs a category and a type`);
    out.logo = {
      url: readUrl(logo.url, `${where}.logo.url`), category: logo.category, type: logo.type,
      ...(typeof logo.thumbnail === 'string' ? { thumbnail: logo.thumbnail } : {}),
      ...(typeof logo.width === 'number' ? { width: logo.width } : {}),
      ...(typeof logo.height === 'number' ? { height: logo.height } : {}),
    };
  }
  return out;
}

export function readUrl(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length > URL_MAX) throw invalidParameters(`${where} must be a URL of at most ${URL_MAX} characters`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalidParameters(`${where} "${value}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidParameters(`${where} must be an http(s) URL`);
  return value;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameters(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}
