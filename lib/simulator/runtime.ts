/**
 * The shared state of one virtual station and the plumbing every part of it uses: the current connection, the
 * timers, the connectors and how their status reaches the CSMS.
 */
import type { RpcConnection } from '../ocpp/connection';
import { CallError } from '../ocpp/errors';
import type { Payload } from '../ocpp/frames';
import { Connector, ConnectorState } from './connector';
import { Dialect } from './dialect';
import { dialect16 } from './dialect16';
import { dialect201 } from './dialect201';
import { Sample, takeSamples } from './meter';
import { OutgoingCall, StationStoppedError, TxOutbox } from './outbox';
import { ProfileStore, TxRef } from './profiles';
import { Random } from './random';
import { ResolvedOptions } from './options';
import { SettingName, StationSettings } from './settings';
import { Timers } from './timers';

export type Emit = (event: string, data?: unknown) => void;

/** Delay before a follow-up of a command (the triggered message, the remote start): the answer goes out first. */
export const FOLLOW_UP_MS = 10;

export interface Progress {
  status: string;
  requestId?: number;
}

export class StationRuntime {
  readonly timers: Timers;
  readonly random: Random;
  readonly dialect: Dialect;
  readonly settings: StationSettings;
  readonly profiles: ProfileStore;
  readonly connectors: Connector[];
  readonly outbox: TxOutbox;
  /** The connection of the current session, if any. */
  conn?: RpcConnection;
  /** The current session is past an accepted BootNotification: the station may send anything. */
  accepted = false;
  /** Station-wide availability (1.6 connector 0). */
  stationOperative = true;
  private station0Sent?: string;
  private station0Shown?: string;
  firmware: Progress = { status: 'Idle' };
  upload: Progress = { status: 'Idle' };
  localList = { version: 0, entries: new Map<string, string>() };

  constructor(readonly opts: ResolvedOptions, readonly emit: Emit, onSetting: (name: SettingName) => void) {
    this.timers = new Timers((err) => this.reportError(err));
    this.random = new Random(opts.seed);
    this.dialect = opts.version === '1.6' ? dialect16 : dialect201;
    this.settings = new StationSettings(opts.meterIntervalMs, onSetting);
    const wiring = { voltageV: opts.voltageV, phases: opts.phases };
    this.profiles = new ProfileStore(wiring);
    const electrical = { maxPowerW: opts.maxPowerW, phases: opts.phases, voltageV: opts.voltageV, batteryWh: opts.batteryWh };
    this.connectors = Array.from({ length: opts.connectors }, (_, i) => new Connector(
      i + 1, electrical, this.random, (c, at) => this.profiles.limitW(c.id, at, this.txRef(c))));
    this.outbox = new TxOutbox({ send: (call) => this.call(call), ready: () => this.online });
  }

  get connected(): boolean {
    return this.conn?.isOpen === true;
  }

  get online(): boolean {
    return this.connected && this.accepted;
  }

  connector(id: number): Connector | undefined {
    return Number.isInteger(id) ? this.connectors[id - 1] : undefined;
  }

  call(call: OutgoingCall): Promise<Payload> {
    if (!this.conn) return Promise.reject(new CallError('NotConnected', 'Station is not connected'));
    return this.conn.call(call.action, call.payload);
  }

  /** Sends without waiting; failures other than a lost connection are reported as 'error'. */
  send(call: OutgoingCall | undefined, onFailure?: () => void): void {
    if (!call) return;
    this.call(call).catch((err) => {
      onFailure?.();
      if (!(err instanceof CallError && (err.code === 'NotConnected' || err.code === 'Closed'))) this.reportError(err);
    });
  }

  later(task: () => unknown, ms = FOLLOW_UP_MS): NodeJS.Timeout {
    return this.timers.after(ms, task);
  }

  reportError(err: unknown): void {
    if (err instanceof StationStoppedError) return;
    this.emit('error', err instanceof Error ? err : new Error(String(err)));
  }

  samples(c: Connector, measurands: readonly string[] = this.settings.values.measurands): Sample[] {
    return takeSamples(c, this.random, measurands);
  }

  txRef(c: Connector): TxRef | undefined {
    return c.tx ? { ids: [c.tx.id, c.tx.localId], startedAt: c.tx.startedAt } : undefined;
  }

  /** Announces a connector's status if it changed and tells the CSMS if the version's word for it changed. */
  refreshStatus(c: Connector): void {
    const state = c.state;
    const wire = this.dialect.wireStatus(state);
    if (wire !== c.shownStatus) {
      c.shownStatus = wire;
      this.emit('status', { connectorId: c.id, status: wire, state });
    }
    if (wire !== c.sentStatus) this.sendStatus(c, state, wire);
  }

  /** Station-wide status, 1.6 connector 0. */
  refreshStation(force = false): void {
    if (this.opts.version !== '1.6') return;
    const state: ConnectorState = this.stationOperative ? 'Available' : 'Unavailable';
    if (state !== this.station0Shown) {
      this.station0Shown = state;
      this.emit('status', { connectorId: 0, status: state, state });
    }
    if (state === this.station0Sent && !force) return;
    if (!this.online) {
      this.station0Sent = undefined;
      return;
    }
    this.station0Sent = state;
    this.send(this.dialect.status(0, state, Date.now()), () => {
      if (this.station0Sent === state) this.station0Sent = undefined;
    });
  }

  /** After a boot every status goes out; after a reconnect, only those the CSMS may have missed. */
  reportStatuses(all: boolean): void {
    this.refreshStation(all);
    for (const c of this.connectors) {
      if (all) c.sentStatus = undefined;
      this.refreshStatus(c);
    }
  }

  private sendStatus(c: Connector, state: ConnectorState, wire: string): void {
    // Not yet accepted: left unsent, so the boot or the reconnect sends it.
    if (!this.online) {
      c.sentStatus = undefined;
      return;
    }
    c.sentStatus = wire;
    this.send(this.dialect.status(c.id, state, Date.now()), () => {
      if (c.sentStatus === wire) c.sentStatus = undefined;
    });
  }
}
