/** Reading one sampledValue of either version into a measurand, where it was measured and a value in base units. */
import type { OcppVersion } from '../errors';
import type { MeterSample } from '../events';
import { Dimension, toBaseUnit } from './units';
import { lookup, num, numeric, obj, str } from './read';

/** How per-phase values combine when the station gives no total. */
export type PhaseRule = 'sum' | 'mean' | 'single';

interface Target {
  field: Exclude<keyof MeterSample, 'timestamp' | 'context'>;
  dimension: Dimension;
  phases: PhaseRule;
}

/** The measurands an event carries; others (frequency, export registers, ...) stay in the raw payload. */
const TARGETS: Record<string, Target> = {
  'Energy.Active.Import.Register': { field: 'energyWh', dimension: 'energy', phases: 'sum' },
  'Power.Active.Import': { field: 'powerW', dimension: 'power', phases: 'sum' },
  'Current.Import': { field: 'currentA', dimension: 'current', phases: 'sum' },
  Voltage: { field: 'voltageV', dimension: 'voltage', phases: 'mean' },
  SoC: { field: 'socPercent', dimension: 'percent', phases: 'single' },
  'Power.Reactive.Import': { field: 'reactivePowerVar', dimension: 'reactivePower', phases: 'sum' },
  'Power.Offered': { field: 'powerOfferedW', dimension: 'power', phases: 'sum' },
  Temperature: { field: 'temperatureC', dimension: 'temperature', phases: 'single' },
};

const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';
const DEFAULT_LOCATION = 'Outlet';

export interface Reading {
  target: Target;
  /** Absent for a total over all phases. */
  phase?: string;
  location: string;
  value: number;
}

export interface ReadResult {
  /** The reading, when the sampled value is one an event carries and its value and unit are usable. */
  reading?: Reading;
  /** The context as sent, even for values that carry no event field, so a sample keeps its context. */
  context?: string;
}

/** Reads one sampled value; never throws. Signed values (1.6 format SignedData) hold no number and are skipped. */
export function readSampledValue(version: OcppVersion, raw: unknown): ReadResult {
  const sv = obj(raw);
  if (!sv || sv.format === 'SignedData') return {};
  const context = str(sv.context);
  const target = lookup(TARGETS, str(sv.measurand) ?? DEFAULT_MEASURAND);
  const rawValue = numeric(sv.value);
  if (!target || rawValue === undefined) return { context };
  let value: number | undefined;
  if (version === '1.6') {
    value = toBaseUnit(rawValue, target.dimension, str(sv.unit));
  } else {
    const unit = obj(sv.unitOfMeasure);
    value = toBaseUnit(rawValue, target.dimension, str(unit?.unit), num(unit?.multiplier) ?? 0);
  }
  if (value === undefined) return { context };
  return { context, reading: { target, phase: str(sv.phase), location: str(sv.location) ?? DEFAULT_LOCATION, value } };
}
