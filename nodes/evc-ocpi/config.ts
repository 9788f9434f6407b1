/** Reads and checks the evc-ocpi configuration: where the OCPI API is served, who we are, the park, the timings. */
import { readOcpiSite, type OcpiSiteSpec } from '../../lib/ocpi/objects/site';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface OcpiNodeConfig {
  csms?: string;
  path?: string;
  publicUrl?: string;
  countryCode?: string;
  partyId?: string;
  businessName?: string;
  website?: string;
  /** JSON: {location, terminals, tariffs} (the `ocpi` part of a site description, without our party). */
  site?: string;
  /** evc-ocpi-partner config node ids. */
  partners?: string[] | string;
  commandTimeout?: string | number;
  sessionUpdate?: string | number;
}

export interface OcpiSettings {
  path: string;
  /** Blank: the runtime's own address is used. */
  publicUrl?: string;
  site: OcpiSiteSpec;
  businessName: string;
  website?: string;
  partnerIds: string[];
  commandTimeoutMs: number;
  sessionUpdateMs: number;
}

export function ocpiSettings(config: OcpiNodeConfig): OcpiSettings {
  const path = (config.path ?? '').trim() || '/ocpi/cpo';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(path)) throw new ConfigProblem(`path ${path} must be like /ocpi/cpo: segments of letters, digits, ".", "_", "~" or "-"`);
  const publicUrl = (config.publicUrl ?? '').trim().replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl)) throw new ConfigProblem(`public URL ${publicUrl} is not an http:// or https:// URL`);
  const countryCode = (config.countryCode ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(countryCode)) throw new ConfigProblem('the country code is two letters (ISO 3166-1 alpha-2, e.g. FR)');
  const partyId = (config.partyId ?? '').trim().toUpperCase();
  if (!/^[A-Z0-9]{3}$/.test(partyId)) throw new ConfigProblem('the party id is three letters or digits (e.g. the operator\'s AFIREV id)');
  const businessName = (config.businessName ?? '').trim();
  if (!businessName) throw new ConfigProblem('our business name is needed: partners see it in our credentials');
  const website = (config.website ?? '').trim();
  if (website && !/^https?:\/\/\S+$/.test(website)) throw new ConfigProblem(`website ${website} is not an http:// or https:// URL`);
  let described: unknown;
  try {
    described = JSON.parse(config.site ?? '');
  } catch (err) {
    throw new ConfigProblem(`the park description is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof described !== 'object' || described === null || Array.isArray(described)) throw new ConfigProblem('the park description must be a JSON object {location, terminals, tariffs}');
  const site = readOcpiSite({ ...described, countryCode, partyId });
  if (Array.isArray(site)) throw new ConfigProblem(`the park description: ${site.slice(0, 3).join('; ')}`);
  const ids = Array.isArray(config.partners) ? config.partners : typeof config.partners === 'string' && config.partners ? [config.partners] : [];
  return {
    path, ...(publicUrl ? { publicUrl } : {}), site, businessName, ...(website ? { website } : {}),
    partnerIds: ids.filter((id): id is string => typeof id === 'string' && id !== ''),
    commandTimeoutMs: configNumber(config.commandTimeout, 'command timeout', 5, 300, 30, true) * 1000,
    sessionUpdateMs: configNumber(config.sessionUpdate, 'session update interval', 5, 3600, 60, true) * 1000,
  };
}
