/** OCPP 2.0.1 transactions and meter values: TransactionEvent and MeterValues. */
import type { EventType, OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { Location, makeEvent } from './build';
import { bool, idText, list, lookup, num, obj, str } from './read';
import { firstEnergy, lastEnergy, normalizeSampledValues } from './meter';

const EVENT_TYPES: Record<string, EventType> = {
  Started: 'transaction.started',
  Updated: 'transaction.updated',
  Ended: 'transaction.ended',
};

function evseOf(value: unknown): Location {
  const evse = obj(value);
  return { evseId: num(evse?.id), connectorId: num(evse?.connectorId) };
}

/**
 * One transaction event per TransactionEvent, then a meter.values event when it carries meter values, so a flow
 * archiving meter values sees those of 2.0.1 transactions too. The EVSE is often absent after Started: the state
 * layer knows it from the transaction.
 */
export function transactionEvent(input: NormalizeInput): OcppEvent[] {
  const { request: req, response: res } = input;
  const type = lookup(EVENT_TYPES, str(req.eventType));
  if (!type) return [makeEvent(input, 'message', undefined, {}, { action: input.action, payload: req })];
  const info = obj(req.transactionInfo);
  const token = obj(req.idToken);
  const where = evseOf(req.evse);
  const transactionId = idText(info?.transactionId);
  const hasMeterValues = Array.isArray(req.meterValue) && req.meterValue.length > 0;
  const samples = normalizeSampledValues('2.0.1', list(req.meterValue));
  const fields: Record<string, unknown> = {
    transactionId,
    seqNo: num(req.seqNo),
    triggerReason: str(req.triggerReason),
    chargingState: str(info?.chargingState),
    timeSpentCharging: num(info?.timeSpentCharging),
    offline: bool(req.offline) ?? false,
    idTag: str(token?.idToken),
    tokenType: str(token?.type),
    reservationId: num(req.reservationId),
    remoteStartId: num(info?.remoteStartId),
    numberOfPhasesUsed: num(req.numberOfPhasesUsed),
    cableMaxCurrent: num(req.cableMaxCurrent),
    status: str(obj(res.idTokenInfo)?.status),
  };
  if (type === 'transaction.started') fields.meterStartWh = firstEnergy(samples);
  if (type === 'transaction.updated') fields.sample = samples[samples.length - 1];
  if (type === 'transaction.ended') {
    // As in 1.6, a transaction ended without a stated reason ended normally, locally.
    fields.reason = str(info?.stoppedReason) ?? 'Local';
    fields.meterStopWh = lastEnergy(samples);
  }
  fields.samples = samples;
  const events = [makeEvent(input, type, req.timestamp, where, fields)];
  if (hasMeterValues) events.push(makeEvent(input, 'meter.values', req.timestamp, where, { transactionId, samples }));
  return events;
}

/** Meter values outside transactions (or periodic main-meter readings, evseId 0), dated with the last sample. */
export function meterValues201(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  const samples = normalizeSampledValues('2.0.1', list(req.meterValue));
  return [makeEvent(input, 'meter.values', samples[samples.length - 1]?.timestamp, { evseId: num(req.evseId) }, { samples })];
}
