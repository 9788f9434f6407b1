/** The archive records of a version-neutral event: what the event contract already normalized, in table terms. */
import type { MeterSample, OcppEvent } from '../ocpp/events';
import type { ArchiveRecord } from './records';
import { num, str } from '../ocpp/normalize/read';
import { summarizeSamples } from './samples';

/** A TransactionEvent's own line (2.0.1 only: 1.6 messages carry no seqNo). */
function txEvent(e: OcppEvent, eventType: string, receivedAt: string): ArchiveRecord[] {
  const seqNo = num(e.seqNo);
  if (seqNo === undefined || e.transactionId === undefined) return [];
  return [{
    kind: 'txEvent', stationId: e.stationId, transactionId: String(e.transactionId), seqNo, eventType,
    triggerReason: str(e.triggerReason), chargingState: str(e.chargingState), offline: e.offline === true, at: e.timestamp, receivedAt,
  }];
}

export function recordsOfEvent(e: OcppEvent, receivedAt: string): ArchiveRecord[] {
  const { stationId } = e;
  switch (e.type) {
    case 'station.connected':
      return [{ kind: 'station', stationId, at: e.timestamp, version: e.version, connected: true, remoteAddress: str(e.remoteAddress) }];
    case 'station.disconnected':
      return [{ kind: 'station', stationId, at: e.timestamp, connected: false }];
    case 'station.booted':
      return [{
        kind: 'station', stationId, at: receivedAt, version: e.version, vendor: str(e.vendor), model: str(e.model),
        serialNumber: str(e.serialNumber), firmwareVersion: str(e.firmwareVersion), bootStatus: str(e.status), bootedAt: e.timestamp,
      }];
    case 'station.heartbeat':
      return [{ kind: 'station', stationId, at: receivedAt }];
    case 'station.mode':
      return [{ kind: 'station', stationId, at: e.timestamp, mode: str(e.mode) }];
    case 'connector.status':
      return [{
        kind: 'status', stationId, evseId: e.evseId ?? 0, connectorId: e.connectorId ?? (e.evseId ? 1 : 0), status: String(e.status),
        errorCode: str(e.errorCode), info: str(e.info), vendorErrorCode: str(e.vendorErrorCode), at: e.timestamp, receivedAt,
      }];
    case 'transaction.started': {
      if (e.transactionId === undefined) return [];
      const samples = e.samples as MeterSample[] | undefined;
      return [{
        kind: 'txStart', stationId, transactionId: String(e.transactionId), evseId: e.evseId, connectorId: e.connectorId,
        idTag: str(e.idTag), tokenType: str(e.tokenType), startedAt: e.timestamp, meterStartWh: num(e.meterStartWh),
        socPercent: samples ? summarizeSamples(samples).firstSocPercent ?? undefined : undefined, reservationId: num(e.reservationId), remoteStartId: num(e.remoteStartId),
        offline: e.offline === true, receivedAt,
      }, ...txEvent(e, 'Started', receivedAt)];
    }
    case 'transaction.updated':
      return txEvent(e, 'Updated', receivedAt);
    case 'transaction.ended': {
      if (e.transactionId === undefined) return [];
      const transactionId = String(e.transactionId);
      const samples = e.samples as MeterSample[] | undefined;
      const records: ArchiveRecord[] = [];
      // 1.6 stop readings (transactionData) come only here; 2.0.1 ones also come as a meter.values event.
      if (e.version === '1.6' && samples?.length) {
        records.push({ kind: 'meter', stationId, evseId: e.evseId ?? 0, transactionId, samples });
      }
      records.push({
        kind: 'txEnd', stationId, transactionId, evseId: e.evseId, connectorId: e.connectorId, idTag: str(e.idTag),
        stoppedAt: e.timestamp, meterStopWh: num(e.meterStopWh), socPercent: samples ? summarizeSamples(samples).lastSocPercent ?? undefined : undefined, reason: str(e.reason), receivedAt,
      });
      return [...records, ...txEvent(e, 'Ended', receivedAt)];
    }
    case 'meter.values': {
      const samples = e.samples as MeterSample[] | undefined;
      if (!samples?.length) return [];
      return [{
        kind: 'meter', stationId, evseId: e.evseId ?? 0, samples,
        transactionId: e.transactionId === undefined ? undefined : String(e.transactionId),
      }];
    }
    case 'authorize.request':
      return [{ kind: 'authorization', stationId, idTag: String(e.idTag ?? ''), tokenType: str(e.tokenType), status: str(e.status), at: e.timestamp }];
    case 'reservation.status': {
      const reservationId = num(e.reservationId);
      if (reservationId === undefined) return [];
      return [{ kind: 'reservation', stationId, reservationId, status: String(e.status ?? 'Unknown'), at: e.timestamp }];
    }
    default:
      return [];
  }
}
