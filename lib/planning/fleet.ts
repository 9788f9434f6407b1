/**
 * A depot's planning as it runs: the fleet and its chargers as flows last described them, a new plan on every
 * change that matters (a vehicle that arrives late, a new departure, a charger that faults or comes back, a new
 * capacity or tariff, the live state of charge), and each vehicle's lifecycle beyond its plan: validated by an
 * operator, charging, done. With a CSMS, a vehicle that plugs in (its badge is its id, or its `idTag`) gets its
 * plan as an Absolute TxProfile on the connector it plugged into, and again after every new plan while it charges.
 */
import { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import { neutralProfile } from '../profiles/builder';
import type { Plan, VehiclePlan } from './plan';
import type { PlanWorker } from './plan-worker';
import { planProfile } from './profile';
import { ChargerInput, isObj, PlanInput, readPlanInput, VehicleInput } from './problem';

export type Lifecycle = VehiclePlan['status'] | 'validated' | 'charging' | 'done';

export interface FleetVehicle extends VehicleInput {
  /** The badge it starts its transactions with; its id when absent. */
  idTag?: string;
}

export interface FleetPlan extends Plan {
  vehicles: Array<VehiclePlan & { lifecycle: Lifecycle }>;
  /** Every charger of the fleet, those left out included: a plan view gives each its row. */
  chargers: Array<Required<ChargerInput>>;
  /** Chargers left out of this plan because they are faulted or unavailable. */
  unavailableChargers: string[];
}

export interface FleetOptions {
  budgetMs: number;
  stackLevel: number;
  firstProfileId: number;
  /** Live states of charge replan at most this often, ms (default: one step). */
  socReplanMs?: number;
}

type Obj = Record<string, unknown>;

const INPUT_FIELDS = ['chargers', 'capacityKw', 'tariff', 'demandChargePerKw', 'objective', 'stepMin', 'horizonH', 'start'] as const;
const UPDATE_FIELDS = [...INPUT_FIELDS, 'vehicles', 'vehicle', 'remove', 'charger', 'replan', 'validate'] as const;
const OUT_OF_SERVICE = new Set(['Faulted', 'Unavailable']);
export const USAGE = 'msg.payload must describe the fleet ({vehicles, chargers, capacityKw, tariff, objective, ...}), change it ({vehicle}, {remove}, {charger, available}, {capacityKw}, {tariff}), or be {replan: true} or {validate: true | [ids]}';

interface Charging {
  stationId: string;
  evseId: number;
  transactionId: string;
  /** When it plugged in (ISO). */
  since: string;
  /** The state of charge its meter values last gave. */
  socPercent?: number;
}

export class FleetPlanner extends EventEmitter {
  private input: Omit<PlanInput, 'vehicles'>;
  private vehicles = new Map<string, FleetVehicle>();
  private readonly unavailable = new Set<string>();
  private readonly validated = new Set<string>();
  /** Vehicles whose transaction ended, as they left: where and when they charged, what they got. */
  private readonly done = new Map<string, FleetPlan['vehicles'][number]>();
  private readonly charging = new Map<string, Charging>();
  private readonly profileIds = new Map<string, number>();
  private lastPlan?: FleetPlan;
  private lastSocReplan = 0;
  /** Plans run one after the other, each on the fleet as it is when its turn comes. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onEvent = (e: OcppEvent) => this.event(e);

  constructor(base: Omit<PlanInput, 'vehicles'>, private readonly worker: PlanWorker, private readonly options: FleetOptions, private readonly csms?: Csms) {
    super();
    this.input = { ...base };
  }

  get plan(): FleetPlan | undefined {
    return this.lastPlan;
  }

  start(): void {
    this.csms?.on('event', this.onEvent);
  }

  async stop(): Promise<void> {
    this.csms?.off('event', this.onEvent);
    await this.queue;
  }

  /**
   * Applies what a flow sent, and says whether it needs a new plan (validating only changes lifecycles); the
   * reason when it is nothing this planner knows. The fleet itself is checked when it is planned.
   */
  apply(update: unknown): { replan: boolean } | string {
    if (!isObj(update) || !UPDATE_FIELDS.some((k) => update[k] !== undefined)) return USAGE;
    // A change that leaves a fleet that cannot be planned is refused whole: the fleet stays as it was.
    const before = { input: { ...this.input }, vehicles: new Map(this.vehicles), unavailable: new Set(this.unavailable) };
    const outcome = this.change(update);
    const problems = typeof outcome === 'string' ? outcome : this.problem().errors?.join('; ');
    if (problems === undefined) return outcome;
    this.input = before.input;
    this.vehicles = before.vehicles;
    this.unavailable.clear();
    for (const id of before.unavailable) this.unavailable.add(id);
    return problems;
  }

  private change(update: Obj): { replan: boolean } | string {
    if (update.vehicles !== undefined) {
      if (!Array.isArray(update.vehicles)) return 'msg.payload.vehicles must be an array';
      this.vehicles = new Map((update.vehicles.filter(isObj) as unknown as FleetVehicle[]).map((v) => [String(v.id), { ...v }]));
      // A new fleet (the next night's, say): what was validated or done belonged to the last one.
      this.validated.clear();
      this.done.clear();
    }
    for (const field of INPUT_FIELDS) if (update[field] !== undefined) (this.input as Obj)[field] = update[field];
    if (update.vehicle !== undefined) {
      const id = isObj(update.vehicle) ? update.vehicle.id : undefined;
      if (typeof id !== 'string' || id === '') return 'msg.payload.vehicle must be an object with an id';
      this.vehicles.set(id, { ...(this.vehicles.get(id) ?? {}), ...(update.vehicle as Obj) } as FleetVehicle);
      this.done.delete(id);
    }
    if (update.remove !== undefined && !this.vehicles.delete(String(update.remove))) return `no vehicle ${String(update.remove)} in the fleet`;
    if (update.charger !== undefined) {
      if (typeof update.charger !== 'string' || typeof update.available !== 'boolean') return 'msg.payload.charger needs available: true or false';
      if (update.available) this.unavailable.delete(update.charger);
      else this.unavailable.add(update.charger);
    }
    if (update.validate !== undefined) {
      const ids = update.validate === true ? [...this.vehicles.keys()] : Array.isArray(update.validate) ? update.validate.map(String) : undefined;
      if (!ids) return 'msg.payload.validate must be true or a list of vehicle ids';
      for (const id of ids) this.validated.add(id);
      // A new object: the plan already sent may still be in use downstream.
      const plan = this.lastPlan;
      if (plan) this.lastPlan = { ...plan, vehicles: plan.vehicles.map((v) => ({ ...v, lifecycle: this.lifecycle(v) })) };
    }
    // Settings that come before any fleet (a live capacity, a tariff) wait for it: an empty plan says nothing.
    if (this.vehicles.size === 0 && !this.lastPlan && update.replan !== true) return { replan: false };
    return { replan: UPDATE_FIELDS.some((k) => k !== 'validate' && update[k] !== undefined) };
  }

  /** The problem as it stands; every reason it cannot be planned otherwise. */
  private problem(): ReturnType<typeof readPlanInput> {
    const chargers = Array.isArray(this.input.chargers)
      ? (this.input.chargers as ChargerInput[]).filter((c) => !(isObj(c) && this.unavailable.has(String(c.id)))) : this.input.chargers;
    const chargerIds = new Set((Array.isArray(chargers) ? chargers : []).map((c) => c.id));
    const vehicles = [...this.vehicles.values()].filter((v) => !this.done.has(v.id)).map((v) => {
      const at = this.charging.get(v.id);
      // A vehicle plugged in stays where it is; the others may use any charger still in service they were allowed.
      const allowed = at ? [at.stationId] : v.chargers?.filter((c) => chargerIds.has(c));
      return { ...v, ...(allowed ? { chargers: allowed } : {}) };
    });
    return readPlanInput({ ...this.input, chargers, vehicles });
  }

  /**
   * Plans again, after any plan already under way. `origin` (the msg that asked) comes back with the 'plan' event,
   * so a flow can tell the plan it asked for from those that events brought.
   */
  replan(origin?: unknown): Promise<FleetPlan | string> {
    const run = this.queue.then(async () => {
      const read = this.problem();
      if (!read.problem) return read.errors.join('; ');
      return this.adopt(await this.worker.plan(read.problem, this.options.budgetMs), origin);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async adopt(plan: Plan, origin: unknown): Promise<FleetPlan> {
    // A vehicle may have left while this plan was being made: it shows as it left, not as planned.
    const vehicles = plan.vehicles.filter((v) => !this.done.has(v.id)).map((v) => ({ ...v, lifecycle: this.lifecycle(v) }));
    // The chargers were read when the problem was: they are well formed.
    const chargers = (this.input.chargers as ChargerInput[]).map((c) => ({ id: c.id, maxKw: c.maxKw, connectors: c.connectors ?? 1 }));
    // Vehicles done are no longer planned, but a plan view still shows where and when they charged.
    const fleetPlan: FleetPlan = { ...plan, vehicles: [...vehicles, ...this.done.values()], chargers, unavailableChargers: [...this.unavailable] };
    this.lastPlan = fleetPlan;
    this.emit('plan', fleetPlan, origin);
    await Promise.all([...this.charging.keys()].map((id) => this.sendProfile(id)));
    return fleetPlan;
  }

  /** A vehicle whose transaction `ended`: its last plan, with the charging it really did. */
  private departed(id: string, at: Charging, ended: OcppEvent): FleetPlan['vehicles'][number] {
    const planned = this.lastPlan?.vehicles.find((v) => v.id === id);
    const vehicle = this.vehicles.get(id);
    const iso = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? new Date(x).toISOString() : ended.timestamp);
    const socPercent = planned?.socPercent ?? vehicle?.socPercent ?? 0;
    const energyWh = typeof ended.energyWh === 'number' ? ended.energyWh : undefined;
    // What the station measured, else what its energy gave the battery, else what was planned.
    const battery = Number(vehicle?.batteryKwh);
    const socAtDeparturePercent = at.socPercent
      ?? (energyWh !== undefined && battery > 0 ? Math.min(100, socPercent + (energyWh / 10 / battery)) : planned?.socAtDeparturePercent ?? socPercent);
    return {
      id, arrival: planned?.arrival ?? iso(vehicle?.arrival), departure: planned?.departure ?? iso(vehicle?.departure), socPercent,
      targetSocPercent: planned?.targetSocPercent ?? vehicle?.targetSocPercent ?? socPercent, needKwh: planned?.needKwh ?? 0,
      charger: at.stationId, connector: planned?.connector, from: at.since, to: ended.timestamp, powerKw: [],
      energyKwh: energyWh !== undefined ? energyWh / 1000 : planned?.energyKwh ?? 0, socAtDeparturePercent,
      status: planned?.status ?? 'planned', shortfallKwh: planned?.shortfallKwh ?? 0, lifecycle: 'done',
    };
  }

  private lifecycle(v: VehiclePlan): Lifecycle {
    if (this.done.has(v.id)) return 'done';
    if (this.charging.has(v.id)) return 'charging';
    if (v.status === 'at risk') return 'at risk';
    return this.validated.has(v.id) ? 'validated' : 'planned';
  }

  private isCharger(stationId: string): boolean {
    return Array.isArray(this.input.chargers) && (this.input.chargers as ChargerInput[]).some((c) => isObj(c) && c.id === stationId);
  }

  private vehicleOfTag(idTag: unknown): FleetVehicle | undefined {
    if (typeof idTag !== 'string') return undefined;
    const tag = idTag.toLowerCase();
    for (const v of this.vehicles.values()) if ((v.idTag ?? v.id).toLowerCase() === tag) return v;
    return undefined;
  }

  private vehicleOfTransaction(stationId: string, transactionId: unknown): string | undefined {
    for (const [id, at] of this.charging) if (at.stationId === stationId && at.transactionId === String(transactionId)) return id;
    return undefined;
  }

  private event(e: OcppEvent): void {
    if (e.type === 'connector.status') {
      const known = this.isCharger(e.stationId);
      const out = OUT_OF_SERVICE.has(String(e.status));
      if (!known || out === this.unavailable.has(e.stationId)) return;
      if (out) this.unavailable.add(e.stationId);
      else this.unavailable.delete(e.stationId);
      // Before a first plan there is no fleet to plan again: the next plan leaves the charger out.
      if (this.lastPlan) void this.replanQuietly();
    } else if (e.type === 'transaction.started') {
      const v = this.vehicleOfTag(e.idTag);
      if (!v) return;
      if (!this.isCharger(e.stationId)) {
        this.emit('warn', { stationId: e.stationId, reason: `${v.id} plugged in at a station that is not one of the planner's chargers` });
        return;
      }
      this.charging.set(v.id, { stationId: e.stationId, evseId: e.evseId ?? e.connectorId ?? 1, transactionId: String(e.transactionId), since: e.timestamp });
      void this.replanQuietly();
    } else if (e.type === 'transaction.ended') {
      const id = this.vehicleOfTransaction(e.stationId, e.transactionId);
      if (!id) return;
      this.done.set(id, this.departed(id, this.charging.get(id)!, e));
      this.charging.delete(id);
      void this.replanQuietly();
    } else if (e.type === 'meter.values' || e.type === 'transaction.updated') {
      const id = this.vehicleOfTransaction(e.stationId, e.transactionId);
      const samples = (e.type === 'meter.values' ? e.samples : [e.sample]) as Array<{ socPercent?: number } | undefined>;
      const soc = samples?.map((s) => s?.socPercent).filter((x): x is number => typeof x === 'number').pop();
      const vehicle = id ? this.vehicles.get(id) : undefined;
      if (!vehicle || soc === undefined) return;
      vehicle.socPercent = soc;
      this.charging.get(id!)!.socPercent = soc;
      const every = this.options.socReplanMs ?? (Number(this.input.stepMin) || 15) * 60_000;
      if (Date.now() - this.lastSocReplan < every) return;
      this.lastSocReplan = Date.now();
      void this.replanQuietly();
    }
  }

  private async replanQuietly(): Promise<void> {
    const outcome = await this.replan().catch((err: Error) => err.message);
    if (typeof outcome === 'string') this.emit('warn', { reason: `not planned: ${outcome}` });
  }

  private async sendProfile(vehicleId: string): Promise<void> {
    const at = this.charging.get(vehicleId);
    if (!at || !this.csms || !this.lastPlan) return;
    if (!this.profileIds.has(vehicleId)) this.profileIds.set(vehicleId, this.options.firstProfileId + this.profileIds.size);
    const profile = planProfile(this.lastPlan, vehicleId, {
      profileId: this.profileIds.get(vehicleId)!, stackLevel: this.options.stackLevel, transactionId: at.transactionId,
    });
    if (!profile) return;
    try {
      await this.csms.command(at.stationId, { command: 'setChargingProfile', evseId: at.evseId, profile: neutralProfile({ ...profile, evseId: at.evseId }) });
      this.emit('profile', { vehicleId, stationId: at.stationId, evseId: at.evseId, profile });
    } catch (err) {
      this.emit('warn', { stationId: at.stationId, reason: `plan of ${vehicleId} not sent: ${(err as Error).message}` });
    }
  }
}
