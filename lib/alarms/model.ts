/**
 * Alarms as ISA-18.2 / IEC 62682 describe them: a condition (a station's fault, a lost connection...) that is active
 * or not, and what the operator did about it (acknowledged, shelved), giving the alarm's state. Every change of
 * state is a transition, with its time and its cause; the archive journals them and routing rules send them on.
 */

/**
 * - normal: the condition is gone and nothing is owed;
 * - unacknowledged: active, nobody has acknowledged it;
 * - acknowledged: active, acknowledged;
 * - returned: the condition is gone but nobody acknowledged it (it stays on the list until someone does);
 * - shelved: an operator put it aside until `shelvedUntil` (it neither shows as new nor is routed meanwhile);
 * - suppressed: suppressed by design (its station is out of service, in maintenance, or offline).
 */
export type AlarmState = 'normal' | 'unacknowledged' | 'acknowledged' | 'returned' | 'shelved' | 'suppressed';

export const ALARM_STATES: readonly AlarmState[] = ['normal', 'unacknowledged', 'acknowledged', 'returned', 'shelved', 'suppressed'];

/** 1 is the most urgent (critical), 4 the least (low). */
export type AlarmPriority = 1 | 2 | 3 | 4;

export const PRIORITY_NAMES: Record<AlarmPriority, string> = { 1: 'critical', 2: 'high', 3: 'medium', 4: 'low' };

/** What raised it. Flows may raise their own types. */
export type AlarmType =
  | 'fault' // a connector or station status Faulted (1.6 errorCode, 2.0.1 Faulted)
  | 'communication' // no socket, or no answer to pings
  | 'problem' // a 2.0.1 NotifyEvent problem or monitor
  | 'stalled' // a transaction that stopped moving
  | 'firmware' // a firmware update that failed
  | 'diagnostics' // a diagnostics or log upload that failed
  | 'security' // a SecurityEventNotification
  | 'boot' // a boot the CSMS rejected
  | 'authentication' // a failed handshake (basic auth, certificate)
  | 'transaction-gap' // TransactionEvent seqNo missing
  | 'archive' // the archive spools: its database is unreachable
  | 'allocation' // an allocator that cannot hold a limit
  | 'planning' // a planner that cannot ready every vehicle
  | 'recovery' // automatic recovery of a station failed
  | 'flood' // too many alarms from one station: the rest are held back
  | string;

/** A condition as a source reports it: active or not, with what identifies and describes it. */
export interface AlarmCondition {
  type: AlarmType;
  stationId?: string;
  /** 0 or absent for the station itself. */
  evseId?: number;
  connectorId?: number;
  /** Sets several alarms of one type apart on the same EVSE (an error code, a 2.0.1 component/variable). */
  code?: string;
  active: boolean;
  /**
   * A momentary condition (a security event, a rejected boot) has no end to wait for: it is active and returns at
   * once, so it is owed an acknowledgement but never stays active.
   */
  momentary?: boolean;
  priority?: AlarmPriority;
  message?: string;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  /** When it happened (ISO); now when absent. */
  at?: string;
  site?: string;
}

export interface Alarm {
  /** Stable: the same condition on the same station and EVSE is the same alarm each time it comes back. */
  id: string;
  type: AlarmType;
  stationId?: string;
  evseId?: number;
  connectorId?: number;
  code?: string;
  site?: string;
  priority: AlarmPriority;
  state: AlarmState;
  /** Whether its condition is active now (a shelved or suppressed alarm may be either). */
  active: boolean;
  message: string;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  /** When it became active last, when it returned, when it was acknowledged and by whom (ISO). */
  activeSince?: string;
  returnedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  shelvedUntil?: string;
  /** While shelved or suppressed: the state it takes back when that ends, before its condition is looked at again. */
  resumesAs?: AlarmState;
  /** How many times it became active. */
  count: number;
  /** The last change of state (ISO). */
  updatedAt: string;
}

export type TransitionCause = 'raise' | 'clear' | 'acknowledge' | 'shelve' | 'unshelve' | 'shelf-expired' | 'suppress' | 'unsuppress' | 'escalate';

export interface AlarmTransition {
  alarm: Alarm;
  from: AlarmState;
  to: AlarmState;
  cause: TransitionCause;
  at: string;
  /** Who acted (an operator's name), for acknowledgements and shelving. */
  by?: string;
}

/** The stable id of a condition's alarm. */
export function alarmId(c: Pick<AlarmCondition, 'type' | 'stationId' | 'evseId' | 'code'>): string {
  return [c.stationId ?? '-', c.evseId ?? 0, c.type, ...(c.code ? [c.code] : [])].join('/');
}
