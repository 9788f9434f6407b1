/**
 * Service continuity for one CSMS: stalled sessions are detected and recovered, and sessions start staggered over
 * the charging windows and the park's occupancy. Both only act on stations in automatic mode.
 *
 * Emits 'action' (ContinuityAction) and 'warn' (text).
 */
import { EventEmitter } from 'events';
import type { StationMode } from '../ocpp/events';
import { Clock, systemClock } from './clock';
import { StationSelector, stationSelector } from './selector';
import { StaggerOptions, StaggeredStart } from './stagger';
import { StallDetector, StallOptions } from './stall';
import { ContinuityAction, SupervisedCsms, isoAt } from './types';
import { formatWindows } from './windows';

export { ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { DEFAULT_STALL } from './stall';
export type { StallOptions } from './stall';
export { RECOVERY_ACTIONS } from './recovery';
export type { RecoveryAction } from './recovery';
export { allowedStart, parseWindows, formatWindows, windowLengthMs } from './windows';
export type { DailyWindow } from './windows';
export { parseTimeZone } from './zone';
export type { TimeZone } from './zone';
export { occupancyDelayMs, planStart, holdCommand, holdProfileId } from './stagger';
export type { StaggerGroup, StaggerOptions, StartPlan } from './stagger';
export { occupancyOf } from './occupancy';
export type { ContinuityAction, ContinuityActionType, SupervisedCsms } from './types';

export interface ContinuityOptions {
  /** Stations looked after, identities with * wildcards, comma-separated; empty = all. */
  stations?: string;
  /** Stall detection; false = off. */
  stall?: Partial<StallOptions> | false;
  /** Staggered start; false or absent = off. */
  stagger?: StaggerOptions | false;
  clock?: Clock;
}

export interface SessionStatus {
  transactionId: string;
  evseId?: number;
  /** Since when no energy has flowed (ISO), or since the session could last be judged. */
  flowAt: string;
  powerW?: number;
  energyWh?: number;
  heldUntil?: string;
}

export interface StationStatus {
  stationId: string;
  mode: StationMode;
  connected: boolean;
  recoveriesToday: number;
  sessions: SessionStatus[];
}

export interface ContinuityStatus {
  running: boolean;
  timestamp: string;
  stall: StallOptions | null;
  stagger: { groups: Array<{ name: string; stations: string; windows: string; timeZone: string; baseDelayMs: number; perOccupiedPercentMs: number; maxDelayMs: number }> } | null;
  stations: StationStatus[];
}

export class ContinuityService extends EventEmitter {
  readonly stall?: StallDetector;
  readonly stagger?: StaggeredStart;
  private readonly clock: Clock;
  private readonly selects: StationSelector;
  private running = false;

  constructor(private readonly csms: SupervisedCsms, options: ContinuityOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.selects = stationSelector(options.stations);
    const forward = (action: ContinuityAction): void => { this.emit('action', action); };
    const warn = (text: string): void => { this.emit('warn', text); };
    if (options.stagger) {
      this.stagger = new StaggeredStart(csms, options.stagger, this.clock, this.selects);
      this.stagger.on('action', forward).on('warn', warn);
    }
    if (options.stall !== false) {
      const stagger = this.stagger;
      this.stall = new StallDetector(csms, options.stall ?? {}, this.clock, this.selects, {
        heldUntil: stagger ? (s, tx) => stagger.heldUntil(s, tx) : undefined,
        // A restarted session was staggered when it first began: it must not wait a second time.
        restarting: stagger ? (s, evse) => stagger.exempt(s, evse) : undefined,
      });
      this.stall.on('action', forward).on('warn', warn);
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The stagger first: holds restored from the live state must be known before sessions are judged.
    this.stagger?.start();
    this.stall?.start();
  }

  stop(): void {
    this.running = false;
    this.stall?.stop();
    this.stagger?.stop();
  }

  /** The supervised state: settings, and per station its mode, its recoveries and its sessions. */
  status(stationId?: string): ContinuityStatus {
    const watches = this.stall?.list() ?? [];
    const stations = this.csms.store.list()
      .filter((s) => this.selects(s.identity) && (stationId === undefined || s.identity === stationId))
      .map((s): StationStatus => ({
        stationId: s.identity,
        mode: this.csms.modeOf(s.identity),
        connected: s.connected,
        recoveriesToday: this.stall?.recoveriesToday(s.identity) ?? 0,
        sessions: s.transactions.map((tx) => {
          const w = watches.find((x) => x.stationId === s.identity && x.transactionId === tx.transactionId);
          const held = this.stagger?.heldUntil(s.identity, tx.transactionId);
          return {
            transactionId: tx.transactionId, evseId: tx.evseId, flowAt: isoAt(w?.flowAt ?? this.clock.now()),
            powerW: w?.powerW ?? tx.powerW, energyWh: w?.energyWh, heldUntil: held === undefined ? undefined : isoAt(held),
          };
        }),
      }));
    return {
      running: this.running,
      timestamp: isoAt(this.clock.now()),
      stall: this.stall ? { ...this.stall.options } : null,
      stagger: this.stagger ? {
        groups: this.stagger.options.groups.map((g) => ({
          name: g.name, stations: g.stations ?? '', windows: formatWindows(g.windows), timeZone: g.zone.name,
          baseDelayMs: g.baseDelayMs, perOccupiedPercentMs: g.perOccupiedPercentMs, maxDelayMs: g.maxDelayMs,
        })),
      } : null,
      stations,
    };
  }
}
