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
