/**
 * What a badge may do, by OCPP's statuses: Accepted, Blocked, Expired, ConcurrentTx (already charging elsewhere),
 * and Unknown for a badge nobody knows (1.6 stations hear Invalid). A badge under a blocked or expired parent is
 * as its parent: blocking a fleet's card blocks its drivers' cards.
 */
import type { Tag } from './tags';

export interface AuthDecision {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx' | 'Unknown' | 'NoCredit' | 'NotAtThisLocation';
  /** Until when a station may trust it from its cache (the badge's own validity). */
  expiryDate?: string;
  parentIdTag?: string;
  /** The badge's user group: the category whose profile its transaction gets. */
  userGroup?: string;
  /** Who decided: the tag store, a roaming partner (evc-ocpi), the directory (or its cache), or nobody knew the badge. */
  source: 'tags' | 'roaming' | 'directory' | 'unknown';
  /** Why, in words, for the node's output and logs. */
  reason: string;
}

export interface DecideContext {
  now: number;
  /** Another transaction is open with this badge. */
  concurrent: boolean;
  /** The parent badge, when the badge has one the store knows. */
  parent?: Tag;
}

const expired = (tag: Tag, now: number): boolean => tag.validUntil !== undefined && Date.parse(tag.validUntil) <= now;

export function decideTag(tag: Tag, ctx: DecideContext): AuthDecision {
  const base = {
    source: 'tags' as const, ...(tag.userGroup ? { userGroup: tag.userGroup } : {}), ...(tag.parentId ? { parentIdTag: tag.parentId } : {}),
  };
  if (tag.blocked) return { ...base, status: 'Blocked', reason: `badge ${tag.idTag} is blocked` };
  if (expired(tag, ctx.now)) return { ...base, status: 'Expired', reason: `badge ${tag.idTag} expired on ${tag.validUntil}` };
  if (ctx.parent?.blocked) return { ...base, status: 'Blocked', reason: `its parent badge ${ctx.parent.idTag} is blocked` };
  if (ctx.parent && expired(ctx.parent, ctx.now)) return { ...base, status: 'Expired', reason: `its parent badge ${ctx.parent.idTag} expired on ${ctx.parent.validUntil}` };
  if (ctx.concurrent) return { ...base, status: 'ConcurrentTx', reason: `badge ${tag.idTag} is already charging` };
  const until = [tag.validUntil, ctx.parent?.validUntil].filter((v): v is string => v !== undefined).sort()[0];
  return { ...base, status: 'Accepted', ...(until ? { expiryDate: until } : {}), reason: tag.userGroup ? `known badge, user group ${tag.userGroup}` : 'known badge' };
}
