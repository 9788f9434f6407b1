/**
 * The station registry's live state: connection, boot data, connectors and their status, open transactions,
 * last meter values. Applies normalized events, enriches them with what only the state knows (the EVSE of a
 * 1.6 StopTransaction, the energy of a transaction), and persists itself so a restart restores it.
 */
import { EventEmitter } from 'events';
import type { OcppVersion } from '../ocpp/errors';
import type { MeterSample, OcppEvent, StationMode } from '../ocpp/events';
import type { ConnectorState, StationSnapshot, TransactionState } from './types';
import { StateFile } from './state-file';

interface PersistedState {
  format: 1;
  nextTransactionId: number;
  stations: StationSnapshot[];
  /** Recent 1.6 StartTransaction keys per station → transactionId, so a retried start gets the same id. */
  starts: Record<string, Array<[string, number]>>;
}

const RECENT_STARTS = 32;
// 1.6 transaction ids are 32-bit integers at many stations: start from a time-derived base (seconds since
// 2024) so ids keep growing even if the state file is lost.
const ID_EPOCH = Date.UTC(2024, 0, 1);

/** What the archive knows of an open transaction. */
export interface RestoredTransaction {
  stationId: string;
  transactionId: string;
  evseId: number | null;
  connectorId: number | null;
  idTag: string | null;
  startedAt: string | null;
  meterStartWh: number | null;
  energyWh: number | null;
  socStopPercent: number | null;
  lastSeqNo: number | null;
  updatedAt: string;
}

/** A 1.6 start's identity; the instant is compared as a number, so '...Z' and '....000Z' are the same start. */
function startKey(connectorId: unknown, idTag: unknown, meterStart: unknown, timestamp: unknown): string {
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  return `${String(connectorId)}|${String(idTag)}|${String(meterStart)}|${Number.isNaN(at) ? String(timestamp) : at}`;
}

export class StationStore extends EventEmitter {
  private readonly stations = new Map<string, StationSnapshot>();
  private readonly starts = new Map<string, Array<[string, number]>>();
  private nextId = Math.floor((Date.now() - ID_EPOCH) / 1000);
  private readonly file?: StateFile<PersistedState>;

  constructor(stateFile?: string) {
    super();
    if (stateFile) this.file = new StateFile<PersistedState>(stateFile, () => this.serialize(), (err) => this.emit('error', err));
  }

  /** Restores the persisted state; every station starts disconnected. */
  load(): void {
    const saved = this.file?.read();
    if (!saved || saved.format !== 1) return;
    this.nextId = Math.max(this.nextId, saved.nextTransactionId);
    for (const station of saved.stations) {
      this.stations.set(station.identity, { ...station, connected: false });
    }
    for (const [id, list] of Object.entries(saved.starts ?? {})) this.starts.set(id, list);
  }

  /** Writes pending changes now (on shutdown). */
  flush(): void {
    this.file?.flush();
  }

  get(identity: string): StationSnapshot | undefined {
    return this.stations.get(identity);
  }

  list(): StationSnapshot[] {
    return [...this.stations.values()];
  }

  /** The open transactions of a station. */
  openTransactions(identity: string): TransactionState[] {
    return this.stations.get(identity)?.transactions ?? [];
  }

  /** The security profile is the highest the station has connected with: it may only go up (OCPP A05.FR.09). */
  connected(identity: string, version: OcppVersion, remoteAddress: string, at: string, securityProfile?: number): void {
    const station = this.ensure(identity);
    Object.assign(station, { version, connected: true, connectedAt: at, lastSeen: at, remoteAddress });
    if (securityProfile !== undefined && securityProfile > (station.securityProfile ?? 0)) station.securityProfile = securityProfile;
    this.changed();
  }

  disconnected(identity: string, at: string): void {
    const station = this.stations.get(identity);
    if (!station) return;
    station.connected = false;
    station.disconnectedAt = at;
    this.changed();
  }

  modeOf(identity: string): StationMode {
    return this.stations.get(identity)?.mode ?? 'auto';
  }

  setMode(identity: string, mode: StationMode): void {
    const station = this.ensure(identity);
    if (mode === 'auto') delete station.mode;
    else station.mode = mode;
    this.changed();
  }

  seen(identity: string, at: string): void {
    const station = this.stations.get(identity);
    if (station) station.lastSeen = at;
  }

  /**
   * The transactionId for a 1.6 StartTransaction: the same start (connector, idTag, meterStart, timestamp)
   * retried by the station gets the id it was given the first time.
   */
  transactionIdForStart(identity: string, request: Record<string, unknown>): number {
    const key = startKey(request.connectorId, request.idTag, request.meterStart, request.timestamp);
    const list = this.starts.get(identity) ?? [];
    const known = list.find(([k]) => k === key);
    if (known) return known[1];
    const id = this.nextId++;
    list.push([key, id]);
    if (list.length > RECENT_STARTS) list.shift();
    this.starts.set(identity, list);
    this.changed();
    return id;
  }

  /**
   * Brings open transactions in line with the archive after a restart: the state file may be up to a second older
   * than the archive's journal. Adds the open ones it lacks, drops those the archive saw end, remembers 1.6 starts
   * so a retried StartTransaction gets its id again, and keeps new ids above every id already given.
   */
  restoreTransactions(open: readonly RestoredTransaction[], stopped: ReadonlyArray<{ stationId: string; transactionId: string }>, maxId: number): void {
    this.nextId = Math.max(this.nextId, maxId + 1);
    for (const { stationId, transactionId } of stopped) {
      const station = this.stations.get(stationId);
      if (!station) continue;
      station.transactions = station.transactions.filter((t) => t.transactionId !== transactionId);
      for (const c of station.connectors) if (c.transactionId === transactionId) delete c.transactionId;
    }
    for (const r of open) {
      const station = this.ensure(r.stationId);
      if (!station.transactions.some((t) => t.transactionId === r.transactionId)) {
        const at = r.startedAt ?? r.updatedAt;
        station.transactions.push({
          transactionId: r.transactionId, evseId: r.evseId ?? undefined, connectorId: r.connectorId ?? undefined, idTag: r.idTag ?? undefined,
          startedAt: at, meterStartWh: r.meterStartWh ?? undefined, energyWh: r.energyWh ?? 0, powerW: undefined,
          socPercent: r.socStopPercent ?? undefined, lastSeqNo: r.lastSeqNo ?? undefined, updatedAt: r.updatedAt,
        });
        if (r.evseId !== null) this.connector(station, r.evseId, r.connectorId ?? 1, at).transactionId = r.transactionId;
      }
      if (r.startedAt && /^\d+$/.test(r.transactionId)) {
        const key = startKey(r.connectorId, r.idTag, r.meterStartWh, r.startedAt);
        const list = this.starts.get(r.stationId) ?? [];
        if (!list.some(([k]) => k === key)) list.push([key, Number(r.transactionId)]);
        if (list.length > RECENT_STARTS) list.shift();
        this.starts.set(r.stationId, list);
      }
    }
    this.changed();
  }

  /**
   * 2.0.1 numbers a transaction's events from 0: a seqNo beyond the next expected one means events were lost on
   * the way. Returns the transaction.gap event to publish before this one, if any.
   */
  seqGap(event: OcppEvent): OcppEvent | undefined {
    const seqNo = event.seqNo;
    if (typeof seqNo !== 'number' || event.transactionId === undefined) return undefined;
    const tx = this.stations.get(event.stationId)?.transactions.find((t) => t.transactionId === String(event.transactionId));
    let expected: number;
    if (tx) expected = (tx.lastSeqNo ?? -1) + 1;
    else if (event.type === 'transaction.started') expected = 0;
    else return undefined;
    if (seqNo <= expected) return undefined;
    return {
      type: 'transaction.gap', stationId: event.stationId, version: event.version, timestamp: event.timestamp,
      evseId: event.evseId ?? tx?.evseId, connectorId: event.connectorId ?? tx?.connectorId,
      transactionId: String(event.transactionId), expectedSeqNo: expected, receivedSeqNo: seqNo, missing: seqNo - expected,
    };
  }

  /** Updates the state from an event and returns the event with the fields only the state knows. */
  apply(event: OcppEvent): OcppEvent {
    const station = this.ensure(event.stationId);
    station.lastSeen = event.timestamp > (station.lastSeen ?? '') ? event.timestamp : station.lastSeen;
    switch (event.type) {
      case 'station.booted':
        station.boot = {
          vendor: event.vendor as string, model: event.model as string, serialNumber: event.serialNumber as string | undefined,
          firmwareVersion: event.firmwareVersion as string | undefined, reason: event.reason as string | undefined,
          status: String(event.status), at: event.timestamp,
        };
        break;
      case 'connector.status':
        this.applyStatus(station, event);
        break;
      case 'transaction.started':
        this.applyStart(station, event);
        break;
      case 'transaction.updated':
      case 'meter.values':
        return this.applyMeter(station, event);
      case 'transaction.ended':
        return this.applyEnd(station, event);
      default:
        return event;
    }
    this.changed();
    return event;
  }

  private ensure(identity: string): StationSnapshot {
    let station = this.stations.get(identity);
    if (!station) {
      station = { identity, connected: false, connectors: [], transactions: [], meter: {} };
      this.stations.set(identity, station);
    }
    return station;
  }

  private connector(station: StationSnapshot, evseId: number, connectorId: number, at: string): ConnectorState {
    let c = station.connectors.find((x) => x.evseId === evseId && x.connectorId === connectorId);
    if (!c) {
      c = { evseId, connectorId, status: 'Unknown', updatedAt: at };
      station.connectors.push(c);
      station.connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
    }
    return c;
  }

  private applyStatus(station: StationSnapshot, event: OcppEvent): void {
    const evseId = event.evseId ?? 0;
    if (evseId === 0) {
      station.status = String(event.status);
      return;
    }
    const c = this.connector(station, evseId, event.connectorId ?? 1, event.timestamp);
    Object.assign(c, {
      status: String(event.status), errorCode: event.errorCode as string | undefined, info: event.info as string | undefined,
      vendorErrorCode: event.vendorErrorCode as string | undefined, updatedAt: event.timestamp,
    });
  }

  private applyStart(station: StationSnapshot, event: OcppEvent): void {
    const transactionId = String(event.transactionId);
    let tx = station.transactions.find((t) => t.transactionId === transactionId);
    if (!tx) {
      tx = {
        transactionId, evseId: event.evseId, connectorId: event.connectorId, idTag: event.idTag as string | undefined,
        startedAt: event.timestamp, meterStartWh: event.meterStartWh as number | undefined, energyWh: 0, updatedAt: event.timestamp,
      };
      station.transactions.push(tx);
    }
    if (typeof event.seqNo === 'number') tx.lastSeqNo = Math.max(tx.lastSeqNo ?? -1, event.seqNo);
    if (tx.evseId !== undefined) {
      this.connector(station, tx.evseId, tx.connectorId ?? 1, event.timestamp).transactionId = transactionId;
    }
  }

  private applyMeter(station: StationSnapshot, event: OcppEvent): OcppEvent {
    const samples = (event.samples as MeterSample[] | undefined) ?? (event.sample ? [event.sample as MeterSample] : []);
    const tx = event.transactionId ? station.transactions.find((t) => t.transactionId === String(event.transactionId)) : undefined;
    const evseId = event.evseId ?? tx?.evseId;
    const last = samples[samples.length - 1];
    if (last && evseId !== undefined) {
      const key = String(evseId);
      // Measurands a station sends less often (SoC, temperature) keep their last value between samples.
      station.meter[key] = station.meter[key] ? Object.assign(station.meter[key], last) : { ...last };
    }
    if (tx) {
      if (typeof event.seqNo === 'number') tx.lastSeqNo = Math.max(tx.lastSeqNo ?? -1, event.seqNo);
      for (const s of samples) this.meterInto(tx, s);
      this.changed();
      return { ...event, evseId, connectorId: event.connectorId ?? tx.connectorId, energyWh: tx.energyWh };
    }
    this.changed();
    return event;
  }

  private meterInto(tx: TransactionState, s: MeterSample): void {
    if (s.energyWh !== undefined) {
      tx.meterStartWh ??= s.energyWh;
      tx.energyWh = Math.max(0, s.energyWh - tx.meterStartWh);
    }
    if (s.powerW !== undefined) tx.powerW = s.powerW;
    if (s.socPercent !== undefined) tx.socPercent = s.socPercent;
    tx.updatedAt = s.timestamp;
  }

  private applyEnd(station: StationSnapshot, event: OcppEvent): OcppEvent {
    const transactionId = String(event.transactionId);
    const index = station.transactions.findIndex((t) => t.transactionId === transactionId);
    if (index < 0) return event;
    const tx = station.transactions[index];
    for (const s of (event.samples as MeterSample[] | undefined) ?? []) this.meterInto(tx, s);
    const stop = event.meterStopWh as number | undefined;
    if (stop !== undefined && tx.meterStartWh !== undefined) tx.energyWh = Math.max(0, stop - tx.meterStartWh);
    station.transactions.splice(index, 1);
    for (const c of station.connectors) if (c.transactionId === transactionId) delete c.transactionId;
    this.changed();
    return {
      ...event, evseId: event.evseId ?? tx.evseId, connectorId: event.connectorId ?? tx.connectorId,
      idTag: event.idTag ?? tx.idTag, startedAt: tx.startedAt, meterStartWh: tx.meterStartWh, energyWh: tx.energyWh,
    };
  }

  private changed(): void {
    this.file?.schedule();
  }

  private serialize(): PersistedState {
    return { format: 1, nextTransactionId: this.nextId, stations: this.list(), starts: Object.fromEntries(this.starts) };
  }
}
