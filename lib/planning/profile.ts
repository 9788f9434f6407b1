/**
 * The charging profile that carries a vehicle's plan to its charger: an Absolute TxProfile in W from the plan's
 * first step, one period per change of power, ending with the plan (the station falls back to its defaults after).
 */
import type { Profile } from '../profiles/types';
import type { Plan } from './plan';

export interface PlanProfileOptions {
  profileId: number;
  stackLevel?: number;
  /** The transaction it binds to, when the vehicle is already plugged in. */
  transactionId?: string;
  nowMs?: number;
}

/** The TxProfile of one vehicle of a plan, or undefined when the plan gives it no charger. */
export function planProfile(plan: Plan, vehicleId: string, o: PlanProfileOptions): Profile | undefined {
  const vehicle = plan.vehicles.find((v) => v.id === vehicleId);
  if (!vehicle?.charger || vehicle.connector === undefined) return undefined;
  const startMs = Date.parse(plan.start);
  const stepS = plan.stepMin * 60;
  const periods: Profile['periods'] = [];
  vehicle.powerKw.forEach((kw, t) => {
    const limit = Math.round(kw * 1000);
    if (periods.length === 0 || periods[periods.length - 1].limit !== limit) periods.push({ startPeriod: t * stepS, limit });
  });
  return {
    id: o.profileId, evseId: vehicle.connector, stackLevel: o.stackLevel ?? 0, purpose: 'Tx', kind: 'Absolute', startSchedule: startMs,
    duration: vehicle.powerKw.length * stepS, unit: 'W', periods, installedAt: o.nowMs ?? Date.now(),
    ...(o.transactionId !== undefined ? { transactionId: o.transactionId } : {}),
  };
}
