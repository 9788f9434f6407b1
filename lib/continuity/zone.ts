/**
 * The time zone charging windows are read in: an IANA name (Europe/Paris, with its summer time) or a fixed UTC
 * offset (+02:00, UTC-5). Windows are wall-clock times of the site, not of the server running Node-RED.
 */

export interface TimeZone {
  /** As configured, normalized (an IANA name or UTC±hh:mm). */
  readonly name: string;
  /** Minutes to add to UTC to get local time at an instant. */
  offsetMinutes(at: number): number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

function fixed(minutes: number): TimeZone {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const name = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { name, offsetMinutes: () => minutes };
}

function iana(name: string): TimeZone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(name)}: give an IANA name such as Europe/Paris or an offset such as +02:00`);
  }
  const canonical = format.resolvedOptions().timeZone;
  return {
    name: canonical,
    offsetMinutes(at: number): number {
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
      return Math.round((local - Math.floor(at / 1000) * 1000) / MINUTE);
    },
  };
}

/** Reads a zone; empty means the zone of the machine running Node-RED. Throws RangeError with a clear message. */
export function parseTimeZone(text: string | undefined): TimeZone {
  const t = (text ?? '').trim();
  if (t === '') return iana(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  if (/^(UTC|GMT|Z)$/i.test(t)) return fixed(0);
  const m = OFFSET.exec(t);
  if (m) {
    const hours = Number(m[2]);
    const minutes = Number(m[3] ?? 0);
    if (hours > 14 || minutes > 59) throw new RangeError(`time zone offset out of range: ${t}`);
    return fixed((m[1] === '-' ? -1 : 1) * (hours * 60 + minutes));
  }
  return iana(t);
}

/** The local calendar day of an instant, as the UTC midnight of the same date (a day key that ignores the zone). */
export function localDate(zone: TimeZone, at: number): number {
  const local = at + zone.offsetMinutes(at) * MINUTE;
  return Math.floor(local / DAY) * DAY;
}

/**
 * The instant a local wall-clock time happens: `date` from localDate(), `minuteOfDay` from 0 to 1440. A time that
 * does not exist (skipped by summer time) comes out shifted by the jump, which is what a station's clock does too.
 */
export function instantOf(zone: TimeZone, date: number, minuteOfDay: number): number {
  const local = date + minuteOfDay * MINUTE;
  const guess = local - zone.offsetMinutes(local) * MINUTE;
  return local - zone.offsetMinutes(guess) * MINUTE;
}
