/**
 * Simulated drivers: on each connector of a station, EVs arrive, charge for a while and leave, at seeded random
 * times, so a demo park looks alive without anyone clicking.
 */
import { CallError } from '../ocpp/errors';
import { StationStoppedError } from './outbox';
import { Random } from './random';
import { Timers } from './timers';
import type { VirtualStation } from './station';

export interface AutoChargeOptions {
  /** Typical length of an idle or charging period, ms; each actual one is a random multiple of it. */
  cycleMs: number;
  /** Badges the drivers present. */
  idTags: readonly string[];
}

export class AutoDriver {
  private readonly timers: Timers;
  private running = false;

  constructor(private readonly station: VirtualStation, private readonly random: Random, private readonly options: AutoChargeOptions) {
    this.timers = new Timers((err) => this.report(err));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const state = this.station.connectorsState();
    // Staggered, so a freshly started park does not plug everything in at once.
    for (const c of state) this.wait(c.connectorId, this.random.between(0.1, 1.5));
  }

  stop(): void {
    this.running = false;
    this.timers.clear();
  }

  /** Idle: the next EV arrives after a while. */
  private wait(connectorId: number, cycles: number): void {
    this.timers.after(cycles * this.options.cycleMs, () => this.arrive(connectorId));
  }

  private async arrive(connectorId: number): Promise<void> {
    if (!this.running) return;
    const c = this.station.connectorsState().find((x) => x.connectorId === connectorId);
    if (!c) return;
    // Someone else (a remote start, a user of the API) is charging here: let that session end on its own time.
    if (c.transactionId) return this.charge(connectorId);
    if (!this.station.connected || c.status !== 'Available') return this.wait(connectorId, this.random.between(0.5, 2));
    try {
      await this.station.plug(connectorId);
      await this.station.startCharging(connectorId, this.random.pick(this.options.idTags));
      this.charge(connectorId);
    } catch (err) {
      this.report(err);
      await this.leave(connectorId);
    }
  }

  /** Charging: the driver comes back after a while. */
  private charge(connectorId: number): void {
    this.timers.after(this.random.between(1, 6) * this.options.cycleMs, () => this.depart(connectorId));
  }

  private async depart(connectorId: number): Promise<void> {
    if (!this.running) return;
    const c = this.station.connectorsState().find((x) => x.connectorId === connectorId);
    try {
      if (c?.transactionId) await this.station.stopCharging(connectorId, 'Local');
    } catch (err) {
      this.report(err);
    }
    // The driver walks back to the car before unplugging.
    this.timers.after(this.random.between(0.05, 0.3) * this.options.cycleMs, () => this.leave(connectorId));
  }

  private async leave(connectorId: number): Promise<void> {
    if (!this.running) return;
    try {
      await this.station.unplug(connectorId);
    } catch (err) {
      this.report(err);
    }
    this.wait(connectorId, this.random.between(0.5, 3));
  }

  /** A session cut short by a stop or a lost connection is part of the simulation, not an error. */
  private report(err: unknown): void {
    if (!this.running || err instanceof StationStoppedError) return;
    if (err instanceof CallError && (err.code === 'NotConnected' || err.code === 'Closed')) return;
    if (this.station.listenerCount('error') > 0) this.station.emit('error', err instanceof Error ? err : new Error(String(err)));
  }
}
