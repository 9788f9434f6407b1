/**
 * The park's authorization: decides on every badge a station presents, in both OCPP versions, from the tag store,
 * then the CSMS's roaming sources (evc-ocpi), then the company directory when one is set, then the policy for
 * badges nobody knows. Registered as its CSMS's authorizer, so the decision is the station's answer; each one is
 * emitted ('decision') for flows and logs. The user group a badge was accepted with is what evc-charging-profile's
 * categories read.
 */
import { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { BadgeVerdict, TokenDecision, TokenRequest } from '../ocpp/driver/tokens';
import type { TransactionState } from '../stations/types';
import type { DirectoryAnswer } from './directory';
import { AuthDecision, decideTag } from './decide';
import { keyOf, TagStore } from './tags';

export interface BadgeDirectory {
  lookup(badge: string): Promise<DirectoryAnswer>;
  close(): Promise<void>;
}

export interface AuthServiceOptions {
  /** A badge neither the tags nor the directory know: refused (Unknown, 1.6 Invalid), or accepted (an open park). */
  unknownBadges: 'refuse' | 'accept';
  /** Whether one badge may charge at two EVSEs at once (a fleet card shared by drivers); refused otherwise. */
  allowConcurrent: boolean;
  directory?: BadgeDirectory;
  clock?: { now(): number };
}

export interface AuthEvent {
  request: TokenRequest;
  decision: AuthDecision;
}

/** How many directory users' groups are kept for the profiles (the directory keeps its own answers). */
const GROUPS_KEPT = 10_000;

/** What the service needs of a CSMS: the authorizer slot, and who charges where. */
export type AuthCsms = Pick<Csms, 'useAuthorizer'> & Partial<Pick<Csms, 'badgeFromSources'>> & {
  readonly store: { list(): ReadonlyArray<{ identity: string; transactions: ReadonlyArray<Pick<TransactionState, 'transactionId' | 'idTag' | 'evseId' | 'connectorId'>> }> };
};

export class AuthService extends EventEmitter {
  private readonly clock: { now(): number };
  private readonly directoryGroups = new Map<string, string>();
  private release?: () => void;

  constructor(private readonly options: AuthServiceOptions, readonly tags: TagStore, private readonly csms?: AuthCsms) {
    super();
    this.clock = options.clock ?? Date;
  }

  /** Answers the CSMS's badges; throws when another authorizer already does. */
  start(): void {
    if (!this.csms || this.release) return;
    this.release = this.csms.useAuthorizer((r) => this.authorize(r), (idTag) => this.userGroupOf(idTag));
  }

  async stop(): Promise<void> {
    this.release?.();
    this.release = undefined;
    await this.options.directory?.close();
  }

  /** The station's answer; synchronous unless the directory is asked. */
  authorize(request: TokenRequest): TokenDecision | Promise<TokenDecision> {
    const decided = this.decide(request.idTag, request);
    const answer = (d: AuthDecision): TokenDecision => {
      this.emit('decision', { request, decision: d } satisfies AuthEvent);
      return { status: d.status, ...(d.expiryDate ? { expiryDate: d.expiryDate } : {}), ...(d.parentIdTag ? { parentIdTag: d.parentIdTag } : {}) };
    };
    return decided instanceof Promise ? decided.then(answer) : answer(decided);
  }

  /**
   * What a badge gets, and why. `at` places it: a badge that starts or shows at a station is refused as
   * ConcurrentTx while it charges elsewhere, not for the transaction it belongs to.
   */
  decide(idTag: string, at?: Pick<TokenRequest, 'stationId' | 'evseId' | 'transactionId' | 'purpose'>): AuthDecision | Promise<AuthDecision> {
    const concurrent = at?.purpose !== 'stop' && !this.options.allowConcurrent && this.chargingElsewhere(idTag, at);
    const tag = this.tags.get(idTag);
    if (tag) {
      return decideTag(tag, { now: this.clock.now(), concurrent, ...(tag.parentId ? { parent: this.tags.get(tag.parentId) } : {}) });
    }
    const roaming = this.csms?.badgeFromSources?.(idTag, { ...(at?.stationId ? { stationId: at.stationId } : {}), ...(at?.purpose ? { purpose: at.purpose } : {}) });
    const decided = (verdict: BadgeVerdict | undefined): AuthDecision | Promise<AuthDecision> => {
      if (!verdict) return this.outsideRoaming(idTag, concurrent);
      if (verdict.status === 'Accepted' && concurrent) return { status: 'ConcurrentTx', source: 'roaming', reason: `${verdict.reason}, already charging` };
      return { status: verdict.status, source: 'roaming', reason: verdict.reason };
    };
    return roaming instanceof Promise ? roaming.then(decided) : decided(roaming);
  }

  /** A badge neither the tags nor a roaming partner know: the directory's, or the policy for unknown badges. */
  private outsideRoaming(idTag: string, concurrent: boolean): AuthDecision | Promise<AuthDecision> {
    if (!this.options.directory) return this.unknown(idTag, 'badge not in the tag store');
    return this.options.directory.lookup(idTag).then((answer) => {
      if (!answer.found) {
        return this.unknown(idTag, answer.source === 'unreachable' ? `directory unreachable (${answer.reason})` : 'badge not in the tag store nor the directory');
      }
      const userGroup = answer.category ?? answer.groups[0];
      if (userGroup) this.keepGroup(idTag, userGroup);
      const who = `${answer.name ?? answer.dn}${answer.source === 'directory' ? '' : `, from the ${answer.source}`}`;
      const base = { source: 'directory' as const, ...(userGroup ? { userGroup } : {}) };
      if (concurrent) return { ...base, status: 'ConcurrentTx' as const, reason: `directory user ${who} is already charging` };
      return { ...base, status: 'Accepted' as const, reason: `directory user ${who}${userGroup ? `, group ${userGroup}` : ''}` };
    });
  }

  userGroupOf(idTag: string): string | undefined {
    return this.tags.get(idTag)?.userGroup ?? this.directoryGroups.get(keyOf(idTag));
  }

  private unknown(idTag: string, why: string): AuthDecision {
    if (this.options.unknownBadges === 'accept') return { status: 'Accepted', source: 'unknown', reason: `${why}: the park accepts unknown badges` };
    return { status: 'Unknown', source: 'unknown', reason: `${why}: ${idTag} is unknown` };
  }

  /** Another open transaction holds the badge (a station retrying its own start is not another). */
  private chargingElsewhere(idTag: string, at?: Pick<TokenRequest, 'stationId' | 'evseId' | 'transactionId'>): boolean {
    const key = keyOf(idTag);
    return (this.csms?.store.list() ?? []).some((station) => station.transactions.some((t) => {
      if (!t.idTag || keyOf(t.idTag) !== key) return false;
      if (!at || station.identity !== at.stationId) return true;
      if (at.transactionId !== undefined) return t.transactionId !== at.transactionId;
      return at.evseId === undefined || (t.evseId ?? t.connectorId) !== at.evseId;
    }));
  }

  private keepGroup(idTag: string, group: string): void {
    const key = keyOf(idTag);
    this.directoryGroups.delete(key);
    this.directoryGroups.set(key, group);
    if (this.directoryGroups.size > GROUPS_KEPT) this.directoryGroups.delete(this.directoryGroups.keys().next().value as string);
  }
}
