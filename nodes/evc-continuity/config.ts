/** Reads and checks the evc-continuity node configuration into continuity service options. */
import {
  ContinuityOptions, RECOVERY_ACTIONS, RecoveryAction, formatWindows, parseTimeZone, parseWindows, windowLengthMs,
} from '../../lib/continuity';
import { ConfigProblem, configNumber } from '../shared/config-values';

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

export { ConfigProblem };

const MIN = 60_000;


/** Options for the engine; throws ConfigProblem naming the setting at fault. */
export function continuityOptions(config: ContinuityNodeConfig): ContinuityOptions {
  const recovery = (config.recovery || 'restart') as RecoveryAction;
  if (!RECOVERY_ACTIONS.includes(recovery)) throw new ConfigProblem(`recovery must be one of ${RECOVERY_ACTIONS.join(', ')}`);
  const options: ContinuityOptions = {
    stations: config.stations ?? '',
    stall: {
      timeoutMs: configNumber(config.stallTimeout, 'stall timeout', 1, 1440, 10) * MIN,
      powerThresholdW: configNumber(config.powerThreshold, 'power threshold', 0, 100_000, 50),
      recovery,
      maxRecoveriesPerDay: configNumber(config.maxRecoveries, 'max recoveries per day', 0, 100, 3, true),
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
  const baseDelayMs = configNumber(config.baseDelay, 'base delay', 0, 1440, 0) * MIN;
  const perOccupiedPercentMs = configNumber(config.delayPerPercent, 'delay per occupancy %', 0, 60, 0) * MIN;
  const maxDelayMs = configNumber(config.maxDelay, 'max delay', 0, 1440, 60) * MIN;
  // A delay as long as a window would push every start out of it: refuse rather than surprise.
  const shortest = windows.length ? Math.min(...windows.map(windowLengthMs)) : Infinity;
  if (maxDelayMs >= shortest) throw new ConfigProblem(`max delay must be shorter than the shortest window (${formatWindows(windows)})`);
  options.stagger = { groups: [{ name: 'site', stations: config.stations ?? '', windows, zone, baseDelayMs, perOccupiedPercentMs, maxDelayMs }] };
  return options;
}
