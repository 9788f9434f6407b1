/** Reads and checks the evc-authorize configuration: the policy, the company directory, the local lists. */
import type { DirectoryOptions } from '../../lib/auth/directory';
import type { StatementOptions } from '../../lib/auth/statements';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface AuthorizeNodeConfig {
  csms?: string;
  database?: string;
  unknownBadges?: string;
  allowConcurrent?: boolean;
  directory?: boolean;
  url?: string;
  baseDn?: string;
  bindDn?: string;
  badgeAttribute?: string;
  groupAttribute?: string;
  groupBaseDn?: string;
  /** JSON: {"directory group": "user category"} or [[group, category], ...]. */
  groupMap?: string;
  timeoutS?: string | number;
  localLists?: boolean;
  listStations?: string;
  language?: string;
  pricePerKwh?: string | number;
  currency?: string;
}

export interface AuthorizeCredentials {
  bindPassword?: string;
}

export interface AuthorizeSettings {
  unknownBadges: 'refuse' | 'accept';
  allowConcurrent: boolean;
  directory?: DirectoryOptions;
  /** Which stations keep a local list: '*' for all; none when local lists are off. */
  listStations?: string[] | '*';
  statements: StatementOptions;
}

export function authorizeSettings(config: AuthorizeNodeConfig, credentials: AuthorizeCredentials): AuthorizeSettings {
  const unknownBadges = config.unknownBadges || 'refuse';
  if (unknownBadges !== 'refuse' && unknownBadges !== 'accept') throw new ConfigProblem('unknown badges must be refused or accepted');
  const language = config.language || 'en';
  if (language !== 'en' && language !== 'fr') throw new ConfigProblem('the language must be en or fr');
  const price = config.pricePerKwh === undefined || config.pricePerKwh === '' ? undefined : configNumber(config.pricePerKwh, 'price per kWh', 0, 100, 0);
  return {
    unknownBadges, allowConcurrent: config.allowConcurrent === true,
    ...(config.directory ? { directory: directorySettings(config, credentials) } : {}),
    ...(config.localLists ? { listStations: stationList(config.listStations) } : {}),
    statements: { language, ...(price !== undefined ? { pricePerKwh: price } : {}), ...(config.currency ? { currency: config.currency } : {}) },
  };
}

function directorySettings(config: AuthorizeNodeConfig, credentials: AuthorizeCredentials): DirectoryOptions {
  const url = config.url?.trim() ?? '';
  if (!/^ldaps?:\/\/\S+$/i.test(url)) throw new ConfigProblem('the directory URL must start with ldap:// or ldaps://');
  const baseDn = config.baseDn?.trim();
  if (!baseDn) throw new ConfigProblem('the directory needs the base DN where users are searched');
  const bindDn = config.bindDn?.trim() || undefined;
  if (bindDn && !credentials.bindPassword) throw new ConfigProblem('the directory account needs its password');
  let groupMap: DirectoryOptions['groupMap'];
  if (config.groupMap?.trim()) {
    try {
      groupMap = JSON.parse(config.groupMap) as DirectoryOptions['groupMap'];
    } catch (err) {
      throw new ConfigProblem(`the group map is not valid JSON: ${(err as Error).message}`);
    }
    const pairs = Array.isArray(groupMap) ? groupMap : groupMap && typeof groupMap === 'object' ? Object.entries(groupMap) : undefined;
    if (!pairs || !pairs.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')) {
      throw new ConfigProblem('the group map must be {"directory group": "user category"} or a list of [group, category] pairs');
    }
  }
  return {
    url, baseDn, ...(bindDn ? { bindDn, bindPassword: credentials.bindPassword } : {}),
    ...(config.badgeAttribute?.trim() ? { badgeAttribute: config.badgeAttribute.trim() } : {}),
    ...(config.groupAttribute?.trim() ? { groupAttribute: config.groupAttribute.trim() } : {}),
    ...(config.groupBaseDn?.trim() ? { groupBaseDn: config.groupBaseDn.trim() } : {}),
    ...(groupMap ? { groupMap } : {}),
    timeoutMs: configNumber(config.timeoutS, 'directory timeout', 0.1, 60, 3) * 1000,
  };
}

function stationList(text: string | undefined): string[] | '*' {
  const ids = (text ?? '').split(/[\s,]+/).filter(Boolean);
  return ids.length === 0 || ids.includes('*') ? '*' : ids;
}
