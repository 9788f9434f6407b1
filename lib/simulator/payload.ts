/**
 * Typed reads of fields from payloads the connection has already validated against their schema: the schema
 * guarantees the shape, these only give TypeScript the types.
 */
import type { Payload } from '../ocpp/frames';
import { parseTimestamp } from '../ocpp/time';

export function num(p: Payload | undefined, key: string): number | undefined {
  const v = p?.[key];
  return typeof v === 'number' ? v : undefined;
}

export function str(p: Payload | undefined, key: string): string | undefined {
  const v = p?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function obj(p: Payload | undefined, key: string): Payload | undefined {
  const v = p?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Payload) : undefined;
}

export function list(p: Payload | undefined, key: string): Payload[] {
  const v = p?.[key];
  return Array.isArray(v) ? v.filter((item): item is Payload => !!item && typeof item === 'object' && !Array.isArray(item)) : [];
}

export function strings(p: Payload | undefined, key: string): string[] | undefined {
  const v = p?.[key];
  return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : undefined;
}

/** Epoch ms of a timestamp field. */
export function time(p: Payload | undefined, key: string): number | undefined {
  return parseTimestamp(p?.[key]);
}
