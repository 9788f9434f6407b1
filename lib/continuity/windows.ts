/**
 * Daily charging windows ("22:00-06:00, 12:00-14:00"): the hours in which charging may start, in a site's local
 * time. A window whose end is not after its start runs past midnight; "00:00-24:00" (or equal ends) is all day.
 */
import { TimeZone, instantOf, localDate } from './zone';

export interface DailyWindow {
  /** Minutes after local midnight, 0 to 1439. */
  from: number;
  /** Minutes after local midnight, 0 to 1440; not after `from` = the next day. */
  to: number;
}

/** One occurrence of a window: epoch milliseconds, open included, close excluded. */
export interface Interval {
  open: number;
  close: number;
}

const DAY_MINUTES = 1440;
const MINUTE = 60_000;
const DAY = 86_400_000;
const ITEM = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

function minutes(h: string, m: string, item: string, end: boolean): number {
  const value = Number(h) * 60 + Number(m);
  if (Number(m) > 59 || value > (end ? DAY_MINUTES : DAY_MINUTES - 1)) throw new RangeError(`not a time of day in window ${JSON.stringify(item)}`);
  return value;
}

/** Reads a list of windows separated by commas, semicolons or spaces; empty text = no window (any time). */
export function parseWindows(text: string | undefined): DailyWindow[] {
  const items = (text ?? '').split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);
  return items.map((item) => {
    const m = ITEM.exec(item);
    if (!m) throw new RangeError(`window ${JSON.stringify(item)} is not HH:MM-HH:MM (e.g. 22:00-06:00)`);
    return { from: minutes(m[1], m[2], item, false), to: minutes(m[3], m[4], item, true) };
  });
}

const hhmm = (v: number): string => `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;

export function formatWindows(windows: readonly DailyWindow[]): string {
  return windows.map((w) => `${hhmm(w.from)}-${hhmm(w.to)}`).join(', ');
}

/** Nominal length of a window in ms (a summer-time night is an hour shorter or longer). */
export function windowLengthMs(w: DailyWindow): number {
  const span = w.to > w.from ? w.to - w.from : w.to + DAY_MINUTES - w.from;
  return span * MINUTE;
}

/** The occurrences of the windows from the day before `at` to `days` days after, merged where they touch. */
export function intervalsAround(windows: readonly DailyWindow[], zone: TimeZone, at: number, days = 8): Interval[] {
  const today = localDate(zone, at);
  const all: Interval[] = [];
  for (let k = -1; k <= days; k++) {
    const date = today + k * DAY;
    for (const w of windows) {
      const open = instantOf(zone, date, w.from);
      const close = w.to > w.from ? instantOf(zone, date, w.to) : instantOf(zone, date + DAY, w.to);
      if (close > open) all.push({ open, close });
    }
  }
  all.sort((a, b) => a.open - b.open);
  const merged: Interval[] = [];
  for (const i of all) {
    const last = merged[merged.length - 1];
    if (last && i.open <= last.close) last.close = Math.max(last.close, i.close);
    else merged.push({ ...i });
  }
  return merged;
}

/**
 * When a charge that may begin `delayMs` after a window opens (or after now, inside a window) may start. Every
 * session waiting for the same window then starts at its own delay after the opening, not all at once. A start
 * that would fall after its window closed moves to the next window. No windows = any time.
 */
export function allowedStart(at: number, windows: readonly DailyWindow[], zone: TimeZone, delayMs: number): number {
  if (windows.length === 0) return at + delayMs;
  const upcoming = intervalsAround(windows, zone, at).filter((i) => i.close > at);
  for (const i of upcoming) {
    const start = Math.max(i.open, at) + delayMs;
    if (start < i.close) return start;
  }
  // Only when the delay outlasts every window (the node refuses that configuration): start with the next window.
  return upcoming.length ? Math.max(upcoming[0].open, at) : at + delayMs;
}
