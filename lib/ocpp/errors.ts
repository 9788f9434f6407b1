/** OCPP-J RPC error codes and their per-version spellings (OCPP-J 1.6 table 7, 2.0.1 Part 4 §4.3). */

export type OcppVersion = '1.6' | '2.0.1';

/** Canonical (2.0.1) error code names; {@link spellErrorCode} turns them into each version's wire spelling. */
export type RpcErrorCode =
  | 'FormatViolation'
  | 'GenericError'
  | 'InternalError'
  | 'MessageTypeNotSupported'
  | 'NotImplemented'
  | 'NotSupported'
  | 'OccurrenceConstraintViolation'
  | 'PropertyConstraintViolation'
  | 'ProtocolError'
  | 'RpcFrameworkError'
  | 'SecurityError'
  | 'TypeConstraintViolation';

// The 1.6 errata keeps these misspellings on the wire; 1.6 lacks the last two codes, so they fall back to GenericError.
const SPELLING_16: Partial<Record<RpcErrorCode, string>> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  MessageTypeNotSupported: 'GenericError',
  RpcFrameworkError: 'GenericError',
};

const ALIASES: Record<string, RpcErrorCode> = {
  FormationViolation: 'FormatViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};

const CANONICAL = new Set<string>([
  'FormatViolation', 'GenericError', 'InternalError', 'MessageTypeNotSupported', 'NotImplemented',
  'NotSupported', 'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'ProtocolError',
  'RpcFrameworkError', 'SecurityError', 'TypeConstraintViolation',
]);

/** The wire spelling of a code for a version. */
export function spellErrorCode(code: RpcErrorCode, version: OcppVersion): string {
  return version === '1.6' ? SPELLING_16[code] ?? code : code;
}

/** Reads a received error code in either spelling; unknown codes become GenericError. */
export function readErrorCode(wire: unknown): RpcErrorCode {
  if (typeof wire !== 'string') return 'GenericError';
  if (CANONICAL.has(wire)) return wire as RpcErrorCode;
  return ALIASES[wire] ?? 'GenericError';
}

/** An error that travels as a CALLERROR. */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: RpcErrorCode, description = '', details: Record<string, unknown> = {}) {
    super(description || code);
    this.name = 'RpcError';
    this.code = code;
    this.details = details;
  }
}

/** Errors raised locally around a call (never sent on the wire). */
export type CallFailure = 'Timeout' | 'NotConnected' | 'QueueFull' | 'Closed' | 'UnknownStation' | 'ValidationFailed';

export class CallError extends Error {
  readonly code: CallFailure | RpcErrorCode;
  readonly details: unknown;
  constructor(code: CallFailure | RpcErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'CallError';
    this.code = code;
    this.details = details;
  }
}
