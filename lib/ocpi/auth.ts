/**
 * The `Authorization: Token …` header. Since 2.2-d2 the token travels Base64-encoded (RFC 4648 §4, UTF-8 first),
 * but the spec itself notes that many 2.1.1/2.2 peers send it raw and leaves the choice to trial or configuration:
 * hence a per-partner encoding. `auto` reads both forms (decoded first) and writes Base64, falling back to raw
 * only when the peer refuses (see client.ts).
 */
import { randomBytes } from 'crypto';

export type TokenEncoding = 'base64' | 'raw' | 'auto';

export const TOKEN_ENCODINGS: readonly TokenEncoding[] = ['base64', 'raw', 'auto'];

/** How a token was found in the header: matters when a partner only allows one form. */
export type TokenForm = 'base64' | 'raw';

export interface TokenCandidate {
  token: string;
  form: TokenForm;
}

/** 2.2.1 Credentials.token: string(64) of printable, non-whitespace ASCII (U+0021 to U+007E). */
const TOKEN = /^[\x21-\x7e]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isCredentialsToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** A fresh credentials token: 32 random bytes, base64url, 43 characters, well inside string(64). */
export function newCredentialsToken(): string {
  return randomBytes(32).toString('base64url');
}

export function encodeToken(token: string, form: TokenForm): string {
  return form === 'raw' ? token : Buffer.from(token, 'utf8').toString('base64');
}

/** The header value to send; `auto` starts with what the spec requires. */
export function authorizationHeader(token: string, encoding: TokenEncoding | TokenForm): string {
  return `Token ${encodeToken(token, encoding === 'raw' ? 'raw' : 'base64')}`;
}

/**
 * Every token the header could mean, Base64-decoded first. Which one counts is the caller's business: it depends
 * on which partner the token belongs to and how that partner is set to encode.
 */
export function tokenCandidates(header: string | undefined): TokenCandidate[] {
  if (!header) return [];
  const m = /^Token\s+(\S+)\s*$/i.exec(header.trim());
  if (!m) return [];
  const value = m[1];
  const out: TokenCandidate[] = [];
  const decoded = decodeBase64Token(value);
  if (decoded !== undefined) out.push({ token: decoded, form: 'base64' });
  if (isCredentialsToken(value) && decoded !== value) out.push({ token: value, form: 'raw' });
  return out;
}

/** Whether a partner set to `encoding` may authenticate with a token found in `form`. */
export function formAllowed(encoding: TokenEncoding, form: TokenForm): boolean {
  return encoding === 'auto' || encoding === form;
}

function decodeBase64Token(value: string): string | undefined {
  if (value.length % 4 !== 0 || !BASE64.test(value)) return undefined;
  let text = Buffer.from(value, 'base64').toString('utf8');
  // The spec's own examples encode a trailing newline (echo without -n); a token never holds whitespace, so it goes.
  text = text.replace(/\r?\n$/, '');
  return isCredentialsToken(text) ? text : undefined;
}
