/** Reads and checks the evc-reservation configuration: the park's stations and the queue's rules. */
import type { ParkQueueOptions } from '../../lib/reservations/park-queue';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface ReservationNodeConfig {
  csms?: string;
  database?: string;
  /** The stations drivers queue for: "*" or ids separated by commas or spaces. */
  stations?: string;
  holdMin?: string | number;
  noShow?: string;
  typicalSessionMin?: string | number;
  timeZone?: string;
}

export function reservationSettings(config: ReservationNodeConfig): ParkQueueOptions {
  const noShow = config.noShow || 'drop';
  if (noShow !== 'drop' && noShow !== 'requeue') throw new ConfigProblem('a driver who does not show up is dropped or requeued');
  const timeZone = config.timeZone?.trim() || undefined;
  if (timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new ConfigProblem(`unknown time zone ${timeZone}`);
    }
  }
  const ids = (config.stations ?? '').split(/[\s,]+/).filter(Boolean);
  return {
    stations: ids.length === 0 || ids.includes('*') ? '*' : ids,
    queue: {
      holdMin: configNumber(config.holdMin, 'hold', 1, 240, 15),
      noShow,
      typicalSessionMin: configNumber(config.typicalSessionMin, 'typical session', 5, 1440, 120),
    },
    ...(timeZone ? { timeZone } : {}),
  };
}
