/**
 * A small HTTP client that tells apart the two ways a request can fail without an answer: it never left
 * (connection refused, DNS, TLS) and may be sent again freely, or it was fully written and then the connection
 * died or timed out, so the receiver may hold it. fetch() hides that difference, hence node:http here.
 */
import http from 'http';
import https from 'https';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** `unsent`: the receiver cannot have it; `uncertain`: it may have it. */
export class TransportError extends Error {
  constructor(readonly delivery: 'unsent' | 'uncertain', message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export const nodeTransport: Transport = (request) => new Promise<HttpResponse>((resolve, reject) => {
  const url = new URL(request.url);
  const lib = url.protocol === 'https:' ? https : http;
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  let written = false;
  let settled = false;
  const fail = (message: string) => {
    if (settled) return;
    settled = true;
    reject(new TransportError(written ? 'uncertain' : 'unsent', message));
  };
  // agent: false gives a fresh connection per request: a pooled socket the server already closed would turn a
  // request that never arrived into one that looks uncertain.
  const req = lib.request(url, {
    method: request.method,
    agent: false,
    headers: { ...request.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
  }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
    });
    res.on('error', (err) => fail(`response cut: ${err.message}`));
  });
  const timer = setTimeout(() => {
    fail(`no answer within ${request.timeoutMs} ms`);
    req.destroy();
  }, request.timeoutMs);
  timer.unref();
  req.on('finish', () => { written = true; });
  req.on('error', (err: NodeJS.ErrnoException) => {
    clearTimeout(timer);
    fail(err.code ? `${err.code}: ${err.message}` : err.message);
  });
  req.end(body);
});

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
