/**
 * Automatic recovery of a faulted station ("automatic restart under certain conditions"): still faulted after
 * `softAfterMin`, a soft reset; still faulted `hardAfterMin` later, a hard reset; still faulted `verifyMin` after
 * that, a recovery alarm. Resets count against a rolling daily budget per station, and a station in manual mode is
 * left to people. The station's fault alarms tell when it is faulted and when it is well again.
 */
import { EventEmitter } from 'events';
import { Clock, systemClock } from '../continuity/clock';
import { RecoveryBudget } from '../continuity/recovery';
import type { Alarm, AlarmCondition } from './model';

export interface FaultRecoveryOptions {
  softAfterMin: number;
  hardAfterMin: number;
  verifyMin: number;
  maxResetsPerDay: number;
}

export const DEFAULT_FAULT_RECOVERY: FaultRecoveryOptions = { softAfterMin: 5, hardAfterMin: 10, verifyMin: 10, maxResetsPerDay: 3 };

export interface ResetRequest {
  stationId: string;
  type: 'Soft' | 'Hard';
  reason: string;
}

/** What the recovery needs from the CSMS: the station's mode, and a reset whose answer says if it was accepted. */
export interface RecoveryCsms {
  modeOf(stationId: string): 'auto' | 'manual';
  reset(request: ResetRequest): Promise<string>;
}

type Step = 'soft' | 'hard' | 'verify';

export class FaultRecovery extends EventEmitter {
  private readonly faults = new Map<string, Set<string>>();
  private readonly timers = new Map<string, unknown>();
  private readonly budget: RecoveryBudget;
  private readonly failed = new Set<string>();

  constructor(private readonly csms: RecoveryCsms, private readonly options: FaultRecoveryOptions = DEFAULT_FAULT_RECOVERY, private readonly clock: Clock = systemClock) {
    super();
    this.budget = new RecoveryBudget(options.maxResetsPerDay);
  }

  /** Follows the board's fault alarms as their conditions come and go (a suppressed or shelved fault is still a fault). */
  observe(alarm: Alarm): void {
    if (alarm.type !== 'fault' || !alarm.stationId) return;
    const station = alarm.stationId;
    const active = this.faults.get(station) ?? new Set<string>();
    const was = active.size > 0;
    if (alarm.active) active.add(alarm.id);
    else active.delete(alarm.id);
    this.faults.set(station, active);
    if (!was && active.size > 0) this.schedule(station, 'soft', this.options.softAfterMin);
    if (was && active.size === 0) this.recovered(station);
  }

  stop(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private schedule(station: string, step: Step, minutes: number): void {
    this.timers.set(station, this.clock.setTimeout(() => { void this.run(station, step); }, minutes * 60_000));
  }

  private async run(station: string, step: Step): Promise<void> {
    this.timers.delete(station);
    if (!this.faults.get(station)?.size) return;
    if (step === 'verify') return this.fail(station, 'still faulted after a soft and a hard reset');
    if (this.csms.modeOf(station) === 'manual') return this.fail(station, 'the station is in manual mode: no automatic reset');
    if (!this.budget.take(station, this.clock.now())) return this.fail(station, `${this.options.maxResetsPerDay} resets in the last 24 h: no more today`);
    const type = step === 'soft' ? 'Soft' : 'Hard';
    const request: ResetRequest = { stationId: station, type, reason: `faulted for ${step === 'soft' ? this.options.softAfterMin : this.options.hardAfterMin} min` };
    this.emit('reset', request);
    const status = await this.csms.reset(request).catch((err: Error) => `failed: ${err.message}`);
    this.emit('reset-answer', { ...request, status });
    if (!this.faults.get(station)?.size) return;
    if (step === 'soft') this.schedule(station, 'hard', this.options.hardAfterMin);
    else this.schedule(station, 'verify', this.options.verifyMin);
  }

  private fail(station: string, why: string): void {
    this.failed.add(station);
    this.emit('condition', { type: 'recovery', stationId: station, active: true, message: `automatic recovery failed: ${why}` } satisfies AlarmCondition);
  }

  private recovered(station: string): void {
    const timer = this.timers.get(station);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(station);
    if (this.failed.delete(station)) this.emit('condition', { type: 'recovery', stationId: station, active: false } satisfies AlarmCondition);
  }
}
