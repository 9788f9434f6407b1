/**
 * Park occupancy: the share of charging points (EVSEs) with an open transaction among a group of stations. The
 * busier the park, the longer a new session waits before it starts, so arrivals do not all draw power at once.
 */
import type { StationSnapshot } from '../stations/types';

export interface Occupancy {
  /** Charging points known (EVSEs with a status or a transaction). */
  evses: number;
  /** Of which with an open transaction. */
  occupied: number;
  /** 0 to 100; 0 when no charging point is known. */
  percent: number;
}

/** 1.6 connectors count as EVSEs (the store files them so); EVSE 0 is the station itself and does not count. */
export function occupancyOf(stations: readonly StationSnapshot[]): Occupancy {
  let evses = 0;
  let occupied = 0;
  for (const s of stations) {
    const known = new Set<number>();
    for (const c of s.connectors) if (c.evseId > 0) known.add(c.evseId);
    const busy = new Set<number>();
    for (const tx of s.transactions) {
      const evse = tx.evseId ?? tx.connectorId;
      if (evse !== undefined && evse > 0) {
        busy.add(evse);
        known.add(evse);
      }
    }
    evses += known.size;
    occupied += busy.size;
  }
  return { evses, occupied, percent: evses ? (100 * occupied) / evses : 0 };
}
