/**
 * Turns archive records into named statements with their parameters. Both backends run the same plan: only the
 * SQL text behind each statement name differs (SQLite here, T-SQL for SQL Server).
 */
import type { ArchiveRecord } from './records';
import type { WriteStatement } from './sqlite/statements';
import { sampleColumns, summarizeSamples } from './samples';

export type Params = Record<string, string | number | null>;

export interface PlannedWrite {
  statement: WriteStatement;
  params: Params;
}

const opt = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const flag = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** The transactions a plan touched, whose energy and duration must be derived again at the end of the batch. */
export type Touched = Map<string, { stationId: string; transactionId: string }>;

function touch(touched: Touched, stationId: string, transactionId: string): void {
  touched.set(`${stationId}\u0000${transactionId}`, { stationId, transactionId });
}

export function planRecord(record: ArchiveRecord, touched: Touched): PlannedWrite[] {
  switch (record.kind) {
    case 'station':
      return [{ statement: 'station', params: {
        stationId: record.stationId, version: opt(record.version), vendor: opt(record.vendor), model: opt(record.model),
        serialNumber: opt(record.serialNumber), firmwareVersion: opt(record.firmwareVersion), bootStatus: opt(record.bootStatus),
        bootedAt: opt(record.bootedAt), connected: flag(record.connected), remoteAddress: opt(record.remoteAddress),
        mode: opt(record.mode), at: record.at,
      } }];
    case 'status': {
      const params = {
        stationId: record.stationId, evseId: record.evseId, connectorId: record.connectorId, status: record.status,
        errorCode: opt(record.errorCode), info: opt(record.info), vendorErrorCode: opt(record.vendorErrorCode),
        at: record.at, receivedAt: record.receivedAt,
      };
      return [{ statement: 'evseStatus', params }, { statement: 'statusHistory', params }];
    }
    case 'txStart':
      touch(touched, record.stationId, record.transactionId);
      return [{ statement: 'txStart', params: {
        stationId: record.stationId, transactionId: record.transactionId, evseId: opt(record.evseId), connectorId: opt(record.connectorId),
        idTag: opt(record.idTag), tokenType: opt(record.tokenType), startedAt: record.startedAt, meterStartWh: opt(record.meterStartWh),
        socPercent: opt(record.socPercent), reservationId: opt(record.reservationId), remoteStartId: opt(record.remoteStartId),
        offline: record.offline ? 1 : 0, receivedAt: record.receivedAt,
      } }];
    case 'txEnd':
      touch(touched, record.stationId, record.transactionId);
      return [{ statement: 'txEnd', params: {
        stationId: record.stationId, transactionId: record.transactionId, evseId: opt(record.evseId), connectorId: opt(record.connectorId),
        idTag: opt(record.idTag), stoppedAt: record.stoppedAt, meterStopWh: opt(record.meterStopWh), socPercent: opt(record.socPercent),
        reason: opt(record.reason), receivedAt: record.receivedAt,
      } }];
    case 'txEvent': {
      const params = {
        stationId: record.stationId, transactionId: record.transactionId, seqNo: record.seqNo, eventType: record.eventType,
        triggerReason: opt(record.triggerReason), chargingState: opt(record.chargingState), offline: record.offline ? 1 : 0,
        at: record.at, receivedAt: record.receivedAt,
      };
      return [{ statement: 'txEvent', params }, { statement: 'txSeqNo', params }];
    }
    case 'meter': {
      const transactionId = record.transactionId ?? '';
      const writes: PlannedWrite[] = record.samples.map((s) => ({
        statement: 'meterValue' as const,
        params: { stationId: record.stationId, evseId: record.evseId, transactionId, ...sampleColumns(s) },
      }));
      const summary = summarizeSamples(record.samples);
      if (record.transactionId !== undefined && summary.lastAt !== null) {
        touch(touched, record.stationId, record.transactionId);
        writes.push({ statement: 'txSamples', params: { stationId: record.stationId, transactionId, evseId: record.evseId, ...summary } });
      }
      return writes;
    }
    case 'authorization':
      return [{ statement: 'authorization', params: {
        stationId: record.stationId, idTag: record.idTag, tokenType: opt(record.tokenType), status: opt(record.status), at: record.at,
      } }];
    case 'message':
      return [{ statement: 'message', params: {
        stationId: record.stationId, origin: record.origin, action: record.action, messageId: record.messageId,
        request: json(record.request), response: json(record.response), errorCode: opt(record.errorCode),
        errorDescription: opt(record.errorDescription), at: record.at, answeredAt: opt(record.answeredAt),
      } }];
    case 'config':
      return [{ statement: 'config', params: {
        stationId: record.stationId, key: record.key, value: record.value, action: record.action, request: json(record.request) ?? '{}', at: record.at,
      } }];
    case 'profile': {
      const criteria = {
        stationId: record.stationId, evseId: opt(record.evseId), profileId: opt(record.profileId), purpose: opt(record.purpose),
        stackLevel: opt(record.stackLevel), at: record.at,
      };
      if (record.cleared) return [{ statement: 'profileCleared', params: criteria }];
      const params = { ...criteria, evseId: record.evseId ?? 0, transactionId: opt(record.transactionId), request: json(record.request) };
      return [{ statement: 'profileReplaced', params }, { statement: 'profileSet', params }];
    }
    case 'reservation':
      return [{ statement: 'reservation', params: {
        stationId: record.stationId, reservationId: record.reservationId, evseId: opt(record.evseId), connectorId: opt(record.connectorId),
        idTag: opt(record.idTag), expiresAt: opt(record.expiresAt), status: record.status, at: record.at,
      } }];
    case 'alarm':
      return [{ statement: 'alarm', params: {
        alarmId: record.alarmId, stationId: opt(record.stationId), evseId: opt(record.evseId), alarmType: record.alarmType,
        priority: opt(record.priority), state: record.state, message: opt(record.message), errorCode: opt(record.errorCode),
        info: opt(record.info), vendorErrorCode: opt(record.vendorErrorCode), active: record.active === undefined ? null : record.active ? 1 : 0,
        cause: opt(record.cause), actor: opt(record.actor), shelvedUntil: opt(record.shelvedUntil), resumesAs: opt(record.resumesAs), at: record.at,
      } }];
    case 'tag':
      return [{ statement: 'tag', params: {
        idTag: record.idTag, owner: opt(record.owner), userGroup: opt(record.userGroup), validUntil: opt(record.validUntil),
        blocked: flag(record.blocked), parentId: opt(record.parentId), email: opt(record.email), whole: record.whole ? 1 : 0, at: record.at,
      } }];
    default:
      return [];
  }
}

/** The whole batch: every record's writes, then the derived transaction fields, then the checkpoint. */
export function planBatch(records: readonly ArchiveRecord[], lastSeq: number, now: string): PlannedWrite[] {
  const touched: Touched = new Map();
  const writes: PlannedWrite[] = [];
  for (const record of records) for (const w of planRecord(record, touched)) writes.push(w);
  for (const key of touched.values()) writes.push({ statement: 'txDerived', params: { ...key } });
  writes.push({ statement: 'checkpoint', params: { seq: lastSeq, at: now } });
  return writes;
}
