/**
 * Reads JSON request bodies before Node-RED does: the core `http in` node answers a body it cannot parse
 * with 500, and a client that sent bad JSON deserves a 400 with the reason. The parsed body is handed on
 * the way body-parser expects it (req.body with req._body set), so Node-RED does not read it again.
 */
import type http from 'http';

const LIMIT = 10 * 1024 * 1024;

type ParsedRequest = http.IncomingMessage & { body?: unknown; _body?: boolean };

/** Resolves with an error description to answer with 400/413, or undefined when the request may go on. */
export function readJsonBody(req: ParsedRequest): Promise<{ status: number; message: string } | undefined> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(.+\+)?json/i.test(type) || req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMIT) chunks.push(chunk);
    });
    req.on('error', () => resolve({ status: 400, message: 'Request body could not be read' }));
    req.on('end', () => {
      if (size > LIMIT) return resolve({ status: 413, message: `Request body larger than ${LIMIT} bytes` });
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        req.body = text.trim() === '' ? {} : JSON.parse(text);
        req._body = true;
        resolve(undefined);
      } catch (err) {
        resolve({ status: 400, message: `Request body is not valid JSON: ${(err as Error).message}` });
      }
    });
  });
}
