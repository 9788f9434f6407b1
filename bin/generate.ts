/** `evcharge generate`: the quick-start alone, or a whole project for a terminal count or a site description. */
import path from 'path';
import type { Parsed } from './args';
import { intOption } from './args';
import { projectFlow } from '../flows/project';
import { FlowNode, quickstartFlow } from '../flows/quickstart';
import { DashboardSite, MAX_TERMINALS, SiteOptions, siteFromCount, siteFromDescription } from '../dashboards/site';
import { readSiteDescription } from '../lib/site/registry-file';
import type { Language } from '../lib/archive/export/columns';

function siteOptions(o: Parsed): SiteOptions {
  // The site checks the language (en or fr) and the limit (kW above 0).
  return {
    language: o.language === undefined ? undefined : (String(o.language) as Language),
    threshold: o.threshold === undefined ? undefined : intOption(o, 'threshold', 12, 1, MAX_TERMINALS),
    limitKw: o['site-limit'] === undefined ? undefined : Number(o['site-limit']),
  };
}

/** The site `--terminals` or `--site` describe; undefined for neither. */
export function siteOf(o: Parsed): DashboardSite | undefined {
  if (o.terminals !== undefined && o.site !== undefined) throw new Error('give --terminals or --site, not both');
  if (o.terminals !== undefined) return siteFromCount(intOption(o, 'terminals', 0, 1, MAX_TERMINALS), siteOptions(o));
  if (o.site !== undefined) return siteFromDescription(readSiteDescription(path.resolve(String(o.site))), siteOptions(o));
  if (o.language !== undefined || o.threshold !== undefined || o['site-limit'] !== undefined) {
    throw new Error('--language, --threshold and --site-limit need --terminals or --site');
  }
  return undefined;
}

export function generatedFlow(o: Parsed): FlowNode[] {
  const site = siteOf(o);
  return site ? projectFlow(site) : quickstartFlow();
}
