/** Reads an evc-ocpi-partner's configuration into the bridge's PartnerConfig, with a reason for what is wrong. */
import type { PartnerConfig } from '../../lib/ocpi/bridge';
import { TOKEN_ENCODINGS, TokenEncoding } from '../../lib/ocpi/auth';
import { defaultSettings } from '../../lib/ocpi/partners';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface PartnerNodeConfig {
  name?: string;
  direction?: string;
  versionsUrl?: string;
  tokenEncoding?: string;
  push?: string;
  retryAttempts?: string | number;
  retryInterval?: string | number;
}

export interface PartnerCredentials {
  tokenA?: string;
}

/** Partner names travel in msgs and file names: keep them plain. */
export const PARTNER_NAME = /^[A-Za-z0-9._-]{1,40}$/;

export function partnerConfig(config: PartnerNodeConfig, credentials: PartnerCredentials): PartnerConfig {
  const name = (config.name ?? '').trim();
  if (!PARTNER_NAME.test(name)) throw new ConfigProblem('the partner needs a name of 1 to 40 letters, digits, ".", "_" or "-"');
  const encoding = (config.tokenEncoding || 'auto') as TokenEncoding;
  if (!TOKEN_ENCODINGS.includes(encoding)) throw new ConfigProblem(`token encoding ${encoding} is not base64, raw or auto`);
  if (config.push && config.push !== 'patch' && config.push !== 'put') throw new ConfigProblem(`push ${config.push} is not patch or put`);
  const settings = defaultSettings({
    tokenEncoding: encoding,
    patch: config.push !== 'put',
    retry: {
      attempts: configNumber(config.retryAttempts, 'retry attempts', 0, 20, 0, true),
      intervalMs: configNumber(config.retryInterval, 'retry interval', 10, 86_400, 300, true) * 1000,
      batchSize: 50,
    },
  });
  if ((config.direction ?? 'inbound') === 'inbound') return { name, settings };
  if (config.direction !== 'outbound') throw new ConfigProblem(`direction ${String(config.direction)} is not inbound or outbound`);
  const versionsUrl = (config.versionsUrl ?? '').trim();
  if (!/^https?:\/\/\S+$/.test(versionsUrl)) throw new ConfigProblem(`partner ${name}: we register with it, so its versions URL (http:// or https://) is needed`);
  const tokenA = (credentials.tokenA ?? '').trim();
  // Without a token A the partner can still be registered by msg, once it has given one.
  return { name, settings, outbound: { versionsUrl, tokenA } };
}
