/**
 * When a sink sends: at once (per session), or at slots (every N minutes, once a day at a UTC time). A record
 * queued before a slot goes out at that slot; retries after a failure follow the back-off, not the slots.
 */

export interface Schedule {
  /** 0: send as soon as a record is queued. */
  everyMs: number;
  /** Shift of the slots from midnight UTC (a daily batch at 02:00 UTC has offsetMs 7,200,000). */
  offsetMs?: number;
}

const DAY_MS = 86_400_000;

export const IMMEDIATE: Schedule = { everyMs: 0 };

/** Once a day at `HH:MM` UTC. */
export function daily(atUtc = '02:00'): Schedule {
  const match = /^(\d{1,2}):(\d{2})$/.exec(atUtc);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) throw new Error(`daily schedule: '${atUtc}' is not HH:MM`);
  return { everyMs: DAY_MS, offsetMs: (Number(match[1]) * 60 + Number(match[2])) * 60_000 };
}

export function every(minutes: number): Schedule {
  if (!(minutes > 0)) throw new Error(`schedule: every ${minutes} minutes`);
  return { everyMs: minutes * 60_000 };
}

/** The latest slot at or before now (now itself when immediate). */
export function lastSlot(schedule: Schedule, now: number): number {
  if (schedule.everyMs <= 0) return now;
  const offset = schedule.offsetMs ?? 0;
  return Math.floor((now - offset) / schedule.everyMs) * schedule.everyMs + offset;
}

/** The first slot strictly after now. */
export function nextSlot(schedule: Schedule, now: number): number {
  if (schedule.everyMs <= 0) return now;
  return lastSlot(schedule, now) + schedule.everyMs;
}

export interface Backoff {
  /** First delay after a failure. */
  baseMs: number;
  /** The cap: an outage of days is retried at this pace, never slower. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 3_600_000 };

/**
 * Exponential with "equal jitter" (half fixed, half random), so many nodes coming back after a shared outage do
 * not knock on the receiver at the same second, while the delay never falls below half its nominal value.
 */
export function backoffDelay(backoff: Backoff, failures: number, random: () => number): number {
  const nominal = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
