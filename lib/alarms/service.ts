/**
 * The alarm service a node runs: the board fed by a CSMS's events and failed handshakes (sources.ts), by the
 * service-continuity and planner messages flows pass on, and by any condition a flow raises; its transitions
 * routed (routing.ts), journaled, and watched for automatic recovery (fault-recovery.ts). Operators act through
 * `apply`: acknowledge, shelve, unshelve, suppress a station, list.
 */
import { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import type { HandshakeFailure } from '../ocpp/server';
import type { AlarmRecord } from '../archive/records';
import type { AlarmRow } from '../archive/backend';
import { AlarmBoard, BoardOptions } from './board';
import { FaultRecovery, FaultRecoveryOptions, RecoveryCsms } from './fault-recovery';
import { Alarm, AlarmCondition, AlarmPriority, AlarmState, ALARM_STATES, AlarmTransition, TransitionCause } from './model';
import { AlarmRouter, RoutedMessage, RouteRule, OnCallShift } from './routing';
import { alarmsOfEvent, handshakeAlarm } from './sources';
import { conditionsOfMessage } from './flow-sources';

export interface AlarmServiceOptions {
  board?: BoardOptions;
  rules: RouteRule[];
  onCall?: OnCallShift[];
  language: 'en' | 'fr';
  timeZone?: string;
  /** Automatic recovery of faulted stations; off when absent. */
  recovery?: FaultRecoveryOptions;
}

/** What flows ask of the service (msg.payload); `by` names the operator. */
export const APPLY_USAGE = 'msg.payload must be {ack: id | [ids] | "all"}, {shelve: id, minutes}, {unshelve: id}, {suppress: stationId, on: true|false}, '
  + '{list: true, state?, station?}, a condition {type, stationId?, evseId?, code?, active, message?, priority?}, an evc-continuity action, an evc-planner plan, '
  + 'or an evc-power-allocator allocation';

export type ApplyResult = { list: Alarm[] } | { transitions: AlarmTransition[] } | { conditions: number };

export class AlarmService extends EventEmitter {
  readonly board: AlarmBoard;
  private readonly router: AlarmRouter;
  private readonly recovery?: FaultRecovery;
  private readonly onEvent = (e: OcppEvent) => this.stationEvent(e);
  private readonly onHandshake = (f: HandshakeFailure) => this.board.report(handshakeAlarm(f));

  constructor(options: AlarmServiceOptions, private readonly csms?: Csms, private readonly journal?: (records: AlarmRecord[]) => void) {
    super();
    this.board = new AlarmBoard(options.board);
    this.router = new AlarmRouter(options.rules, { language: options.language, timeZone: options.timeZone, onCall: options.onCall, clock: options.board?.clock });
    this.router.on('message', (m: RoutedMessage) => this.emit('routed', m));
    this.router.on('warn', (w: string) => this.emit('warn', w));
    this.board.on('transition', (t: AlarmTransition) => this.transition(t));
    this.board.on('held', (a: Alarm, cause: 'raise' | 'clear', at: string) => this.journal?.([journalRecord(a, a.state, cause, at)]));
    if (options.recovery && csms) {
      this.recovery = new FaultRecovery(recoveryCsms(csms), options.recovery, options.board?.clock);
      this.board.on('condition', (a: Alarm) => this.recovery!.observe(a));
      this.recovery.on('condition', (c: AlarmCondition) => this.board.report(c));
      this.recovery.on('reset-answer', (r: { stationId: string; type: string; status: string }) => this.emit('recovery', r));
    }
  }

  start(): void {
    this.csms?.on('event', this.onEvent);
    this.csms?.on('handshakeFailed', this.onHandshake);
  }

  stop(): void {
    this.csms?.off('event', this.onEvent);
    this.csms?.off('handshakeFailed', this.onHandshake);
    this.board.stop();
    this.router.stop();
    this.recovery?.stop();
  }

  /** What a flow sent; the reason when it cannot be done. */
  apply(payload: unknown, by?: string): ApplyResult | string {
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return APPLY_USAGE;
    const p = payload as Record<string, unknown>;
    const who = typeof p.by === 'string' ? p.by : by;
    if (p.list !== undefined) return { list: this.listed(p) };
    if (p.ack !== undefined) return this.many(p.ack, (id) => this.board.acknowledge(id, who));
    if (p.shelve !== undefined) return this.many(p.shelve, (id) => this.board.shelve(id, Number(p.minutes), who));
    if (p.unshelve !== undefined) return this.many(p.unshelve, (id) => this.board.unshelve(id, who));
    if (p.suppress !== undefined) {
      if (typeof p.suppress !== 'string' || typeof p.on !== 'boolean') return 'suppress needs a station id and on: true or false';
      this.board.suppressStation(p.suppress, p.on);
      return { transitions: [] };
    }
    const conditions = conditionsOfMessage(p);
    if (typeof conditions === 'string') return conditions;
    if (!conditions.length && !Array.isArray(p.vehicles) && !Array.isArray(p.evses)) return APPLY_USAGE;
    for (const c of conditions) this.board.report(c);
    // A vehicle no longer in the plan is no longer at risk.
    if (Array.isArray(p.vehicles)) {
      const planned = new Set(conditions.map((c) => c.code));
      for (const a of this.board.list()) if (a.type === 'planning' && a.active && !planned.has(a.code)) this.board.report({ type: 'planning', code: a.code, active: false });
    }
    return { conditions: conditions.length };
  }

  /**
   * An archive database that fails spools its records to disk (nothing is lost, but nothing reaches SQL either):
   * an alarm until it recovers. Returns what stops watching it.
   */
  watchArchive(db: EventEmitter): () => void {
    const spooling = (reason: string) => this.board.report({ type: 'archive', active: true, message: `archive database failing, records spooled to disk: ${reason}` });
    const recovered = () => this.board.report({ type: 'archive', active: false });
    db.on('spooling', spooling);
    db.on('recovered', recovered);
    return () => {
      db.off('spooling', spooling);
      db.off('recovered', recovered);
    };
  }

  /** The alarms the journal left open before a restart, each as its latest row left it. */
  restore(rows: readonly AlarmRow[]): number {
    this.board.restore(rows.map(alarmOfRow));
    return rows.length;
  }

  private listed(p: Record<string, unknown>): Alarm[] {
    const state = typeof p.state === 'string' && (ALARM_STATES as readonly string[]).includes(p.state) ? p.state : undefined;
    return this.board.list().filter((a) => (!state || a.state === state) && (typeof p.station !== 'string' || a.stationId === p.station));
  }

  /** One id, a list, or "all" (every alarm owed an acknowledgement); all or nothing is refused for unknown ids. */
  private many(ids: unknown, act: (id: string) => AlarmTransition | string): ApplyResult | string {
    const list = ids === 'all' ? this.board.list().filter((a) => a.state === 'unacknowledged' || a.state === 'returned').map((a) => a.id)
      : Array.isArray(ids) ? ids.map(String) : typeof ids === 'string' ? [ids] : undefined;
    if (!list) return 'an alarm id, a list of ids, or "all"';
    const unknown = list.filter((id) => !this.board.get(id));
    if (unknown.length) return `no alarm ${unknown.join(', ')}`;
    const transitions: AlarmTransition[] = [];
    const refused: string[] = [];
    for (const id of list) {
      const done = act(id);
      if (typeof done === 'string') refused.push(done);
      else transitions.push(done);
    }
    return transitions.length || !refused.length ? { transitions } : refused.join('; ');
  }

  private stationEvent(e: OcppEvent): void {
    const { conditions, suppressStation } = alarmsOfEvent(e);
    for (const c of conditions) this.board.report(c);
    if (suppressStation !== undefined) this.board.suppressStation(e.stationId, suppressStation, 'communication');
  }

  private transition(t: AlarmTransition): void {
    this.emit('transition', t);
    const a = t.alarm;
    this.journal?.([journalRecord(a, t.to, t.cause, t.at, t.by)]);
    for (const m of this.router.route(t)) this.emit('routed', m);
  }
}

/** One row of the alarm journal. */
function journalRecord(a: Alarm, state: AlarmState, cause: TransitionCause, at: string, by?: string): AlarmRecord {
  return {
    kind: 'alarm', alarmId: a.id, stationId: a.stationId, evseId: a.evseId, alarmType: a.type, priority: a.priority, state,
    message: a.message, errorCode: a.errorCode, info: a.info, vendorErrorCode: a.vendorErrorCode, active: a.active, cause,
    actor: by, shelvedUntil: a.shelvedUntil, resumesAs: a.resumesAs, at,
  };
}

/** The alarm a journal row describes (rows written before the journal kept `active` say it by their state). */
export function alarmOfRow(r: AlarmRow): Alarm {
  const state = ((ALARM_STATES as readonly string[]).includes(r.state) ? r.state : 'unacknowledged') as AlarmState;
  const resumesAs = r.resumesAs !== null && (ALARM_STATES as readonly string[]).includes(r.resumesAs) ? r.resumesAs as AlarmState : undefined;
  const optional = <K extends string, V>(key: K, value: V | null) => (value !== null ? { [key]: value } : {}) as Partial<Record<K, V>>;
  return {
    id: r.alarmId, type: r.alarmType, ...optional('stationId', r.stationId), ...optional('evseId', r.evseId),
    priority: ([1, 2, 3, 4].includes(r.priority ?? 0) ? r.priority : 3) as AlarmPriority, state,
    active: r.active !== null ? r.active === 1 : state !== 'returned' && state !== 'normal',
    message: r.message ?? r.alarmType, ...optional('errorCode', r.errorCode), ...optional('info', r.info),
    ...optional('vendorErrorCode', r.vendorErrorCode), ...optional('shelvedUntil', r.shelvedUntil), ...(resumesAs ? { resumesAs } : {}),
    activeSince: r.at, count: 1, updatedAt: r.at,
  };
}

/** Resets through the CSMS's version-neutral command (Soft and Hard are OnIdle and Immediate on 2.0.1). */
function recoveryCsms(csms: Csms): RecoveryCsms {
  return {
    modeOf: (id) => csms.modeOf(id),
    reset: async (r) => {
      const { response } = await csms.command(r.stationId, { command: 'reset', type: r.type }, 30_000);
      return String((response as Record<string, unknown>).status ?? '');
    },
  };
}
