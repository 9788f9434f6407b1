/**
 * The watch kept on one open transaction: when energy last flowed, and whether the session may be judged now.
 * Pure functions over plain data, so the rules can be read (and tested) apart from the wiring to the CSMS.
 */
import type { MeterSample } from '../ocpp/events';
import type { StationSnapshot } from '../stations/types';

export interface TxWatch {
  stationId: string;
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idTag?: string;
  tokenType?: string;
  /** Clock time energy last flowed, or since when the session could be judged (start, reconnect, end of a hold). */
  flowAt: number;
  /** The energy register at flowAt, Wh: the rise since it tells whether energy flows without a power reading. */
  flowWh?: number;
  /** Meter samples received since the watch began: with none there is nothing to judge on. */
  samples: number;
  powerW?: number;
  energyWh?: number;
  /** 2.0.1 chargingState (Charging, EVConnected, SuspendedEV, SuspendedEVSE, Idle). */
  chargingState?: string;
  /** Set at the first verdict of a stall, cleared when energy flows: repeated reports tell the whole duration. */
  stalledSince?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Takes a meter sample; returns true when it shows energy flowing: a power reading at or above the threshold, or
 * a register that rose at least as much as the threshold power would have made it rise since energy last flowed
 * (and by at least 1 Wh, the resolution of most registers). A trickle below the threshold counts as no flow.
 */
export function recordSample(w: TxWatch, s: MeterSample, now: number, thresholdW: number): boolean {
  w.samples++;
  if (s.powerW !== undefined) w.powerW = s.powerW;
  let flowing = s.powerW !== undefined && s.powerW >= thresholdW && s.powerW > 0;
  if (s.energyWh !== undefined) {
    w.energyWh = s.energyWh;
    // A register going backwards was replaced or reset: measure from the new reading.
    if (w.flowWh === undefined || s.energyWh < w.flowWh) w.flowWh = s.energyWh;
    const needed = Math.max(1, (thresholdW * Math.max(0, now - w.flowAt)) / HOUR_MS);
    if (s.energyWh - w.flowWh >= needed) flowing = true;
  }
  if (flowing) {
    w.stalledSince = undefined;
    w.flowAt = now;
    if (s.energyWh !== undefined) w.flowWh = s.energyWh;
  }
  return flowing;
}

/** Whether an EV is connected and the session may draw power, from the connector status and 2.0.1 chargingState. */
export type VehicleState = 'connected' | 'suspendedEV' | 'absent';

// 1.6 statuses in which the transaction cannot draw power because no EV is there (or the point is out of order:
// a fault is an alarm of its own, not a stall to restart).
const ABSENT = new Set(['Available', 'Finishing', 'Reserved', 'Unavailable', 'Faulted']);

export function vehicleState(status: string | undefined, chargingState: string | undefined): VehicleState {
  if (chargingState === 'Idle') return 'absent';
  if (status === 'SuspendedEV' || chargingState === 'SuspendedEV') return 'suspendedEV';
  // An unknown status (none received yet) with an open transaction: an EV is most likely there.
  if (status !== undefined && ABSENT.has(status)) return 'absent';
  return 'connected';
}

/** The status of the connector a transaction runs on (the EVSE's first connector when the transaction names none). */
export function connectorStatus(snapshot: StationSnapshot | undefined, w: Pick<TxWatch, 'evseId' | 'connectorId'>): string | undefined {
  if (!snapshot || w.evseId === undefined) return undefined;
  const on = snapshot.connectors.filter((c) => c.evseId === w.evseId);
  const exact = w.connectorId === undefined ? undefined : on.find((c) => c.connectorId === w.connectorId);
  return (exact ?? on[0])?.status;
}

export interface JudgeContext {
  now: number;
  snapshot: StationSnapshot | undefined;
  timeoutMs: number;
  suspendedEvIsStall: boolean;
  /** Until when we hold the session at 0 W ourselves (staggered start). */
  heldUntil?: number;
  /** False when another part of the system limits this session to nothing on purpose. */
  powerAllowed: boolean;
}

/** Why a session is not judged now; the clock of the stall restarts when it can be judged again. */
export type NotJudged = 'offline' | 'absent' | 'suspendedEV' | 'held' | 'notAllowed';

export type Verdict = { stalled: true; sinceMs: number } | { stalled: false; pause?: NotJudged };

export function judge(w: TxWatch, ctx: JudgeContext): Verdict {
  if (!ctx.snapshot?.connected) return { stalled: false, pause: 'offline' };
  const vehicle = vehicleState(connectorStatus(ctx.snapshot, w), w.chargingState);
  if (vehicle === 'absent') return { stalled: false, pause: 'absent' };
  if (vehicle === 'suspendedEV' && !ctx.suspendedEvIsStall) return { stalled: false, pause: 'suspendedEV' };
  if (ctx.heldUntil !== undefined && ctx.heldUntil > ctx.now) return { stalled: false, pause: 'held' };
  if (!ctx.powerAllowed) return { stalled: false, pause: 'notAllowed' };
  // The time on hold is no time without energy: count from the end of the hold.
  const from = Math.max(w.flowAt, ctx.heldUntil ?? -Infinity);
  if (w.samples === 0 || ctx.now - from < ctx.timeoutMs) return { stalled: false };
  return { stalled: true, sinceMs: from };
}
