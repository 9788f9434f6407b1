/**
 * Pagination of list GETs (transport_and_format.asciidoc, Pagination): `date_from` inclusive and `date_to`
 * exclusive on `last_updated`, so consecutive windows neither overlap nor leave gaps; `offset` and `limit`, the
 * latter capped by the server. Items keep the order they are given in: the spec asks for the oldest by creation
 * first (not by last_updated), which only the module that owns the objects knows.
 */
import { requireDateTime, parseDateTime } from './datetime';
import { invalidParameters } from './status';

export interface PageQuery {
  dateFrom?: number;
  dateTo?: number;
  offset: number;
  /** Already capped by the server's maximum. */
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Matches of the date filters, before offset and limit (X-Total-Count). */
  total: number;
  limit: number;
  offset: number;
}

/** Reads the four parameters; a bad one is the client's 2001, naming it. */
export function readPageQuery(query: URLSearchParams, maxLimit: number, defaultLimit = maxLimit): PageQuery {
  const dateFrom = query.get('date_from');
  const dateTo = query.get('date_to');
  const out: PageQuery = {
    offset: wholeNumber(query.get('offset'), 'offset', 0, 0),
    limit: Math.min(wholeNumber(query.get('limit'), 'limit', Math.min(defaultLimit, maxLimit), 1), maxLimit),
  };
  if (dateFrom !== null) out.dateFrom = requireDateTime(dateFrom, 'date_from');
  if (dateTo !== null) out.dateTo = requireDateTime(dateTo, 'date_to');
  return out;
}

function wholeNumber(text: string | null, name: string, fallback: number, min: number): number {
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw invalidParameters(`${name} "${text}" must be a whole number${min > 0 ? ` from ${min}` : ''}`);
  }
  return Number(text);
}

/** Whether an object's last_updated falls in the window; objects without a readable one only pass an open window. */
export function inWindow(lastUpdated: string | number | undefined, query: Pick<PageQuery, 'dateFrom' | 'dateTo'>): boolean {
  if (query.dateFrom === undefined && query.dateTo === undefined) return true;
  const at = typeof lastUpdated === 'string' ? parseDateTime(lastUpdated) : lastUpdated;
  if (at === undefined) return false;
  return (query.dateFrom === undefined || at >= query.dateFrom) && (query.dateTo === undefined || at < query.dateTo);
}

/** One page of an in-memory list; modules backed by a database do the same in their query and build the Page. */
export function selectPage<T>(items: readonly T[], query: PageQuery, lastUpdated: (item: T) => string | number | undefined): Page<T> {
  const matching = items.filter((item) => inWindow(lastUpdated(item), query));
  return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length, limit: query.limit, offset: query.offset };
}

/**
 * The response headers of a page. The next link keeps every parameter of the request (the spec wants the filters
 * carried over) with offset moved on and the effective limit; none on the last page.
 */
export function pageHeaders(requestUrl: URL, page: Page<unknown>): Record<string, string> {
  const out: Record<string, string> = { 'X-Total-Count': String(page.total), 'X-Limit': String(page.limit) };
  const nextOffset = page.offset + page.items.length;
  if (page.items.length > 0 && nextOffset < page.total) {
    const next = new URL(requestUrl.href);
    next.searchParams.set('offset', String(nextOffset));
    next.searchParams.set('limit', String(page.limit));
    out.Link = `<${next.href}>; rel="next"`;
  }
  return out;
}

/** The URL of rel="next" in a Link header, if any. */
export function nextLink(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/i.test(m[2])) return m[1];
  }
  return undefined;
}
