/** Reads and checks the evc-power-allocator configuration. */
import { compileTree, Site, TreeError } from '../../lib/allocation/tree';
import { siteFromJson } from '../../lib/allocation/site-json';
import type { AllocatorOptions } from '../../lib/allocation/allocator';
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
}

export interface AllocatorSettings {
  site: Site;
  intervalMs: number;
  allocator: AllocatorOptions;
  profiles: ProfileSettings;
}

export { ConfigProblem };


export function allocatorSettings(config: AllocatorNodeConfig): AllocatorSettings {
  let site: Site;
  try {
    site = siteFromJson(config.tree ?? '');
    compileTree(site);
  } catch (err) {
    throw new ConfigProblem(err instanceof TreeError ? err.message : String(err));
  }
  const unit = config.unit || 'A';
  if (unit !== 'A' && unit !== 'W') throw new ConfigProblem('the unit must be A or W');
  return {
    site,
    intervalMs: configNumber(config.interval, 'interval', 1, 3600, 10) * 1000,
    allocator: { thresholdA: configNumber(config.thresholdA, 'threshold', 0, 32, 1) },
    profiles: { unit, stackLevel: configNumber(config.stackLevel, 'stack level', 0, 100, 5, true), firstProfileId: 5000 },
  };
}
