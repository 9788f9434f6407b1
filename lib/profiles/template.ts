/**
 * A charging profile as an editor form or a flow describes it, before it is placed on a station's EVSE: no EVSE, no
 * transaction, instants in epoch ms. Form fields arrive as text, so numbers and dates are read from text too; what
 * cannot be read is reported field by field, every field at once, in the same shape as the spec problems.
 */
import { parseTimestamp } from '../ocpp/time';
import type { ProfileProblem } from './validate';
import type { ProfileKind, ProfilePurpose, RateUnit, RecurrencyKind } from './types';

export interface TemplatePeriod {
  /** Seconds from the start of the schedule. */
  startPeriod: number;
  /** A per phase, or W in total. */
  limit: number;
  /** 3 when absent. */
  numberPhases?: number;
}

export interface ProfileTemplate {
  id: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  kind: ProfileKind;
  recurrency?: RecurrencyKind;
  unit: RateUnit;
  periods: TemplatePeriod[];
  minChargingRate?: number;
  /** Seconds. */
  duration?: number;
  /** Epoch ms. */
  startSchedule?: number;
  validFrom?: number;
  validTo?: number;
}

/** A template that could not be read; `problems` names every field at fault. */
export class TemplateError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(problems.map((p) => (p.field ? `${p.field} ${p.message}` : p.message)).join('; '));
    this.name = 'TemplateError';
  }
}

// Both versions' OCPP names are accepted beside the neutral ones, so a profile copied from a log reads as well.
const PURPOSES: Record<string, ProfilePurpose> = {
  stationmax: 'StationMax', chargepointmaxprofile: 'StationMax', chargingstationmaxprofile: 'StationMax',
  txdefault: 'TxDefault', txdefaultprofile: 'TxDefault', tx: 'Tx', txprofile: 'Tx',
  externalconstraints: 'ExternalConstraints', chargingstationexternalconstraints: 'ExternalConstraints',
};
/** A purpose in any accepted spelling, undefined when it is none. */
export function purposeNamed(v: unknown): ProfilePurpose | undefined {
  return typeof v === 'string' ? PURPOSES[v.trim().toLowerCase()] : undefined;
}

const KINDS: readonly ProfileKind[] = ['Absolute', 'Recurring', 'Relative'];
const RECURRENCIES: readonly RecurrencyKind[] = ['Daily', 'Weekly'];
const UNITS: readonly RateUnit[] = ['A', 'W'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : isRecord(v) ? 'an object' : String(v));

/** Reads fields of one object, noting what it cannot read instead of stopping at the first. */
class FieldReader {
  constructor(private readonly source: Record<string, unknown>, private readonly problems: ProfileProblem[], private readonly path = '') {}

  note(field: string, message: string): undefined {
    this.problems.push({ profileId: 0, field: this.path + field, message });
    return undefined;
  }

  number(field: string): number | undefined {
    const v = this.source[field];
    if (blank(v)) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
    return Number.isFinite(n) ? n : this.note(field, `must be a number, got ${show(v)}`);
  }

  requiredNumber(field: string): number | undefined {
    return blank(this.source[field]) ? this.note(field, 'is required') : this.number(field);
  }

  /** Matched without regard to case, returned as the canonical spelling. */
  choice<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const v = this.source[field];
    if (blank(v)) return undefined;
    const found = allowed.find((a) => typeof v === 'string' && a.toLowerCase() === v.trim().toLowerCase());
    return found ?? this.note(field, `must be one of ${allowed.join(', ')}, got ${show(v)}`);
  }

  /** ISO 8601 text (UTC when it names no offset) or epoch ms. */
  instant(field: string): number | undefined {
    const v = this.source[field];
    if (blank(v)) return undefined;
    const at = typeof v === 'number' ? v : v instanceof Date ? v.getTime() : parseTimestamp(typeof v === 'string' ? v.trim() : v);
    return at !== undefined && Number.isFinite(at) ? at : this.note(field, `must be a date-time such as 2026-01-05T22:00:00Z, got ${show(v)}`);
  }

  purpose(field: string): ProfilePurpose | undefined {
    const v = this.source[field];
    if (blank(v)) return undefined;
    return purposeNamed(v) ?? this.note(field, `must be StationMax, TxDefault or Tx (or their OCPP names), got ${show(v)}`);
  }

  list(field: string): unknown[] | undefined {
    const v = this.source[field];
    if (blank(v)) return undefined;
    return Array.isArray(v) ? v : this.note(field, `must be a list, got ${show(v)}`);
  }

  sub(item: unknown, path: string): FieldReader | undefined {
    if (isRecord(item)) return new FieldReader(item, this.problems, this.path + path + '.');
    this.problems.push({ profileId: 0, field: this.path + path, message: `must be an object, got ${show(item)}` });
    return undefined;
  }
}

/**
 * Reads a template; `defaults` fills what the input leaves out (a category's profile is a Relative Tx profile
 * unless it says otherwise). Throws TemplateError naming every field that could not be read.
 */
export function readTemplate(input: unknown, defaults: Partial<ProfileTemplate> = {}): ProfileTemplate {
  if (!isRecord(input)) throw new TemplateError([{ profileId: 0, message: `a profile must be an object, got ${show(input)}` }]);
  const problems: ProfileProblem[] = [];
  const r = new FieldReader(input, problems);
  const id = r.number('id') ?? defaults.id;
  const stackLevel = r.number('stackLevel') ?? defaults.stackLevel;
  const purpose = r.purpose('purpose') ?? defaults.purpose;
  const kind = r.choice('kind', KINDS) ?? defaults.kind;
  const recurrency = r.choice('recurrency', RECURRENCIES) ?? r.choice('recurrencyKind', RECURRENCIES) ?? (kind === 'Recurring' ? defaults.recurrency : undefined);
  const unit = r.choice('unit', UNITS) ?? defaults.unit;
  const required: Array<[string, unknown]> = [['id', id], ['stackLevel', stackLevel], ['purpose', purpose], ['kind', kind], ['unit', unit]];
  for (const [field, value] of required) if (value === undefined && !problems.some((p) => p.field === field)) r.note(field, 'is required');

  const items = r.list('periods') ?? (input.periods === undefined && defaults.periods ? defaults.periods : undefined);
  if (items === undefined && !problems.some((p) => p.field === 'periods')) r.note('periods', 'is required');
  const periods: TemplatePeriod[] = [];
  (items ?? []).forEach((item, i) => {
    const p = r.sub(item, `periods[${i}]`);
    if (!p) return;
    const startPeriod = p.requiredNumber('startPeriod');
    const limit = p.requiredNumber('limit');
    const numberPhases = p.number('numberPhases');
    if (startPeriod !== undefined && limit !== undefined) periods.push({ startPeriod, limit, ...(numberPhases !== undefined ? { numberPhases } : {}) });
  });

  const optional = {
    minChargingRate: r.number('minChargingRate') ?? defaults.minChargingRate,
    duration: r.number('duration') ?? defaults.duration,
    startSchedule: r.instant('startSchedule') ?? defaults.startSchedule,
    validFrom: r.instant('validFrom') ?? defaults.validFrom,
    validTo: r.instant('validTo') ?? defaults.validTo,
  };
  if (problems.length > 0) throw new TemplateError(problems);
  const template: ProfileTemplate = { id: id!, stackLevel: stackLevel!, purpose: purpose!, kind: kind!, unit: unit!, periods };
  if (recurrency !== undefined) template.recurrency = recurrency;
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) (template as unknown as Record<string, unknown>)[field] = value;
  return template;
}
