/**
 * What is done about a stalled session: restart it (stop, then start again with the same badge on the same
 * charging point), reset the station, or only tell. Recoveries are counted per station so a station that stalls
 * again and again is not restarted all day: past the limit only events go out, and a person takes over.
 */
import type { Payload } from '../ocpp/frames';
import type { SupervisedCsms } from './types';
import type { TxWatch } from './stall-watch';

export type RecoveryAction = 'restart' | 'reset' | 'event';
export const RECOVERY_ACTIONS: readonly RecoveryAction[] = ['restart', 'reset', 'event'];

const DAY_MS = 86_400_000;

/** Recoveries per station over the last 24 hours (a rolling day: no burst of restarts right after midnight). */
export class RecoveryBudget {
  private readonly used = new Map<string, number[]>();

  constructor(readonly maxPerDay: number) {}

  count(stationId: string, now: number): number {
    const recent = (this.used.get(stationId) ?? []).filter((at) => at > now - DAY_MS);
    if (recent.length) this.used.set(stationId, recent);
    else this.used.delete(stationId);
    return recent.length;
  }

  /** Takes one recovery if the station has some left. */
  take(stationId: string, now: number): boolean {
    if (this.count(stationId, now) >= this.maxPerDay) return false;
    this.used.set(stationId, [...(this.used.get(stationId) ?? []), now]);
    return true;
  }
}

/** The outcome of a recovery: the answers of the station, or why it failed. */
export type RecoveryOutcome = { ok: true; responses: Payload[] } | { ok: false; error: string; responses: Payload[] };

export interface RecoveryContext {
  csms: SupervisedCsms;
  commandTimeoutMs: number;
  /** Resolves when the transaction has ended (true) or the wait is over (false). */
  waitForEnd(stationId: string, transactionId: string): Promise<boolean>;
  /** Called just before the new start goes out, so the new session is known as ours when it begins. */
  restarting(stationId: string, evseId: number | undefined): void;
}

const statusOf = (p: Payload): string => String(p.status ?? '');

/** Stop then start again, same badge, same charging point. */
export async function restartSession(w: TxWatch, ctx: RecoveryContext): Promise<RecoveryOutcome> {
  const responses: Payload[] = [];
  if (!w.idTag) return { ok: false, error: 'the badge (idTag) of the session is unknown: it cannot be started again', responses };
  const stop = await ctx.csms.command(w.stationId, { command: 'remoteStop', transactionId: w.transactionId }, ctx.commandTimeoutMs);
  responses.push(stop.response);
  if (statusOf(stop.response) !== 'Accepted') return { ok: false, error: `remoteStop answered ${statusOf(stop.response) || 'nothing'}`, responses };
  // A start while the old transaction is still open would be refused: wait for its end (a bounded wait).
  await ctx.waitForEnd(w.stationId, w.transactionId);
  ctx.restarting(w.stationId, w.evseId);
  const start = await ctx.csms.command(w.stationId, {
    command: 'remoteStart', evseId: w.evseId, idTag: w.idTag, idTokenType: w.tokenType,
  }, ctx.commandTimeoutMs);
  responses.push(start.response);
  if (statusOf(start.response) !== 'Accepted') return { ok: false, error: `remoteStart answered ${statusOf(start.response) || 'nothing'}`, responses };
  return { ok: true, responses };
}

/**
 * Resets the whole station, ending its transactions cleanly first: 1.6 Soft does that; the 2.0.1 equivalent is
 * Immediate, since a 2.0.1 OnIdle reset would wait for the stalled session to end and so never help.
 */
export async function resetStation(w: TxWatch, ctx: RecoveryContext): Promise<RecoveryOutcome> {
  const version = ctx.csms.store.get(w.stationId)?.version;
  const type = version === '2.0.1' ? 'Immediate' : 'Soft';
  const reset = await ctx.csms.command(w.stationId, { command: 'reset', type }, ctx.commandTimeoutMs);
  const status = statusOf(reset.response);
  if (status !== 'Accepted') return { ok: false, error: `reset ${type} answered ${status || 'nothing'}`, responses: [reset.response] };
  return { ok: true, responses: [reset.response] };
}
