/**
 * Units of measure: converts a meter reading to the unit its event field is expressed in (Wh, W, var, A, V, %, °C).
 * 1.6 names a unit from a fixed list; 2.0.1 sends a free unit name plus a power-of-ten multiplier.
 */
import { lookup } from './read';

export type Dimension = 'energy' | 'reactiveEnergy' | 'power' | 'reactivePower' | 'apparentPower'
  | 'current' | 'voltage' | 'temperature' | 'percent';

interface UnitRule {
  dimension: Dimension;
  /** Power of ten from this unit to the base unit of its dimension (kWh → Wh is 3). */
  exponent: number;
  /** Affine conversion to the base unit, for the temperature scales. */
  toBase?: (value: number) => number;
}

const RULES: Record<string, UnitRule> = {
  wh: { dimension: 'energy', exponent: 0 },
  kwh: { dimension: 'energy', exponent: 3 },
  varh: { dimension: 'reactiveEnergy', exponent: 0 },
  kvarh: { dimension: 'reactiveEnergy', exponent: 3 },
  w: { dimension: 'power', exponent: 0 },
  kw: { dimension: 'power', exponent: 3 },
  var: { dimension: 'reactivePower', exponent: 0 },
  kvar: { dimension: 'reactivePower', exponent: 3 },
  va: { dimension: 'apparentPower', exponent: 0 },
  kva: { dimension: 'apparentPower', exponent: 3 },
  a: { dimension: 'current', exponent: 0 },
  v: { dimension: 'voltage', exponent: 0 },
  celsius: { dimension: 'temperature', exponent: 0 },
  // The 1.6 schema spells it this way; the errata keeps both spellings valid.
  celcius: { dimension: 'temperature', exponent: 0 },
  fahrenheit: { dimension: 'temperature', exponent: 0, toBase: (f) => ((f - 32) * 5) / 9 },
  k: { dimension: 'temperature', exponent: 0, toBase: (k) => k - 273.15 },
  percent: { dimension: 'percent', exponent: 0 },
};

/**
 * Scales by 10^exponent. Dividing by an exact power of ten rather than multiplying by its inverse keeps
 * 1234 × 10^-3 at 1.234 instead of 1.2340000000000002.
 */
function scale(value: number, exponent: number): number {
  if (exponent === 0) return value;
  return exponent > 0 ? value * 10 ** exponent : value / 10 ** -exponent;
}

/** Trims binary floating-point noise (15 significant digits is what a double always holds exactly). */
function tidy(value: number): number {
  const n = Number(value.toPrecision(15));
  return Object.is(n, -0) ? 0 : n;
}

/**
 * The value in the base unit of `dimension`, or undefined when the unit is unknown or measures something else
 * (a wrong number is worse than a missing one). An absent unit means the dimension's base unit.
 */
export function toBaseUnit(value: number, dimension: Dimension, unit: string | undefined, multiplier = 0): number | undefined {
  if (!Number.isFinite(value) || !Number.isInteger(multiplier)) return undefined;
  let rule: UnitRule | undefined = { dimension, exponent: 0 };
  if (unit !== undefined && unit.trim() !== '') rule = lookup(RULES, unit.trim().toLowerCase());
  if (!rule || rule.dimension !== dimension) return undefined;
  const exponent = multiplier + rule.exponent;
  // Most readings come in the base unit already: nothing to scale, nothing to tidy.
  if (exponent === 0 && !rule.toBase) return Object.is(value, -0) ? 0 : value;
  const scaled = scale(value, exponent);
  const converted = rule.toBase ? rule.toBase(scaled) : scaled;
  return Number.isFinite(converted) ? tidy(converted) : undefined;
}
