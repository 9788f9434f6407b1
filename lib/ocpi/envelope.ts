/**
 * The response format every OCPI answer is wrapped in (transport_and_format.asciidoc, Response format). `data` is
 * left out where there is nothing to say; the errata advise receivers to accept it present or absent, so reading
 * never insists on it.
 */
import { formatDateTime } from './datetime';
import { OcpiStatus } from './status';

export interface OcpiEnvelope<T = unknown> {
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}

export function envelope<T>(statusCode: number = OcpiStatus.SUCCESS, data?: T, message?: string, at?: number): OcpiEnvelope<T> {
  return {
    ...(data !== undefined ? { data } : {}),
    status_code: statusCode,
    ...(message ? { status_message: message } : {}),
    timestamp: formatDateTime(at),
  };
}

/**
 * A peer's envelope, or why it is not one. Only status_code is insisted on: a missing or odd timestamp is a peer's
 * slip that should not cost us the data.
 */
export function readEnvelope(value: unknown): OcpiEnvelope | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body is not a JSON object';
  const record = value as Record<string, unknown>;
  const code = record.status_code;
  if (typeof code !== 'number' || !Number.isInteger(code)) return 'the body has no integer status_code';
  const message = record.status_message;
  return {
    ...('data' in record && record.data !== null ? { data: record.data } : {}),
    status_code: code,
    ...(typeof message === 'string' ? { status_message: message } : {}),
    timestamp: typeof record.timestamp === 'string' ? record.timestamp : '',
  };
}
