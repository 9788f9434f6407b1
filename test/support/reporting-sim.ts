/**
 * Simulated closed transactions for the reporting tests: a park of stations with two EVSEs each, sessions that
 * never overlap on one EVSE (QualiCharge's rule 10), meters that keep counting from one session to the next.
 */
import type { TransactionRow } from '../../lib/archive/backend';
import { Random } from '../../lib/simulator/random';

export interface ParkOptions {
  seed: number;
  /** Midnight UTC of the first day. */
  from: number;
  days: number;
  sessionsPerDay: number;
  stations: string[];
  evsesPerStation?: number;
}

const HOUR = 3_600_000;

export function row(over: Partial<TransactionRow> & Pick<TransactionRow, 'stationId' | 'transactionId'>): TransactionRow {
  return {
    evseId: 1, connectorId: 1, idTag: null, userGroup: null, startedAt: null, stoppedAt: null, meterStartWh: null, meterStopWh: null,
    meterLastWh: null, energyWh: null, socStartPercent: null, socStopPercent: null, maxPowerW: null, stopReason: null, durationS: null,
    lastSeqNo: null, updatedAt: new Date(0).toISOString(), ...over,
  };
}

/** The park's transactions, ordered by stop time. */
export function simulatePark(options: ParkOptions): TransactionRow[] {
  const random = new Random(options.seed);
  const evses = options.evsesPerStation ?? 2;
  const points = options.stations.flatMap((stationId) => Array.from({ length: evses }, (_, i) => ({ stationId, evseId: i + 1 })));
  const meters = new Map<string, number>();
  const nextTx = new Map<string, number>();
  const rows: TransactionRow[] = [];
  // Three 8-hour slots per point and day; one session at most per slot keeps sessions apart.
  const slots = points.flatMap((p) => [0, 1, 2].map((slot) => ({ ...p, slot })));
  for (let day = 0; day < options.days; day++) {
    const dayStart = options.from + day * 24 * HOUR;
    const chosen = [...slots].sort(() => random.next() - 0.5).slice(0, options.sessionsPerDay).sort((a, b) => a.slot - b.slot);
    for (const { stationId, evseId, slot } of chosen) {
      const start = dayStart + slot * 8 * HOUR + Math.round(random.between(0, 3 * HOUR) / 1000) * 1000;
      const duration = Math.round(random.between(0.3 * HOUR, 4.5 * HOUR) / 1000) * 1000;
      const energyWh = Math.round((duration / HOUR) * 7400 * random.between(0.3, 1));
      const meterKey = `${stationId}/${evseId}`;
      const meterStartWh = meters.get(meterKey) ?? random.int(100_000, 900_000);
      meters.set(meterKey, meterStartWh + energyWh);
      const tx = (nextTx.get(stationId) ?? 1000) + 1;
      nextTx.set(stationId, tx);
      rows.push(row({
        stationId, evseId, connectorId: 1, transactionId: String(tx), idTag: `TAG${random.int(1, 40)}`,
        startedAt: new Date(start).toISOString(), stoppedAt: new Date(start + duration).toISOString(),
        meterStartWh, meterStopWh: meterStartWh + energyWh, meterLastWh: meterStartWh + energyWh, energyWh, durationS: duration / 1000,
      }));
    }
  }
  return rows.sort((a, b) => Date.parse(a.stoppedAt as string) - Date.parse(b.stoppedAt as string));
}

/** AFIREV ids for the park: `FREVC*E<station><evse>` (QualiCharge drops the `*`). */
export function parkPoints(stations: string[], evses = 2): Record<string, string> {
  const points: Record<string, string> = {};
  for (const stationId of stations) {
    for (let e = 1; e <= evses; e++) points[`${stationId}/${e}`] = `FREVC*E${stationId.replace(/[^A-Z0-9]/gi, '').toUpperCase()}*${e}`;
  }
  return points;
}

/** One closed transaction, meter starting at 10 kWh. */
export function closed(stationId: string, evseId: number | null, transactionId: string, startMs: number, durationMs: number, energyWh: number): TransactionRow {
  return row({
    stationId, evseId, transactionId, startedAt: new Date(startMs).toISOString(), stoppedAt: new Date(startMs + durationMs).toISOString(),
    meterStartWh: 10_000, meterStopWh: 10_000 + energyWh, energyWh, durationS: durationMs / 1000,
  });
}
