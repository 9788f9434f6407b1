/**
 * What the booking and queue views show at once: each connector of the park with its status and the reservation
 * holding it, the reservations held, and the line with each driver's estimated wait.
 */
import type { ReservationService, Reservation } from './reservations';
import type { QueueEntry, WaitingQueue } from './queue';
import type { ParkCsms } from './park-queue';

export interface BookingView {
  connectors: Array<{ stationId: string; evseId: number; status: string; connected: boolean; reservation?: Reservation }>;
  reservations: Reservation[];
  queue: QueueEntry[];
}

export function bookingView(csms: ParkCsms, reservations: ReservationService, queue: WaitingQueue, stations: string[] | '*'): BookingView {
  const connectors: BookingView['connectors'] = [];
  for (const s of csms.store.list()) {
    if (stations !== '*' && !stations.includes(s.identity)) continue;
    for (const c of s.connectors) {
      if (c.evseId === 0) continue;
      const reservation = reservations.holding(s.identity, c.evseId);
      connectors.push({ stationId: s.identity, evseId: c.evseId, status: c.status, connected: s.connected, ...(reservation ? { reservation } : {}) });
    }
  }
  connectors.sort((a, b) => a.stationId.localeCompare(b.stationId) || a.evseId - b.evseId);
  return { connectors, reservations: reservations.list({ held: true }), queue: queue.list().filter((e) => e.state === 'waiting' || e.state === 'offered' || e.state === 'charging') };
}
