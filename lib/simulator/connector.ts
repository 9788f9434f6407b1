/**
 * One connector of a virtual station: what is plugged in, the transaction on it, and the electrical model that turns
 * time into energy. Its status is derived from that state rather than stored, so it can never disagree with it.
 */
import { Random } from './random';
import type { Sample } from './meter';

/** The 1.6 vocabulary, the richer one; 2.0.1 folds the middle five into Occupied. */
export type ConnectorState =
  | 'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV' | 'Finishing'
  | 'Reserved' | 'Unavailable' | 'Faulted';

/** The 2.0.1 chargingState of a transaction. */
export type ChargingState = 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';

export interface Transaction {
  /** Our own id: the 2.0.1 transactionId, and the key of a 1.6 transaction until the CSMS gives its id. */
  localId: string;
  /** The id the CSMS knows: 1.6 the StartTransaction answer (as text), 2.0.1 the localId. */
  id?: string;
  idTag: string;
  tokenType: string;
  startedAt: number;
  meterStartWh: number;
  /** Next 2.0.1 TransactionEvent seqNo. */
  seqNo: number;
  remoteStartId?: number;
  reservationId?: number;
  /** Readings at the start, repeated in the 1.6 StopTransaction transactionData. */
  beginSamples?: Sample[];
  /** Last chargingState told to the CSMS (2.0.1). */
  reportedState?: ChargingState;
  stopping: boolean;
}

export interface Reservation {
  id: number;
  idTag: string;
  expiresAt: number;
  timer?: NodeJS.Timeout;
}

export interface Electrical {
  maxPowerW: number;
  phases: 1 | 3;
  voltageV: number;
  batteryWh: number;
}

/** The power cap in W that charging profiles put on a connector at an instant (Infinity when none). */
export type LimitSource = (connector: Connector, at: number) => number;

// Above this SoC the EV tapers its own power down, as real batteries do.
const TAPER_FROM = 80;
const TAPER_FLOOR = 0.05;

export class Connector {
  plugged = false;
  operative = true;
  /** ChangeAvailability answered Scheduled: the operative state to apply when the transaction ends. */
  pendingOperative?: boolean;
  faulted = false;
  /** A transaction ended while the EV is still plugged in: 1.6 Finishing. */
  finished = false;
  /** A start is being prepared (authorization, remote start delay): the connector is taken. */
  starting = false;
  tx?: Transaction;
  reservation?: Reservation;
  meterTimer?: NodeJS.Timeout;
  /** Energy.Active.Import.Register, Wh, kept fractional; reported rounded. */
  meterWh: number;
  socPercent = 0;
  powerW = 0;
  /** The last status sent (or being sent) to the CSMS in its version's words; undefined forces a resend. */
  sentStatus?: string;
  /** The last status announced with a 'status' event. */
  shownStatus?: string;
  private lastUpdate = Date.now();

  constructor(
    readonly id: number,
    readonly electrical: Electrical,
    private readonly random: Random,
    private readonly limitAt: LimitSource,
  ) {
    // A meter that has already served for a while, as in a real park.
    this.meterWh = random.int(100_000, 2_000_000);
  }

  get state(): ConnectorState {
    if (this.faulted) return 'Faulted';
    if (this.tx) {
      if (this.powerW > 0) return 'Charging';
      return this.socPercent >= 100 ? 'SuspendedEV' : 'SuspendedEVSE';
    }
    if (!this.operative) return 'Unavailable';
    if (this.plugged) return this.finished ? 'Finishing' : 'Preparing';
    if (this.reservation) return 'Reserved';
    return 'Available';
  }

  get chargingState(): ChargingState {
    const state = this.state;
    if (state === 'Charging' || state === 'SuspendedEV' || state === 'SuspendedEVSE') return state;
    return this.plugged ? 'EVConnected' : 'Idle';
  }

  /** Energy of the current transaction, Wh. */
  get sessionWh(): number {
    return this.tx ? this.meterWh - this.tx.meterStartWh : 0;
  }

  /** A new EV arrives: its battery is somewhere between a fifth and three fifths full. */
  plugIn(now = Date.now()): void {
    this.advance(now);
    this.plugged = true;
    this.finished = false;
    this.socPercent = Math.round(this.random.between(20, 60) * 10) / 10;
    this.advance(now);
  }

  unplug(now = Date.now()): void {
    this.advance(now);
    this.plugged = false;
    this.finished = false;
    this.socPercent = 0;
    this.advance(now);
  }

  /** Integrates energy since the last update at the power held since then, then sets the power for what follows. */
  advance(now = Date.now()): void {
    const hours = Math.max(0, now - this.lastUpdate) / 3_600_000;
    this.lastUpdate = now;
    if (this.tx && this.powerW > 0 && hours > 0) {
      const room = ((100 - this.socPercent) / 100) * this.electrical.batteryWh;
      const energy = Math.min(this.powerW * hours, Math.max(0, room));
      this.meterWh += energy;
      this.socPercent = Math.min(100, this.socPercent + (energy / this.electrical.batteryWh) * 100);
    }
    this.powerW = this.targetPower(now);
  }

  private targetPower(now: number): number {
    if (!this.tx || !this.plugged || this.faulted || this.socPercent >= 100) return 0;
    const { maxPowerW } = this.electrical;
    const taper = this.socPercent <= TAPER_FROM
      ? 1
      : Math.max(TAPER_FLOOR, (100 - this.socPercent) / (100 - TAPER_FROM));
    const limit = Math.max(0, this.limitAt(this, now));
    // Jitter only downwards, so a profile's limit is never exceeded.
    const jitter = 1 - this.random.next() * 0.01;
    return Math.min(maxPowerW * taper, limit) * jitter;
  }
}
