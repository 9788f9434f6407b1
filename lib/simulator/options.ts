/** Options of a virtual station, their defaults, and the checks that catch a bad configuration before any socket opens. */
import { randomInt } from 'crypto';
import type { OcppVersion } from '../ocpp/errors';

export interface VirtualStationOptions {
  /** CSMS endpoint base, e.g. 'ws://127.0.0.1:9220/ocpp'; the station connects to `${url}/${encodeURIComponent(identity)}`. */
  url: string;
  identity: string;
  version: OcppVersion;
  /** Default 2. In 2.0.1 each connector is its own EVSE, with connectorId 1 on it. */
  connectors?: number;
  /** Per connector, default 22000. */
  maxPowerW?: number;
  /** Default 3. */
  phases?: 1 | 3;
  /** Phase-to-neutral voltage, default 230. */
  voltageV?: number;
  /** HTTP Basic auth password (security profiles 1 and 2); the user is the identity. */
  password?: string;
  /** For wss:// urls. */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Meter values during a transaction, default 15000. */
  meterIntervalMs?: number;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  /** EV battery, default 60000; each EV arrives with a seeded random SoC of 20 to 60 % and charging stops at 100 %. */
  batteryWh?: number;
  /** Reconnect with backoff after a drop, default true. */
  reconnect?: boolean;
  /** First reconnect wait, doubled per failure (plus a random part of the same size), default 1000. */
  reconnectDelayMs?: number;
  /** Deterministic randomness; a random seed when absent. */
  seed?: number;
  /** Default 30000. */
  callTimeoutMs?: number;
}

export interface ResolvedOptions {
  url: string;
  identity: string;
  version: OcppVersion;
  connectors: number;
  maxPowerW: number;
  phases: 1 | 3;
  voltageV: number;
  password?: string;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  meterIntervalMs: number;
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  batteryWh: number;
  reconnect: boolean;
  reconnectDelayMs: number;
  seed: number;
  callTimeoutMs: number;
}

// The 2.0.1 identifierString limit; 1.6 sets none but the CSMS applies the same (specs/ocpp.md §1).
const MAX_IDENTITY = 48;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

export function resolveOptions(o: VirtualStationOptions): ResolvedOptions {
  if (!o || typeof o !== 'object') throw new TypeError('VirtualStation options are required');
  if (typeof o.url !== 'string' || !/^wss?:\/\//i.test(o.url)) throw new TypeError(`url must start with ws:// or wss://, got ${String(o.url)}`);
  if (typeof o.identity !== 'string' || o.identity.length === 0) throw new TypeError('identity is required');
  if (o.identity.length > MAX_IDENTITY) throw new RangeError(`identity longer than ${MAX_IDENTITY} characters: ${o.identity}`);
  // The identity is the Basic auth user name, where ':' would end it.
  if (o.identity.includes(':')) throw new RangeError(`identity must not contain ':': ${o.identity}`);
  if (o.version !== '1.6' && o.version !== '2.0.1') throw new TypeError(`version must be '1.6' or '2.0.1', got ${String(o.version)}`);
  const connectors = o.connectors ?? 2;
  if (!Number.isInteger(connectors) || connectors < 1 || connectors > 99) throw new RangeError(`connectors must be an integer from 1 to 99, got ${connectors}`);
  const phases = o.phases ?? 3;
  if (phases !== 1 && phases !== 3) throw new RangeError(`phases must be 1 or 3, got ${String(phases)}`);
  return {
    url: o.url.replace(/\/+$/, ''),
    identity: o.identity,
    version: o.version,
    connectors,
    maxPowerW: positive('maxPowerW', o.maxPowerW, 22000),
    phases,
    voltageV: positive('voltageV', o.voltageV, 230),
    password: o.password,
    tls: o.tls,
    meterIntervalMs: positive('meterIntervalMs', o.meterIntervalMs, 15000),
    vendor: o.vendor ?? 'EVCharge',
    model: o.model ?? `VirtualStation-${o.version === '1.6' ? '16' : '201'}`,
    serialNumber: o.serialNumber ?? `SIM-${o.identity}`.slice(0, 25),
    firmwareVersion: o.firmwareVersion ?? '1.0.0-sim',
    batteryWh: positive('batteryWh', o.batteryWh, 60000),
    reconnect: o.reconnect ?? true,
    reconnectDelayMs: positive('reconnectDelayMs', o.reconnectDelayMs, 1000),
    seed: o.seed ?? randomInt(0, 2 ** 31),
    callTimeoutMs: positive('callTimeoutMs', o.callTimeoutMs, 30000),
  };
}

/** The WebSocket URL of a station: the base plus the percent-encoded identity. */
export function stationUrl(o: Pick<ResolvedOptions, 'url' | 'identity'>): string {
  return `${o.url}/${encodeURIComponent(o.identity)}`;
}
