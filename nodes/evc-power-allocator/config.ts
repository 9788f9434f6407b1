/** Reads and checks the evc-power-allocator configuration. */
import { compileTree, Site, TreeError } from '../../lib/allocation/tree';
import { siteFromJson } from '../../lib/allocation/site-json';
import type { AllocatorOptions } from '../../lib/allocation/allocator';
import { DEFAULT_DEADLINE_OPTIONS, DeadlineOptions } from '../../lib/allocation/deadline';
import type { ProfileSettings } from '../../lib/allocation/csms-link';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface AllocatorNodeConfig {
  csms?: string;
  /** The site tree, JSON. */
  tree?: string;
  /** Seconds between recomputations (station events recompute too). */
  interval?: string | number;
  thresholdA?: string | number;
  unit?: string;
  stackLevel?: string | number;
  /** How sessions that know their departure are served: 'drivers' (more leave with what they asked) or 'energy'. */
  policy?: string;
  /** Sessions with more slack than this many minutes share fairly with those that do not know their departure. */
  flexibleMin?: string | number;
}

export interface AllocatorSettings {
  site: Site;
  /** The tree's EVSE ids, which a session's need names. */
  evseIds: Set<string>;
  intervalMs: number;
  allocator: AllocatorOptions;
  profiles: ProfileSettings;
}

export { ConfigProblem };

export function allocatorSettings(config: AllocatorNodeConfig): AllocatorSettings {
  let site: Site;
  let evseIds: Set<string>;
  try {
    site = siteFromJson(config.tree ?? '');
    evseIds = new Set(compileTree(site).evses.map((e) => e.id));
  } catch (err) {
    throw new ConfigProblem(err instanceof TreeError ? err.message : String(err));
  }
  const unit = config.unit || 'A';
  if (unit !== 'A' && unit !== 'W') throw new ConfigProblem('the unit must be A or W');
  const intervalMs = configNumber(config.interval, 'interval', 1, 3600, 10) * 1000;
  return {
    site,
    evseIds,
    intervalMs,
    allocator: { thresholdA: configNumber(config.thresholdA, 'threshold', 0, 32, 1), deadlines: deadlineOptions(config, intervalMs / 1000) },
    profiles: { unit, stackLevel: configNumber(config.stackLevel, 'stack level', 0, 100, 5, true), firstProfileId: 5000 },
  };
}

/**
 * The deadline policy: the benchmark's two settings (bench/allocation), and the slack beyond which sessions share.
 * Drivers first holds each allocation until the next recomputation: its completion rules give no energy up over it.
 */
function deadlineOptions(config: AllocatorNodeConfig, holdS: number): Partial<DeadlineOptions> {
  const policy = config.policy || 'drivers';
  if (policy !== 'drivers' && policy !== 'energy') throw new ConfigProblem('the deadline policy must be drivers or energy');
  const flexibleSlackS = configNumber(config.flexibleMin, 'fair share beyond', 0, 7 * 24 * 60, 120) * 60;
  return policy === 'energy' ? { lateSlackS: 0, completionBiasS: 0, flexibleSlackS } : { ...DEFAULT_DEADLINE_OPTIONS, flexibleSlackS, holdS };
}
