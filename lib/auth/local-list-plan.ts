/**
 * What goes into a station's local authorization list, and how an update is cut into SendLocalList messages and
 * numbered. Kept apart from the sync engine so the numbering rules can be read (and tested) on their own.
 */
import { decideTag, AuthDecision } from './decide';
import type { Tag, TagStore } from './tags';

/** One list entry as the version-neutral sendLocalList command takes it; only idTag means "remove" in a differential. */
export interface LocalListEntry {
  idTag: string;
  status?: AuthDecision['status'];
  expiryDate?: string;
  parentIdTag?: string;
}

/** A badge's entry, or undefined to leave it off the list (and remove it from a station's list). */
export type EntryOf = (tag: Tag) => LocalListEntry | undefined;

export interface ListMessage {
  updateType: 'Full' | 'Differential';
  listVersion: number;
  entries: LocalListEntry[];
}

/**
 * The store's own decision, without concurrency (a station cannot know it offline). Refused badges stay on the list
 * with their status: left off, a station with "unknown offline authorization" enabled would still let them charge.
 */
export function defaultEntryOf(tags: TagStore): EntryOf {
  return (tag) => {
    const parent = tag.parentId === undefined ? undefined : tags.get(tag.parentId);
    const d = decideTag(tag, { now: Date.now(), concurrent: false, parent });
    if (d.status !== 'Accepted' && d.status !== 'Blocked' && d.status !== 'Expired') return undefined;
    return {
      idTag: tag.idTag, status: d.status,
      ...(d.status === 'Accepted' && d.expiryDate ? { expiryDate: d.expiryDate } : {}),
      ...(d.parentIdTag ? { parentIdTag: d.parentIdTag } : {}),
    };
  };
}

/** Whether a station holding this entry lets the badge charge (the same reading as the command translator's). */
export function grants(entry: LocalListEntry | undefined): boolean {
  if (!entry) return false;
  if (entry.status !== undefined) return entry.status === 'Accepted';
  return entry.expiryDate !== undefined || entry.parentIdTag !== undefined;
}

/**
 * An update as messages of at most chunkSize entries; for a Full the first replaces the list and the rest add to it.
 * Each must carry a higher version than the one before and than the station's (a differential at or below it is a
 * VersionMismatch), and none may be below 1 (0 and -1 mean "no list" and "no support"). So the last ends at the
 * store version when there is room below it; otherwise (a young store: a bulk import is a single change) they
 * count up from the lowest allowed and the station ends ahead of the store, which the sync engine records.
 */
export function listMessages(
  updateType: 'Full' | 'Differential', entries: LocalListEntry[], chunkSize: number, storeVersion: number, above = 0,
): ListMessage[] {
  const size = Math.max(1, Math.floor(chunkSize));
  const chunks: LocalListEntry[][] = [];
  for (let i = 0; i < entries.length; i += size) chunks.push(entries.slice(i, i + size));
  if (!chunks.length) chunks.push([]);
  const first = Math.max(above + 1, storeVersion - chunks.length + 1);
  return chunks.map((chunk, i) => ({ updateType: i === 0 ? updateType : 'Differential', listVersion: first + i, entries: chunk }));
}
