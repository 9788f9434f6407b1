/**
 * The OCPP 1.6 load of the latency measurement: each station opens a transaction (StartTransaction), then sends only
 * MeterValues for it, one sample per call with the usual measurands, as a charging station does every few seconds.
 */
import type { Fleet, Traffic } from '../ocpp/load';

export class TransactionMeterTraffic implements Traffic {
  transactionId?: number;
  private energyWh: number;
  private readings = 0;
  private lastMs = 0;

  constructor(private readonly index: number) {
    this.energyWh = 150_000 + index * 10_000;
  }

  startRequest(): Record<string, unknown> {
    return { connectorId: 1, idTag: `TAG${String(this.index).padStart(5, '0')}`, meterStart: this.energyWh, timestamp: new Date().toISOString() };
  }

  next(): { action: string; payload: Record<string, unknown> } {
    if (this.transactionId === undefined) throw new Error(`station ${this.index} has no open transaction`);
    // Strictly increasing per station: a sample at the same instant would be the same row (the table's key).
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    const timestamp = new Date(this.lastMs).toISOString();
    this.energyWh += 20;
    this.readings++;
    const soc = Math.min(100, 20 + Math.floor(this.readings / 50));
    return {
      action: 'MeterValues',
      payload: {
        connectorId: 1,
        transactionId: this.transactionId,
        meterValue: [{
          timestamp,
          sampledValue: [
            { value: String(this.energyWh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '7360', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
            { value: '10.7', context: 'Sample.Periodic', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
            { value: '10.6', context: 'Sample.Periodic', measurand: 'Current.Import', unit: 'A', phase: 'L2' },
            { value: '10.7', context: 'Sample.Periodic', measurand: 'Current.Import', unit: 'A', phase: 'L3' },
            { value: '230.4', context: 'Sample.Periodic', measurand: 'Voltage', unit: 'V', phase: 'L1-N' },
            { value: String(soc), context: 'Sample.Periodic', measurand: 'SoC', unit: 'Percent', location: 'EV' },
          ],
        }],
      },
    };
  }
}

/** Opens one transaction per station, 25 stations at a time, and gives each traffic its transaction id. */
export async function startTransactions(fleet: Fleet, traffic: readonly TransactionMeterTraffic[]): Promise<void> {
  for (let i = 0; i < traffic.length; i += 25) {
    await Promise.all(traffic.slice(i, i + 25).map(async (t, k) => {
      const answer = (await fleet.stations[i + k].call('StartTransaction', t.startRequest())) as
        { transactionId?: unknown; idTagInfo?: { status?: string } };
      if (typeof answer?.transactionId !== 'number' || answer.idTagInfo?.status !== 'Accepted') {
        throw new Error(`StartTransaction answered ${JSON.stringify(answer)}`);
      }
      t.transactionId = answer.transactionId;
    }));
  }
}
