/** OCPP-J frames: parsing raw WebSocket text into CALL / CALLRESULT / CALLERROR, and serializing them back. */
import { OcppVersion, RpcErrorCode, readErrorCode, spellErrorCode } from './errors';

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;
export const MAX_ID_LENGTH = 36;
const MAX_DESCRIPTION = 255;

export type Payload = Record<string, unknown>;

export type Frame =
  | { kind: 'call'; id: string; action: string; payload: Payload }
  | { kind: 'result'; id: string; payload: Payload }
  | { kind: 'error'; id: string; code: RpcErrorCode; wireCode: string; description: string; details: Payload }
  /** Not a frame we can process; `id` is what to answer with (`-1` when unreadable), or undefined when nothing may be answered. */
  | { kind: 'invalid'; id: string | undefined; code: RpcErrorCode; description: string; replyTo?: string };

const isObject = (v: unknown): v is Payload => typeof v === 'object' && v !== null && !Array.isArray(v);

// Salvages the id of a CALL whose JSON is broken, so the CALLERROR can still be matched by the sender.
const CALL_ID_PREFIX = /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"/;

/** Parses one text frame. Never throws. */
export function parseFrame(text: string, version: OcppVersion): Frame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const salvaged = CALL_ID_PREFIX.exec(text);
    return salvaged
      ? { kind: 'invalid', id: salvaged[1], code: 'FormatViolation', description: 'Message is not valid JSON' }
      : { kind: 'invalid', id: '-1', code: 'RpcFrameworkError', description: 'Message is not valid JSON' };
  }
  if (!Array.isArray(data) || data.length < 3) {
    return { kind: 'invalid', id: '-1', code: 'RpcFrameworkError', description: 'Message is not an OCPP-J array' };
  }
  const [type, id] = data;
  const readableId = typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH ? id : undefined;
  switch (type) {
    case CALL:
      return parseCall(data, readableId);
    case CALLRESULT:
      if (!readableId) return { kind: 'invalid', id: undefined, code: 'RpcFrameworkError', description: 'CALLRESULT without a valid id' };
      if (data.length !== 3 || !isObject(data[2])) {
        // Never answered (one does not reply to a reply), but the call it answers fails at once.
        return { kind: 'invalid', id: undefined, replyTo: readableId, code: 'FormatViolation', description: 'CALLRESULT payload is not an object' };
      }
      return { kind: 'result', id: readableId, payload: data[2] };
    case CALLERROR: {
      if (!readableId) return { kind: 'invalid', id: undefined, code: 'RpcFrameworkError', description: 'CALLERROR without a valid id' };
      const [, , wireCode, description, details] = data;
      return {
        kind: 'error', id: readableId, code: readErrorCode(wireCode), wireCode: String(wireCode),
        description: typeof description === 'string' ? description : '', details: isObject(details) ? details : {},
      };
    }
    default:
      // 1.6 ignores unknown message types (J16 §4.1.3); 2.0.1 answers MessageTypeNotSupported (P4 §4.4).
      if (version === '1.6') return { kind: 'invalid', id: undefined, code: 'MessageTypeNotSupported', description: 'Unknown message type' };
      return { kind: 'invalid', id: readableId ?? '-1', code: typeof type === 'number' ? 'MessageTypeNotSupported' : 'RpcFrameworkError', description: `Unknown message type ${JSON.stringify(type)}`.slice(0, 100) };
  }
}

function parseCall(data: unknown[], id: string | undefined): Frame {
  if (!id) return { kind: 'invalid', id: '-1', code: 'RpcFrameworkError', description: 'Message id is missing, not a string or longer than 36 characters' };
  if (data.length !== 4) return { kind: 'invalid', id, code: 'RpcFrameworkError', description: 'CALL must have 4 elements' };
  const [, , action, payload] = data;
  if (typeof action !== 'string' || action.length === 0) return { kind: 'invalid', id, code: 'RpcFrameworkError', description: 'Action is not a string' };
  if (!isObject(payload)) return { kind: 'invalid', id, code: 'FormatViolation', description: 'Payload is not a JSON object' };
  return { kind: 'call', id, action, payload };
}

export function callFrame(id: string, action: string, payload: Payload): string {
  return JSON.stringify([CALL, id, action, payload]);
}

export function resultFrame(id: string, payload: Payload): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

export function errorFrame(id: string, code: RpcErrorCode, version: OcppVersion, description = '', details: Payload = {}): string {
  return JSON.stringify([CALLERROR, id, spellErrorCode(code, version), description.slice(0, MAX_DESCRIPTION), details]);
}

/** True when a value holds something pruneEmpty would remove (checked first: most payloads are already clean). */
function hasEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => isEmpty(v) || hasEmpty(v));
  if (isObject(value)) {
    for (const key in value) {
      const v = value[key];
      if (isEmpty(v) || hasEmpty(v)) return true;
    }
  }
  return false;
}

/** Removes empty optional values (null, undefined, {} and []) as OCPP-J requires (P4 §4.1.5); a clean value is returned as is. */
export function pruneEmpty<T>(value: T): T {
  return hasEmpty(value) ? prune(value) : value;
}

/** Removes only null and undefined values, keeping empty objects and lists (for a schema that requires them). */
export function pruneNullish<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map((v) => pruneNullish(v)) as unknown as T;
  if (isObject(value)) {
    const out: Payload = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = pruneNullish(v);
    return out as T;
  }
  return value;
}

function prune<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((v) => prune(v)).filter((v) => !isEmpty(v)) as unknown as T;
  }
  if (isObject(value)) {
    const out: Payload = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = prune(v);
      if (!isEmpty(pruned)) out[k] = pruned;
    }
    return out as T;
  }
  return value;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.keys(v).length === 0;
}
