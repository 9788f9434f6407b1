/**
 * What flows (and the REST API) ask of evc-authorize, read from msg.payload and checked; every refusal says what
 * was wrong.
 */
import type { Tag } from './tags';

export type TagUpdate = { idTag: string } & Partial<Record<'owner' | 'userGroup' | 'validUntil' | 'parentId' | 'email', string | null>> & { blocked?: boolean };

export type AuthRequest =
  | { kind: 'tags'; tags: TagUpdate[] }
  | { kind: 'import'; data: string | Buffer }
  | { kind: 'list'; userGroup?: string; blocked?: boolean }
  | { kind: 'authorize'; idTag: string }
  | { kind: 'block'; idTags: string[]; blocked: boolean }
  | { kind: 'statement'; month: string }
  | { kind: 'sync'; stationId: string }
  | { kind: 'clearCache'; stationId: string };

export const REQUEST_USAGE = 'msg.payload must be {tags: [{idTag, owner?, userGroup?, validUntil?, blocked?, parentId?, email?}]}, '
  + '{import: CSV text or an Excel (.xlsx) file}, {list: true, userGroup?, blocked?}, {authorize: idTag}, {block: idTag | [idTags]}, '
  + '{unblock: idTag | [idTags]}, {statement: "YYYY-MM"}, {sync: stationId | "all"} or {clearCache: stationId}';

const TEXT_FIELDS = ['owner', 'userGroup', 'validUntil', 'parentId', 'email'] as const;
const ID_TAG = /^\S{1,36}$/;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** One badge as a flow gives it; the reason when it cannot be. */
export function readTag(raw: unknown, where: string): TagUpdate | string {
  if (!isRecord(raw)) return `${where} must be an object with an idTag`;
  if (typeof raw.idTag !== 'string' || !ID_TAG.test(raw.idTag)) return `${where}.idTag must be 1 to 36 characters without spaces`;
  const tag: TagUpdate = { idTag: raw.idTag };
  for (const field of TEXT_FIELDS) {
    const v = raw[field];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') return `${where}.${field} must be a string or null`;
    tag[field] = v === '' ? null : v;
  }
  if (typeof tag.validUntil === 'string') {
    const ms = Date.parse(tag.validUntil);
    if (Number.isNaN(ms)) return `${where}.validUntil must be an ISO 8601 date or date-time, got ${JSON.stringify(tag.validUntil)}`;
    tag.validUntil = new Date(ms).toISOString();
  }
  if (typeof tag.parentId === 'string' && !ID_TAG.test(tag.parentId)) return `${where}.parentId must be 1 to 36 characters without spaces`;
  if (raw.blocked !== undefined) {
    if (typeof raw.blocked !== 'boolean') return `${where}.blocked must be true or false`;
    tag.blocked = raw.blocked;
  }
  return tag;
}

const idList = (v: unknown): string[] | undefined => {
  const list = Array.isArray(v) ? v : [v];
  return list.length && list.every((x) => typeof x === 'string' && ID_TAG.test(x)) ? list as string[] : undefined;
};

export const MAX_IMPORT_BYTES = 8_000_000;

export function readAuthRequest(payload: unknown): AuthRequest | string {
  if (!isRecord(payload)) return REQUEST_USAGE;
  const p = payload;
  if (p.tags !== undefined) {
    if (!Array.isArray(p.tags) || p.tags.length === 0) return 'tags must be a non-empty list of badges';
    const tags: TagUpdate[] = [];
    for (const [i, raw] of p.tags.entries()) {
      const tag = readTag(raw, `tags[${i}]`);
      if (typeof tag === 'string') return tag;
      tags.push(tag);
    }
    return { kind: 'tags', tags };
  }
  if (p.import !== undefined) {
    const data = p.import;
    if (typeof data !== 'string' && !Buffer.isBuffer(data)) return 'import must be CSV text or an Excel file (a Buffer)';
    // Excel needs about 150 times a workbook's size in memory while it reads it: a bound keeps one upload from
    // taking the runtime down (100,000 badges fit in a few MB).
    if (data.length > MAX_IMPORT_BYTES) return `the file is ${Math.round(data.length / 1e6)} MB: at most ${MAX_IMPORT_BYTES / 1e6} MB can be imported at once`;
    return { kind: 'import', data };
  }
  if (p.list !== undefined) {
    if (p.userGroup !== undefined && typeof p.userGroup !== 'string') return 'userGroup must be a string';
    const blocked = p.blocked === undefined ? undefined : p.blocked === true || p.blocked === 'true' ? true : p.blocked === false || p.blocked === 'false' ? false : null;
    if (blocked === null) return 'blocked must be true or false';
    return { kind: 'list', ...(typeof p.userGroup === 'string' ? { userGroup: p.userGroup } : {}), ...(blocked !== undefined ? { blocked } : {}) };
  }
  if (p.authorize !== undefined) {
    return typeof p.authorize === 'string' && ID_TAG.test(p.authorize) ? { kind: 'authorize', idTag: p.authorize } : 'authorize must be a badge: 1 to 36 characters without spaces';
  }
  for (const key of ['block', 'unblock'] as const) {
    if (p[key] === undefined) continue;
    const idTags = idList(p[key]);
    return idTags ? { kind: 'block', idTags, blocked: key === 'block' } : `${key} must be a badge or a list of badges`;
  }
  if (p.statement !== undefined) {
    return typeof p.statement === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(p.statement) ? { kind: 'statement', month: p.statement } : 'statement must be a month, YYYY-MM';
  }
  for (const key of ['sync', 'clearCache'] as const) {
    if (p[key] === undefined) continue;
    if (typeof p[key] !== 'string' || p[key] === '') return `${key} must be a station id${key === 'sync' ? ' or "all"' : ''}`;
    return { kind: key, stationId: p[key] as string };
  }
  return REQUEST_USAGE;
}

/** The list a flow asked for. */
export function listedTags(tags: readonly Tag[], request: Extract<AuthRequest, { kind: 'list' }>): Tag[] {
  return tags.filter((t) => (request.userGroup === undefined || t.userGroup?.toLowerCase() === request.userGroup.toLowerCase())
    && (request.blocked === undefined || Boolean(t.blocked) === request.blocked));
}
