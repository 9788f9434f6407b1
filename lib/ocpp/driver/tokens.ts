/**
 * The badge a station's CALL presents, for the authorizer that decides on it (lib/auth): 1.6 Authorize,
 * StartTransaction and StopTransaction carry an idTag, 2.0.1 Authorize and TransactionEvent an idToken. The
 * decision goes back in the answer as 1.6 idTagInfo or 2.0.1 idTokenInfo.
 */
import type { OcppVersion } from '../errors';
import type { Payload } from '../frames';

export interface TokenRequest {
  stationId: string;
  version: OcppVersion;
  action: string;
  idTag: string;
  /** 2.0.1 IdTokenEnumType (ISO14443, Central, eMAID...); absent on 1.6. */
  tokenType?: string;
  evseId?: number;
  /** The transaction it starts or belongs to, when the CALL names one (1.6 Stop, 2.0.1 TransactionEvent). */
  transactionId?: string;
  /** What the CALL is for: a badge shown, a transaction starting, stopping, or going on. */
  purpose: 'authorize' | 'start' | 'stop' | 'update';
}

/**
 * The decision in version-neutral words. `status` is 2.0.1's AuthorizationStatusEnumType; 1.6 takes Accepted,
 * Blocked, Expired, Invalid and ConcurrentTx, and hears Invalid for the others (Unknown, NotAtThisTime...).
 */
export interface TokenDecision {
  status: string;
  /** Until when the station may keep the answer in its cache (ISO). */
  expiryDate?: string;
  parentIdTag?: string;
}

export type Authorizer = (request: TokenRequest) => TokenDecision | Promise<TokenDecision>;

/** What a source of badges from outside the park (an OCPI eMSP's tokens, its remote starts) says of one it knows. */
export interface BadgeVerdict {
  /** 2.0.1 words; 1.6 stations hear Invalid for NoCredit and NotAtThisLocation. */
  status: 'Accepted' | 'Blocked' | 'Expired' | 'NoCredit' | 'NotAtThisLocation';
  /** Who vouches, for the authorizer's reason: e.g. "OCPI token NL-EMS-C42 of partner hub". */
  reason: string;
}

/** Where and why a badge is shown, for a source that asks its owner only when it matters. */
export type BadgeContext = Partial<Pick<TokenRequest, 'stationId' | 'purpose'>>;

/**
 * Such a source: undefined when it does not know the badge, so the park's own policy decides; a promise when it
 * asks its owner (an eMSP's real-time authorization).
 */
export type BadgeSource = (idTag: string, at: BadgeContext) => BadgeVerdict | undefined | Promise<BadgeVerdict | undefined>;

const STATUS_16 = new Set(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);

/** The badge of a CALL, or undefined when it carries none (a 2.0.1 NoAuthorization token is none to decide on). */
export function tokenOf(stationId: string, version: OcppVersion, action: string, p: Payload): TokenRequest | undefined {
  const base = { stationId, version, action };
  if (version === '1.6') {
    if (typeof p.idTag !== 'string') return undefined;
    const connector = typeof p.connectorId === 'number' ? { evseId: p.connectorId } : {};
    if (action === 'Authorize') return { ...base, idTag: p.idTag, purpose: 'authorize' };
    if (action === 'StartTransaction') return { ...base, idTag: p.idTag, ...connector, purpose: 'start' };
    if (action === 'StopTransaction') return { ...base, idTag: p.idTag, transactionId: String(p.transactionId), purpose: 'stop' };
    return undefined;
  }
  const token = p.idToken as { idToken?: unknown; type?: unknown } | undefined;
  if (!token || typeof token.idToken !== 'string' || token.type === 'NoAuthorization') return undefined;
  const tokenType = typeof token.type === 'string' ? token.type : undefined;
  if (action === 'Authorize') return { ...base, idTag: token.idToken, tokenType, purpose: 'authorize' };
  if (action !== 'TransactionEvent') return undefined;
  const tx = p.transactionInfo as { transactionId?: unknown } | undefined;
  const evse = p.evse as { id?: unknown } | undefined;
  const purpose = p.eventType === 'Started' ? 'start' : p.eventType === 'Ended' ? 'stop' : 'update';
  return {
    ...base, idTag: token.idToken, tokenType, purpose, ...(typeof evse?.id === 'number' ? { evseId: evse.id } : {}),
    ...(typeof tx?.transactionId === 'string' ? { transactionId: tx.transactionId } : {}),
  };
}

/** 1.6 IdTagInfo. */
export function idTagInfo(d: TokenDecision): Payload {
  return {
    status: STATUS_16.has(d.status) ? d.status : 'Invalid',
    ...(d.expiryDate ? { expiryDate: d.expiryDate } : {}),
    ...(d.parentIdTag ? { parentIdTag: d.parentIdTag } : {}),
  };
}

/** 2.0.1 IdTokenInfoType; the parent is a group token of the Central kind (our tag store issued it). */
export function idTokenInfo(d: TokenDecision): Payload {
  return {
    status: d.status,
    ...(d.expiryDate ? { cacheExpiryDateTime: d.expiryDate } : {}),
    ...(d.parentIdTag ? { groupIdToken: { idToken: d.parentIdTag, type: 'Central' } } : {}),
  };
}
