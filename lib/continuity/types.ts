/** What the continuity service needs of the CSMS, and the actions it reports. */
import type { Csms } from '../ocpp/csms';
import type { StationStore } from '../stations/store';

/**
 * The part of the Csms engine the service uses: version-neutral events in, neutral commands out, station modes,
 * live state. A structural type, so a test may hand in a stand-in.
 */
export type SupervisedCsms = Pick<Csms, 'on' | 'off' | 'command' | 'modeOf'> & {
  readonly store: Pick<StationStore, 'get' | 'list' | 'openTransactions'>;
};

export type ContinuityActionType =
  | 'stall.detected'
  | 'stall.recovered'
  | 'stall.recoveryFailed'
  | 'start.delayed'
  | 'start.delayFailed';

/** One thing the service noticed or did. Extra fields depend on the type (see the node's help). */
export interface ContinuityAction {
  type: ContinuityActionType;
  stationId: string;
  evseId?: number;
  connectorId?: number;
  transactionId: string;
  /** When, per the service's clock (ISO 8601 UTC). */
  timestamp: string;
  [field: string]: unknown;
}

/** Why a detected stall led to no recovery. */
export type NoActionReason = 'manual' | 'limit' | 'busy';

export const isoAt = (ms: number): string => new Date(ms).toISOString();

/** A failure as a short text for an action's `error` field. */
export const describeError = (err: unknown): string => {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
};
