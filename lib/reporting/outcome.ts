/** How one request of a sink ended, in the terms the engine acts on. */
import { TransportError, type HttpResponse } from './http';

export type Outcome =
  /** 2xx: every record of the request is acknowledged; remote ids in request order when the receiver gives them. */
  | { kind: 'ok'; remoteIds?: string[] }
  /** The receiver does not have it (refused connection, 5xx, 408, 429): send again after a back-off. */
  | { kind: 'transient'; reason: string }
  /** It may have arrived (timeout or cut after the request was written, 504). */
  | { kind: 'uncertain'; reason: string }
  /** A 4xx about the content: permanent for the record (or for one record of the batch). */
  | { kind: 'rejected'; status: number; reason: string }
  /** Nothing will pass until an operator acts (credentials refused, a template or URL that cannot work). */
  | { kind: 'blocked'; reason: string };

function excerpt(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function classifyResponse(response: HttpResponse): Outcome {
  const { status } = response;
  const reason = `HTTP ${status}${response.body ? `: ${excerpt(response.body)}` : ''}`;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  // A gateway timing out may have passed the request on before giving up.
  if (status === 504) return { kind: 'uncertain', reason };
  if (status >= 500 || status === 408 || status === 429) return { kind: 'transient', reason };
  if (status === 401) return { kind: 'blocked', reason };
  if (status >= 400) return { kind: 'rejected', status, reason };
  // 1xx/3xx are not answers we asked for: try again later rather than call it delivered.
  return { kind: 'transient', reason };
}

export function classifyError(err: unknown): Outcome {
  if (err instanceof TransportError) {
    return err.delivery === 'unsent' ? { kind: 'transient', reason: err.message } : { kind: 'uncertain', reason: err.message };
  }
  // Anything else happened before a request was issued (a template throwing, a bad URL): nothing left, and
  // nothing will until the configuration changes.
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'blocked', reason: `configuration: ${message}` };
}
