/**
 * A virtual charging station, OCPP 1.6 or 2.0.1, that behaves like a real one: it connects, boots, heartbeats,
 * reports its connectors, charges EVs, answers the CSMS's commands and comes back after a drop.
 *
 * Events: 'connected', 'disconnected', 'boot' (every BootNotification answer: {status, intervalS}), 'booted'
 * (accepted), 'status' ({connectorId, status, state}), 'transaction' ({connectorId, transactionId, phase}; at the end also idTag, reason, meterStartWh, meterStopWh),
 * 'meter' ({connectorId, transactionId, energyWh, powerW, socPercent}), 'command' ({action, payload, response} or
 * {action, payload, error}), 'error' (only emitted when someone listens).
 */
import { EventEmitter } from 'events';
import type { IncomingCall } from '../ocpp/connection';
import type { OcppVersion } from '../ocpp/errors';
import type { Payload } from '../ocpp/frames';
import { Charging } from './charging';
import { handle16 } from './commands16';
import { handle201 } from './commands201';
import { Config16 } from './config16';
import { Connector } from './connector';
import { Control } from './control';
import { DeviceModel } from './device-model';
import { normalizeStopReason } from './dialect';
import { Lifecycle } from './lifecycle';
import { VirtualStationOptions, resolveOptions } from './options';
import { StationRuntime } from './runtime';
import { SettingName } from './settings';

export interface ConnectorSnapshot {
  connectorId: number;
  /** In the station's version's words (2.0.1: Occupied for the whole session). */
  status: string;
  /** The detailed state, 1.6 words, whatever the version. */
  state: string;
  transactionId?: string;
  /** Energy of the current transaction. */
  energyWh: number;
  powerW: number;
  /** While an EV is plugged in. */
  socPercent?: number;
  /** The meter register. */
  meterWh: number;
  plugged: boolean;
}

export class VirtualStation extends EventEmitter {
  readonly identity: string;
  readonly version: OcppVersion;
  private readonly rt: StationRuntime;
  private readonly charging: Charging;
  private readonly lifecycle: Lifecycle;

  constructor(options: VirtualStationOptions) {
    super();
    const opts = resolveOptions(options);
    this.identity = opts.identity;
    this.version = opts.version;
    this.rt = new StationRuntime(opts, (event, data) => this.announce(event, data), (name) => this.settingChanged(name));
    this.charging = new Charging(this.rt);
    const control = new Control(this.rt, this.charging, {
      reboot: (reason) => this.lifecycle.reboot(reason), boot: (reason) => this.lifecycle.bootOnce(reason),
    });
    let handle: (call: IncomingCall) => Payload;
    if (this.version === '1.6') {
      const handlers = { rt: this.rt, control, config: new Config16(this.rt) };
      handle = (call) => handle16(call, handlers);
    } else {
      const handlers = { rt: this.rt, control, model: new DeviceModel(this.rt) };
      handle = (call) => handle201(call, handlers);
    }
    this.lifecycle = new Lifecycle(this.rt, (call) => this.answer(call, handle));
  }

  get connected(): boolean {
    return this.rt.connected;
  }

  /** Connects and boots; resolves once the CSMS accepted the BootNotification, rejects if the socket cannot open. */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /** Closes cleanly and clears every timer. Open transactions stay open, as after a power cut. */
  async stop(): Promise<void> {
    for (const c of this.rt.connectors) {
      c.meterTimer = undefined;
      c.starting = false;
    }
    await this.lifecycle.stop();
  }

  /** Drops the socket without a closing handshake (a power loss seen from the network); reconnects if enabled. */
  disconnect(): void {
    this.lifecycle.disconnect();
  }

  /** A fault on a connector (a tripped breaker, say): it reports Faulted, and draws nothing, until it recovers. */
  async fault(connectorId: number, faulted: boolean): Promise<void> {
    const c = this.connector(connectorId);
    c.faulted = faulted;
    this.rt.refreshStatus(c);
  }

  async plug(connectorId: number): Promise<void> {
    this.charging.plug(this.connector(connectorId));
  }

  async unplug(connectorId: number): Promise<void> {
    await this.charging.unplug(this.connector(connectorId));
  }

  /** A local start: Authorize, then StartTransaction / TransactionEvent Started. Resolves with the transactionId. */
  async startCharging(connectorId: number, idTag: string): Promise<string> {
    return this.charging.startLocal(this.connector(connectorId), idTag);
  }

  /** The reason in either version's words; Local by default. */
  async stopCharging(connectorId: number, reason?: string): Promise<void> {
    const c = this.connector(connectorId);
    if (!c.tx) throw new Error(`Connector ${connectorId} of ${this.identity} has no transaction`);
    await this.charging.stop(c, normalizeStopReason(reason));
  }

  connectorsState(): ConnectorSnapshot[] {
    const now = Date.now();
    return this.rt.connectors.map((c) => {
      c.advance(now);
      return {
        connectorId: c.id, status: this.rt.dialect.wireStatus(c.state), state: c.state,
        transactionId: c.tx ? c.tx.id ?? c.tx.localId : undefined, energyWh: Math.round(c.sessionWh),
        powerW: Math.round(c.powerW), socPercent: c.plugged ? Math.round(c.socPercent * 10) / 10 : undefined,
        meterWh: Math.round(c.meterWh), plugged: c.plugged,
      };
    });
  }

  private connector(id: number): Connector {
    const c = this.rt.connector(id);
    if (!c) throw new RangeError(`${this.identity} has no connector ${id} (it has ${this.rt.connectors.length})`);
    return c;
  }

  private answer(call: IncomingCall, handle: (call: IncomingCall) => Payload): Payload {
    try {
      const response = handle(call);
      this.announce('command', { action: call.action, payload: call.payload, response });
      return response;
    } catch (err) {
      this.announce('command', { action: call.action, payload: call.payload, error: (err as Error).message });
      throw err;
    }
  }

  private settingChanged(name: SettingName): void {
    if (name === 'heartbeatS') this.lifecycle.startHeartbeat();
    if (name === 'meterIntervalMs') this.charging.restartMeters();
  }

  /** An 'error' event without a listener would throw; a simulator must not take its host down. */
  private announce(event: string, data?: unknown): void {
    if (event === 'error' && this.listenerCount('error') === 0) return;
    this.emit(event, data);
  }
}
