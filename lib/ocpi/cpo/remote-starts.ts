/**
 * START_SESSIONs waiting for their transaction, and the tokens eMSPs commanded with. A 2.0.1 station names the
 * remoteStartId in its TransactionEvent; a 1.6 station does not, so its StartTransaction is matched by station,
 * EVSE and idTag within the window. The spec asks the CPO not to authorize a START_SESSION's token in real time at
 * that charger for 15 minutes: the grants say which badge the eMSP vouched for, where, until when.
 */
import type { CdrToken } from '../objects/sessions';

export const START_WINDOW_MS = 15 * 60_000;

export interface PendingStart {
  stationId: string;
  evseId: number;
  idTag: string;
  remoteStartId: number;
  token: CdrToken;
  authorizationReference?: string;
  at: number;
}

export interface StartSeen {
  stationId: string;
  evseId?: number;
  idTag?: string;
  remoteStartId?: number;
}

interface Grant {
  uid: string;
  stationId: string;
  until: number;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

export class RemoteStarts {
  private pending: PendingStart[] = [];
  private grants: Grant[] = [];

  constructor(private readonly now: () => number, private readonly windowMs = START_WINDOW_MS) {}

  add(start: PendingStart): void {
    this.prune();
    this.pending.push(start);
    this.grant(start.idTag, start.stationId, start.at + this.windowMs);
  }

  /** The station refused, or never answered: nothing will start. */
  cancel(remoteStartId: number): void {
    this.pending = this.pending.filter((p) => p.remoteStartId !== remoteStartId);
  }

  /** The START_SESSION a transaction that just started answers, taken off the list. */
  claim(seen: StartSeen): PendingStart | undefined {
    this.prune();
    const byId = seen.remoteStartId !== undefined ? this.pending.find((p) => p.stationId === seen.stationId && p.remoteStartId === seen.remoteStartId) : undefined;
    const found = byId ?? this.pending.find((p) => p.stationId === seen.stationId && (seen.evseId === undefined || p.evseId === seen.evseId)
      && seen.idTag !== undefined && same(p.idTag, seen.idTag));
    if (found) this.pending = this.pending.filter((p) => p !== found);
    return found;
  }

  grant(uid: string, stationId: string, until: number): void {
    this.grants.push({ uid, stationId, until });
  }

  /** Whether an eMSP vouched for this badge (at this station, when one is named) and the grant still runs. */
  commanded(uid: string, stationId?: string): boolean {
    this.prune();
    return this.grants.some((g) => same(g.uid, uid) && (stationId === undefined || g.stationId === stationId));
  }

  private prune(): void {
    const now = this.now();
    this.pending = this.pending.filter((p) => p.at + this.windowMs > now);
    this.grants = this.grants.filter((g) => g.until > now);
  }
}
