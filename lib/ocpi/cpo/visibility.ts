/**
 * Which charges a requester may see or act on: those charged with a token of its party. Local badges (no eMSP
 * token) belong to no partner. A hub that names no party in its routing headers speaks for all of its members.
 */
import { sameParty } from '../headers';
import type { CdrToken } from '../objects/sessions';
import type { Requester } from './types';

export function visibleTo(token: CdrToken | undefined, who: Requester): boolean {
  if (!token) return false;
  return who.anyParty || sameParty(token, who.party);
}
