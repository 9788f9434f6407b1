/**
 * What the dashboards need to know of a site: its terminals, its language, and from how many terminals on the
 * detail and maintenance views pick their terminal from a list instead of giving each one a tab of its own.
 */
import type { Language } from '../lib/archive/export/columns';
import type { SiteDescription } from '../lib/site/registry-file';
import { numberedIdentity } from '../lib/simulator/fleet';

export type TerminalProtocol = 'ocpp1.6' | 'ocpp2.0.1';

export interface DashboardTerminal {
  id: string;
  /** Absent when the terminal may speak either version. */
  protocol?: TerminalProtocol;
  /** Its power, kW, shared by its connectors, and how many vehicles it charges at once: what the planner plans with. */
  maxKw?: number;
  connectors?: number;
}

export interface DashboardSite {
  /** Seeds every generated node id: the same key regenerates the same nodes, in place. */
  key: string;
  name: string;
  language: Language;
  /** Up to this many terminals each gets its own group; above it, one set of widgets and a list to pick from. */
  threshold: number;
  terminals: DashboardTerminal[];
  /** The site's connection limit, when known: the overview shows how much of it is used. */
  limitKw?: number;
}

export const DEFAULT_THRESHOLD = 12;
/** Terminals of a site given only by their count are named as the simulator names its stations. */
export const DEFAULT_TERMINAL_PREFIX = 'CP';
export const MAX_TERMINALS = 10_000;

export interface SiteOptions {
  name?: string;
  language?: Language;
  threshold?: number;
  limitKw?: number;
}

function checkedOptions(o: SiteOptions): { language: Language; threshold: number; limitKw?: number } {
  const language = o.language ?? 'en';
  if (language !== 'en' && language !== 'fr') throw new RangeError(`language must be en or fr, got ${String(language)}`);
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`the terminal threshold must be a positive integer, got ${String(threshold)}`);
  const { limitKw } = o;
  if (limitKw === undefined) return { language, threshold };
  if (typeof limitKw !== 'number' || !Number.isFinite(limitKw) || limitKw <= 0) throw new RangeError(`the site limit must be a number of kW above 0, got ${String(limitKw)}`);
  return { language, threshold, limitKw };
}

/** A site of `count` terminals CP001, CP002..., as `evcharge generate --terminals N` makes it. */
export function siteFromCount(count: number, options: SiteOptions & { prefix?: string; protocol?: TerminalProtocol } = {}): DashboardSite {
  if (!Number.isInteger(count) || count < 1 || count > MAX_TERMINALS) {
    throw new RangeError(`the number of terminals must be an integer from 1 to ${MAX_TERMINALS}, got ${String(count)}`);
  }
  const prefix = options.prefix ?? DEFAULT_TERMINAL_PREFIX;
  return {
    key: options.name ?? 'site', name: options.name ?? 'EV Charge', ...checkedOptions(options),
    terminals: Array.from({ length: count }, (_, i) => ({ id: numberedIdentity(prefix, i, count), ...(options.protocol ? { protocol: options.protocol } : {}) })),
  };
}

/** The dashboard part of a site description (validated by the caller): its terminals, `language`, `dashboard.threshold`, `limitKw`. */
export function siteFromDescription(site: SiteDescription, options: SiteOptions = {}): DashboardSite {
  const terminals = (site.terminals ?? []).map((t): DashboardTerminal => ({
    id: t.id, ...(t.protocol ? { protocol: t.protocol } : {}),
    ...(typeof t.maxKw === 'number' ? { maxKw: t.maxKw } : {}), ...(typeof t.connectors === 'number' ? { connectors: t.connectors } : {}),
  }));
  if (terminals.length === 0) throw new RangeError('the site description lists no terminals');
  const seen = new Set<string>();
  for (const t of terminals) {
    if (seen.has(t.id)) throw new RangeError(`terminal ${t.id} is listed twice`);
    seen.add(t.id);
  }
  const dashboard = (site.dashboard ?? {}) as { threshold?: number };
  const name = options.name ?? site.name ?? 'EV Charge';
  return {
    key: name, name, terminals,
    ...checkedOptions({
      language: options.language ?? (site.language as Language | undefined), threshold: options.threshold ?? dashboard.threshold,
      limitKw: options.limitKw ?? (site.limitKw as number | undefined),
    }),
  };
}
