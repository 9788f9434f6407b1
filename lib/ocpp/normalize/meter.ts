/**
 * Meter values of both versions (1.6 meterValue / transactionData, 2.0.1 meterValue) into MeterSamples:
 * one sample per instant, one number per measurand, in the units of the event contract.
 */
import type { OcppVersion } from '../errors';
import type { MeterSample } from '../events';
import { isoTime, list, lookup, obj } from './read';
import { PhaseRule, Reading, readSampledValue } from './sampled-value';

// Outlet is what the EV received, the default and what billing wants. Cable and EV measure nearly the same flow;
// Inlet includes the station's own losses; Body is the enclosure (temperature), a last resort.
const LOCATION_RANK = ['Outlet', 'Cable', 'EV', 'Inlet', 'Body'];

const rank = (location: string): number => {
  const i = LOCATION_RANK.indexOf(location);
  return i < 0 ? LOCATION_RANK.length : i;
};

// Phase to neutral, in either spelling; 'N' (the neutral conductor) is deliberately absent: it adds nothing to a total.
const LINE_TO_NEUTRAL: Record<string, number> = { L1: 1, L2: 2, L3: 3, 'L1-N': 1, 'L2-N': 2, 'L3-N': 3 };
const LINE_TO_LINE = new Set(['L1-L2', 'L2-L3', 'L3-L1']);

/** One value per phase (a station sending both L1 and L1-N for the same conductor would otherwise count twice). */
function perPhase(readings: Reading[]): number[] {
  const byPhase = new Map<number, number>();
  for (const r of readings) {
    const n = lookup(LINE_TO_NEUTRAL, r.phase);
    if (n !== undefined && !byPhase.has(n)) byPhase.set(n, r.value);
  }
  return [...byPhase.values()];
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
// Sums of decimals carry binary noise (0.1 + 0.2); integers, the usual readings, need no trimming.
const tidy = (value: number): number => (Number.isInteger(value) ? value : Number(value.toPrecision(15)));
const mean = (values: number[]): number | undefined => (values.length ? sum(values) / values.length : undefined);

/** Combines the readings of one measurand at one location: the total when given, else the phases per the rule. */
function combine(readings: Reading[], rule: PhaseRule): number | undefined {
  const total = readings.find((r) => r.phase === undefined);
  if (total) return total.value;
  if (rule === 'single') return readings[0]?.value;
  const phases = perPhase(readings);
  if (rule === 'sum') return phases.length ? tidy(sum(phases)) : undefined;
  // Line-to-line voltages only when no phase-to-neutral ones exist: mixing them would average 230 V with 400 V.
  const voltages = phases.length ? phases : readings.filter((r) => r.phase && LINE_TO_LINE.has(r.phase)).map((r) => r.value);
  const m = mean(voltages);
  return m === undefined ? undefined : tidy(m);
}

interface Group {
  timestamp: string;
  context?: string;
  readings: Reading[];
}

function toSample(group: Group): MeterSample | undefined {
  const sample: MeterSample = { timestamp: group.timestamp };
  const byField = new Map<string, Reading[]>();
  for (const r of group.readings) {
    const same = byField.get(r.target.field);
    if (same) same.push(r);
    else byField.set(r.target.field, [r]);
  }
  let measured = false;
  for (const readings of byField.values()) {
    // One reading per measurand is the usual case: no location to choose between.
    let here = readings;
    if (readings.length > 1) {
      const best = Math.min(...readings.map((r) => rank(r.location)));
      here = readings.filter((r) => rank(r.location) === best);
    }
    const value = combine(here, here[0].target.phases);
    if (value !== undefined) {
      sample[here[0].target.field] = value;
      measured = true;
    }
  }
  if (!measured) return undefined;
  if (group.context !== undefined) sample.context = group.context;
  return sample;
}

/**
 * Normalizes meter values, in the order the station sent them; entries with the same timestamp merge into one
 * sample. Entries without a readable timestamp and samples left with no usable value are dropped.
 */
export function normalizeSampledValues(version: OcppVersion, meterValues: unknown[]): MeterSample[] {
  // Usually one entry: nothing to merge, no map of instants to build.
  if (Array.isArray(meterValues) && meterValues.length === 1) {
    const mv = obj(meterValues[0]);
    const timestamp = isoTime(mv?.timestamp);
    if (!mv || !timestamp) return [];
    const group: Group = { timestamp, readings: [] };
    addReadings(version, group, mv.sampledValue);
    const sample = toSample(group);
    return sample ? [sample] : [];
  }
  const groups = new Map<string, Group>();
  for (const entry of list(meterValues)) {
    const mv = obj(entry);
    const timestamp = isoTime(mv?.timestamp);
    if (!mv || !timestamp) continue;
    let group = groups.get(timestamp);
    if (!group) {
      group = { timestamp, readings: [] };
      groups.set(timestamp, group);
    }
    addReadings(version, group, mv.sampledValue);
  }
  const samples: MeterSample[] = [];
  for (const group of groups.values()) {
    const sample = toSample(group);
    if (sample) samples.push(sample);
  }
  return samples;
}

function addReadings(version: OcppVersion, group: Group, sampledValues: unknown): void {
  for (const raw of list(sampledValues)) {
    const { reading, context } = readSampledValue(version, raw);
    if (group.context === undefined && context !== undefined) group.context = context;
    if (reading) group.readings.push(reading);
  }
}

/** The energy register of the first / last sample that has one (meter start and stop of a transaction). */
export function firstEnergy(samples: MeterSample[]): number | undefined {
  return samples.find((s) => s.energyWh !== undefined)?.energyWh;
}

export function lastEnergy(samples: MeterSample[]): number | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    if (samples[i].energyWh !== undefined) return samples[i].energyWh;
  }
  return undefined;
}
