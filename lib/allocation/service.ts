/**
 * The allocator running beside a CSMS: it recomputes shortly after the events that change the sessions and on an
 * interval, one recomputation at a time, and sends the limits through the CSMS, every decrease answered before
 * any increase leaves so no group is over its limit in between. Emits 'recomputed' (a Recomputation) and 'warn'
 * ({stationId?, reason}: a limit a station did not take, or a recomputation that failed).
 */
import { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import type { StationStore } from '../stations/store';
import { AllocatorOptions, PowerAllocator, Recomputation } from './allocator';
import { evseAt, limitCommand, liveSessions, ProfileSettings } from './csms-link';
import { NeedStore } from './needs';
import { loadLpSolver } from './lp';
import type { GroupNode, Site } from './tree';

export type AllocatingCsms = Pick<Csms, 'on' | 'off' | 'command'> & Partial<Pick<Csms, 'useChargingNeeds'>> & { readonly store: Pick<StationStore, 'list'> };

export interface AllocationServiceOptions {
  intervalMs: number;
  allocator: AllocatorOptions;
  profiles: ProfileSettings;
}

/** The events after which the allocation may change. */
const TRIGGERS = new Set(['transaction.started', 'transaction.updated', 'transaction.ended', 'station.connected', 'station.disconnected', 'meter.values', 'charging.needs']);
/** Events come in bursts: one recomputation this long after the first of them. */
const SETTLE_MS = 200;

export class AllocationService extends EventEmitter {
  private readonly allocator: PowerAllocator;
  private readonly ready: Promise<void>;
  private releaseNeeds?: () => void;
  private timer?: NodeJS.Timeout;
  private pending?: NodeJS.Timeout;
  private current: Promise<unknown> = Promise.resolve();
  private waiting?: Promise<Recomputation>;
  /** What sessions need by when, from the EVs (2.0.1) and from flows. */
  readonly needs = new NeedStore();
  private readonly onEvent = (e: OcppEvent): void => {
    if (e.type === 'charging.needs') this.noteNeeds(e);
    if (TRIGGERS.has(e.type) && !this.pending) {
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.recompute().catch((err: Error) => this.emit('warn', { reason: err.message }));
      }, SETTLE_MS);
    }
  };

  constructor(private readonly csms: AllocatingCsms, private readonly site: Site, private readonly options: AllocationServiceOptions) {
    super();
    this.allocator = new PowerAllocator(site, options.allocator);
    // Phasor limits are solved as a linear programme: HiGHS loads once, before the first recomputation.
    this.ready = site.phasor?.length ? loadLpSolver().then((solver) => this.allocator.useSolver(solver)) : Promise.resolve();
  }

  start(): void {
    this.csms.on('event', this.onEvent);
    // The EVs' needs are used: a 2.0.1 station is told a schedule will follow.
    this.releaseNeeds = this.csms.useChargingNeeds?.();
    this.timer = setInterval(() => this.recompute().catch((err: Error) => this.emit('warn', { reason: err.message })), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.pending);
    this.releaseNeeds?.();
    this.csms.off('event', this.onEvent);
  }

  /** An EV's own charging needs (ISO 15118 through 2.0.1): its departure and the energy it asks for. */
  private noteNeeds(e: OcppEvent): void {
    const departureMs = typeof e.departureTime === 'string' ? Date.parse(e.departureTime) : NaN;
    const evse = e.evseId === undefined ? undefined : evseAt(this.site, e.stationId, e.evseId);
    if (!evse || !Number.isFinite(departureMs)) return;
    const tx = this.csms.store.list().find((s) => s.identity === e.stationId)?.transactions.find((t) => (t.evseId ?? t.connectorId) === e.evseId);
    this.needs.set(evse.id, {
      departureMs, ...(typeof e.energyAmountWh === 'number' ? { energyWh: e.energyAmountWh } : {}),
      ...(tx ? { transactionId: tx.transactionId, deliveredAtWh: tx.energyWh } : {}),
    });
  }

  /** Throws when the tree has no such group. */
  setExternalLimit(group: string, limit: { limitA?: GroupNode['limitA']; limitW?: number }): void {
    this.allocator.setExternalLimit(group, limit);
  }

  /**
   * One recomputation at a time; asked during one, the next runs right after it, on what is known by then (a live
   * limit that arrives meanwhile is never left for the next interval). Requests while one waits share it.
   */
  recompute(): Promise<Recomputation> {
    if (!this.waiting) {
      this.waiting = this.current.then(() => {
        this.waiting = undefined;
        return this.recomputeNow();
      });
      this.current = this.waiting.catch(() => undefined);
    }
    return this.waiting;
  }

  private async recomputeNow(): Promise<Recomputation> {
    await this.ready;
    const result = this.allocator.recompute(liveSessions(this.site, this.csms.store.list(), this.needs));
    await this.send(result.changes.filter((c) => c.decrease));
    await this.send(result.changes.filter((c) => !c.decrease));
    this.emit('recomputed', result);
    return result;
  }

  private async send(changes: Recomputation['changes']): Promise<void> {
    await Promise.all(changes.map(async (change) => {
      const target = limitCommand(this.site, change, this.options.profiles);
      if (!target) return;
      try {
        await this.csms.command(target.stationId, target.command);
      } catch (err) {
        this.emit('warn', { stationId: target.stationId, reason: (err as Error).message });
      }
    }));
  }
}
