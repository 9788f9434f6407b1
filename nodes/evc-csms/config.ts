/** Reads and checks the evc-csms node configuration into engine options. */
import fs from 'fs';
import path from 'path';
import type { CsmsOptions, FlowAnswerable } from '../../lib/ocpp/csms';
import type { OcppVersion } from '../../lib/ocpp/errors';
import type { SecurityProfile, TlsOptions } from '../../lib/ocpp/server';
import { parseStationLines, identityProblem } from '../../lib/ocpp/registry';
import { readSiteRegistry } from '../../lib/site/registry-file';

export interface CsmsNodeConfig {
  id: string;
  name?: string;
  port: string | number;
  host?: string;
  path?: string;
  protocols?: string;
  securityProfile?: string | number;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  /** Security profile 3: the operator's name the stations' certificates carry as O. */
  operatorName?: string;
  registry?: string;
  bootUnknown?: string;
  heartbeatInterval?: string | number;
  pingInterval?: string | number;
  callTimeout?: string | number;
  authorizeBy?: string;
  startTransactionBy?: string;
  stopTransactionBy?: string;
  transactionEventBy?: string;
  flowTimeout?: string | number;
  defaultIdTagStatus?: string;
  dataTransferStatus?: string;
  persist?: boolean;
  maxPayload?: string | number;
  /** 0 or blank: no limit. */
  maxConnections?: string | number;
  handshakeRate?: string | number;
  messageRate?: string | number;
  bootRate?: string | number;
  /** A site description whose terminals join the registry; it may close the registry. */
  siteFile?: string;
}

export class ConfigProblem extends Error {}

function int(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigProblem(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!allowed.includes(value as T)) throw new ConfigProblem(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function readFile(file: string | undefined, name: string, profile: number): Buffer {
  if (!file) throw new ConfigProblem(`${name} is required for security profile ${profile}`);
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigProblem(`cannot read ${name} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Builds engine options; throws ConfigProblem with a reason the status can show. */
export function toCsmsOptions(config: CsmsNodeConfig, stationsText: string, userDir: string | undefined): CsmsOptions {
  const protocols = (config.protocols || 'ocpp2.0.1,ocpp1.6').split(',').map((p) => p.trim());
  const versions = protocols.map((p) => {
    if (p === 'ocpp2.0.1') return '2.0.1';
    if (p === 'ocpp1.6') return '1.6';
    throw new ConfigProblem(`unsupported protocol ${p}`);
  }) as OcppVersion[];
  const securityProfile = int(config.securityProfile, 'security profile', 0, 3, 0) as SecurityProfile;
  const operatorName = (config.operatorName ?? '').trim();
  if (securityProfile === 3 && !operatorName) throw new ConfigProblem('security profile 3 needs the operator name the stations\' certificates carry (O)');
  const stations: Array<{ identity: string; password?: string; boot?: 'Accepted' | 'Pending' | 'Rejected' }> = parseStationLines(stationsText);
  for (const s of stations) {
    const problem = identityProblem(s.identity);
    if (problem) throw new ConfigProblem(`station ${s.identity}: ${problem}`);
    if (s.password && (s.password.length < 16 || s.password.length > 40)) {
      throw new ConfigProblem(`station ${s.identity}: password must have 16 to 40 characters`);
    }
  }
  let open = oneOf(config.registry, 'registry', ['open', 'closed'] as const, 'open') === 'open';
  if (config.siteFile) {
    let site;
    try {
      site = readSiteRegistry(config.siteFile);
    } catch (err) {
      throw new ConfigProblem((err as Error).message);
    }
    stations.push(...site.stations);
    open = open && site.open;
  }
  const by = (v: unknown, name: string) => oneOf(v, name, ['driver', 'flow'] as const, 'driver') === 'flow';
  const flowAnswers: Partial<Record<FlowAnswerable, boolean>> = {
    Authorize: by(config.authorizeBy, 'authorizeBy'),
    StartTransaction: by(config.startTransactionBy, 'startTransactionBy'),
    StopTransaction: by(config.stopTransactionBy, 'stopTransactionBy'),
    TransactionEvent: by(config.transactionEventBy, 'transactionEventBy'),
  };
  const pathPrefix = config.path || '/ocpp';
  if (!pathPrefix.startsWith('/')) throw new ConfigProblem('path must start with /');
  return {
    port: int(config.port, 'port', 1, 65535, 9220),
    host: config.host || '0.0.0.0',
    path: pathPrefix,
    protocols: versions,
    securityProfile,
    tls: readTls(config),
    ...(securityProfile === 3 ? { operatorName } : {}),
    registry: {
      open,
      bootUnknown: oneOf(config.bootUnknown, 'bootUnknown', ['Accepted', 'Pending', 'Rejected'] as const, 'Accepted'),
      stations,
    },
    heartbeatIntervalS: int(config.heartbeatInterval, 'heartbeat interval', 1, 86400, 300),
    pingIntervalMs: int(config.pingInterval, 'ping interval', 0, 3600, 30) * 1000,
    callTimeoutMs: int(config.callTimeout, 'call timeout', 1, 3600, 30) * 1000,
    flowTimeoutMs: int(config.flowTimeout, 'flow timeout', 1, 600, 10) * 1000,
    maxPayload: int(config.maxPayload, 'max payload', 1024, 16 * 1024 * 1024, 65536),
    ...limit('maxConnections', int(config.maxConnections, 'max connections', 0, 1_000_000, 0)),
    ...limit('handshakesPerSecond', int(config.handshakeRate, 'handshake rate', 0, 100_000, 0)),
    ...limit('messagesPerSecond', int(config.messageRate, 'message rate', 0, 10_000, 0)),
    ...limit('bootsPerSecond', int(config.bootRate, 'boot rate', 0, 100_000, 0)),
    flowAnswers,
    defaultIdTagStatus: oneOf(config.defaultIdTagStatus, 'defaultIdTagStatus', ['Accepted', 'Invalid', 'Blocked'] as const, 'Accepted'),
    dataTransferStatus: oneOf(config.dataTransferStatus, 'dataTransferStatus', ['Accepted', 'Rejected', 'UnknownVendorId', 'UnknownMessageId'] as const, 'UnknownVendorId'),
    stateFile: config.persist !== false && userDir ? path.join(userDir, 'evcharge', `csms-${config.id.replace(/[^\w.-]/g, '_')}.json`) : undefined,
  };
}

/** The certificate files of profiles 2 and 3, read again when they change on disk (a renewal). */
export function tlsFiles(config: CsmsNodeConfig): string[] {
  const profile = Number(config.securityProfile ?? 0);
  return profile >= 2 ? [config.certFile, config.keyFile, config.caFile].filter((f): f is string => Boolean(f)) : [];
}

/** The server's TLS material for profiles 2 and 3 (3 also needs the stations' CA); undefined below. */
export function readTls(config: CsmsNodeConfig): TlsOptions | undefined {
  const profile = Number(config.securityProfile ?? 0);
  if (profile < 2) return undefined;
  if (profile === 3 && !config.caFile) throw new ConfigProblem('security profile 3 needs the CA that signs the stations\' certificates');
  return {
    cert: readFile(config.certFile, 'certificate', profile), key: readFile(config.keyFile, 'key', profile),
    ...(config.caFile ? { ca: readFile(config.caFile, 'CA', profile) } : {}),
  };
}

/** A limit set to 0 is no limit. */
function limit<K extends string>(key: K, value: number): Partial<Record<K, number>> {
  return value > 0 ? ({ [key]: value } as Record<K, number>) : {};
}
