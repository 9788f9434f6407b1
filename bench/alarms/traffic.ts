/**
 * The OCPP 1.6 load of the storm: each station sends only StatusNotification for connector 1, Faulted
 * (GroundFailure) then Available (NoError), over and over, with the time of each call as its timestamp. The paced
 * rate deals the calls round-robin, so a station's next call comes one turn of the fleet later: at
 * `callRate(o)` calls/s it faults `perMinute` times a minute.
 */
import type { Fleet, Traffic } from '../ocpp/load';

export class FaultStormTraffic implements Traffic {
  /** Whether the last status sent was Faulted: the station is in the middle of a fault. */
  faulted = false;
  /** StatusNotification calls made, and how many of them were Faulted, over the whole run. */
  sent = 0;
  faults = 0;

  next(): { action: string; payload: Record<string, unknown> } {
    this.faulted = !this.faulted;
    this.sent++;
    if (this.faulted) this.faults++;
    return {
      action: 'StatusNotification',
      payload: {
        connectorId: 1,
        errorCode: this.faulted ? 'GroundFailure' : 'NoError',
        status: this.faulted ? 'Faulted' : 'Available',
        timestamp: new Date().toISOString(),
      },
    };
  }
}

/**
 * The storm ends: every station still faulted sends its recovery, outside the measured window, so each storm
 * leaves every alarm returning and the next storm starts from stations that are all well.
 */
export async function recoverAll(fleet: Fleet, traffic: readonly FaultStormTraffic[]): Promise<void> {
  for (let i = 0; i < traffic.length; i += 25) {
    await Promise.all(traffic.slice(i, i + 25).map(async (t, k) => {
      if (!t.faulted) return;
      const { action, payload } = t.next();
      await fleet.stations[i + k].call(action, payload);
    }));
  }
}
