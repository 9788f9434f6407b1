/**
 * The park's waiting queue at work: the WaitingQueue engine told what the CSMS sees (connector statuses, sessions
 * starting and ending, meter values) on the park's stations, its offers turned into reservations of the connector
 * for the driver (ReserveNow), its releases into cancellations, and what it has to tell drivers into
 * notifications ('notify': e-mail, SMS, push messages).
 */
import { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import type { TransactionState } from '../stations/types';
import { notification, Notification, NotificationEvent } from './queue-messages';
import { ConnectorStatus, JoinRequest, QueueEntry, QueueOptions, WaitingQueue } from './queue';
import type { ReservationService } from './reservations';

export interface ParkQueueOptions {
  /** The stations whose connectors drivers queue for; all by default. */
  stations?: string[] | '*';
  queue?: QueueOptions;
  timeZone?: string;
}

export interface NotifyEvent {
  event: NotificationEvent;
  entry: QueueEntry;
  messages: Notification[];
}

export type ParkCsms = Pick<Csms, 'command'> & Pick<EventEmitter, 'on' | 'off'> & {
  readonly store: { list(): ReadonlyArray<{ identity: string; connected: boolean; connectors: ReadonlyArray<{ evseId: number; connectorId: number; status: string }>; transactions: readonly TransactionState[] }> };
};

/** The engine's words for OCPP's statuses (1.6's Preparing is a driver at the connector: occupied). */
const STATUS: Record<string, ConnectorStatus> = {
  Available: 'Available', Preparing: 'Occupied', Occupied: 'Occupied', Charging: 'Charging', SuspendedEV: 'SuspendedEV', SuspendedEVSE: 'SuspendedEVSE',
  Finishing: 'Finishing', Reserved: 'Reserved', Unavailable: 'Unavailable', Faulted: 'Faulted',
};

export class ParkQueue extends EventEmitter {
  readonly queue: WaitingQueue;
  /** Open sessions' badge and EVSE, by station and transaction: a 2.0.1 end need not repeat them. */
  private readonly sessions = new Map<string, { evseId: number; idTag?: string }>();
  /**
   * Per connector, the reservation request in flight: the next waits for it, so a hold released while its
   * reservation is being asked for is cancelled once the station has it, before the next driver's goes out.
   */
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly onEvent = (e: OcppEvent) => this.stationEvent(e);

  constructor(private readonly csms: ParkCsms, private readonly reservations: ReservationService, private readonly options: ParkQueueOptions = {}) {
    super();
    this.queue = new WaitingQueue(options.queue);
    this.queue.on('offer', ({ entry, stationId, evseId, expiresAt }) => {
      this.tell('offer', entry);
      this.inLane(stationId, evseId, async () => {
        const r = await this.reservations.reserve({ stationId, evseId, idTag: entry.idTag, expiresAt, by: 'queue' });
        if (r.status !== 'Accepted') this.emit('warn', `${stationId} connector ${evseId} not reserved for ${entry.idTag}: ${r.status}`);
      });
    });
    this.queue.on('released', ({ entry, stationId, evseId }) => {
      this.tell('released', entry);
      this.unreserve(stationId, evseId, entry.idTag);
    });
    this.queue.on('expired', ({ entry, stationId, evseId }) => {
      this.tell('expired', entry);
      this.unreserve(stationId, evseId, entry.idTag);
    });
    this.queue.on('completed', ({ entry }) => this.tell('completed', entry));
    this.queue.on('update', ({ entry }) => this.tell('update', entry));
  }

  /** Starts from the stations' state as the CSMS knows it, then follows their events. */
  start(): void {
    for (const station of this.csms.store.list()) {
      if (!this.inPark(station.identity)) continue;
      for (const tx of station.transactions) {
        const evseId = tx.evseId ?? tx.connectorId;
        if (evseId !== undefined) this.sessions.set(`${station.identity}/${tx.transactionId}`, { evseId, idTag: tx.idTag });
      }
      for (const c of station.connectors) {
        const status = STATUS[c.status];
        const tx = station.transactions.find((t) => (t.evseId ?? t.connectorId) === c.evseId);
        if (status && c.evseId > 0) this.queue.connectorState({ stationId: station.identity, evseId: c.evseId, status, ...(tx ? { sessionStartedAt: tx.startedAt } : {}) });
      }
    }
    this.csms.on('event', this.onEvent);
  }

  stop(): void {
    this.csms.off('event', this.onEvent);
    this.queue.stop();
  }

  join(request: JoinRequest): QueueEntry | string {
    const entry = this.queue.join(request);
    if (typeof entry !== 'string') this.tell('joined', entry);
    return entry;
  }

  private stationEvent(e: OcppEvent): void {
    if (!this.inPark(e.stationId)) return;
    const evseId = e.evseId;
    const tx = typeof e.transactionId === 'string' ? e.transactionId : undefined;
    const key = tx && `${e.stationId}/${tx}`;
    switch (e.type) {
      case 'connector.status': {
        const status = STATUS[String(e.status)];
        if (status && evseId) this.queue.connectorState({ stationId: e.stationId, evseId, status });
        return;
      }
      case 'transaction.started':
      case 'transaction.updated': {
        if (!key || evseId === undefined) return;
        const known = this.sessions.get(key);
        const idTag = typeof e.idTag === 'string' && e.idTag ? e.idTag : undefined;
        this.sessions.set(key, { evseId, idTag: idTag ?? known?.idTag });
        // A 2.0.1 driver may badge after plugging in: the session is theirs from the first event with the badge.
        if (idTag && !known?.idTag) this.queue.sessionStarted({ stationId: e.stationId, evseId, idTag, startedAt: e.timestamp });
        if (e.type === 'transaction.updated') this.meter(e.stationId, evseId, tx);
        return;
      }
      case 'meter.values':
        if (evseId) this.meter(e.stationId, evseId, tx);
        return;
      case 'transaction.ended': {
        if (!key) return;
        const known = this.sessions.get(key);
        this.sessions.delete(key);
        const idTag = known?.idTag ?? (typeof e.idTag === 'string' ? e.idTag : undefined);
        const at = known?.evseId ?? evseId;
        if (idTag && at !== undefined) {
          this.queue.sessionEnded({ stationId: e.stationId, evseId: at, idTag, energyWh: typeof e.energyWh === 'number' ? e.energyWh : 0, endedAt: e.timestamp });
        }
        return;
      }
      default:
    }
  }

  /** The session's energy so far and its power, as the station store sums them up. */
  private meter(stationId: string, evseId: number, transactionId?: string): void {
    const station = this.csms.store.list().find((s) => s.identity === stationId);
    const tx = station?.transactions.find((t) => (transactionId ? t.transactionId === transactionId : (t.evseId ?? t.connectorId) === evseId));
    if (tx) this.queue.meter({ stationId, evseId, energyWh: tx.energyWh, ...(tx.powerW !== undefined ? { powerW: tx.powerW } : {}) });
  }

  private unreserve(stationId: string, evseId: number, idTag: string): void {
    this.inLane(stationId, evseId, async () => {
      const held = this.reservations.holding(stationId, evseId);
      if (held && held.idTag.toUpperCase() === idTag.toUpperCase()) await this.reservations.cancel(held.id);
    });
  }

  private inLane(stationId: string, evseId: number, job: () => Promise<void>): void {
    const key = `${stationId}/${evseId}`;
    const next = (this.lanes.get(key) ?? Promise.resolve()).then(job).catch((err: Error) => {
      this.emit('warn', `${key}: ${err.message}`);
    });
    this.lanes.set(key, next);
    void next.then(() => {
      if (this.lanes.get(key) === next) this.lanes.delete(key);
    });
  }

  private tell(event: NotificationEvent, entry: QueueEntry): void {
    this.emit('notify', { event, entry, messages: notification(event, entry, entry.language, { timeZone: this.options.timeZone }) } satisfies NotifyEvent);
  }

  private inPark(stationId: string): boolean {
    const stations = this.options.stations ?? '*';
    return stations === '*' || stations.includes(stationId);
  }
}
