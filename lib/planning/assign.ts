/**
 * Which charger and connector each vehicle parks at, for its whole stay (a depot does not move buses between
 * chargers). Vehicles are placed in order of arrival onto a connector already free when they arrive: for
 * connectors that are alike this uses no more of them than the most vehicles ever present at once (interval
 * partitioning). Among the free ones, a vehicle takes the charger that gives it the most power, then the one
 * with the fewest vehicles at it, so shared chargers are used last.
 */
import { PlanProblem, rateLimit } from './problem';

export interface Placement {
  charger: number;
  connector: number;
}

/** One placement per vehicle (by index); undefined for a vehicle that needs nothing or finds no free connector. */
export function assignChargers(p: PlanProblem): Array<Placement | undefined> {
  const freeFrom = p.chargers.map((c) => new Array<number>(c.connectors).fill(-Infinity));
  const placements: Array<Placement | undefined> = p.vehicles.map(() => undefined);
  const order = p.vehicles.map((_, i) => i)
    .filter((i) => p.vehicles[i].needKwh > 0 && p.vehicles[i].departure > p.vehicles[i].arrival)
    .sort((a, b) => p.vehicles[a].arrivalMs - p.vehicles[b].arrivalMs || p.vehicles[a].departureMs - p.vehicles[b].departureMs || a - b);
  for (const i of order) {
    const v = p.vehicles[i];
    let best: (Placement & { rate: number; busy: number }) | undefined;
    for (const c of v.chargers) {
      const connectors = freeFrom[c];
      const connector = connectors.findIndex((from) => from <= v.arrivalMs);
      if (connector < 0) continue;
      const rate = rateLimit(p, v, c);
      const busy = connectors.filter((from) => from > v.arrivalMs).length;
      if (!best || rate > best.rate || (rate === best.rate && busy < best.busy)) best = { charger: c, connector, rate, busy };
    }
    if (!best || best.rate <= 0) continue;
    freeFrom[best.charger][best.connector] = v.departureMs;
    placements[i] = { charger: best.charger, connector: best.connector };
  }
  return placements;
}

/**
 * A placement under which a given plan of powers fits: the vehicles that draw the most energy first, each onto a
 * connector free for its whole stay whose charger can carry its power on top of the vehicles already there at
 * every step: the one left with the least room (best fit), then the one with fewer connectors, so the roomy
 * shared chargers stay for the vehicles still to place. Used to carry the relaxation's plan, which ignores
 * chargers, onto real ones; undefined when some vehicle that draws power finds no such connector.
 */
export function placeToFit(p: PlanProblem, power: number[][]): Array<Placement | undefined> | undefined {
  const stays = p.chargers.map((c) => Array.from({ length: c.connectors }, () => [] as Array<[number, number]>));
  const load = p.chargers.map(() => new Array<number>(p.steps).fill(0));
  const placements: Array<Placement | undefined> = p.vehicles.map(() => undefined);
  const energy = power.map((row) => row.reduce((a, b) => a + b, 0));
  const order = p.vehicles.map((_, i) => i).filter((i) => energy[i] > 0).sort((a, b) => energy[b] - energy[a] || a - b);
  for (const i of order) {
    const v = p.vehicles[i];
    const peak = Math.max(...power[i]);
    const free = (taken: Array<[number, number]>) => taken.every(([from, to]) => to <= v.arrivalMs || from >= v.departureMs);
    let best: (Placement & { room: number }) | undefined;
    for (const c of v.chargers) {
      const connector = stays[c].findIndex(free);
      if (connector < 0 || rateLimit(p, v, c) < peak - 1e-6) continue;
      let room = Infinity;
      for (let t = v.arrival; t < v.departure; t++) room = Math.min(room, p.chargers[c].maxKw - load[c][t] - power[i][t]);
      if (room < -1e-6) continue;
      const fewer = best !== undefined && p.chargers[c].connectors < p.chargers[best.charger].connectors;
      if (!best || room < best.room - 1e-9 || (room <= best.room + 1e-9 && fewer)) best = { charger: c, connector, room };
    }
    if (!best) return undefined;
    stays[best.charger][best.connector].push([v.arrivalMs, v.departureMs]);
    for (let t = v.arrival; t < v.departure; t++) load[best.charger][t] += power[i][t];
    placements[i] = { charger: best.charger, connector: best.connector };
  }
  return placements;
}
