/** A reporting engine wired to both local receivers on a manual clock, for the focused reporting tests. */
import { ManualClock } from '../../lib/continuity/clock';
import { AdvenirSink, type AdvenirOptions } from '../../lib/reporting/advenir';
import { ReportingEngine } from '../../lib/reporting/engine';
import type { ReportingOptions } from '../../lib/reporting/engine-options';
import type { PointMappingOptions } from '../../lib/reporting/ids';
import { QualiChargeSink, type QualiChargeOptions } from '../../lib/reporting/qualicharge';
import { IMMEDIATE } from '../../lib/reporting/schedule';
import type { Sink } from '../../lib/reporting/sink';
import { MemoryStore } from '../../lib/reporting/store';
import { AdvenirReceiver, QualiChargeReceiver } from './reporting-receivers';

export const T0 = Date.UTC(2026, 5, 10, 10);
export const ADVENIR_USER = '5f0c3f7e-2b1d-4c1e-9a57-3c2d8e1f4a60';
export const POINTS: PointMappingOptions = {
  points: { 'CP01/1': 'FREVC*ECP01*1', 'CP01/2': 'FREVC*ECP01*2', CP02: 'FREVC*ECP02*1' },
  plugs: { 'CP01/1': ['type_2'], 'CP01/2': ['combo_ccs', 'chademo'] },
};

export interface HarnessOptions {
  sinks?: Array<'advenir' | 'qualicharge'>;
  advenir?: Partial<AdvenirOptions>;
  quali?: Partial<QualiChargeOptions>;
  points?: PointMappingOptions;
  engine?: Partial<ReportingOptions>;
}

export class Harness {
  readonly clock = new ManualClock(T0);
  readonly advenir = new AdvenirReceiver({ username: 'op', password: 'secret' });
  readonly quali = new QualiChargeReceiver({ 'evc-op': 'pw' }, () => this.clock.now());
  readonly store = new MemoryStore();
  engine!: ReportingEngine;
  advenirSink?: AdvenirSink;
  qualiSink?: QualiChargeSink;

  constructor(private readonly options: HarnessOptions = {}) {}

  async start(): Promise<this> {
    await this.advenir.start();
    await this.quali.start();
    this.engine = this.make();
    return this;
  }

  /** A new engine on the same store and receivers (a restart). */
  make(): ReportingEngine {
    const wanted = this.options.sinks ?? ['advenir', 'qualicharge'];
    const sinks: Sink[] = [];
    if (wanted.includes('advenir')) {
      this.advenirSink = new AdvenirSink({
        url: `${this.advenir.url}/api/operation/put`, username: 'op', password: 'secret', userId: ADVENIR_USER, schedule: IMMEDIATE, timeoutMs: 500, ...this.options.advenir,
      });
      sinks.push(this.advenirSink);
    }
    if (wanted.includes('qualicharge')) {
      this.qualiSink = new QualiChargeSink({
        baseUrl: `${this.quali.url}/api/v1`, auth: { username: 'evc-op', password: 'pw' }, timeoutMs: 500, clock: this.clock, ...this.options.quali,
      });
      sinks.push(this.qualiSink);
    }
    return new ReportingEngine({
      clock: this.clock, store: this.store, sinks, points: this.options.points ?? POINTS, random: () => 0.5,
      backoff: { baseMs: 60_000, maxMs: 3_600_000 }, ...this.options.engine,
    });
  }

  /** Moves the manual clock forward in steps, letting the engine finish its requests at each. */
  async settle(ms = 0, stepMs = 60_000): Promise<void> {
    await this.engine.pump();
    const end = this.clock.now() + ms;
    while (this.clock.now() < end) {
      this.clock.advance(Math.min(stepMs, end - this.clock.now()));
      await this.engine.idle();
    }
  }

  entry(sink: string, id: string) {
    return this.engine.entries({ sink }).find((e) => e.id === id);
  }

  async close(): Promise<void> {
    this.engine.stop();
    await this.advenir.stop();
    await this.quali.stop();
  }
}
