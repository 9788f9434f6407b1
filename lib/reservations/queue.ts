/**
 * A park's first-in first-out waiting queue for drivers (the mobile booking service). A pure engine: it is told
 * the connectors' live state and the sessions' starts and ends, and answers with decisions as events; a node turns
 * them into ReserveNow/CancelReservation, and into messages (queue-messages.ts).
 * - Each connector that comes free is offered to the first waiting driver ('offer') and held for them `holdMin`,
 *   so the next free one goes to the next driver. Plugging in with that idTag ends the wait; a hold that runs out
 *   costs the slot ('expired'): the driver is dropped, or sent to the back (`noShow`).
 * - Waits are estimated by playing the line over the connectors' expected free times. Session length, time to
 *   plug in and the no-show rate are measured from what the engine itself has seen, so estimates follow the park.
 * Events are emitted once a call has settled, so a listener that calls back in sees a consistent queue.
 */
import { EventEmitter } from 'events';
import { randomUUID } from 'crypto';
import { Clock, systemClock, TimerHandle } from '../continuity/clock';
import { invalidJoin } from './queue-model';
import type { ConnectorStatus, EntryState, JoinRequest, QueueEntry, ConnectorFact, SessionStart, SessionEnd, MeterFact, ReleaseReason, UpdateEvent, QueueEvents, DriverReport, Estimate, QueueOptions, ConnectorRecord, Samples, QueueSnapshot } from './queue-model';

export * from './queue-model';

const MIN = 60_000;
const OUT_OF_SERVICE: ReadonlySet<ConnectorStatus> = new Set(['Unavailable', 'Faulted']);
const key = (stationId: string, evseId: number) => `${stationId}/${evseId}`;
const iso = (ms: number) => new Date(ms).toISOString();
const parse = (at?: string) => (at === undefined || Number.isNaN(Date.parse(at)) ? undefined : Date.parse(at));
/** OCPP idTags are case-insensitive. */
const sameTag = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);

export class WaitingQueue extends EventEmitter {
  private entries = new Map<string, QueueEntry>();
  /** Ids of the drivers waiting or offered, first come first. */
  private line: string[] = [];
  private connectors = new Map<string, ConnectorRecord>();
  private samples: Samples = { sessionMs: [], arrivalMs: [], shows: [] };
  /** The expected instant each driver in line was last given, to tell them again only when it moves. */
  private told = new Map<string, number | null>();
  private readonly timers = new Map<string, TimerHandle>();
  private outbox: Array<[string, object]> = [];
  private readonly clock: Clock;
  private readonly holdMs: number;
  private readonly noShow: 'drop' | 'requeue';
  private readonly requeueLimit: number;
  private readonly typicalMs: number;
  private readonly noShowRate: number;
  private readonly sampleSize: number;
  private readonly thresholdMs: number;
  private readonly retain: number;

  constructor(options: QueueOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.holdMs = (options.holdMin ?? 15) * MIN;
    this.noShow = options.noShow ?? 'drop';
    this.requeueLimit = options.requeueLimit ?? 1;
    this.typicalMs = (options.typicalSessionMin ?? 120) * MIN;
    this.noShowRate = options.noShowRate ?? 0.1;
    this.sampleSize = options.sampleSize ?? 10;
    this.thresholdMs = (options.updateThresholdMin ?? 5) * MIN;
    this.retain = options.retain ?? 500;
  }

  /** A driver at the park entrance; a reason when the request is malformed or the idTag already queued. */
  join(request: JoinRequest): QueueEntry | string {
    const invalid = invalidJoin(request);
    if (invalid) return invalid;
    if (this.active(request.idTag)) return `idTag ${request.idTag} is already queued`;
    const { driverId, name, contact, energyWh } = request;
    const now = iso(this.clock.now());
    const entry: QueueEntry = {
      id: randomUUID(), idTag: request.idTag, ...(driverId !== undefined ? { driverId } : {}), ...(name !== undefined ? { name } : {}),
      ...(contact ? { contact: { ...(contact.email ? { email: contact.email } : {}), ...(contact.phone ? { phone: contact.phone } : {}), ...(contact.push ? { push: contact.push } : {}) } } : {}),
      ...(energyWh !== undefined ? { energyWh } : {}), language: request.language ?? 'en', state: 'waiting', position: 0, joinedAt: now,
      estimatedWaitMin: null, estimatedAt: now, noShows: 0,
    };
    this.entries.set(entry.id, entry);
    this.line.push(entry.id);
    this.settle();
    return structuredClone(entry);
  }

  /** Lets the next waiting driver ahead: one place back, giving up any connector held. */
  skip(id: string): QueueEntry | string {
    const e = this.entries.get(id);
    const i = this.line.indexOf(id);
    if (!e || i < 0) return e ? `${id} is ${e.state}: it is not in the line` : `no entry ${id}`;
    const next = this.line.findIndex((other, k) => k > i && this.entries.get(other)!.state === 'waiting');
    if (next < 0) return `${id} is the last waiting in the line: there is no one to let ahead`;
    this.line.splice(i, 1);
    this.line.splice(next, 0, id);
    if (e.state === 'offered') {
      e.state = 'waiting';
      this.release(e, 'skip');
    }
    this.settle();
    return structuredClone(e);
  }

  /** The driver leaves the line (the REST DELETE), giving up any connector held. */
  leave(id: string): QueueEntry | string {
    const e = this.entries.get(id);
    if (!e || (e.state !== 'waiting' && e.state !== 'offered')) return e ? `${id} is ${e.state}: it is not in the line` : `no entry ${id}`;
    const held = e.state === 'offered';
    this.out(e, 'left');
    if (held) this.release(e, 'leave');
    this.settle();
    return structuredClone(e);
  }

  connectorState(fact: ConnectorFact): void {
    const c = this.connector(fact.stationId, fact.evseId, fact.status);
    this.setStatus(c, fact.status);
    if (fact.status === 'Available') {
      delete c.sessionStartedAt;
      delete c.expectedEndAt;
      delete c.idTag;
    } else {
      c.sessionStartedAt = parse(fact.sessionStartedAt) ?? c.sessionStartedAt;
      c.expectedEndAt = parse(fact.expectedEndAt) ?? c.expectedEndAt;
    }
    const holder = c.heldFor === undefined ? undefined : this.entries.get(c.heldFor);
    if (holder && OUT_OF_SERVICE.has(fact.status)) {
      holder.state = 'waiting';
      this.release(holder, 'out-of-service');
    }
    if (fact.powerW !== undefined || fact.energyWh !== undefined) this.meter(fact);
    this.settle();
  }

  /** A session began: the driver it was held for, or waiting, is charging; anyone else on a held connector takes it from its holder. */
  sessionStarted(fact: SessionStart): void {
    const now = this.clock.now();
    const c = this.connector(fact.stationId, fact.evseId, 'Charging');
    const startedAt = parse(fact.startedAt) ?? now;
    Object.assign(c, { sessionStartedAt: startedAt, idTag: fact.idTag, ours: false });
    delete c.expectedEndAt;
    if (c.status === 'Available' || c.status === 'Reserved') this.setStatus(c, 'Charging');
    const e = this.active(fact.idTag);
    const holder = c.heldFor === undefined ? undefined : this.entries.get(c.heldFor);
    if (holder && holder !== e) {
      // The hold failed (no reservation, or it was not honoured): the driver keeps their place for the next one.
      holder.state = 'waiting';
      this.release(holder, 'taken');
    }
    if (e && e.state !== 'charging') {
      const offer = e.state === 'offered' ? e.offer : undefined;
      if (offer) {
        this.remember(this.samples.shows, true);
        this.remember(this.samples.arrivalMs, Math.max(0, now - Date.parse(offer.offeredAt)));
      }
      this.out(e, 'charging');
      e.charge = { stationId: fact.stationId, evseId: fact.evseId, startedAt: iso(startedAt), energyWh: 0, maxPowerW: 0 };
      if (offer && key(offer.stationId, offer.evseId) !== key(fact.stationId, fact.evseId)) this.release(e, 'elsewhere');
      else if (offer) this.unhold(e);
      this.queue('charging', { entry: e, stationId: fact.stationId, evseId: fact.evseId });
    }
    this.settle();
  }

  sessionEnded(fact: SessionEnd): void {
    const end = parse(fact.endedAt) ?? this.clock.now();
    const c = this.connectors.get(key(fact.stationId, fact.evseId));
    const e = this.chargingAt(fact.stationId, fact.evseId, fact.idTag);
    const mine = c?.idTag !== undefined && sameTag(c.idTag, fact.idTag);
    const startedAt = e?.charge ? Date.parse(e.charge.startedAt) : mine ? c?.sessionStartedAt : undefined;
    if (startedAt !== undefined && end > startedAt && end - startedAt < 24 * 60 * MIN) this.remember(this.samples.sessionMs, end - startedAt);
    if (c && (mine || c.idTag === undefined)) {
      // The car may stay plugged in a while: the connector is due now, no longer at its session's expected end.
      delete c.sessionStartedAt;
      delete c.idTag;
      c.expectedEndAt = end;
    }
    if (e?.charge) {
      Object.assign(e.charge, { endedAt: iso(end), energyWh: fact.energyWh });
      e.state = 'done';
      this.prune();
      this.queue('completed', { entry: e, energyWh: fact.energyWh, record: { ...e.charge } });
    }
    this.settle();
  }

  /** Power and energy of a session in progress, for the driver's record. */
  meter(fact: MeterFact): void {
    const charge = this.chargingAt(fact.stationId, fact.evseId)?.charge;
    if (!charge) return;
    if (fact.powerW !== undefined && fact.powerW > charge.maxPowerW) charge.maxPowerW = fact.powerW;
    if (fact.energyWh !== undefined) charge.energyWh = fact.energyWh;
  }

  /** The driver's place and wait as of now. */
  estimate(id: string): Estimate | string {
    const e = this.entries.get(id);
    if (!e) return `no entry ${id}`;
    this.settle();
    return { position: e.position, estimatedWaitMin: e.estimatedWaitMin, estimatedAt: e.estimatedAt, ...(e.expectedAt ? { expectedAt: e.expectedAt } : {}) };
  }

  get(id: string): QueueEntry | undefined {
    const e = this.entries.get(id);
    return e && structuredClone(e);
  }

  /** The line in order, then the others (charging, done, left, expired) in the order they joined. */
  list(): QueueEntry[] {
    const inLine = new Set(this.line);
    const rest = [...this.entries.values()].filter((e) => !inLine.has(e.id));
    return [...this.line.map((id) => this.entries.get(id)!), ...rest].map((e) => structuredClone(e));
  }

  /** What each driver who charged got. */
  report(): DriverReport[] {
    return [...this.entries.values()].filter((e) => e.charge).map((e) => ({
      entryId: e.id, idTag: e.idTag, ...(e.driverId !== undefined ? { driverId: e.driverId } : {}), ...(e.name !== undefined ? { name: e.name } : {}), ...e.charge!,
    }));
  }

  snapshot(): QueueSnapshot {
    const s: QueueSnapshot = { version: 1, entries: [...this.entries.values()], line: this.line, connectors: [...this.connectors.values()], samples: this.samples, told: Object.fromEntries(this.told) };
    return JSON.parse(JSON.stringify(s)) as QueueSnapshot;
  }

  /** The queue as a snapshot left it; holds are re-armed to their expiry (one already past expires at the next tick). Emits nothing. */
  restore(snapshot: QueueSnapshot): string | undefined {
    if (snapshot?.version !== 1 || !Array.isArray(snapshot.entries) || !Array.isArray(snapshot.line) || !Array.isArray(snapshot.connectors)) return 'not a waiting-queue snapshot (version 1)';
    this.stop();
    const s = JSON.parse(JSON.stringify(snapshot)) as QueueSnapshot;
    this.entries = new Map(s.entries.map((e) => [e.id, e]));
    this.line = s.line.filter((id) => this.entries.has(id));
    this.connectors = new Map(s.connectors.map((c) => [key(c.stationId, c.evseId), c]));
    this.samples = { sessionMs: s.samples?.sessionMs ?? [], arrivalMs: s.samples?.arrivalMs ?? [], shows: s.samples?.shows ?? [] };
    this.told = new Map(Object.entries(s.told ?? {}));
    for (const e of this.entries.values()) if (e.state === 'offered' && e.offer) this.arm(e.id, Date.parse(e.offer.expiresAt) - this.clock.now());
    return undefined;
  }

  stop(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    this.outbox = [];
  }

  /** Offers what is free, re-estimates, then tells. */
  private settle(): void {
    this.dispatch();
    this.estimateAll();
    const out = this.outbox;
    this.outbox = [];
    for (const [name, payload] of out) this.emit(name, payload);
  }

  private dispatch(): void {
    const free = [...this.connectors.values()].filter((c) => this.offerable(c))
      .sort((a, b) => a.since - b.since || key(a.stationId, a.evseId).localeCompare(key(b.stationId, b.evseId)));
    for (const c of free) {
      const next = this.line.map((id) => this.entries.get(id)!).find((e) => e.state === 'waiting');
      if (!next) return;
      const now = this.clock.now();
      const expiresAt = iso(now + this.holdMs);
      next.state = 'offered';
      next.offer = { stationId: c.stationId, evseId: c.evseId, offeredAt: iso(now), expiresAt };
      Object.assign(c, { heldFor: next.id, ours: true });
      this.arm(next.id, this.holdMs);
      this.queue('offer', { entry: next, stationId: c.stationId, evseId: c.evseId, expiresAt });
    }
  }

  private offerable(c: ConnectorRecord): boolean {
    return c.heldFor === undefined && (c.status === 'Available' || (c.status === 'Reserved' && c.ours === true));
  }

  /**
   * Plays the line over the connectors' expected free times: each comes free at its session's expected end (or its
   * start plus the typical session), then serves the next driver for the mean turn, a no-show holding it `holdMin`.
   */
  private estimateAll(tell = true): void {
    const now = this.clock.now();
    const session = mean(this.samples.sessionMs) ?? this.typicalMs;
    const arrival = mean(this.samples.arrivalMs) ?? 0;
    const shows = this.samples.shows;
    const p = shows.length ? shows.filter((s) => !s).length / shows.length : this.noShowRate;
    const turn = (1 - p) * (arrival + session) + p * this.holdMs;
    const frees: number[] = [];
    for (const c of this.connectors.values()) {
      if (OUT_OF_SERVICE.has(c.status)) continue;
      const offer = c.heldFor === undefined ? undefined : this.entries.get(c.heldFor)?.offer;
      if (offer) frees.push((1 - p) * (Math.max(now, Date.parse(offer.offeredAt) + arrival) + session) + p * Date.parse(offer.expiresAt));
      else if (this.offerable(c)) frees.push(now);
      else frees.push(Math.max(now, c.expectedEndAt ?? (c.sessionStartedAt ?? c.since) + session));
    }
    this.line.forEach((id, i) => {
      const e = this.entries.get(id)!;
      let at: number | undefined = now;
      if (e.state === 'waiting') {
        const k = frees.indexOf(Math.min(...frees));
        at = k < 0 ? undefined : frees[k];
        if (k >= 0) frees[k] += turn;
      }
      Object.assign(e, { position: i + 1, estimatedAt: iso(now), estimatedWaitMin: at === undefined ? null : Math.round((at - now) / MIN) });
      if (at === undefined) delete e.expectedAt;
      else e.expectedAt = iso(at);
      if (tell) this.tell(e, at ?? null);
    });
  }

  /** An 'update' when the expected instant moved past the threshold since the driver was last told (an offer tells them itself). */
  private tell(e: QueueEntry, at: number | null): void {
    const before = this.told.get(e.id);
    if (before === undefined || e.state === 'offered') {
      this.told.set(e.id, at);
      return;
    }
    const moved = before === null || at === null ? before !== at : Math.abs(at - before) > this.thresholdMs;
    if (!moved) return;
    this.told.set(e.id, at);
    const update: UpdateEvent = { entry: structuredClone(e), previousExpectedAt: before === null ? null : iso(before) };
    this.outbox.push(['update', update]);
  }

  /** Gives up the connector held for e (its state already set), for the node to cancel the reservation. */
  private release(e: QueueEntry, reason: ReleaseReason): void {
    this.unhold(e);
    this.told.delete(e.id); // the release tells them their wait: no 'update' on top
    this.queue('released', { entry: e, stationId: e.offer!.stationId, evseId: e.offer!.evseId, reason });
  }

  private unhold(e: QueueEntry): void {
    const t = this.timers.get(e.id);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(e.id);
    const c = e.offer && this.connectors.get(key(e.offer.stationId, e.offer.evseId));
    if (c?.heldFor === e.id) delete c.heldFor;
  }

  private arm(id: string, ms: number): void {
    this.timers.set(id, this.clock.setTimeout(() => this.expire(id), ms));
  }

  private expire(id: string): void {
    this.timers.delete(id);
    const e = this.entries.get(id);
    if (e?.state !== 'offered' || !e.offer) return;
    this.unhold(e);
    this.remember(this.samples.shows, false);
    e.noShows += 1;
    const requeued = this.noShow === 'requeue' && e.noShows <= this.requeueLimit;
    this.out(e, requeued ? 'waiting' : 'expired');
    if (requeued) this.line.push(id);
    this.queue('expired', { entry: e, stationId: e.offer.stationId, evseId: e.offer.evseId, requeued });
    this.settle();
  }

  /** Takes e out of the line. */
  private out(e: QueueEntry, state: EntryState): void {
    this.line = this.line.filter((id) => id !== e.id);
    this.told.delete(e.id);
    Object.assign(e, { state, position: 0 });
    this.prune();
  }

  private prune(): void {
    const finished = [...this.entries.values()].filter((e) => e.state === 'done' || e.state === 'left' || e.state === 'expired');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.retain))) this.entries.delete(e.id);
  }

  /** Event payloads are copies as things stand when queued, with places and waits brought up to date. */
  private queue<K extends keyof QueueEvents>(name: K, payload: QueueEvents[K]): void {
    this.estimateAll(false);
    this.outbox.push([name, { ...payload, entry: structuredClone(payload.entry) }]);
  }

  private setStatus(c: ConnectorRecord, status: ConnectorStatus): void {
    if (c.status !== status) c.since = this.clock.now();
    c.status = status;
    // 'Reserved' stays ours only as long as our reservation can be behind it.
    if (status !== 'Reserved' && (status !== 'Available' || c.heldFor === undefined)) c.ours = false;
  }

  private connector(stationId: string, evseId: number, status: ConnectorStatus): ConnectorRecord {
    const k = key(stationId, evseId);
    let c = this.connectors.get(k);
    if (!c) this.connectors.set(k, (c = { stationId, evseId, status, since: this.clock.now() }));
    return c;
  }

  /** The entry waiting, offered or charging with that idTag. */
  private active(idTag: string): QueueEntry | undefined {
    return [...this.entries.values()].find((e) => (e.state === 'waiting' || e.state === 'offered' || e.state === 'charging') && sameTag(e.idTag, idTag));
  }

  private chargingAt(stationId: string, evseId: number, idTag?: string): QueueEntry | undefined {
    return [...this.entries.values()].find((e) => e.state === 'charging' && e.charge?.stationId === stationId && e.charge.evseId === evseId && (idTag === undefined || sameTag(e.idTag, idTag)));
  }

  private remember<T>(list: T[], value: T): void {
    list.push(value);
    if (list.length > this.sampleSize) list.splice(0, list.length - this.sampleSize);
  }
}
