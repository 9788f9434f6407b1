/**
 * What a flow asks of the charging-profile node, read from msg.payload: set, clear, list, composite or badge.
 * Numbers may arrive as text (form fields, query strings); every refusal says which field and why.
 */
import type { ClearCriteria } from './installed';
import type { ProfileFilter } from './report';
import { ProfileTemplate, purposeNamed, readTemplate } from './template';
import type { ProfilePurpose, RateUnit } from './types';

export type ProfileRequest =
  | { action: 'set'; station: string; evseId: number; transactionId?: string; profile?: ProfileTemplate }
  | { action: 'clear'; station: string; criteria: ClearCriteria }
  | { action: 'list'; station: string; filter: ProfileFilter }
  | { action: 'composite'; station: string; evseId: number; duration: number; unit?: RateUnit }
  | { action: 'badge'; idTag: unknown; category: unknown };

export const PROFILE_ACTIONS = ['set', 'clear', 'list', 'composite', 'badge'] as const;

export class RequestError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

function integer(p: Record<string, unknown>, field: string, min: number): number | undefined {
  const v = p[field];
  if (absent(v)) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
  if (!Number.isInteger(n) || n < min) throw new RequestError(`${field} must be an integer${Number.isFinite(min) ? ` of ${min} or more` : ''}, got ${JSON.stringify(v)}`);
  return n;
}

function required<T>(value: T | undefined, field: string, action: string): T {
  if (value === undefined) throw new RequestError(`${action} needs ${field}`);
  return value;
}

function purposeOf(p: Record<string, unknown>): ProfilePurpose | undefined {
  const v = p.purpose;
  if (absent(v)) return undefined;
  const found = purposeNamed(v);
  if (!found) throw new RequestError(`purpose must be StationMax, TxDefault, Tx or their OCPP names, got ${JSON.stringify(v)}`);
  return found;
}

function stationOf(p: Record<string, unknown>, action: string): string {
  const v = p.station;
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new RequestError(`${action} needs station, the identity of a station of the CSMS`);
}

/** The request in msg.payload; throws RequestError (a profile that cannot be read: TemplateError) with the reason. */
export function readProfileRequest(payload: unknown): ProfileRequest {
  if (!isRecord(payload) || typeof payload.action !== 'string' || !(PROFILE_ACTIONS as readonly string[]).includes(payload.action)) {
    throw new RequestError(`msg.payload must be an object whose action is one of ${PROFILE_ACTIONS.join(', ')}`);
  }
  const p = payload;
  switch (p.action) {
    case 'set': {
      const transactionId = absent(p.transactionId) ? undefined : String(p.transactionId);
      return {
        action: 'set', station: stationOf(p, 'set'), evseId: required(integer(p, 'evseId', 0), 'evseId', 'set'),
        ...(transactionId !== undefined ? { transactionId } : {}), ...(absent(p.profile) ? {} : { profile: readTemplate(p.profile) }),
      };
    }
    case 'clear': {
      const criteria: ClearCriteria = { id: integer(p, 'id', -Infinity), evseId: integer(p, 'evseId', 0), purpose: purposeOf(p), stackLevel: integer(p, 'stackLevel', 0) };
      for (const key of Object.keys(criteria) as Array<keyof ClearCriteria>) if (criteria[key] === undefined) delete criteria[key];
      return { action: 'clear', station: stationOf(p, 'clear'), criteria };
    }
    case 'list': {
      const filter: ProfileFilter = { evseId: integer(p, 'evseId', 0), purpose: purposeOf(p), stackLevel: integer(p, 'stackLevel', 0) };
      for (const key of Object.keys(filter) as Array<keyof ProfileFilter>) if (filter[key] === undefined) delete filter[key];
      return { action: 'list', station: stationOf(p, 'list'), filter };
    }
    case 'composite': {
      const unit = absent(p.unit) ? undefined : p.unit;
      if (unit !== undefined && unit !== 'A' && unit !== 'W') throw new RequestError(`unit must be A or W, got ${JSON.stringify(unit)}`);
      return {
        action: 'composite', station: stationOf(p, 'composite'), evseId: required(integer(p, 'evseId', 0), 'evseId', 'composite'),
        duration: required(integer(p, 'duration', 1), 'duration', 'composite'), ...(unit ? { unit } : {}),
      };
    }
    default:
      if (absent(p.idTag) || absent(p.category)) throw new RequestError('badge needs idTag (a badge, or a prefix ending with *) and category');
      return { action: 'badge', idTag: p.idTag, category: p.category };
  }
}
