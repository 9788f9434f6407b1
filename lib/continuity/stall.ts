/**
 * Stalled-session detection: a session is stalled when an EV is connected, its transaction open and power allowed,
 * yet no energy has flowed for the timeout (a station that "hangs" with a car plugged in all night). Then the
 * configured recovery runs, within a daily limit per station, and never on a station in manual mode.
 */
import { EventEmitter } from 'events';
import type { MeterSample, OcppEvent } from '../ocpp/events';
import { Clock, TimerHandle } from './clock';
import { RecoveryAction, RecoveryBudget, RecoveryContext, RecoveryOutcome, resetStation, restartSession } from './recovery';
import { StationSelector } from './selector';
import { TxWatch, connectorStatus, judge, recordSample } from './stall-watch';
import { ContinuityAction, NoActionReason, SupervisedCsms, describeError, isoAt } from './types';

export interface StallOptions {
  /** No energy for this long = stalled. Default 10 min. */
  timeoutMs: number;
  /** Below this power no energy flows. Default 50 W. */
  powerThresholdW: number;
  recovery: RecoveryAction;
  /** Recoveries per station per (rolling) day; past it only events. Default 3. */
  maxRecoveriesPerDay: number;
  /** A 1.6 SuspendedEV status (2.0.1 chargingState) is the EV's own choice: a stall only when this is set. */
  suspendedEvIsStall: boolean;
  /** How often sessions are judged. Default: a tenth of the timeout, from 1 s to 30 s. */
  checkIntervalMs?: number;
  /** How long a restart waits for the old transaction to end before starting again. Default 30 s. */
  stopWaitMs?: number;
  commandTimeoutMs?: number;
}

export const DEFAULT_STALL: StallOptions = {
  timeoutMs: 600_000, powerThresholdW: 50, recovery: 'restart', maxRecoveriesPerDay: 3, suspendedEvIsStall: false,
};

/** What other parts of the service tell the detector. */
export interface StallHooks {
  /** Until when a session is held at 0 W on purpose (staggered start). */
  heldUntil?(stationId: string, transactionId: string): number | undefined;
  /** False when something else limits the session to nothing on purpose (an allocator sharing little power). */
  powerAllowed?(stationId: string, evseId: number | undefined, transactionId: string): boolean;
  /** A restart is about to start a new session on this charging point. */
  restarting?(stationId: string, evseId: number | undefined): void;
}

type Waiter = { stationId: string; transactionId: string; resolve: (ended: boolean) => void; timer: TimerHandle };

/** Emits 'action' (ContinuityAction) and 'warn' (text). */
export class StallDetector extends EventEmitter {
  readonly options: StallOptions;
  private readonly budget: RecoveryBudget;
  private readonly watches = new Map<string, TxWatch>();
  /** Stations with a recovery under way: judged again once it is over. */
  private readonly busy = new Set<string>();
  private waiters: Waiter[] = [];
  private timer?: TimerHandle;
  private running = false;
  private readonly listener = (e: OcppEvent): void => {
    try {
      this.onEvent(e);
    } catch (err) {
      // The CSMS emits events while answering a station: a failure here must not reach the station.
      this.emit('warn', `stall detector: ${describeError(err)}`);
    }
  };

  constructor(
    private readonly csms: SupervisedCsms,
    options: Partial<StallOptions>,
    private readonly clock: Clock,
    private readonly selects: StationSelector = () => true,
    private readonly hooks: StallHooks = {},
  ) {
    super();
    this.options = { ...DEFAULT_STALL, ...options };
    this.budget = new RecoveryBudget(this.options.maxRecoveriesPerDay);
  }

  get checkIntervalMs(): number {
    return this.options.checkIntervalMs ?? Math.min(30_000, Math.max(1000, this.options.timeoutMs / 10));
  }

  /** Watches the transactions already open (after a restart of ours) and those to come. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.clock.now();
    for (const station of this.csms.store.list()) {
      if (!this.selects(station.identity)) continue;
      for (const tx of station.transactions) this.ensure(station.identity, tx.transactionId, now);
    }
    this.csms.on('event', this.listener);
    this.schedule();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.csms.off('event', this.listener);
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) {
      this.clock.clearTimeout(w.timer);
      w.resolve(false);
    }
  }

  /** The sessions watched, for status displays. */
  list(): readonly TxWatch[] {
    return [...this.watches.values()];
  }

  recoveriesToday(stationId: string): number {
    return this.budget.count(stationId, this.clock.now());
  }

  /** Judges every watched session now (the timer does it every checkIntervalMs). */
  check(): void {
    const now = this.clock.now();
    for (const w of [...this.watches.values()]) {
      if (this.busy.has(w.stationId)) continue;
      const heldUntil = this.hooks.heldUntil?.(w.stationId, w.transactionId);
      // Time on hold is no time without energy: once the hold ends, the timeout counts from its end.
      if (heldUntil !== undefined) w.flowAt = Math.max(w.flowAt, heldUntil);
      const verdict = judge(w, {
        now,
        snapshot: this.csms.store.get(w.stationId),
        timeoutMs: this.options.timeoutMs,
        suspendedEvIsStall: this.options.suspendedEvIsStall,
        heldUntil,
        powerAllowed: this.hooks.powerAllowed?.(w.stationId, w.evseId, w.transactionId) ?? true,
      });
      if (verdict.stalled) {
        this.stalled(w, verdict.sinceMs, now);
      } else if (verdict.pause && verdict.pause !== 'held') {
        // Not judged now (EV away, station offline...): a new stall, if any, counts from when it can be judged.
        w.stalledSince = undefined;
        this.restartClock(w, now);
      }
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (!this.running) return;
      try {
        this.check();
      } catch (err) {
        this.emit('warn', `stall check: ${describeError(err)}`);
      }
      this.schedule();
    }, this.checkIntervalMs);
  }

  private key(stationId: string, transactionId: string): string {
    return `${stationId}\u0000${transactionId}`;
  }

  /** The watch of a transaction, made from the live state when the service did not see it start. */
  private ensure(stationId: string, transactionId: string, now: number): TxWatch | undefined {
    const key = this.key(stationId, transactionId);
    const known = this.watches.get(key);
    if (known) return known;
    const tx = this.csms.store.openTransactions(stationId).find((t) => t.transactionId === transactionId);
    if (!tx) return undefined;
    const w: TxWatch = {
      stationId, transactionId, evseId: tx.evseId, connectorId: tx.connectorId, idTag: tx.idTag,
      flowAt: now, flowWh: tx.meterStartWh !== undefined ? tx.meterStartWh + tx.energyWh : undefined, samples: 0,
    };
    this.watches.set(key, w);
    return w;
  }

  private onEvent(e: OcppEvent): void {
    if (!this.selects(e.stationId)) return;
    const now = this.clock.now();
    const txId = e.transactionId === undefined ? undefined : String(e.transactionId);
    switch (e.type) {
      case 'transaction.started': {
        const w = txId ? this.ensure(e.stationId, txId, now) : undefined;
        if (w && typeof e.tokenType === 'string') w.tokenType = e.tokenType;
        if (w && typeof e.chargingState === 'string') w.chargingState = e.chargingState;
        break;
      }
      case 'transaction.updated': {
        const w = txId ? this.ensure(e.stationId, txId, now) : undefined;
        if (w && typeof e.chargingState === 'string') w.chargingState = e.chargingState;
        break;
      }
      case 'meter.values': {
        // 1.6 MeterValues may omit the transactionId: the EVSE tells which session they belong to.
        const w = txId ? this.ensure(e.stationId, txId, now) : this.onlyWatchOn(e.stationId, e.evseId);
        for (const s of (e.samples as MeterSample[] | undefined) ?? []) if (w) recordSample(w, s, now, this.options.powerThresholdW);
        break;
      }
      case 'transaction.ended':
        if (txId) this.ended(e.stationId, txId);
        break;
      default:
    }
  }

  private onlyWatchOn(stationId: string, evseId: number | undefined): TxWatch | undefined {
    if (evseId === undefined || evseId === 0) return undefined;
    const on = [...this.watches.values()].filter((w) => w.stationId === stationId && w.evseId === evseId);
    return on.length === 1 ? on[0] : undefined;
  }

  private ended(stationId: string, transactionId: string): void {
    this.watches.delete(this.key(stationId, transactionId));
    const done = this.waiters.filter((w) => w.stationId === stationId && w.transactionId === transactionId);
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) {
      this.clock.clearTimeout(w.timer);
      w.resolve(true);
    }
  }

  private restartClock(w: TxWatch, now: number): void {
    w.flowAt = now;
    w.flowWh = w.energyWh ?? w.flowWh;
  }

  /**
   * Reports a stall and starts its recovery. A session that stays stalled is reported again after every further
   * timeout (with the whole duration), so a stall left alone (manual mode, daily limit) is not forgotten.
   */
  private stalled(w: TxWatch, verdictSince: number, now: number): void {
    w.stalledSince ??= verdictSince;
    const sinceMs = w.stalledSince;
    // Whatever follows, the next verdict on this session needs another full timeout without energy.
    this.restartClock(w, now);
    const snapshot = this.csms.store.get(w.stationId);
    const detected: ContinuityAction = {
      type: 'stall.detected', stationId: w.stationId, evseId: w.evseId, connectorId: w.connectorId, transactionId: w.transactionId,
      timestamp: isoAt(now), idTag: w.idTag, since: isoAt(sinceMs), stalledForMs: now - sinceMs, powerW: w.powerW, energyWh: w.energyWh,
      status: connectorStatus(snapshot, w), chargingState: w.chargingState,
    };
    let reason: NoActionReason | undefined;
    if (this.csms.modeOf(w.stationId) === 'manual') reason = 'manual';
    else if (this.options.recovery !== 'event' && !this.budget.take(w.stationId, now)) reason = 'limit';
    const action = reason ? 'none' : this.options.recovery;
    const used = this.budget.count(w.stationId, now);
    this.emit('action', { ...detected, action, reason, recoveriesToday: used, maxRecoveriesPerDay: this.options.maxRecoveriesPerDay });
    if (action === 'restart' || action === 'reset') {
      this.recover(w, action, detected).catch((err) => this.emit('warn', `stall recovery: ${describeError(err)}`));
    }
  }

  private async recover(w: TxWatch, action: 'restart' | 'reset', detected: ContinuityAction): Promise<void> {
    this.busy.add(w.stationId);
    const base = { stationId: w.stationId, evseId: w.evseId, connectorId: w.connectorId, transactionId: w.transactionId, action, idTag: detected.idTag };
    let outcome: RecoveryOutcome;
    try {
      const ctx = this.recoveryContext();
      outcome = action === 'restart' ? await restartSession(w, ctx) : await resetStation(w, ctx);
    } catch (err) {
      outcome = { ok: false, error: describeError(err), responses: [] };
    } finally {
      this.busy.delete(w.stationId);
    }
    if (!this.running) return;
    const timestamp = isoAt(this.clock.now());
    if (outcome.ok) this.emit('action', { ...base, type: 'stall.recovered', timestamp, responses: outcome.responses });
    else this.emit('action', { ...base, type: 'stall.recoveryFailed', timestamp, error: outcome.error, responses: outcome.responses });
  }

  private recoveryContext(): RecoveryContext {
    return {
      csms: this.csms,
      commandTimeoutMs: this.options.commandTimeoutMs ?? 30_000,
      waitForEnd: (stationId, transactionId) => this.waitForEnd(stationId, transactionId),
      restarting: (stationId, evseId) => this.hooks.restarting?.(stationId, evseId),
    };
  }

  private waitForEnd(stationId: string, transactionId: string): Promise<boolean> {
    if (!this.watches.has(this.key(stationId, transactionId))) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        stationId, transactionId, resolve,
        timer: this.clock.setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== waiter);
          resolve(false);
        }, this.options.stopWaitMs ?? 30_000),
      };
      this.waiters.push(waiter);
    });
  }
}
