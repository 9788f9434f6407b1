/**
 * What flows, the REST API and the dashboards ask of evc-reservation, read from msg.payload and checked; every
 * refusal says what was wrong.
 */
import type { JoinRequest } from './queue-model';

export type BookingRequest =
  | { kind: 'reserve'; stationId: string; evseId: number; idTag: string; parentIdTag?: string; expiresAt: string; by?: string }
  | { kind: 'cancel'; id: number }
  | { kind: 'reservations'; stationId?: string; held?: boolean }
  | { kind: 'join'; join: JoinRequest }
  | { kind: 'skip' | 'leave'; id: string }
  | { kind: 'queue' }
  | { kind: 'report' }
  | { kind: 'view' };

export const BOOKING_USAGE = 'msg.payload must be {reserve: {stationId, evseId, idTag, minutes | expiresAt, parentIdTag?}}, {cancel: reservationId}, '
  + '{reservations: true, stationId?, held?}, {join: {idTag, name?, contact?: {email?, phone?, push?}, energyWh?, language?}}, {skip: entryId}, '
  + '{leave: entryId}, {queue: true}, {report: true} or {view: true}';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const ID_TAG = /^\S{1,36}$/;
/** A reservation longer than a day is a booking system's job, not a connector's hold. */
const MAX_MINUTES = 24 * 60;

export function readBookingRequest(payload: unknown, now: number): BookingRequest | string {
  if (!isRecord(payload)) return BOOKING_USAGE;
  const p = payload;
  if (p.reserve !== undefined) return reserve(p.reserve, now);
  if (p.cancel !== undefined) {
    const id = Number(p.cancel);
    return Number.isInteger(id) && id > 0 ? { kind: 'cancel', id } : 'cancel must be a reservation id (a whole number)';
  }
  if (p.reservations !== undefined) {
    if (p.stationId !== undefined && typeof p.stationId !== 'string') return 'stationId must be a string';
    const held = p.held === undefined ? undefined : p.held === true || p.held === 'true' ? true : p.held === false || p.held === 'false' ? false : null;
    if (held === null) return 'held must be true or false';
    return { kind: 'reservations', ...(typeof p.stationId === 'string' ? { stationId: p.stationId } : {}), ...(held !== undefined ? { held } : {}) };
  }
  if (p.join !== undefined) return isRecord(p.join) ? { kind: 'join', join: p.join as unknown as JoinRequest } : 'join must be {idTag, name?, contact?, energyWh?, language?}';
  for (const kind of ['skip', 'leave'] as const) {
    if (p[kind] === undefined) continue;
    return typeof p[kind] === 'string' && p[kind] !== '' ? { kind, id: p[kind] as string } : `${kind} must be a queue entry id`;
  }
  if (p.queue !== undefined) return { kind: 'queue' };
  if (p.report !== undefined) return { kind: 'report' };
  if (p.view !== undefined) return { kind: 'view' };
  return BOOKING_USAGE;
}

function reserve(r: unknown, now: number): BookingRequest | string {
  if (!isRecord(r)) return 'reserve must be {stationId, evseId, idTag, minutes | expiresAt}';
  if (typeof r.stationId !== 'string' || !r.stationId) return 'reserve.stationId must be a station id';
  const evseId = Number(r.evseId ?? r.connectorId ?? 0);
  if (!Number.isInteger(evseId) || evseId < 0) return 'reserve.evseId must be a connector number, 0 or more (0: any connector of the station)';
  if (typeof r.idTag !== 'string' || !ID_TAG.test(r.idTag)) return 'reserve.idTag must be a badge: 1 to 36 characters without spaces';
  if (r.parentIdTag !== undefined && (typeof r.parentIdTag !== 'string' || !ID_TAG.test(r.parentIdTag))) return 'reserve.parentIdTag must be a badge';
  let until: number;
  if (r.expiresAt !== undefined) {
    until = typeof r.expiresAt === 'string' ? Date.parse(r.expiresAt) : NaN;
    if (Number.isNaN(until)) return 'reserve.expiresAt must be an ISO 8601 date-time';
  } else {
    const minutes = Number(r.minutes);
    if (!(minutes > 0 && minutes <= MAX_MINUTES)) return `reserve needs expiresAt, or minutes from 1 to ${MAX_MINUTES}`;
    until = now + minutes * 60_000;
  }
  if (until <= now) return 'reserve.expiresAt is already past';
  if (until > now + MAX_MINUTES * 60_000) return 'a reservation may last a day at most';
  return {
    kind: 'reserve', stationId: r.stationId, evseId, idTag: r.idTag, ...(typeof r.parentIdTag === 'string' ? { parentIdTag: r.parentIdTag } : {}),
    expiresAt: new Date(until).toISOString(), ...(typeof r.by === 'string' && r.by ? { by: r.by } : {}),
  };
}
