/**
 * QualiCharge's limits, split the way QualiCharge splits them. Hard checks of its API (a 422 if broken: session
 * start ≤ 1 year old, start ≤ end, energy 0–1000 kWh; status ≤ 1 day old) make a record fail here without a
 * request. Quality rules checked afterwards in its database (the 15-day freshness of a session, its rule 42, and
 * the others below) do not stop a send: the record goes, flagged, because the API stores it and a late session
 * still counts, while a skipped one is lost.
 *
 * The 15 days: the arrêté of 2025-10-30 asks that sessions be transmitted "within fifteen days" without saying
 * from when; QualiCharge's rule 42 measures from the session's start to the submission. We use rule 42, the
 * stricter reading.
 */
import type { ReportRecord } from './model';
import type { Verdict } from './sink';

const DAY_MS = 86_400_000;

export interface QualiChargeLimits {
  /** Rule 42: a session flagged late when it started longer ago than this at submission (15 days). */
  lateAfterMs?: number;
  /** API hard limit on a session's start age (365 days in QualiCharge's settings). */
  maxSessionAgeMs?: number;
  /** API hard limit on a status's age (1 day). */
  maxStatusAgeMs?: number;
  /** Rule 43: a status flagged late when older than this at submission (5 minutes). */
  statusFreshMs?: number;
}

const days = (ms: number): string => (ms / DAY_MS).toFixed(1);

export function qualichargeCheck(record: ReportRecord, now: number, limits: QualiChargeLimits): Verdict {
  return record.kind === 'session' ? checkSession(record.start, record.end, record.energyWh, now, limits) : checkStatus(record.at, now, limits);
}

function checkSession(startIso: string, endIso: string, energyWh: number, now: number, limits: QualiChargeLimits): Verdict {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { reject: 'start or end is not a date' };
  if (start > end) return { reject: 'a session cannot start after it ended' };
  const age = now - start;
  const maxAge = limits.maxSessionAgeMs ?? 365 * DAY_MS;
  if (age > maxAge) return { reject: `started ${days(age)} days ago: QualiCharge's API refuses sessions older than ${days(maxAge)} days` };
  const kWh = energyWh / 1000;
  if (kWh < 0 || kWh > 1000) return { reject: `energy ${kWh} kWh is outside QualiCharge's 0–1000 kWh` };
  const flags: string[] = [];
  const lateAfter = limits.lateAfterMs ?? 15 * DAY_MS;
  if (age > lateAfter) flags.push(`late: started ${days(age)} days before submission (QualiCharge rule 42: ${days(lateAfter)} days)`);
  if (end - start > 7 * DAY_MS) flags.push('longer than 7 days (QualiCharge rule 15)');
  if (end === start && kWh > 1) flags.push('zero duration with more than 1 kWh (QualiCharge rule 40)');
  return flags.length ? { flags } : {};
}

function checkStatus(atIso: string, now: number, limits: QualiChargeLimits): Verdict {
  const at = Date.parse(atIso);
  if (!Number.isFinite(at)) return { reject: 'timestamp is not a date' };
  const age = now - at;
  const maxAge = limits.maxStatusAgeMs ?? DAY_MS;
  if (age > maxAge) return { reject: `${Math.round(age / 60_000)} minutes old: QualiCharge's API refuses statuses older than ${Math.round(maxAge / 60_000)} minutes` };
  const fresh = limits.statusFreshMs ?? 5 * 60_000;
  return age > fresh ? { flags: [`late: ${Math.round(age / 1000)} s old at submission (QualiCharge rule 43: ${fresh / 1000} s)`] } : {};
}
