/**
 * Staggered start: a session that begins outside the site's charging windows, or in a busy park, is held at 0 W
 * until its turn. The hold is a TxProfile with an Absolute schedule sent when the transaction starts (limit 0 from
 * now, for as long as the wait): the station itself lifts it, so no timer of ours is needed and a restart of
 * Node-RED changes nothing. Once the schedule ends, the station's other profiles (or none) apply again.
 */
import { EventEmitter } from 'events';
import type { NeutralCommand } from '../ocpp/commands';
import type { OcppEvent } from '../ocpp/events';
import { Clock } from './clock';
import { Occupancy, occupancyOf } from './occupancy';
import { StationSelector, stationSelector } from './selector';
import { ContinuityAction, SupervisedCsms, describeError, isoAt } from './types';
import { DailyWindow, allowedStart } from './windows';
import { TimeZone } from './zone';

/** Stations that share windows and whose occupancy sets their delay (a site, a car park level, a depot). */
export interface StaggerGroup {
  name: string;
  /** Station identities with * wildcards, comma-separated; empty = every station. */
  stations?: string;
  /** Daily windows in which charging may start; none = any time. */
  windows: DailyWindow[];
  zone: TimeZone;
  baseDelayMs: number;
  /** Added per percent of occupancy: 30 s per % waits 25 min in a park half full. */
  perOccupiedPercentMs: number;
  maxDelayMs: number;
}

export interface StaggerOptions {
  /** A station belongs to the first group whose stations match it. */
  groups: StaggerGroup[];
  /** Stack level of the hold profile. Default 1. */
  stackLevel?: number;
  /**
   * Pause between the transaction start and the profile, in real ms. Default 200. Why: a 1.6 station learns its
   * transaction id from our StartTransaction answer and refuses a profile naming an id it does not know yet.
   */
  sendDelayMs?: number;
  commandTimeoutMs?: number;
}

// Below this a hold is not worth a profile.
const MIN_HOLD_MS = 1000;
// A restart's new session begins within this time of its remote start.
const EXEMPTION_MS = 120_000;

/** The delay occupancy adds: base + per-percent x occupancy, capped. */
export function occupancyDelayMs(percent: number, g: Pick<StaggerGroup, 'baseDelayMs' | 'perOccupiedPercentMs' | 'maxDelayMs'>): number {
  return Math.max(0, Math.min(g.maxDelayMs, g.baseDelayMs + g.perOccupiedPercentMs * percent));
}

export interface StartPlan {
  /** When charging may begin (epoch ms). */
  startAt: number;
  /** startAt - now. */
  delayMs: number;
  occupancy: Occupancy;
  occupancyDelayMs: number;
  /** True when the windows, not only occupancy, pushed the start back. */
  waitsForWindow: boolean;
}

/** When a session starting now in a group with this occupancy may charge. */
export function planStart(now: number, group: StaggerGroup, occupancy: Occupancy): StartPlan {
  const delay = occupancyDelayMs(occupancy.percent, group);
  const startAt = allowedStart(now, group.windows, group.zone, delay);
  return { startAt, delayMs: startAt - now, occupancy, occupancyDelayMs: delay, waitsForWindow: startAt > now + delay };
}

/** A profile id of our own per session, in a range other tools rarely use; the same session always gets the same id. */
export function holdProfileId(stationId: string, transactionId: string): number {
  let h = 2166136261;
  for (const ch of `${stationId}/${transactionId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 1_000_000_000 + (h % 1_000_000_000);
}

/** The neutral setChargingProfile that holds a session at 0 A from `now` until `startAt`. */
export function holdCommand(stationId: string, tx: { transactionId: string; evseId: number }, now: number, startAt: number, stackLevel = 1): NeutralCommand {
  return {
    command: 'setChargingProfile',
    evseId: tx.evseId,
    profile: {
      id: holdProfileId(stationId, tx.transactionId),
      stackLevel,
      purpose: 'Tx',
      kind: 'Absolute',
      transactionId: tx.transactionId,
      schedule: {
        startSchedule: isoAt(now),
        duration: Math.ceil((startAt - now) / 1000),
        // Amperes: the unit every smart-charging station supports; 0 is 0 in either unit.
        unit: 'A',
        periods: [{ start: 0, limit: 0 }],
      },
    },
  };
}

interface Group {
  spec: StaggerGroup;
  selects: StationSelector;
}

/** Emits 'action' (start.delayed, start.delayFailed) and 'warn' (text). */
export class StaggeredStart extends EventEmitter {
  private readonly groups: Group[];
  private readonly holds = new Map<string, number>();
  private readonly exemptions = new Map<string, number>();
  private readonly pending = new Set<NodeJS.Timeout>();
  private running = false;
  private readonly listener = (e: OcppEvent): void => {
    try {
      if (e.type === 'transaction.started') this.started(e);
      else if (e.type === 'transaction.ended') this.holds.delete(this.key(e.stationId, String(e.transactionId)));
    } catch (err) {
      this.emit('warn', `staggered start: ${describeError(err)}`);
    }
  };

  constructor(
    private readonly csms: SupervisedCsms,
    readonly options: StaggerOptions,
    private readonly clock: Clock,
    private readonly selects: StationSelector = () => true,
  ) {
    super();
    this.groups = options.groups.map((spec) => ({ spec, selects: stationSelector(spec.stations) }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.restoreHolds();
    this.csms.on('event', this.listener);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.csms.off('event', this.listener);
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }

  /** Until when a session is held at 0 W by us, if it is. */
  heldUntil(stationId: string, transactionId: string): number | undefined {
    const until = this.holds.get(this.key(stationId, transactionId));
    return until !== undefined && until > this.clock.now() ? until : undefined;
  }

  /** Sessions held now: [stationId, transactionId, until]. */
  list(): Array<{ stationId: string; transactionId: string; until: number }> {
    const now = this.clock.now();
    return [...this.holds].filter(([, until]) => until > now).map(([key, until]) => {
      const [stationId, transactionId] = key.split('\u0000');
      return { stationId, transactionId, until };
    });
  }

  /** The next session on this charging point continues one we restarted: it was already staggered once. */
  exempt(stationId: string, evseId: number | undefined): void {
    if (evseId !== undefined) this.exemptions.set(this.key(stationId, String(evseId)), this.clock.now() + EXEMPTION_MS);
  }

  groupOf(stationId: string): StaggerGroup | undefined {
    return this.selects(stationId) ? this.groups.find((g) => g.selects(stationId))?.spec : undefined;
  }

  private key(stationId: string, id: string): string {
    return `${stationId}\u0000${id}`;
  }

  /**
   * Sessions open when we start may be under a hold we sent before a restart; its end is not known any more, so
   * assume the longest a hold could have lasted from the session's start (busy park, next window).
   */
  private restoreHolds(): void {
    const now = this.clock.now();
    for (const station of this.csms.store.list()) {
      const group = this.groupOf(station.identity);
      if (!group) continue;
      for (const tx of station.transactions) {
        const started = Date.parse(tx.startedAt);
        if (!Number.isFinite(started)) continue;
        const until = planStart(started, group, { evses: 1, occupied: 1, percent: 100 }).startAt;
        if (until > now) this.holds.set(this.key(station.identity, tx.transactionId), until);
      }
    }
  }

  private started(e: OcppEvent): void {
    const group = this.groupOf(e.stationId);
    if (!group || e.transactionId === undefined || this.csms.modeOf(e.stationId) === 'manual') return;
    const transactionId = String(e.transactionId);
    const tx = this.csms.store.openTransactions(e.stationId).find((t) => t.transactionId === transactionId);
    const evseId = e.evseId ?? tx?.evseId;
    if (evseId === undefined || evseId === 0) return;
    const now = this.clock.now();
    const exemption = this.key(e.stationId, String(evseId));
    const exemptUntil = this.exemptions.get(exemption);
    if (exemptUntil !== undefined) {
      this.exemptions.delete(exemption);
      if (exemptUntil >= now) return;
    }
    const members = this.csms.store.list().filter((s) => this.groupOf(s.identity) === group);
    const plan = planStart(now, group, occupancyOf(members));
    if (plan.delayMs < MIN_HOLD_MS) return;
    const key = this.key(e.stationId, transactionId);
    // Held from now on, so the stall detector does not count the wait as a stall while the profile travels.
    this.holds.set(key, plan.startAt);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (!this.running) return;
      this.send(e, group, { transactionId, evseId }, plan).catch((err) => this.emit('warn', `staggered start: ${describeError(err)}`));
    }, this.options.sendDelayMs ?? 200);
    this.pending.add(timer);
  }

  private async send(e: OcppEvent, group: StaggerGroup, tx: { transactionId: string; evseId: number }, plan: StartPlan): Promise<void> {
    const key = this.key(e.stationId, tx.transactionId);
    const now = this.clock.now();
    if (!this.holds.has(key) || plan.startAt - now < MIN_HOLD_MS) return;
    const base = {
      stationId: e.stationId, evseId: tx.evseId, connectorId: e.connectorId, transactionId: tx.transactionId, group: group.name,
      startAt: isoAt(plan.startAt), delayMs: plan.startAt - now, occupancyPercent: Math.round(plan.occupancy.percent * 10) / 10,
      occupancyDelayMs: plan.occupancyDelayMs, waitsForWindow: plan.waitsForWindow,
    };
    const command = holdCommand(e.stationId, tx, now, plan.startAt, this.options.stackLevel ?? 1);
    let action: ContinuityAction;
    try {
      const result = await this.csms.command(e.stationId, command, this.options.commandTimeoutMs ?? 30_000);
      const status = String(result.response.status ?? '');
      action = status === 'Accepted'
        ? { ...base, type: 'start.delayed', timestamp: isoAt(this.clock.now()), profileId: (command.profile as { id: number }).id }
        : { ...base, type: 'start.delayFailed', timestamp: isoAt(this.clock.now()), error: `SetChargingProfile answered ${status || 'nothing'}` };
    } catch (err) {
      action = { ...base, type: 'start.delayFailed', timestamp: isoAt(this.clock.now()), error: describeError(err) };
    }
    // A hold the station did not take is no hold: the stall detector may judge the session.
    if (action.type === 'start.delayFailed') this.holds.delete(key);
    if (this.running) this.emit('action', action);
  }
}
