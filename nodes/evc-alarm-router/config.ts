/** Reads and checks the evc-alarm-router configuration. */
import { DEFAULT_FAULT_RECOVERY } from '../../lib/alarms/fault-recovery';
import { readRoutes } from '../../lib/alarms/routing';
import type { AlarmServiceOptions } from '../../lib/alarms/service';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface AlarmRouterNodeConfig {
  csms?: string;
  database?: string;
  /** Routing rules and on-call shifts, JSON: {rules: [...], onCall: [...]} or a list of rules. */
  routes?: string;
  language?: string;
  timeZone?: string;
  deadBandS?: string | number;
  floodPerMinute?: string | number;
  recovery?: boolean;
  softAfterMin?: string | number;
  hardAfterMin?: string | number;
  verifyMin?: string | number;
  maxResetsPerDay?: string | number;
}

export function alarmRouterSettings(config: AlarmRouterNodeConfig): AlarmServiceOptions {
  let parsed: unknown = [];
  if (config.routes && config.routes.trim()) {
    try {
      parsed = JSON.parse(config.routes);
    } catch (err) {
      throw new ConfigProblem(`the routes are not valid JSON: ${(err as Error).message}`);
    }
  }
  const { rules, onCall, errors } = readRoutes(parsed);
  if (errors.length) throw new ConfigProblem(errors.join('; '));
  const language = config.language || 'en';
  if (language !== 'en' && language !== 'fr') throw new ConfigProblem('the language must be en or fr');
  const timeZone = config.timeZone || undefined;
  if (timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new ConfigProblem(`unknown time zone ${timeZone}`);
    }
  }
  return {
    rules, onCall, language, timeZone,
    board: {
      deadBandMs: configNumber(config.deadBandS, 'dead-band', 0, 3600, 10) * 1000,
      floodPerMinute: configNumber(config.floodPerMinute, 'flood cap', 1, 10_000, 10, true),
    },
    ...(config.recovery ? {
      recovery: {
        softAfterMin: configNumber(config.softAfterMin, 'soft reset after', 0.1, 1440, DEFAULT_FAULT_RECOVERY.softAfterMin),
        hardAfterMin: configNumber(config.hardAfterMin, 'hard reset after', 0.1, 1440, DEFAULT_FAULT_RECOVERY.hardAfterMin),
        verifyMin: configNumber(config.verifyMin, 'recovery check after', 0.1, 1440, DEFAULT_FAULT_RECOVERY.verifyMin),
        maxResetsPerDay: configNumber(config.maxResetsPerDay, 'resets per day', 1, 100, DEFAULT_FAULT_RECOVERY.maxResetsPerDay, true),
      },
    } : {}),
  };
}
