/**
 * The plan that always comes back in time, when the solver cannot: least laxity first, step by step, each vehicle
 * taking what its charger and the site leave. For the lowest peak that plan is then flattened by valley filling;
 * for the lowest cost, each vehicle in order of departure takes its cheapest steps first.
 */
import type { Placement } from './assign';
import { PlanProblem, rateLimit, stepHours } from './problem';

/** Power per vehicle (by index) per step, kW. */
export type PowerPlan = number[][];

const EPS = 1e-6;

class Headroom {
  readonly site: number[];
  readonly chargers: number[][];

  constructor(p: PlanProblem) {
    this.site = [...p.capacityKw];
    this.chargers = p.chargers.map((c) => new Array<number>(p.steps).fill(c.maxKw));
  }

  left(charger: number, t: number): number {
    return Math.max(0, Math.min(this.site[t], this.chargers[charger][t]));
  }

  take(charger: number, t: number, kw: number): void {
    this.site[t] -= kw;
    this.chargers[charger][t] -= kw;
  }
}

/** Least laxity first at every step. */
function leastLaxity(p: PlanProblem, placements: Array<Placement | undefined>): { power: PowerPlan; shortKwh: number[] } {
  const h = stepHours(p);
  const room = new Headroom(p);
  const power = p.vehicles.map(() => new Array<number>(p.steps).fill(0));
  const left = p.vehicles.map((v, i) => (placements[i] ? v.needKwh : 0));
  const rate = p.vehicles.map((v, i) => (placements[i] ? rateLimit(p, v, placements[i]!.charger) : 0));
  for (let t = 0; t < p.steps; t++) {
    const present = p.vehicles.map((_, i) => i).filter((i) => left[i] > EPS && p.vehicles[i].arrival <= t && t < p.vehicles[i].departure);
    const laxity = (i: number) => p.vehicles[i].departure - t - left[i] / (rate[i] * h);
    present.sort((a, b) => laxity(a) - laxity(b) || p.vehicles[a].departure - p.vehicles[b].departure || a - b);
    for (const i of present) {
      const c = placements[i]!.charger;
      const kw = Math.min(rate[i], left[i] / h, room.left(c, t));
      if (kw <= EPS) continue;
      power[i][t] = kw;
      room.take(c, t, kw);
      left[i] -= kw * h;
    }
  }
  return { power, shortKwh: left.map((l) => Math.max(0, l)) };
}

/** Each vehicle, in order of departure, takes its cheapest steps first (the earlier of equal prices). */
function cheapestFirst(p: PlanProblem, placements: Array<Placement | undefined>): PowerPlan {
  const h = stepHours(p);
  const room = new Headroom(p);
  const power = p.vehicles.map(() => new Array<number>(p.steps).fill(0));
  const order = p.vehicles.map((_, i) => i).filter((i) => placements[i]).sort((a, b) => p.vehicles[a].departure - p.vehicles[b].departure || a - b);
  for (const i of order) {
    const v = p.vehicles[i];
    const c = placements[i]!.charger;
    const steps = Array.from({ length: v.departure - v.arrival }, (_x, k) => v.arrival + k)
      .sort((a, b) => p.pricePerKwh[a] - p.pricePerKwh[b] || a - b);
    let left = v.needKwh;
    for (const t of steps) {
      if (left <= EPS) break;
      const kw = Math.min(rateLimit(p, v, c), left / h, room.left(c, t));
      if (kw <= EPS) continue;
      power[i][t] = kw;
      room.take(c, t, kw);
      left -= kw * h;
    }
  }
  return power;
}

const readyCount = (short: number[]) => short.filter((s) => s <= 1e-3).length;

/**
 * Valley filling: each vehicle in turn is taken out and put back into the lowest steps of its stay (a water level
 * over the others' load, within its rate, its charger and the site), for a few passes. Its previous profile always
 * fits again, so no vehicle ready before is made short, and the load flattens towards the lowest peak.
 */
function flatten(p: PlanProblem, placements: Array<Placement | undefined>, power: PowerPlan, passes = 30): PowerPlan {
  const h = stepHours(p);
  const site = Array.from({ length: p.steps }, (_x, t) => power.reduce((a, row) => a + row[t], 0));
  const charger = p.chargers.map(() => new Array<number>(p.steps).fill(0));
  power.forEach((row, i) => { if (placements[i]) row.forEach((kw, t) => { charger[placements[i]!.charger][t] += kw; }); });
  for (let pass = 0; pass < passes; pass++) {
    let moved = 0;
    p.vehicles.forEach((v, i) => {
      const at = placements[i];
      if (!at) return;
      const row = power[i];
      const energy = row.reduce((a, b) => a + b, 0) * h;
      const steps: number[] = [];
      for (let t = v.arrival; t < v.departure; t++) {
        site[t] -= row[t];
        charger[at.charger][t] -= row[t];
        steps.push(t);
      }
      const room = steps.map((t) => Math.max(0, Math.min(rateLimit(p, v, at.charger), p.chargers[at.charger].maxKw - charger[at.charger][t], p.capacityKw[t] - site[t])));
      const fill = (level: number) => steps.map((t, k) => Math.min(room[k], Math.max(0, level - site[t])));
      const want = Math.min(v.needKwh, Math.max(energy, room.reduce((a, b) => a + b, 0) * h));
      let low = 0;
      let high = Math.max(...steps.map((t, k) => site[t] + room[k]), 0);
      for (let k = 0; k < 50 && high - low > 1e-6; k++) {
        const mid = (low + high) / 2;
        if (fill(mid).reduce((a, b) => a + b, 0) * h >= want) high = mid;
        else low = mid;
      }
      const next = fill(high);
      steps.forEach((t, k) => {
        moved = Math.max(moved, Math.abs(next[k] - row[t]));
        row[t] = next[k];
        site[t] += next[k];
        charger[at.charger][t] += next[k];
      });
    });
    if (moved < 1e-3) break;
  }
  return power;
}

export function heuristicPlan(p: PlanProblem, placements: Array<Placement | undefined>): PowerPlan {
  if (p.objective === 'peak') return flatten(p, placements, leastLaxity(p, placements).power);
  if (p.objective === 'cost') {
    // Cheapest-first can strand a vehicle that least laxity would have made ready: keep whichever readies more.
    const cheap = cheapestFirst(p, placements);
    const asap = leastLaxity(p, placements);
    return readyCount(shortfalls(p, cheap)) >= readyCount(asap.shortKwh) ? cheap : asap.power;
  }
  return leastLaxity(p, placements).power;
}

/** What each vehicle still misses at its departure under a plan, kWh. */
export function shortfalls(p: PlanProblem, power: PowerPlan): number[] {
  const h = stepHours(p);
  return p.vehicles.map((v, i) => Math.max(0, v.needKwh - power[i].reduce((a, b) => a + b, 0) * h));
}
