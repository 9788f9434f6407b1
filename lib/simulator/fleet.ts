/** A park of virtual stations named SIM001, SIM002... started with bounded concurrency, optionally with drivers. */
import { EventEmitter } from 'events';
import { AutoDriver } from './autocharge';
import { VirtualStationOptions } from './options';
import { Random } from './random';
import { VirtualStation } from './station';

/** The identity of the i-th (from 0) of `count` numbered stations: SIM001... (at least 3 digits, as many as count needs). */
export function numberedIdentity(prefix: string, index: number, count: number): string {
  return `${prefix}${String(index + 1).padStart(Math.max(3, String(count).length), '0')}`;
}

export interface FleetOptions extends Omit<VirtualStationOptions, 'identity' | 'version'> {
  count: number;
  /** Default 'SIM': SIM001, SIM002... */
  prefix?: string;
  /** 'mixed' alternates 1.6 and 2.0.1, starting with 1.6. Default '1.6'. */
  version?: '1.6' | '2.0.1' | 'mixed';
  /** Simulated drivers plug in, charge and leave at seeded random times. */
  autoCharge?: boolean;
  /** Typical idle or charging period of the drivers, default 60000. */
  autoChargeCycleMs?: number;
  /** Stations connecting at the same time, default 10. */
  startConcurrency?: number;
}

/** Events of the stations, re-emitted by the fleet with the station's identity added. */
const FORWARDED = ['connected', 'disconnected', 'boot', 'booted', 'status', 'transaction', 'meter', 'command'];

export class SimulatedFleet extends EventEmitter {
  readonly stations: VirtualStation[];
  private readonly drivers: AutoDriver[] = [];
  private readonly options: FleetOptions;
  private readonly random: Random;

  constructor(options: FleetOptions) {
    super();
    const { count, prefix = 'SIM', version = '1.6', autoCharge: _a, autoChargeCycleMs: _c, startConcurrency: _s, ...common } = options;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
    this.options = options;
    this.random = new Random(options.seed ?? Math.floor(Math.random() * 2 ** 31));
    this.stations = Array.from({ length: count }, (_, i) => {
      const identity = numberedIdentity(prefix, i, count);
      const stationVersion = version === 'mixed' ? (i % 2 === 0 ? '1.6' : '2.0.1') : version;
      // Each station its own seed, derived from the fleet's, so a seeded park replays identically.
      const station = new VirtualStation({ ...common, identity, version: stationVersion, seed: this.random.int(0, 2 ** 31 - 1) });
      this.forward(station);
      return station;
    });
  }

  station(identity: string): VirtualStation | undefined {
    return this.stations.find((s) => s.identity === identity);
  }

  /** Starts every station; if any fails, stops them all and rejects with the reasons. */
  async start(): Promise<void> {
    const failures: string[] = [];
    const queue = [...this.stations];
    const worker = async (): Promise<void> => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        try {
          await s.start();
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    };
    const concurrency = Math.max(1, Math.min(this.options.startConcurrency ?? 10, this.stations.length));
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (failures.length > 0) {
      await this.stop();
      throw new Error(`${failures.length} of ${this.stations.length} stations failed to start: ${failures.slice(0, 3).join('; ')}`);
    }
    if (this.options.autoCharge) this.startDrivers();
  }

  /** The simulated drivers go home: no new sessions start, the open ones stay open. */
  stopDrivers(): void {
    for (const d of this.drivers.splice(0)) d.stop();
  }

  async stop(): Promise<void> {
    this.stopDrivers();
    await Promise.all(this.stations.map((s) => s.stop()));
  }

  private startDrivers(): void {
    const idTags = Array.from({ length: 20 }, (_, i) => `DRIVER${String(i + 1).padStart(3, '0')}`);
    for (const s of this.stations) {
      const driver = new AutoDriver(s, new Random(this.random.int(0, 2 ** 31 - 1)), {
        cycleMs: this.options.autoChargeCycleMs ?? 60_000, idTags,
      });
      this.drivers.push(driver);
      driver.start();
    }
  }

  private forward(station: VirtualStation): void {
    for (const event of FORWARDED) {
      station.on(event, (data?: unknown) => {
        this.emit(event, { identity: station.identity, ...(data && typeof data === 'object' ? data : {}) });
      });
    }
    station.on('error', (err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', new Error(`${station.identity}: ${err.message}`, { cause: err }));
    });
  }
}
