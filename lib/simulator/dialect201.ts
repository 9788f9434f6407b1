/** The messages of a 2.0.1 station: one EVSE per connector, connectorId 1 on each. */
import type { Payload } from '../ocpp/frames';
import { formatTimestamp } from '../ocpp/time';
import type { ConnectorState } from './connector';
import type { ReadingContext, Sample } from './meter';
import type { BootAnswer, Dialect, StartAnswer, StopReason, TxEvent } from './dialect';

function sampledValues(samples: Sample[], context: ReadingContext): Payload[] {
  return samples.map((s) => ({
    value: s.value, context, measurand: s.measurand, phase: s.phase, location: s.location, unitOfMeasure: { unit: s.unit },
  }));
}

function meterValue(at: number, samples: Sample[], context: ReadingContext): Payload[] | undefined {
  return samples.length > 0 ? [{ timestamp: formatTimestamp(at), sampledValue: sampledValues(samples, context) }] : undefined;
}

// 1.6 reasons with no 2.0.1 value of the same name.
const STOPPED_REASON: Partial<Record<StopReason, string>> = { HardReset: 'ImmediateReset', SoftReset: 'ImmediateReset', UnlockCommand: 'Other' };

const WIRE_STATUS: Record<ConnectorState, string> = {
  Available: 'Available', Preparing: 'Occupied', Charging: 'Occupied', SuspendedEV: 'Occupied', SuspendedEVSE: 'Occupied',
  Finishing: 'Occupied', Reserved: 'Reserved', Unavailable: 'Unavailable', Faulted: 'Faulted',
};

const BOOT_STATUSES = new Set(['Accepted', 'Pending', 'Rejected']);

export const dialect201: Dialect = {
  version: '2.0.1',

  boot(info, reason) {
    return {
      action: 'BootNotification',
      payload: {
        reason,
        chargingStation: { model: info.model, vendorName: info.vendor, serialNumber: info.serialNumber, firmwareVersion: info.firmwareVersion },
      },
    };
  },

  readBoot(answer): BootAnswer {
    const status = String(answer.status);
    return { status: (BOOT_STATUSES.has(status) ? status : 'Rejected') as BootAnswer['status'], intervalS: Number(answer.interval) || 0 };
  },

  heartbeat: () => ({ action: 'Heartbeat', payload: {} }),

  wireStatus: (state) => WIRE_STATUS[state],

  status(connectorId, state, at) {
    if (connectorId === 0) return undefined;
    return {
      action: 'StatusNotification',
      payload: { timestamp: formatTimestamp(at), connectorStatus: WIRE_STATUS[state], evseId: connectorId, connectorId: 1 },
    };
  },

  authorize: (idTag, tokenType) => ({ action: 'Authorize', payload: { idToken: { idToken: idTag, type: tokenType } } }),

  readAuthorize: (answer) => String((answer.idTokenInfo as Payload | undefined)?.status ?? 'Invalid'),

  transaction(connectorId, tx, event: TxEvent) {
    const started = event.kind === 'Started';
    const ended = event.kind === 'Ended';
    const context: ReadingContext = started ? 'Transaction.Begin' : ended ? 'Transaction.End' : event.context;
    const reason = event.reason ?? 'Local';
    return {
      action: 'TransactionEvent',
      payload: {
        eventType: event.kind,
        timestamp: formatTimestamp(event.at),
        triggerReason: event.trigger,
        seqNo: event.seqNo,
        offline: event.offline ? true : undefined,
        transactionInfo: {
          transactionId: tx.localId,
          chargingState: event.chargingState,
          stoppedReason: ended ? STOPPED_REASON[reason] ?? reason : undefined,
          remoteStartId: started ? tx.remoteStartId : undefined,
        },
        evse: { id: connectorId, connectorId: 1 },
        idToken: started ? { idToken: tx.idTag, type: tx.tokenType } : undefined,
        reservationId: started ? tx.reservationId : undefined,
        meterValue: meterValue(event.at, event.samples, context),
      },
    };
  },

  readTransactionStart(answer): StartAnswer {
    // idTokenInfo comes back only when the event carried an idToken; no news means no objection.
    return { idStatus: String((answer.idTokenInfo as Payload | undefined)?.status ?? 'Accepted') };
  },

  meterValues(connectorId, samples, at) {
    return { action: 'MeterValues', payload: { evseId: connectorId, meterValue: meterValue(at, samples, 'Trigger') } };
  },

  firmwareStatus: (status, requestId) => ({ action: 'FirmwareStatusNotification', payload: { status, requestId } }),

  uploadStatus: (status, requestId) => ({ action: 'LogStatusNotification', payload: { status, requestId } }),

  compositeAnswer(connectorId, schedule) {
    if (!schedule) return { status: 'Rejected' };
    const round = (v: number): number => (schedule.unit === 'W' ? Math.floor(v) : Math.floor(v * 10 + 1e-9) / 10);
    return {
      status: 'Accepted',
      schedule: {
        evseId: connectorId,
        duration: schedule.durationS,
        scheduleStart: formatTimestamp(schedule.start),
        chargingRateUnit: schedule.unit,
        chargingSchedulePeriod: schedule.periods.map((p) => ({ startPeriod: p.startPeriod, limit: round(p.limit) })),
      },
    };
  },
};
