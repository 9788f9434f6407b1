/** Reads the evc-simulator node configuration into fleet options. */
import type { FleetOptions } from '../../lib/simulator';

export interface SimulatorNodeConfig {
  url?: string;
  count?: string | number;
  version?: string;
  prefix?: string;
  connectors?: string | number;
  maxPower?: string | number;
  meterInterval?: string | number;
  autoStart?: boolean;
  autoCharge?: boolean | string;
}

function number(value: unknown, name: string, min: number, max: number, fallback: number, integer = true): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  return n;
}

/** Fleet options; count 0 is allowed and means "no stations" (the quick-start flow without --simulate). */
export function fleetOptions(config: SimulatorNodeConfig, password?: string): FleetOptions {
  const url = config.url || 'ws://127.0.0.1:9220/ocpp';
  if (!/^wss?:\/\/\S+$/i.test(url)) throw new Error('url must start with ws:// or wss://');
  const version = config.version || '1.6';
  if (version !== '1.6' && version !== '2.0.1' && version !== 'mixed') throw new Error('version must be 1.6, 2.0.1 or mixed');
  return {
    url,
    count: number(config.count, 'count', 0, 1000, 4),
    version,
    prefix: config.prefix || 'SIM',
    connectors: number(config.connectors, 'connectors', 1, 99, 2),
    maxPowerW: number(config.maxPower, 'max power', 0.1, 1000, 22, false) * 1000,
    meterIntervalMs: number(config.meterInterval, 'meter interval', 0.1, 3600, 15, false) * 1000,
    // A flow may set it from an environment variable, which arrives as text.
    autoCharge: config.autoCharge === true || config.autoCharge === 'true',
    password: password || undefined,
  };
}
