/** Assembles events: the common header first, then the action's fields with absent values left out. */
import type { EventType, OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { isoTime } from './read';

export interface Location {
  evseId?: number;
  connectorId?: number;
}

// A field must never overwrite the header: flows filter on these, and some payloads carry a `type` of their own.
const HEADER = new Set(['type', 'stationId', 'version', 'timestamp', 'evseId', 'connectorId']);

/**
 * One event. `stationTime` is the station's own timestamp for the message, if it has one; otherwise the event is
 * dated with the reception time.
 */
export function makeEvent(
  input: NormalizeInput,
  type: EventType,
  stationTime: unknown,
  where: Location,
  fields: Record<string, unknown>,
): OcppEvent {
  const event: OcppEvent = {
    type,
    stationId: input.stationId,
    version: input.version,
    // The reception time is ours and already strict.
    timestamp: (stationTime === undefined ? undefined : isoTime(stationTime)) ?? input.receivedAt,
  };
  if (where.evseId !== undefined) event.evseId = where.evseId;
  if (where.connectorId !== undefined) event.connectorId = where.connectorId;
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined && !HEADER.has(key)) event[key] = value;
  }
  return event;
}

/** 1.6 has one connector per "EVSE", so both ids are the connector id; 0 is the station itself. */
export function connector16(connectorId: unknown): Location {
  return typeof connectorId === 'number' && Number.isInteger(connectorId) ? { evseId: connectorId, connectorId } : {};
}
