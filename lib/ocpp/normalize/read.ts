/**
 * Defensive readers for payload fields. Payloads reaching the normalizer have passed the schemas, but the readers
 * still check types so that a lenient upstream (or a schema gap) yields a missing field rather than a wrong one.
 */
import type { Payload } from '../frames';
import { strictTimestamp } from '../time';

export function obj(value: unknown): Payload | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Payload) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** 1.6 transaction ids are integers, 2.0.1 ones strings; events always carry a string so flows compare one type. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return num(value) === undefined ? undefined : String(value);
}

/** A station timestamp in the strict form, or undefined when absent or unreadable (never a half-parsed string). */
export function isoTime(value: unknown): string | undefined {
  return strictTimestamp(value);
}

// Plain decimal notation only: Number() would also accept '', ' ', '0x1F' and 'Infinity', which no meter means.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A measured value: a finite number, or a string holding one in decimal notation. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Table lookup by a name from the wire: own keys only, so 'constructor' or '__proto__' never match. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
