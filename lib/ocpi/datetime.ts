/**
 * OCPI DateTime (types.asciidoc): RFC 3339, string(25), always UTC. The spec lists the only accepted shapes — with or
 * without the `Z`, with or without fractional seconds — and warns that `+00:00` is not the same as UTC, so any
 * offset is refused rather than converted: a peer sending one has a bug worth hearing about.
 */
import { invalidParameters } from './status';

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?$/;
const MAX_LENGTH = 25;

/** Epoch milliseconds of an OCPI DateTime, or undefined when the text is not one (fractions beyond ms are cut). */
export function parseDateTime(text: string): number | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2021-02-30 over into March: a round trip catches dates that do not exist.
  const d = new Date(at);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return at;
}

export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && parseDateTime(value) !== undefined;
}

/** Like parseDateTime, but a bad value is the client's 2001, naming the field. */
export function requireDateTime(text: string, field: string): number {
  const at = parseDateTime(text);
  if (at === undefined) {
    throw invalidParameters(`${field} "${text}" is not an OCPI DateTime: RFC 3339 in UTC such as 2015-06-29T20:39:09Z (no offset like +00:00, at most 25 characters)`);
  }
  return at;
}

/** Our own timestamps (from epoch ms, a Date or an ISO text): always with the Z, milliseconds only when there are some. */
export function formatDateTime(at: number | Date | string = Date.now()): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${String(at)}`);
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
