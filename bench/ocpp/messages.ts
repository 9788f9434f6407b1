/** The OCPP 1.6 traffic of the benchmark: what a station sends, in the same mix for every server. */

export type Action = 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues';

export const BOOT = {
  chargePointVendor: 'BenchCo', chargePointModel: 'Bench-22', chargePointSerialNumber: 'SN-0001', firmwareVersion: '1.0.0',
};

/**
 * 70% MeterValues, 20% Heartbeat, 10% StatusNotification, spread evenly over ten calls. A fixed cycle rather
 * than random draws keeps the mix exact over short runs; each client starts at a different point of it.
 */
const CYCLE: Action[] = [
  'MeterValues', 'Heartbeat', 'MeterValues', 'MeterValues', 'StatusNotification',
  'MeterValues', 'MeterValues', 'Heartbeat', 'MeterValues', 'MeterValues',
];

export function actionAt(step: number): Action {
  return CYCLE[step % CYCLE.length];
}

/** Per-station traffic state: a meter that keeps counting and a connector that goes in and out of use. */
export class StationTraffic {
  private energyWh = 1_000_000;
  private statusFlip = false;

  constructor(private step: number) {}

  next(): { action: Action; payload: Record<string, unknown> } {
    const action = actionAt(this.step++);
    return { action, payload: this.payload(action) };
  }

  private payload(action: Action): Record<string, unknown> {
    const timestamp = new Date().toISOString();
    switch (action) {
      case 'Heartbeat':
        return {};
      case 'StatusNotification':
        this.statusFlip = !this.statusFlip;
        return { connectorId: 1, errorCode: 'NoError', status: this.statusFlip ? 'Preparing' : 'Available', timestamp };
      case 'MeterValues':
        this.energyWh += 37;
        // Connector 1 without a transactionId: periodic sampling outside a transaction, 4 measurands.
        return {
          connectorId: 1,
          meterValue: [{
            timestamp,
            sampledValue: [
              { value: String(this.energyWh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '7360.0', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
              { value: '32.0', context: 'Sample.Periodic', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
              { value: '230.0', context: 'Sample.Periodic', measurand: 'Voltage', unit: 'V', phase: 'L1-N' },
            ],
          }],
        };
      default:
        return BOOT;
    }
  }
}

/** A raw OCPP-J BootNotification CALL for the idle clients, which speak plain WebSocket. */
export function bootFrame(id: string): string {
  return JSON.stringify([2, id, 'BootNotification', BOOT]);
}
