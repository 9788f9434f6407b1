/** Reads and checks the evc-continuity node configuration into continuity service options. */
import {
  ContinuityOptions, RECOVERY_ACTIONS, RecoveryAction, formatWindows, parseTimeZone, parseWindows, windowLengthMs,
} from '../../lib/continuity';

export interface ContinuityNodeConfig {
  csms?: string;
  /** Stations supervised, * wildcards, comma-separated; empty = all. */
  stations?: string;
  stallTimeout?: string | number;
  powerThreshold?: string | number;
  recovery?: string;
  maxRecoveries?: string | number;
  suspendedEv?: boolean;
  staggerEnabled?: boolean;
  windows?: string;
  timeZone?: string;
  baseDelay?: string | number;
  delayPerPercent?: string | number;
  maxDelay?: string | number;
}

export class ConfigProblem extends Error {}

const MIN = 60_000;

function number(value: unknown, name: string, min: number, max: number, fallback: number, integer = false): number {
  if (value === undefined || value === '' || value === null) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new ConfigProblem(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

/** Options for the engine; throws ConfigProblem naming the setting at fault. */
export function continuityOptions(config: ContinuityNodeConfig): ContinuityOptions {
  const recovery = (config.recovery || 'restart') as RecoveryAction;
  if (!RECOVERY_ACTIONS.includes(recovery)) throw new ConfigProblem(`recovery must be one of ${RECOVERY_ACTIONS.join(', ')}`);
  const options: ContinuityOptions = {
    stations: config.stations ?? '',
    stall: {
      timeoutMs: number(config.stallTimeout, 'stall timeout', 1, 1440, 10) * MIN,
      powerThresholdW: number(config.powerThreshold, 'power threshold', 0, 100_000, 50),
      recovery,
      maxRecoveriesPerDay: number(config.maxRecoveries, 'max recoveries per day', 0, 100, 3, true),
      suspendedEvIsStall: config.suspendedEv === true,
    },
  };
  if (config.staggerEnabled !== true) return options;
  let windows;
  let zone;
  try {
    windows = parseWindows(config.windows);
    zone = parseTimeZone(config.timeZone);
  } catch (err) {
    throw new ConfigProblem((err as Error).message);
  }
  const baseDelayMs = number(config.baseDelay, 'base delay', 0, 1440, 0) * MIN;
  const perOccupiedPercentMs = number(config.delayPerPercent, 'delay per occupancy %', 0, 60, 0) * MIN;
  const maxDelayMs = number(config.maxDelay, 'max delay', 0, 1440, 60) * MIN;
  // A delay as long as a window would push every start out of it: refuse rather than surprise.
  const shortest = windows.length ? Math.min(...windows.map(windowLengthMs)) : Infinity;
  if (maxDelayMs >= shortest) throw new ConfigProblem(`max delay must be shorter than the shortest window (${formatWindows(windows)})`);
  options.stagger = { groups: [{ name: 'site', stations: config.stations ?? '', windows, zone, baseDelayMs, perOccupiedPercentMs, maxDelayMs }] };
  return options;
}
