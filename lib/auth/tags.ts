/**
 * The badges the park knows: owner, user group (the category whose profile their transactions get), validity,
 * blocked, and parent (a group badge: a fleet, a company). OCPP compares idTags without case (CiString), so the
 * store does too, keeping each badge's own spelling. A badge is never deleted, only blocked: transactions and
 * billing keep referring to it. Every change raises the list version the stations' local lists follow.
 */
import { EventEmitter } from 'events';
import type { TagRow } from '../archive/backend';
import type { TagRecord } from '../archive/records';

/** A badge as the archive keeps it (lib/archive/records.ts): owner, user group, validity, blocked, parent, e-mail. */
export type Tag = Omit<TagRecord, 'kind' | 'at' | 'whole'>;

export interface TagChange {
  /** The badges as they now are. */
  tags: Tag[];
  /** The list version after the change. */
  version: number;
}

const FIELDS = ['owner', 'userGroup', 'validUntil', 'parentId', 'email'] as const;

export const keyOf = (idTag: string): string => idTag.toUpperCase();

export class TagStore extends EventEmitter {
  private readonly tags = new Map<string, Tag>();
  private listVersion = 0;

  /** The version of the list as it is now: 0 while empty and never changed, one more with each change. */
  get version(): number {
    return this.listVersion;
  }

  get size(): number {
    return this.tags.size;
  }

  get(idTag: string): Tag | undefined {
    const tag = this.tags.get(keyOf(idTag));
    return tag && { ...tag };
  }

  list(): Tag[] {
    return [...this.tags.values()].map((t) => ({ ...t }));
  }

  /** Loads the badges a database kept, at the version the stations last got (nothing is announced). */
  load(tags: readonly Tag[], version: number): void {
    for (const t of tags) this.tags.set(keyOf(t.idTag), { ...t });
    this.listVersion = Math.max(this.listVersion, version);
  }

  /**
   * Adds or updates badges; a field left out keeps its value, `null` clears it. Returns the badges that changed
   * (and announces them as one 'change'), none when all were as given.
   */
  upsert(updates: ReadonlyArray<Partial<Record<keyof Tag, unknown>> & { idTag: string }>): Tag[] {
    const changed: Tag[] = [];
    for (const u of updates) {
      const key = keyOf(u.idTag);
      const before = this.tags.get(key);
      const after: Tag = { ...(before ?? { idTag: u.idTag }) };
      for (const field of FIELDS) {
        if (u[field] === null) delete after[field];
        else if (typeof u[field] === 'string') after[field] = u[field] as string;
      }
      if (typeof u.blocked === 'boolean') after.blocked = u.blocked;
      if (before && sameTag(before, after)) continue;
      this.tags.set(key, after);
      changed.push({ ...after });
    }
    if (changed.length) {
      this.listVersion += 1;
      this.emit('change', { tags: changed, version: this.listVersion } satisfies TagChange);
    }
    return changed;
  }
}

function sameTag(a: Tag, b: Tag): boolean {
  return FIELDS.every((f) => a[f] === b[f]) && Boolean(a.blocked) === Boolean(b.blocked);
}

/** A badge as the archive's `tags` table gives it back (nulls for what it lacks, blocked as 1 or 0). */
export function tagOfRow(r: TagRow): Tag {
  const tag: Tag = { idTag: r.idTag };
  for (const field of FIELDS) if (r[field] !== null) tag[field] = r[field] as string;
  if (r.blocked) tag.blocked = true;
  return tag;
}
