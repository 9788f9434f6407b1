/** Timestamps: accepted leniently (ISO 8601 variants seen in the field), emitted as strict RFC 3339 UTC with milliseconds. */

// Date, 'T' or space, time with optional seconds and any fraction, then Z, ±hh:mm, ±hhmm, ±hh or nothing (UTC assumed).
const LENIENT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

// What we emit and what most stations send: checked by the native parser without the lenient regex.
const STRICT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const STRICT_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// The same timestamp is read twice per message (schema format check, then the event): remember the last one.
let lastParsed = '';
let lastParsedMs: number | undefined;

/** Parses a timestamp; returns epoch milliseconds or undefined when it is not a date-time. */
export function parseTimestamp(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === lastParsed) return lastParsedMs;
  lastParsedMs = parseUncached(text);
  lastParsed = text;
  return lastParsedMs;
}

function parseUncached(text: string): number | undefined {
  if (STRICT.test(text)) {
    const t = Date.parse(text);
    if (!Number.isFinite(t)) return undefined;
    // Date.parse rolls 30 February over into March: check the day only where that can happen.
    const day = +text.slice(8, 10);
    return day <= 28 || new Date(t).getUTCDate() === day ? t : undefined;
  }
  const m = LENIENT.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const ms = frac ? Math.round(Number('0.' + frac) * 1000) : 0;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) return undefined;
  if (+d > 28 && new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDate() !== +d) return undefined;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = (+digits.slice(0, 2)) * 60 + (+(digits.slice(2, 4) || '0'));
    t -= sign * offset * 60_000;
  }
  return Number.isFinite(t) ? t : undefined;
}

/** True when the text is a date-time we accept. Used as the ajv `date-time` format. */
export function isTimestamp(text: string): boolean {
  return parseTimestamp(text) !== undefined;
}

let lastMs = NaN;
let lastText = '';

/** Strict RFC 3339 form, UTC, three fractional digits. Many calls share a millisecond: the last one is kept. */
export function formatTimestamp(at: number | Date = Date.now()): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}

/** An accepted timestamp in the strict form (the text itself when it already is), or undefined. */
export function strictTimestamp(text: unknown): string | undefined {
  const t = parseTimestamp(text);
  if (t === undefined) return undefined;
  return STRICT_MS.test(text as string) ? (text as string) : formatTimestamp(t);
}

/** Re-emits an accepted timestamp in the strict form; returns the input unchanged if it cannot be read. */
export function normalizeTimestamp(text: string): string {
  return strictTimestamp(text) ?? text;
}
