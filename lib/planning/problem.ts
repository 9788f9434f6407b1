/**
 * A depot's charging problem as the planner solves it: time cut into steps from a start, each vehicle's window of
 * whole steps between its arrival and its departure, the energy it needs, the chargers it may use, and the site's
 * capacity and energy price at each step. Read from what a flow sends (instants as ISO text or epoch ms); every
 * problem with the input is reported, none thrown.
 */
import { priceAt, readTariff, Tariff } from './tariff';

export type PlanObjective = 'earliest' | 'peak' | 'cost';
export const PLAN_OBJECTIVES: readonly PlanObjective[] = ['earliest', 'peak', 'cost'];

export interface VehicleInput {
  id: string;
  batteryKwh: number;
  socPercent: number;
  targetSocPercent: number;
  arrival: string | number;
  departure: string | number;
  maxKw: number;
  /** The chargers it may use; any when absent. */
  chargers?: string[];
}

export interface ChargerInput {
  id: string;
  maxKw: number;
  /** Vehicles it charges at once, sharing maxKw; default 1. */
  connectors?: number;
}

/** A capacity that changes over time (a forecast, a DSO signal): each value holds from its instant on. */
export interface CapacityStep {
  from: string | number;
  kw: number;
}

export interface PlanInput {
  start?: string | number;
  /** Minutes, default 15. */
  stepMin?: number;
  /** Hours, default 24. */
  horizonH?: number;
  vehicles: VehicleInput[];
  chargers: ChargerInput[];
  capacityKw: number | CapacityStep[];
  tariff?: Tariff;
  /** Cost per kW of the plan's peak. */
  demandChargePerKw?: number;
  objective?: PlanObjective;
}

export interface PlanVehicle {
  id: string;
  batteryKwh: number;
  socPercent: number;
  /** Energy to reach the target, kWh. */
  needKwh: number;
  maxKw: number;
  /** First step it may charge in, and the first step it is gone (both within the horizon). */
  arrival: number;
  departure: number;
  /** When it is really there, epoch ms: a connector it leaves is free for the next vehicle only from then. */
  arrivalMs: number;
  departureMs: number;
  /** It leaves after the horizon: its window ends with the horizon. */
  beyondHorizon: boolean;
  /** Indexes into the problem's chargers. */
  chargers: number[];
}

export interface PlanCharger {
  id: string;
  maxKw: number;
  connectors: number;
}

export interface PlanProblem {
  startMs: number;
  stepMin: number;
  steps: number;
  vehicles: PlanVehicle[];
  chargers: PlanCharger[];
  capacityKw: number[];
  pricePerKwh: number[];
  demandChargePerKw: number;
  objective: PlanObjective;
}

export type ReadResult = { problem: PlanProblem; errors?: undefined } | { problem?: undefined; errors: string[] };

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Epoch ms of an ISO text or a number; NaN otherwise. */
export function instantOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Date.parse(v);
  return NaN;
}

class Reader {
  readonly errors: string[] = [];

  number(where: string, v: unknown, min: number, max = Infinity): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.errors.push(`${where} must be a number${max === Infinity ? ` of at least ${min}` : ` from ${min} to ${max}`}`);
      return min;
    }
    return v;
  }

  instant(where: string, v: unknown): number {
    const ms = instantOf(v);
    if (!Number.isFinite(ms)) this.errors.push(`${where} must be an ISO 8601 date-time or epoch milliseconds`);
    return ms;
  }
}

function readChargers(r: Reader, list: unknown): PlanCharger[] {
  if (!Array.isArray(list) || list.length === 0) {
    r.errors.push('chargers must be a non-empty array');
    return [];
  }
  const seen = new Set<string>();
  return list.map((c: unknown, i) => {
    const where = `chargers[${i}]`;
    if (!isObj(c) || typeof c.id !== 'string' || c.id === '') {
      r.errors.push(`${where} needs an id`);
      return { id: `#${i}`, maxKw: 0, connectors: 1 };
    }
    if (seen.has(c.id)) r.errors.push(`${where}: charger ${c.id} is listed twice`);
    seen.add(c.id);
    const connectors = c.connectors === undefined ? 1 : r.number(`${where}.connectors`, c.connectors, 1);
    if (!Number.isInteger(connectors)) r.errors.push(`${where}.connectors must be a whole number`);
    return { id: c.id, maxKw: r.number(`${where}.maxKw`, c.maxKw, 0), connectors };
  });
}

function readVehicles(r: Reader, list: unknown, chargers: PlanCharger[], startMs: number, stepMs: number, steps: number): PlanVehicle[] {
  if (!Array.isArray(list)) {
    r.errors.push('vehicles must be an array');
    return [];
  }
  const seen = new Set<string>();
  const chargerIndex = new Map(chargers.map((c, i) => [c.id, i]));
  return list.flatMap((v: unknown, i): PlanVehicle[] => {
    const where = `vehicles[${i}]`;
    if (!isObj(v) || typeof v.id !== 'string' || v.id === '') {
      r.errors.push(`${where} needs an id`);
      return [];
    }
    if (seen.has(v.id)) r.errors.push(`${where}: vehicle ${v.id} is listed twice`);
    seen.add(v.id);
    const batteryKwh = r.number(`${where}.batteryKwh`, v.batteryKwh, 0);
    const socPercent = r.number(`${where}.socPercent`, v.socPercent, 0, 100);
    const targetSocPercent = r.number(`${where}.targetSocPercent`, v.targetSocPercent, 0, 100);
    const maxKw = r.number(`${where}.maxKw`, v.maxKw, 0);
    const arrivalMs = r.instant(`${where}.arrival`, v.arrival);
    const departureMs = r.instant(`${where}.departure`, v.departure);
    if (departureMs <= arrivalMs) r.errors.push(`${where}: departure must come after arrival`);
    let allowed = chargers.map((_, c) => c);
    if (v.chargers !== undefined) {
      if (!Array.isArray(v.chargers) || v.chargers.some((id) => !chargerIndex.has(id as string))) {
        r.errors.push(`${where}.chargers must list ids of chargers in the problem`);
      } else {
        allowed = (v.chargers as string[]).map((id) => chargerIndex.get(id)!);
      }
    }
    // Only whole steps inside its stay: a plan never asks for power before it is there or after it has gone.
    const arrival = Math.min(steps, Math.max(0, Math.ceil((arrivalMs - startMs) / stepMs)));
    const departure = Math.min(steps, Math.max(0, Math.floor((departureMs - startMs) / stepMs)));
    return [{
      id: v.id, batteryKwh, socPercent, maxKw, arrival, departure: Math.max(arrival, departure), arrivalMs, departureMs, chargers: allowed,
      needKwh: Math.max(0, ((targetSocPercent - socPercent) / 100) * batteryKwh), beyondHorizon: departureMs > startMs + steps * stepMs,
    }];
  });
}

function readCapacity(r: Reader, capacity: unknown, startMs: number, stepMs: number, steps: number): number[] {
  if (typeof capacity === 'number') return new Array<number>(steps).fill(r.number('capacityKw', capacity, 0));
  if (!Array.isArray(capacity) || capacity.length === 0) {
    r.errors.push('capacityKw must be a number or a non-empty array of {from, kw}');
    return new Array<number>(steps).fill(0);
  }
  const changes = capacity.map((c: unknown, i) => {
    const item = isObj(c) ? c : {};
    return { at: r.instant(`capacityKw[${i}].from`, item.from), kw: r.number(`capacityKw[${i}].kw`, item.kw, 0) };
  }).sort((a, b) => a.at - b.at);
  if (changes[0].at > startMs) r.errors.push('capacityKw must say the capacity at the start of the plan');
  // A step gets the lowest capacity in force at any moment of it: the plan holds under every value.
  return Array.from({ length: steps }, (_x, t) => {
    const from = startMs + t * stepMs;
    const to = from + stepMs;
    let kw = Infinity;
    for (let k = 0; k < changes.length; k++) {
      const until = changes[k + 1]?.at ?? Infinity;
      if (changes[k].at < to && until > from) kw = Math.min(kw, changes[k].kw);
    }
    return Number.isFinite(kw) ? kw : 0;
  });
}

/** The problem a plan input describes, or every reason it cannot be planned. */
export function readPlanInput(input: unknown, nowMs = Date.now()): ReadResult {
  const r = new Reader();
  if (!isObj(input)) return { errors: ['the plan input must be an object'] };
  const stepMin = input.stepMin === undefined ? 15 : r.number('stepMin', input.stepMin, 1, 1440);
  const horizonH = input.horizonH === undefined ? 24 : r.number('horizonH', input.horizonH, 1, 24 * 14);
  const stepMs = stepMin * 60_000;
  const startMs = input.start === undefined ? Math.floor(nowMs / stepMs) * stepMs : r.instant('start', input.start);
  const steps = Math.max(1, Math.floor((horizonH * 60) / stepMin));
  const objective = (input.objective ?? 'peak') as PlanObjective;
  if (!PLAN_OBJECTIVES.includes(objective)) r.errors.push(`objective must be one of ${PLAN_OBJECTIVES.join(', ')}`);
  const chargers = readChargers(r, input.chargers);
  const vehicles = readVehicles(r, input.vehicles, chargers, startMs, stepMs, steps);
  const capacityKw = readCapacity(r, input.capacityKw, startMs, stepMs, steps);
  const tariff = readTariff(input.tariff, r.errors);
  const demandChargePerKw = input.demandChargePerKw === undefined ? 0 : r.number('demandChargePerKw', input.demandChargePerKw, 0);
  if (r.errors.length > 0) return { errors: r.errors };
  const pricePerKwh = Array.from({ length: steps }, (_x, t) => priceAt(tariff, startMs + t * stepMs));
  return { problem: { startMs, stepMin, steps, vehicles, chargers, capacityKw, pricePerKwh, demandChargePerKw, objective } };
}

/** Hours in one step. */
export const stepHours = (p: PlanProblem): number => p.stepMin / 60;

/** The most a vehicle may draw on a charger. */
export const rateLimit = (p: PlanProblem, v: PlanVehicle, charger: number): number => Math.min(v.maxKw, p.chargers[charger].maxKw);
