/**
 * Charging sessions on a virtual station: plugging in, starting (local or remote), metering and stopping, written
 * once for both versions; the dialect turns each moment of a transaction into that version's message.
 */
import type { Payload } from '../ocpp/frames';
import { Connector, Transaction } from './connector';
import { StopReason, TxEvent, TxTrigger, endTrigger } from './dialect';
import { EDGE_MEASURANDS, ReadingContext } from './meter';
import { ChargingProfile } from './profiles';
import { StationRuntime } from './runtime';

export interface StartRequest {
  idTag: string;
  tokenType: string;
  trigger: 'Authorized' | 'RemoteStart';
  remoteStartId?: number;
  /** A TxProfile that comes with a remote start and belongs to the transaction it starts. */
  profile?: ChargingProfile;
}

// A power change smaller than this is noise, not a new charging rate worth a 2.0.1 event.
const RATE_CHANGE = 0.02;

export class Charging {
  /** Called when the last transaction of the station has ended (a Reset OnIdle waits for it). */
  onIdle?: () => void;

  constructor(private readonly rt: StationRuntime) {}

  plug(c: Connector): void {
    if (c.plugged) return;
    c.plugIn();
    this.rt.refreshStatus(c);
  }

  async unplug(c: Connector): Promise<void> {
    if (!c.plugged) return;
    if (c.tx && this.rt.settings.values.stopOnEVSideDisconnect) return this.stop(c, 'EVDisconnected', true);
    c.unplug();
    this.sync(c);
  }

  /** A driver presents a card: authorize it, then start. The EV is plugged in first if it was not. */
  async startLocal(c: Connector, idTag: string): Promise<string> {
    const { rt } = this;
    if (!rt.online) throw new Error(`${rt.opts.identity} is not connected to its CSMS`);
    if (c.tx || c.starting) throw new Error(`Connector ${c.id} already has a transaction`);
    if (!c.operative || !rt.stationOperative || c.faulted) throw new Error(`Connector ${c.id} is ${c.state}`);
    if (c.reservation && c.reservation.idTag !== idTag) throw new Error(`Connector ${c.id} is reserved for another idTag`);
    c.starting = true;
    try {
      this.plug(c);
      const status = await this.authorize(idTag, 'ISO14443');
      if (status !== 'Accepted') throw new Error(`idTag ${idTag} was not accepted: ${status}`);
      return await this.begin(c, { idTag, tokenType: 'ISO14443', trigger: 'Authorized' });
    } finally {
      c.starting = false;
    }
  }

  /** The follow-up of an accepted remote start; the connector was marked as starting when it was accepted. */
  async startRemote(c: Connector, request: StartRequest): Promise<void> {
    try {
      if (this.rt.settings.values.authorizeRemoteStart) {
        const status = await this.authorize(request.idTag, request.tokenType);
        if (status !== 'Accepted') return;
      }
      // The driver plugs in right after asking for the start, so the park keeps moving.
      this.plug(c);
      await this.begin(c, request);
    } finally {
      c.starting = false;
      this.rt.refreshStatus(c);
    }
  }

  async authorize(idTag: string, tokenType: string): Promise<string> {
    const answer = await this.rt.call(this.rt.dialect.authorize(idTag, tokenType));
    return this.rt.dialect.readAuthorize(answer);
  }

  private async begin(c: Connector, request: StartRequest): Promise<string> {
    const { rt } = this;
    const now = Date.now();
    c.advance(now);
    const localId = rt.random.uuid();
    const reservation = c.reservation?.idTag === request.idTag ? c.reservation : undefined;
    if (reservation) {
      rt.timers.cancel(reservation.timer);
      c.reservation = undefined;
    }
    const tx: Transaction = {
      localId, id: rt.dialect.version === '2.0.1' ? localId : undefined, idTag: request.idTag, tokenType: request.tokenType,
      startedAt: now, meterStartWh: c.meterWh, seqNo: 0, remoteStartId: request.remoteStartId, reservationId: reservation?.id,
      stopping: false,
    };
    c.tx = tx;
    c.finished = false;
    if (request.profile) rt.profiles.install({ ...request.profile, transactionId: localId, evseId: c.id });
    c.advance(now);
    const started = this.event(c, tx, 'Started', request.trigger, 'Transaction.Begin', EDGE_MEASURANDS);
    tx.beginSamples = started.samples;
    const answer = this.record(c, tx, started, (a) => {
      const read = rt.dialect.readTransactionStart(a);
      if (read.transactionId !== undefined) tx.id = read.transactionId;
    });
    this.startMeter(c);
    rt.refreshStatus(c);
    let idStatus: string;
    try {
      idStatus = rt.dialect.readTransactionStart(await answer).idStatus;
    } catch (err) {
      // Without an answer the CSMS does not know the transaction: end it here, silently.
      if (c.tx === tx) this.abandon(c);
      throw err;
    }
    rt.emit('transaction', { connectorId: c.id, transactionId: tx.id, phase: 'started', idTag: tx.idTag });
    if (idStatus !== 'Accepted') {
      await this.stop(c, 'DeAuthorized');
      throw new Error(`Transaction refused by the CSMS: idTag ${tx.idTag} is ${idStatus}`);
    }
    return tx.id ?? localId;
  }

  /** Ends the transaction on a connector; waits for the CSMS's answer when connected (offline it stays queued). */
  async stop(c: Connector, reason: StopReason, unplug = false): Promise<void> {
    const { rt } = this;
    const tx = c.tx;
    if (!tx || tx.stopping) return;
    tx.stopping = true;
    rt.timers.cancel(c.meterTimer);
    c.meterTimer = undefined;
    c.advance();
    const samples = rt.samples(c, EDGE_MEASURANDS);
    const ref = rt.txRef(c);
    c.tx = undefined;
    if (unplug) c.unplug();
    else c.finished = c.plugged;
    c.advance();
    if (ref) rt.profiles.dropTransaction(ref);
    if (c.pendingOperative !== undefined) {
      c.operative = c.pendingOperative;
      c.pendingOperative = undefined;
    }
    const ended: TxEvent = { ...this.event(c, tx, 'Ended', endTrigger(reason), 'Transaction.End', []), samples, reason };
    const sent = this.record(c, tx, ended);
    rt.refreshStatus(c);
    // The readings the station reports, rounded as its messages carry them, so a test can check the CSMS's energy.
    rt.emit('transaction', {
      connectorId: c.id, transactionId: tx.id ?? tx.localId, phase: 'ended', reason, idTag: tx.idTag,
      meterStartWh: Math.round(tx.meterStartWh), meterStopWh: Math.round(ended.meterWh),
    });
    if (!this.rt.connectors.some((other) => other.tx)) this.onIdle?.();
    if (rt.online) await sent;
    else sent.catch((err) => rt.reportError(err));
  }

  async stopAll(reason: StopReason): Promise<void> {
    await Promise.all(this.rt.connectors.filter((c) => c.tx).map((c) => this.stop(c, reason)));
  }

  /** Periodic meter values; a 2.0.1 charging state change rides on the same event. */
  tick(c: Connector): void {
    const tx = c.tx;
    if (!tx || tx.stopping) return;
    c.advance();
    const changed = this.rt.dialect.version === '2.0.1' && c.chargingState !== tx.reportedState;
    const event = this.event(c, tx, 'Updated', changed ? 'ChargingStateChanged' : 'MeterValuePeriodic', 'Sample.Periodic');
    this.record(c, tx, event).catch((err) => this.rt.reportError(err));
    this.rt.emit('meter', { connectorId: c.id, transactionId: tx.id, energyWh: Math.round(c.sessionWh), powerW: Math.round(c.powerW), socPercent: c.socPercent });
    this.rt.refreshStatus(c);
  }

  /** TriggerMessage TransactionEvent: the readings of now, out of turn. */
  report(c: Connector): void {
    const tx = c.tx;
    if (!tx || tx.stopping) return;
    c.advance();
    this.record(c, tx, this.event(c, tx, 'Updated', 'Trigger', 'Trigger')).catch((err) => this.rt.reportError(err));
  }

  /** After the power cap or the EV changed: tell the CSMS about a new charging state or rate. */
  sync(c: Connector, before = c.powerW): void {
    c.advance();
    const tx = c.tx;
    if (tx && !tx.stopping && this.rt.dialect.version === '2.0.1') {
      const trigger: TxTrigger | undefined = c.chargingState !== tx.reportedState ? 'ChargingStateChanged'
        : Math.abs(c.powerW - before) > RATE_CHANGE * Math.max(before, 1) ? 'ChargingRateChanged' : undefined;
      if (trigger) this.record(c, tx, this.event(c, tx, 'Updated', trigger, 'Other')).catch((err) => this.rt.reportError(err));
    }
    this.rt.refreshStatus(c);
  }

  /** Starts, or restarts at a new interval, the periodic meter values of every transaction. */
  restartMeters(): void {
    for (const c of this.rt.connectors) if (c.tx) this.startMeter(c);
  }

  private startMeter(c: Connector): void {
    this.rt.timers.cancel(c.meterTimer);
    c.meterTimer = undefined;
    const interval = this.rt.settings.values.meterIntervalMs;
    if (interval > 0) c.meterTimer = this.rt.timers.every(interval, () => this.tick(c));
  }

  private abandon(c: Connector): void {
    this.rt.timers.cancel(c.meterTimer);
    c.meterTimer = undefined;
    c.tx = undefined;
    c.finished = c.plugged;
    c.advance();
    this.rt.refreshStatus(c);
  }

  private event(c: Connector, tx: Transaction, kind: TxEvent['kind'], trigger: TxTrigger, context: ReadingContext,
    measurands: readonly string[] = this.rt.settings.values.measurands): TxEvent {
    const event: TxEvent = {
      kind, at: Date.now(), seqNo: tx.seqNo++, offline: !this.rt.online, trigger, context,
      samples: this.rt.samples(c, measurands), meterWh: c.meterWh, chargingState: c.chargingState,
    };
    tx.reportedState = event.chargingState;
    return event;
  }

  /** Queues a transaction message; a 1.6 state change without readings has no message and resolves at once. */
  private record(c: Connector, tx: Transaction, event: TxEvent, accept?: (answer: Payload) => void): Promise<Payload> {
    if (this.rt.dialect.version === '1.6' && event.kind === 'Updated' && event.samples.length === 0) return Promise.resolve({});
    const { dialect } = this.rt;
    return this.rt.outbox.push({
      build: () => {
        const call = dialect.transaction(c.id, tx, event);
        if (!call) throw new Error(`No ${dialect.version} message for a ${event.kind} transaction event`);
        return call;
      },
      accept,
      // In 2.0.1 a dropped event would leave a seqNo gap, which the CSMS rightly alarms on; 1.6 has no such count.
      droppable: dialect.version === '1.6' && event.kind === 'Updated',
    });
  }
}
