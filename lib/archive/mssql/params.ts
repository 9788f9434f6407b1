/**
 * The SQL Server type of every named parameter. Plans carry plain JSON values (ISO text for instants); SQL Server
 * needs declared types so an instant compares as DATETIME2 and a reading keeps its fraction, and fixed types keep
 * one cached plan per statement instead of one per value length.
 */
import sql from 'mssql';
import { parseTimestamp } from '../../ocpp/time';

type Kind = 'text' | 'json' | 'int' | 'bigint' | 'float' | 'time';

const KINDS: Record<Kind, string[]> = {
  // Station ids, keys, codes: sized below NVARCHAR(MAX) so comparisons with the indexed columns stay seeks.
  text: [
    'stationId', 'transactionId', 'idTag', 'tokenType', 'version', 'vendor', 'model', 'serialNumber', 'firmwareVersion',
    'bootStatus', 'remoteAddress', 'mode', 'status', 'errorCode', 'vendorErrorCode', 'reason', 'eventType', 'triggerReason',
    'chargingState', 'context', 'origin', 'action', 'messageId', 'key', 'purpose', 'alarmId', 'alarmType', 'state', 'owner',
    'userGroup', 'parentId', 'description', 'info', 'cause', 'actor', 'resumesAs', 'email',
  ],
  // Free text and JSON documents of any length.
  json: ['request', 'response', 'value', 'message', 'errorDescription'],
  int: [
    'evseId', 'connectorId', 'reservationId', 'remoteStartId', 'offline', 'seqNo', 'connected', 'profileId', 'stackLevel',
    'priority', 'blocked', 'migration', 'active', 'whole',
  ],
  bigint: ['seq'],
  float: [
    'meterStartWh', 'meterStopWh', 'socPercent', 'firstEnergyWh', 'lastEnergyWh', 'maxPowerW', 'firstSocPercent', 'lastSocPercent',
    'energyWh', 'powerW', 'currentA', 'voltageV', 'reactivePowerVar', 'powerOfferedW', 'temperatureC',
  ],
  time: [
    'at', 'receivedAt', 'startedAt', 'stoppedAt', 'sampledAt', 'lastAt', 'bootedAt', 'answeredAt', 'expiresAt', 'validUntil', 'shelvedUntil',
    'from', 'to', 'before',
  ],
};

const KIND_OF = new Map<string, Kind>(Object.entries(KINDS).flatMap(([kind, names]) => names.map((n) => [n, kind as Kind] as const)));

/** Every parameter name with a declared type (the SQL checks compare it with the names the statements use). */
export const TYPED_PARAMETERS: readonly string[] = [...KIND_OF.keys()];

function typeOf(kind: Kind): sql.ISqlType {
  switch (kind) {
    case 'text': return sql.NVarChar(4000);
    case 'json': return sql.NVarChar(sql.MAX);
    case 'int': return sql.Int();
    case 'bigint': return sql.BigInt();
    case 'float': return sql.Float();
    case 'time': return sql.DateTime2(3);
  }
}

/** The parameter names (@name) a statement uses, each once, in order of first use. */
export function parameterNames(text: string): string[] {
  return [...new Set([...text.matchAll(/@(\w+)/g)].map((m) => m[1]))];
}

/** Declares and binds the statement's parameters; a name the plan does not provide is a bug, as in better-sqlite3. */
export function bindParameters(request: sql.Request, names: readonly string[], params: Record<string, unknown>): void {
  for (const name of names) {
    const kind = KIND_OF.get(name);
    if (!kind) throw new Error(`No SQL Server type for parameter @${name}`);
    if (!(name in params) || params[name] === undefined) throw new Error(`Missing value for parameter @${name}`);
    request.input(name, typeOf(kind), toValue(kind, params[name], name));
  }
}

function toValue(kind: Kind, value: unknown, name: string): unknown {
  if (value === null || kind !== 'time') return value;
  // Instants arrive as ISO text; a Date is sent as UTC (useUTC) and read back the same, so rows equal SQLite's.
  const ms = value instanceof Date ? value.getTime() : parseTimestamp(value);
  if (ms === undefined || !Number.isFinite(ms)) throw new Error(`Parameter @${name} is not a timestamp: ${String(value)}`);
  return new Date(ms);
}
