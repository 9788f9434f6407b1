/**
 * A strict ocpp-rpc station (1.6 or 2.0.1) for the OCPI module tests: it answers a remote start by starting a
 * transaction (StartTransaction, or TransactionEvent Started with the remote start id), sends meter values when
 * told, and stops on a remote stop; or it refuses, or never answers. Its clock is its own: transactions start at
 * `startAt` and last `stopAfterMs`, so that CDR times and prices are known in advance.
 */
import assert from 'node:assert/strict';
import { BOOT, Peer, PeerVersion, strictClient } from '../support/rpc';

export type Behaviour = 'accept' | 'reject' | 'never';
type Params = Record<string, unknown>;

export class ScriptedStation {
  readonly peer: Peer;
  readonly asked: Array<{ action: string; params: Params }> = [];
  behaviour: Behaviour = 'accept';
  startAt = Date.UTC(2026, 5, 1, 8, 0, 0);
  stopAfterMs = 30 * 60_000;
  /** The register at the start of the next transaction, and at its end. */
  meterStartWh = 1000;
  meterStopWh = 13_500;
  tx?: string;
  private evseId = 1;
  private seqNo = 0;
  private count = 0;

  constructor(endpoint: string, readonly identity: string, readonly version: PeerVersion) {
    this.peer = strictClient(endpoint, identity, version);
    const v16 = version === '1.6';
    this.answer(v16 ? 'RemoteStartTransaction' : 'RequestStartTransaction', (p) => {
      const token = p.idToken as { idToken: string } | undefined;
      setTimeout(() => void this.begin(Number(v16 ? p.connectorId : p.evseId), String(v16 ? p.idTag : token?.idToken), p.remoteStartId as number | undefined), 20);
      return { status: 'Accepted' };
    });
    this.answer(v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction', () => {
      setTimeout(() => void this.end(), 20);
      return { status: 'Accepted' };
    });
    this.answer('ReserveNow', () => ({ status: 'Accepted' }));
    this.answer('CancelReservation', () => ({ status: 'Accepted' }));
    this.answer('UnlockConnector', () => ({ status: 'Unlocked' }));
    this.answer('SetChargingProfile', () => ({ status: 'Accepted' }));
    this.answer('ClearChargingProfile', () => ({ status: 'Accepted' }));
    // A composite of 16 A from now on, in each version's shape.
    this.answer('GetCompositeSchedule', (p) => {
      const schedule = { duration: p.duration, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
      const scheduleStart = '2026-06-01T08:05:00.000Z';
      return v16 ? { status: 'Accepted', connectorId: p.connectorId, scheduleStart, chargingSchedule: schedule } : { status: 'Accepted', schedule: { evseId: p.evseId, scheduleStart, ...schedule } };
    });
  }

  private at(offsetMs: number): string {
    return new Date(this.startAt + offsetMs).toISOString();
  }

  async connect(evses: number[] = [1]): Promise<this> {
    await this.peer.connect();
    await this.peer.call('BootNotification', BOOT[this.version]);
    for (const evse of evses) await this.status(evse, 'Available');
    return this;
  }

  /** 1.6 status words; 2.0.1 hears Occupied for the ones it folds into it. */
  async status(evseId: number, status: string): Promise<void> {
    const timestamp = new Date().toISOString();
    if (this.version === '1.6') {
      await this.peer.call('StatusNotification', { connectorId: evseId, errorCode: 'NoError', status, timestamp });
      return;
    }
    const folded = ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'].includes(status) ? 'Occupied' : status;
    await this.peer.call('StatusNotification', { timestamp, connectorStatus: folded, evseId, connectorId: 1 });
  }

  /** A transaction, as a remote start makes it or a badge at the station does. */
  async begin(evseId: number, idTag: string, remoteStartId?: number): Promise<string> {
    this.evseId = evseId;
    await this.status(evseId, 'Charging');
    if (this.version === '1.6') {
      const answer = await this.peer.call('StartTransaction', { connectorId: evseId, idTag, meterStart: this.meterStartWh, timestamp: this.at(0) });
      this.tx = String(answer.transactionId);
      return this.tx;
    }
    this.tx = `TX-${this.identity}-${++this.count}`;
    this.seqNo = 0;
    await this.peer.call('TransactionEvent', {
      eventType: 'Started', timestamp: this.at(0), triggerReason: remoteStartId !== undefined ? 'RemoteStart' : 'Authorized', seqNo: this.seqNo++,
      transactionInfo: { transactionId: this.tx, chargingState: 'Charging', ...(remoteStartId !== undefined ? { remoteStartId } : {}) },
      idToken: { idToken: idTag, type: remoteStartId !== undefined ? 'Central' : 'ISO14443' }, evse: { id: evseId, connectorId: 1 },
      meterValue: [{ timestamp: this.at(0), sampledValue: [{ value: this.meterStartWh }] }],
    });
    return this.tx;
  }

  /** A register reading `minutes` into the transaction. */
  async meter(wh: number, minutes: number): Promise<void> {
    const timestamp = this.at(minutes * 60_000);
    if (this.version === '1.6') {
      const meterValue = [{ timestamp, sampledValue: [{ value: String(wh), unit: 'Wh' }] }];
      await this.peer.call('MeterValues', { connectorId: this.evseId, transactionId: Number(this.tx), meterValue });
      return;
    }
    await this.peer.call('TransactionEvent', {
      eventType: 'Updated', timestamp, triggerReason: 'MeterValuePeriodic', seqNo: this.seqNo++, transactionInfo: { transactionId: this.tx },
      meterValue: [{ timestamp, sampledValue: [{ value: wh }] }],
    });
  }

  /** Ends the transaction at startAt + stopAfterMs; the next one starts an hour later. */
  async end(): Promise<void> {
    const timestamp = this.at(this.stopAfterMs);
    if (this.version === '1.6') {
      await this.peer.call('StopTransaction', { transactionId: Number(this.tx), meterStop: this.meterStopWh, timestamp, reason: 'Remote' });
    } else {
      await this.peer.call('TransactionEvent', {
        eventType: 'Ended', timestamp, triggerReason: 'RemoteStop', seqNo: this.seqNo++, transactionInfo: { transactionId: this.tx, stoppedReason: 'Remote' },
        meterValue: [{ timestamp, sampledValue: [{ value: this.meterStopWh, context: 'Transaction.End' }] }],
      });
    }
    await this.status(this.evseId, 'Available');
    this.tx = undefined;
    this.startAt += this.stopAfterMs + 3_600_000;
  }

  async close(): Promise<void> {
    await this.peer.close({ force: true }).catch(() => undefined);
  }

  /** Records what it was asked, then answers as its behaviour says (a promise that never settles for 'never'). */
  private answer(action: string, accept: (params: Params) => Params): void {
    this.peer.handle(action, async ({ params }: { params?: Params }) => {
      this.asked.push({ action, params: params ?? {} });
      if (this.behaviour === 'never') return new Promise<never>(() => undefined);
      if (this.behaviour === 'reject' && /Start|Stop|Reserve/.test(action)) return { status: 'Rejected' };
      return accept(params ?? {});
    });
  }
}

describe('OCPI modules test station', () => {
  it('scripts its clock: a transaction of 30 minutes, the next an hour after its end', () => {
    const station = new ScriptedStation('ws://127.0.0.1:1/ocpp', 'X', '1.6');
    assert.equal(new Date(station.startAt + station.stopAfterMs).toISOString(), '2026-06-01T08:30:00.000Z');
  });
});
