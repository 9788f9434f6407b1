/** OCPP 1.6 transactions: StartTransaction, StopTransaction and MeterValues. */
import type { OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { connector16, makeEvent } from './build';
import { idText, list, num, obj, str } from './read';
import { normalizeSampledValues } from './meter';

export function startTransaction(input: NormalizeInput): OcppEvent[] {
  const { request: req, response: res } = input;
  return [makeEvent(input, 'transaction.started', req.timestamp, connector16(req.connectorId), {
    // We assigned it in our answer: the request has none.
    transactionId: idText(res.transactionId),
    idTag: str(req.idTag),
    meterStartWh: num(req.meterStart),
    reservationId: num(req.reservationId),
    status: str(obj(res.idTagInfo)?.status),
  })];
}

/** No EVSE here: a 1.6 stop names only the transaction, and the state layer knows its connector. */
export function stopTransaction(input: NormalizeInput): OcppEvent[] {
  const { request: req, response: res } = input;
  return [makeEvent(input, 'transaction.ended', req.timestamp, {}, {
    transactionId: idText(req.transactionId),
    idTag: str(req.idTag),
    meterStopWh: num(req.meterStop),
    // 1.6: an absent reason means a normal local stop.
    reason: str(req.reason) ?? 'Local',
    samples: normalizeSampledValues('1.6', list(req.transactionData)),
    status: str(obj(res.idTagInfo)?.status),
  })];
}

/**
 * Meter values, plus a transaction.updated carrying the last sample when they belong to a transaction. The
 * message has no timestamp of its own, so the events are dated with the last sample.
 */
export function meterValues16(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  const where = connector16(req.connectorId);
  const samples = normalizeSampledValues('1.6', list(req.meterValue));
  const last = samples[samples.length - 1];
  const transactionId = idText(req.transactionId);
  const events = [makeEvent(input, 'meter.values', last?.timestamp, where, { transactionId, samples })];
  if (transactionId !== undefined) {
    events.push(makeEvent(input, 'transaction.updated', last?.timestamp, where, { transactionId, sample: last }));
  }
  return events;
}
