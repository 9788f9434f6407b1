/** The messages of a 1.6 station. */
import type { Payload } from '../ocpp/frames';
import { formatTimestamp } from '../ocpp/time';
import type { Transaction } from './connector';
import type { ReadingContext, Sample } from './meter';
import type { CompositeSchedule } from '../profiles/schedule';
import type { BootAnswer, Dialect, StartAnswer, TxEvent } from './dialect';

function sampledValues(samples: Sample[], context: ReadingContext): Payload[] {
  return samples.map((s) => ({
    value: String(s.value), context, format: 'Raw', measurand: s.measurand, phase: s.phase, location: s.location, unit: s.unit,
  }));
}

/** The CSMS's integer id of a transaction; a message cannot be written before the CSMS gave it. */
function csmsId(tx: Transaction): number {
  const id = Number(tx.id);
  if (tx.id === undefined || !Number.isInteger(id)) throw new Error(`Transaction ${tx.localId} has no id from the CSMS`);
  return id;
}

/** Rounded down to the schema's 0.1 step: a composite schedule must not promise more than the cap. */
function limit16(value: number, unit: 'A' | 'W'): number {
  return unit === 'W' ? Math.floor(value) : Math.floor(value * 10 + 1e-9) / 10;
}

const BOOT_STATUSES = new Set(['Accepted', 'Pending', 'Rejected']);

export const dialect16: Dialect = {
  version: '1.6',

  boot(info) {
    return {
      action: 'BootNotification',
      payload: {
        chargePointVendor: info.vendor, chargePointModel: info.model, chargePointSerialNumber: info.serialNumber,
        chargeBoxSerialNumber: info.serialNumber, firmwareVersion: info.firmwareVersion, meterType: 'Virtual meter',
      },
    };
  },

  readBoot(answer): BootAnswer {
    const status = String(answer.status);
    return { status: (BOOT_STATUSES.has(status) ? status : 'Rejected') as BootAnswer['status'], intervalS: Number(answer.interval) || 0 };
  },

  heartbeat: () => ({ action: 'Heartbeat', payload: {} }),

  wireStatus: (state) => state,

  status(connectorId, state, at) {
    return {
      action: 'StatusNotification',
      payload: { connectorId, errorCode: state === 'Faulted' ? 'InternalError' : 'NoError', status: state, timestamp: formatTimestamp(at) },
    };
  },

  authorize: (idTag) => ({ action: 'Authorize', payload: { idTag } }),

  readAuthorize: (answer) => String((answer.idTagInfo as Payload | undefined)?.status ?? 'Invalid'),

  transaction(connectorId, tx, event: TxEvent) {
    const timestamp = formatTimestamp(event.at);
    switch (event.kind) {
      case 'Started':
        return {
          action: 'StartTransaction',
          payload: { connectorId, idTag: tx.idTag, meterStart: Math.round(event.meterWh), timestamp, reservationId: tx.reservationId },
        };
      case 'Updated':
        if (event.samples.length === 0) return undefined;
        return {
          action: 'MeterValues',
          payload: { connectorId, transactionId: csmsId(tx), meterValue: [{ timestamp, sampledValue: sampledValues(event.samples, event.context) }] },
        };
      case 'Ended': {
        const transactionData = [
          { timestamp: formatTimestamp(tx.startedAt), sampledValue: sampledValues(tx.beginSamples ?? [], 'Transaction.Begin') },
          { timestamp, sampledValue: sampledValues(event.samples, 'Transaction.End') },
        ].filter((m) => m.sampledValue.length > 0);
        return {
          action: 'StopTransaction',
          payload: {
            transactionId: csmsId(tx), idTag: tx.idTag, meterStop: Math.round(event.meterWh), timestamp,
            reason: event.reason ?? 'Local', transactionData,
          },
        };
      }
    }
  },

  readTransactionStart(answer): StartAnswer {
    return {
      transactionId: answer.transactionId === undefined ? undefined : String(answer.transactionId),
      idStatus: String((answer.idTagInfo as Payload | undefined)?.status ?? 'Invalid'),
    };
  },

  meterValues(connectorId, samples, at, tx) {
    const transactionId = tx?.id !== undefined ? csmsId(tx) : undefined;
    return {
      action: 'MeterValues',
      payload: { connectorId, transactionId, meterValue: [{ timestamp: formatTimestamp(at), sampledValue: sampledValues(samples, 'Trigger') }] },
    };
  },

  firmwareStatus: (status) => ({ action: 'FirmwareStatusNotification', payload: { status } }),

  uploadStatus(status, requestId) {
    if (requestId === undefined) return { action: 'DiagnosticsStatusNotification', payload: { status } };
    return { action: 'LogStatusNotification', payload: { status, requestId } };
  },

  compositeAnswer(connectorId, schedule: CompositeSchedule | undefined) {
    if (!schedule) return { status: 'Rejected' };
    const start = formatTimestamp(schedule.start);
    return {
      status: 'Accepted',
      connectorId,
      scheduleStart: start,
      chargingSchedule: {
        duration: schedule.durationS,
        startSchedule: start,
        chargingRateUnit: schedule.unit,
        chargingSchedulePeriod: schedule.periods.map((p) => ({ startPeriod: p.startPeriod, limit: limit16(p.limit, schedule.unit) })),
      },
    };
  },
};
