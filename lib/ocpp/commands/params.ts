/**
 * Reading neutral command parameters. Values often arrive from HTTP query strings or Node-RED form fields, so
 * numbers and booleans may be strings; every failure names the parameter so the operator can fix the request.
 */
import { CallError } from '../errors';
import { formatTimestamp, parseTimestamp } from '../time';

export function fail(message: string): never {
  throw new CallError('ValidationFailed', message);
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'an array' : isRecord(v) ? 'an object' : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export interface NumberRule {
  min?: number;
  max?: number;
}

/** Typed access to one parameter object; `path` is how its fields are named in error messages. */
export class Params {
  constructor(
    readonly command: string,
    private readonly source: Record<string, unknown>,
    private readonly path = '',
  ) {}

  /** Builds the message for a problem with one field of this object. */
  problem(name: string, text: string): string {
    return `${this.command}: ${this.path}${name} ${text}`;
  }

  /** The raw value; empty strings count as absent because web forms send them for untouched fields. */
  raw(name: string): unknown {
    const v = this.source[name];
    return v === null || v === '' ? undefined : v;
  }

  /** The raw value with empty strings kept, for fields where "" is a meaningful value. */
  exact(name: string): unknown {
    const v = this.source[name];
    return v === null ? undefined : v;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  required<T>(name: string, value: T | undefined): T {
    if (value === undefined) fail(this.problem(name, 'is required'));
    return value;
  }

  num(name: string, rule: NumberRule = {}): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && NUMERIC.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isFinite(n)) fail(this.problem(name, `must be a number, got ${show(v)}`));
    if (rule.min !== undefined && n < rule.min) fail(this.problem(name, `must be at least ${rule.min}, got ${n}`));
    if (rule.max !== undefined && n > rule.max) fail(this.problem(name, `must be at most ${rule.max}, got ${n}`));
    return n;
  }

  int(name: string, rule: NumberRule = {}): number | undefined {
    const n = this.num(name, rule);
    if (n !== undefined && !Number.isInteger(n)) fail(this.problem(name, `must be an integer, got ${n}`));
    return n;
  }

  reqInt(name: string, rule: NumberRule = {}): number {
    return this.required(name, this.int(name, rule));
  }

  /** A text value; numbers are accepted because id tags such as "1234" often lose their quotes on the way. */
  str(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return fail(this.problem(name, `must be a string, got ${show(v)}`));
  }

  reqStr(name: string): string {
    return this.required(name, this.str(name));
  }

  bool(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined || typeof v === 'boolean') return v;
    const text = String(v).trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    return fail(this.problem(name, `must be true or false, got ${show(v)}`));
  }

  /** A date-time given as text, epoch milliseconds or Date, re-emitted in the strict wire form. */
  time(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const at = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : parseTimestamp(v);
    if (at === undefined || !Number.isFinite(at)) fail(this.problem(name, `must be a date-time, got ${show(v)}`));
    return formatTimestamp(at);
  }

  reqTime(name: string): string {
    return this.required(name, this.time(name));
  }

  /** One of a fixed set of names, matched without regard to case and returned in its canonical spelling. */
  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const text = this.str(name);
    if (text === undefined) return undefined;
    const found = allowed.find((a) => a.toLowerCase() === text.trim().toLowerCase());
    if (!found) fail(this.problem(name, `must be one of ${allowed.join(', ')}, got ${show(text)}`));
    return found;
  }

  obj(name: string): Params | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!isRecord(v)) fail(this.problem(name, `must be an object, got ${show(v)}`));
    return new Params(this.command, v, `${this.path}${name}.`);
  }

  reqObj(name: string): Params {
    return this.required(name, this.obj(name));
  }

  list(name: string): unknown[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) fail(this.problem(name, `must be an array, got ${show(v)}`));
    return v;
  }

  /** The objects of a list field, each with a reader whose messages name its index. */
  objList(name: string): Params[] | undefined {
    return this.list(name)?.map((item, i) => {
      if (!isRecord(item)) fail(this.problem(`${name}[${i}]`, `must be an object, got ${show(item)}`));
      return new Params(this.command, item, `${this.path}${name}[${i}].`);
    });
  }
}

/** The reader for a whole command (its parameters are the command object itself). */
export function commandParams(command: string, source: Record<string, unknown>): Params {
  return new Params(command, source);
}
