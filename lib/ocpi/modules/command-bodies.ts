/**
 * Reading the bodies of commands (mod_commands.asciidoc, Object description): what is missing or malformed is the
 * eMSP's 2001, naming the field. The token of START_SESSION and RESERVE_NOW is read, not judged: only the fields a
 * Session's cdr_token needs must be there.
 */
import type { CommandToken } from '../cpo/commands';
import type { TokenType } from '../cpo/types';
import { isDateTime } from '../datetime';
import { invalidParameters } from '../status';

type Body = Record<string, unknown>;

const TYPES: readonly TokenType[] = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'];

export function objectBody(value: unknown, what = 'the body'): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameters(`${what} must be a JSON object`);
  return value as Body;
}

export function text(body: Body, name: string, max: number): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw invalidParameters(`${name} is required, a string`);
  if (v.length > max) throw invalidParameters(`${name} is longer than ${max} characters`);
  return v;
}

export function optionalText(body: Body, name: string, max: number): string | undefined {
  return body[name] === undefined || body[name] === null ? undefined : text(body, name, max);
}

export function responseUrl(body: Body): string {
  const url = text(body, 'response_url', 255);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParameters('response_url is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidParameters('response_url must be an http(s) URL');
  return url;
}

export function dateTime(body: Body, name: string): string {
  const v = text(body, name, 25);
  if (!isDateTime(v)) throw invalidParameters(`${name} "${v}" is not an OCPI DateTime`);
  return v;
}

export function commandToken(body: Body): CommandToken {
  const t = objectBody(body.token, 'token');
  const type = text(t, 'type', 20);
  if (!(TYPES as readonly string[]).includes(type)) throw invalidParameters(`token.type "${type}" is not one of ${TYPES.join(', ')}`);
  const group = optionalText(t, 'group_id', 36);
  return {
    country_code: text(t, 'country_code', 2).toUpperCase(), party_id: text(t, 'party_id', 3).toUpperCase(), uid: text(t, 'uid', 36),
    type: type as TokenType, contract_id: text(t, 'contract_id', 36), ...(group ? { group_id: group } : {}),
  };
}
