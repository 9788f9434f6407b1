/**
 * The alarm board: every alarm's state, moved by the conditions sources report and by what operators do, each
 * change emitted as a transition ('transition'); each time a condition starts or ends (past the dead-band), the
 * alarm is emitted as it then is ('condition'), announced or not, and when that alarm is shelved or suppressed
 * (no transition then) as 'held' too, with the cause, so a journal knows what it resumes as. Two dampers keep a bad day readable:
 * - a dead-band: a condition that clears is held active that long, so one that chatters (fault, recover, fault)
 *   stays one activation;
 * - a flood cap: past `floodPerMinute` new activations of one station in a minute, its next alarms are held back
 *   (suppressed) behind one flood alarm, and announced when the flood has passed.
 * Suppression by design (a station out of service, in maintenance, or offline) hides a station's alarms without
 * losing them: each comes back in the state its condition and acknowledgements give.
 */
import { EventEmitter } from 'events';
import { Clock, systemClock } from '../continuity/clock';
import { Alarm, AlarmCondition, alarmId, AlarmPriority, AlarmState, AlarmTransition, AlarmType, TransitionCause } from './model';

export interface BoardOptions {
  /** How long a cleared condition is held active, ms (default 10 s). */
  deadBandMs?: number;
  /** New activations of one station per minute before its alarms are held back (default 10). */
  floodPerMinute?: number;
  /** Priorities by alarm type, over the defaults. */
  priorities?: Record<string, AlarmPriority>;
  clock?: Clock;
}

export const DEFAULT_PRIORITIES: Record<string, AlarmPriority> = {
  fault: 2, communication: 2, problem: 3, stalled: 3, firmware: 3, diagnostics: 4, security: 1, boot: 3, authentication: 2,
  'transaction-gap': 3, archive: 1, allocation: 2, planning: 2, recovery: 1, flood: 2,
};

const MINUTE = 60_000;

/** Why an alarm is shelved or suppressed; the state it comes back to is the alarm's own `resumesAs`. */
interface Held {
  /** Why it is suppressed: a station's suppression, or the flood. */
  by?: 'station' | 'flood';
  timer?: unknown;
}

export class AlarmBoard extends EventEmitter {
  private readonly alarms = new Map<string, Alarm>();
  private readonly held = new Map<string, Held>();
  /** Conditions that cleared and wait out the dead-band. */
  private readonly clearing = new Map<string, unknown>();
  /** Stations whose alarms are suppressed, with the one type that still shows (their communication alarm). */
  private readonly suppressedStations = new Map<string, AlarmType | undefined>();
  /** Per station: instants of its recent activations, and whether it floods. */
  private readonly activations = new Map<string, number[]>();
  private readonly flooding = new Map<string, unknown>();
  private readonly clock: Clock;
  private readonly deadBandMs: number;
  private readonly floodPerMinute: number;
  private readonly priorities: Record<string, AlarmPriority>;

  constructor(options: BoardOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.deadBandMs = options.deadBandMs ?? 10_000;
    this.floodPerMinute = options.floodPerMinute ?? 10;
    this.priorities = { ...DEFAULT_PRIORITIES, ...options.priorities };
  }

  /** A source's condition: raises, updates or clears its alarm. */
  report(c: AlarmCondition): void {
    const id = alarmId(c);
    if (!c.active) {
      const alarm = this.alarms.get(id);
      if (!alarm?.active || this.clearing.has(id)) return;
      if (this.deadBandMs <= 0) return this.clear(id, c.at);
      this.clearing.set(id, this.clock.setTimeout(() => this.clear(id, c.at), this.deadBandMs));
      return;
    }
    const pending = this.clearing.get(id);
    if (pending !== undefined) {
      // It came back within the dead-band: the same activation goes on.
      this.clock.clearTimeout(pending);
      this.clearing.delete(id);
    }
    const at = c.at ?? this.iso();
    const alarm = this.alarms.get(id) ?? this.create(id, c, at);
    Object.assign(alarm, describe(c), { priority: c.priority ?? alarm.priority });
    if (alarm.active && !c.momentary) return;
    alarm.active = true;
    alarm.activeSince = at;
    alarm.count += 1;
    this.emit('condition', { ...alarm });
    if (alarm.state === 'shelved' || alarm.state === 'suppressed') {
      alarm.resumesAs = 'unacknowledged';
      this.emit('held', { ...alarm }, 'raise', at);
    } else if (alarm.state !== 'acknowledged') {
      if (c.stationId && this.floods(c.stationId, c.type)) this.hold(alarm, 'flood', 'raise', at);
      else if (c.stationId && this.suppresses(c.stationId, c.type)) this.hold(alarm, 'station', 'raise', at);
      else this.move(alarm, 'unacknowledged', 'raise', at);
    }
    if (c.momentary) this.clear(id, at);
  }

  acknowledge(id: string, by?: string): AlarmTransition | string {
    const alarm = this.alarms.get(id);
    if (!alarm) return `no alarm ${id}`;
    const at = this.iso();
    if (alarm.state === 'unacknowledged') return this.move(alarm, 'acknowledged', 'acknowledge', at, by, { acknowledgedAt: at, acknowledgedBy: by });
    if (alarm.state === 'returned') return this.move(alarm, 'normal', 'acknowledge', at, by, { acknowledgedAt: at, acknowledgedBy: by });
    return `alarm ${id} is ${alarm.state}: there is nothing to acknowledge`;
  }

  /** Puts an alarm aside for `minutes`: it is not announced meanwhile, and comes back as its condition is then. */
  shelve(id: string, minutes: number, by?: string): AlarmTransition | string {
    const alarm = this.alarms.get(id);
    if (!alarm) return `no alarm ${id}`;
    if (!(minutes > 0)) return 'shelve needs a number of minutes above 0';
    if (alarm.state === 'shelved' || alarm.state === 'suppressed' || alarm.state === 'normal') return `alarm ${id} is ${alarm.state}: it cannot be shelved`;
    const until = this.clock.now() + minutes * MINUTE;
    const timer = this.clock.setTimeout(() => this.release(id, 'shelf-expired'), minutes * MINUTE);
    this.held.set(id, { timer });
    return this.move(alarm, 'shelved', 'shelve', this.iso(), by, { shelvedUntil: new Date(until).toISOString(), resumesAs: alarm.state });
  }

  unshelve(id: string, by?: string): AlarmTransition | string {
    const alarm = this.alarms.get(id);
    if (!alarm || alarm.state !== 'shelved') return `alarm ${id} is not shelved`;
    return this.release(id, 'unshelve', by)!;
  }

  /** Suppression by design of a station's alarms (out of service, maintenance, offline), or its end. */
  suppressStation(stationId: string, on: boolean, except?: AlarmType): void {
    if (on === this.suppressedStations.has(stationId)) return;
    if (on) this.suppressedStations.set(stationId, except);
    else this.suppressedStations.delete(stationId);
    const at = this.iso();
    for (const alarm of this.alarms.values()) {
      if (alarm.stationId !== stationId || alarm.type === except) continue;
      if (on && alarm.state !== 'normal' && alarm.state !== 'shelved' && alarm.state !== 'suppressed') this.hold(alarm, 'station', 'suppress', at);
      else if (!on && this.held.get(alarm.id)?.by === 'station') this.release(alarm.id, 'unsuppress');
    }
  }

  private suppresses(stationId: string, type: AlarmType): boolean {
    return this.suppressedStations.has(stationId) && this.suppressedStations.get(stationId) !== type;
  }

  get(id: string): Alarm | undefined {
    const alarm = this.alarms.get(id);
    return alarm && { ...alarm };
  }

  /** Alarms that are not normal, most urgent and most recent first. */
  list(): Alarm[] {
    return [...this.alarms.values()].filter((a) => a.state !== 'normal').map((a) => ({ ...a }))
      .sort((a, b) => a.priority - b.priority || b.updatedAt.localeCompare(a.updatedAt));
  }

  /**
   * Alarms as they were before a restart (the journal's latest state of each); those already back are kept. A
   * shelf still running runs out at its time, one that ran out meanwhile ends now; suppression ends now, since the
   * station events that decide it start again with the restart.
   */
  restore(alarms: readonly Alarm[]): void {
    for (const a of alarms) {
      if (this.alarms.has(a.id)) continue;
      const alarm = { ...a };
      this.alarms.set(a.id, alarm);
      if (alarm.state !== 'shelved' && alarm.state !== 'suppressed') continue;
      const left = alarm.state === 'shelved' ? Date.parse(alarm.shelvedUntil ?? '') - this.clock.now() : 0;
      if (left > 0) {
        this.held.set(a.id, { timer: this.clock.setTimeout(() => this.release(a.id, 'shelf-expired'), left) });
      } else {
        this.held.set(a.id, {});
        this.release(a.id, alarm.state === 'shelved' ? 'shelf-expired' : 'unsuppress');
      }
    }
  }

  stop(): void {
    for (const t of this.clearing.values()) this.clock.clearTimeout(t);
    for (const h of this.held.values()) if (h.timer !== undefined) this.clock.clearTimeout(h.timer);
    for (const t of this.flooding.values()) this.clock.clearTimeout(t);
    this.clearing.clear();
    this.flooding.clear();
  }

  private create(id: string, c: AlarmCondition, at: string): Alarm {
    const alarm: Alarm = {
      id, type: c.type, ...(c.stationId !== undefined ? { stationId: c.stationId } : {}), ...(c.evseId !== undefined ? { evseId: c.evseId } : {}),
      ...(c.code !== undefined ? { code: c.code } : {}), priority: c.priority ?? this.priorities[c.type] ?? 3,
      state: 'normal', active: false, message: '', count: 0, updatedAt: at,
    };
    this.alarms.set(id, alarm);
    return alarm;
  }

  private clear(id: string, at?: string): void {
    this.clearing.delete(id);
    const alarm = this.alarms.get(id);
    if (!alarm?.active) return;
    alarm.active = false;
    const when = at ?? this.iso();
    alarm.returnedAt = when;
    this.emit('condition', { ...alarm });
    if (alarm.state === 'unacknowledged') this.move(alarm, 'returned', 'clear', when);
    else if (alarm.state === 'acknowledged') this.move(alarm, 'normal', 'clear', when);
    else if (alarm.state === 'shelved' || alarm.state === 'suppressed') {
      alarm.resumesAs = alarm.resumesAs === 'acknowledged' || alarm.resumesAs === 'normal' ? 'normal' : 'returned';
      this.emit('held', { ...alarm }, 'clear', when);
    }
  }

  private hold(alarm: Alarm, by: 'station' | 'flood', cause: TransitionCause, at: string): void {
    this.held.set(alarm.id, { by });
    this.move(alarm, 'suppressed', cause, at, undefined, { resumesAs: alarm.state === 'normal' ? 'unacknowledged' : alarm.state });
  }

  /** Shelving ends, or suppression: the alarm takes the state its condition and acknowledgements give. */
  private release(id: string, cause: TransitionCause, by?: string): AlarmTransition | undefined {
    const alarm = this.alarms.get(id);
    const held = this.held.get(id);
    if (!alarm || !held) return undefined;
    if (held.timer !== undefined) this.clock.clearTimeout(held.timer);
    this.held.delete(id);
    let to = alarm.resumesAs ?? 'unacknowledged';
    if (alarm.active && (to === 'normal' || to === 'returned')) to = 'unacknowledged';
    if (!alarm.active && to === 'acknowledged') to = 'normal';
    if (!alarm.active && to === 'unacknowledged') to = 'returned';
    delete alarm.shelvedUntil;
    delete alarm.resumesAs;
    return this.move(alarm, to, cause, this.iso(), by);
  }

  /** Counts an activation of the station; true while it floods (the flood alarm is raised by the first one over). */
  private floods(stationId: string, type: AlarmType): boolean {
    if (type === 'flood' || type === 'communication') return false;
    const now = this.clock.now();
    const recent = (this.activations.get(stationId) ?? []).filter((t) => t > now - MINUTE);
    recent.push(now);
    this.activations.set(stationId, recent);
    if (this.flooding.has(stationId)) {
      this.watchFlood(stationId);
      return true;
    }
    if (recent.length <= this.floodPerMinute) return false;
    this.report({ type: 'flood', stationId, active: true, message: `more than ${this.floodPerMinute} alarms in a minute: the next ones are held back` });
    this.watchFlood(stationId);
    return true;
  }

  /** The flood ends a quiet minute after its last activation: what it held back is announced as it stands. */
  private watchFlood(stationId: string): void {
    const timer = this.flooding.get(stationId);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.flooding.set(stationId, this.clock.setTimeout(() => {
      this.flooding.delete(stationId);
      this.activations.delete(stationId);
      this.report({ type: 'flood', stationId, active: false });
      for (const alarm of this.alarms.values()) {
        if (alarm.stationId === stationId && this.held.get(alarm.id)?.by === 'flood') this.release(alarm.id, 'unsuppress');
      }
    }, MINUTE));
  }

  private move(alarm: Alarm, to: AlarmState, cause: TransitionCause, at: string, by?: string, fields: Partial<Alarm> = {}): AlarmTransition {
    const from = alarm.state;
    Object.assign(alarm, fields, { state: to, updatedAt: at });
    const transition: AlarmTransition = { alarm: { ...alarm }, from, to, cause, at, ...(by ? { by } : {}) };
    this.emit('transition', transition);
    return transition;
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** What a condition says about its alarm. */
function describe(c: AlarmCondition): Partial<Alarm> {
  const out: Partial<Alarm> = { message: c.message ?? c.type };
  for (const key of ['connectorId', 'errorCode', 'info', 'vendorErrorCode', 'site'] as const) if (c[key] !== undefined) (out as Record<string, unknown>)[key] = c[key];
  return out;
}
