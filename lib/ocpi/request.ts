/**
 * What a module handler sees of a request and what it answers, and the reading of a request body. Handlers never
 * touch HTTP: the router does authentication, envelope, ids, routing and paging headers around them.
 */
import type { IncomingMessage } from 'http';
import type { RequestIds, Routing } from './headers';
import type { InterfaceRole, ModuleId } from './model';
import type { Page, PageQuery } from './paging';
import type { Partner, TokenKind } from './partners';
import { OcpiError, OcpiStatus } from './status';

export interface OcpiRequest extends RequestIds {
  method: string;
  module: ModuleId;
  role: InterfaceRole;
  /** Decoded path segments after the module's own, e.g. ['NL', 'TNM', '14'] for tariffs/NL/TNM/14. */
  path: string[];
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  partner: Partner;
  tokenKind: TokenKind;
  /** Routing headers as received (never set on configuration modules). */
  routing: Routing;
  /** This request's public URL, as the partner reached it. */
  url: URL;
  /** The pagination parameters, capped by the module's maximum; a bad one throws the client's 2001. */
  pageQuery(defaultLimit?: number): PageQuery;
}

export interface OcpiReply {
  /** OCPI status_code, 1000 by default. */
  status?: number;
  message?: string;
  data?: unknown;
  headers?: Record<string, string>;
  httpStatus?: number;
  /** A list answer: becomes `data`, with Link, X-Total-Count and X-Limit. */
  page?: Page<unknown>;
}

export type ModuleHandler = (request: OcpiRequest) => OcpiReply | Promise<OcpiReply>;

const MAX_BODY = 1024 * 1024;

/** Bodies may already have been read by middleware of the host (Express body parsers under Node-RED). */
interface MaybeParsed extends IncomingMessage {
  body?: unknown;
}

/** The JSON body, undefined when empty; invalid JSON is HTTP 400 (status_codes.asciidoc), too big 413. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const parsed = (req as MaybeParsed).body;
  if (parsed !== undefined && req.readableEnded) {
    if (Buffer.isBuffer(parsed)) return parseJson(parsed.toString('utf8'));
    if (typeof parsed === 'string') return parseJson(parsed);
    // An empty object is what body parsers leave for a request without a body.
    return typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length === 0 ? undefined : parsed;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY) throw new OcpiError(OcpiStatus.CLIENT_ERROR, `the body is over ${MAX_BODY} bytes`, 413);
    chunks.push(buffer);
  }
  return parseJson(Buffer.concat(chunks).toString('utf8'));
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new OcpiError(OcpiStatus.INVALID_PARAMETERS, `the body is not valid JSON: ${(e as Error).message}`, 400);
  }
}
