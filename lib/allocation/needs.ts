/**
 * What each session needs by when, for the allocator to serve it by urgency: a departure time and either the energy
 * still wanted or a target state of charge with the battery's size (then the live SoC says what is left). It comes
 * from the EV itself (2.0.1 NotifyEVChargingNeeds, ISO 15118) or from a flow (a booking, a fleet plan, a driver's
 * app). A need belongs to one transaction: the next one on the EVSE starts without.
 *
 * Pre-conditioning: an EV that heats or cools its cabin before it leaves draws that power whatever its battery
 * says, so for those last minutes its minimum is raised to that power.
 */
export interface SessionNeed {
  /** Departure, ms since the epoch. */
  departureMs: number;
  /** The energy wanted when the need was given, Wh, and what had been delivered by then. */
  energyWh?: number;
  deliveredAtWh?: number;
  /** Target state of charge, %, with the battery's usable size: the live SoC gives the rest. */
  targetSocPercent?: number;
  batteryWh?: number;
  /** Power the EV draws for pre-conditioning, W, for this long before its departure, s. */
  preconditionW?: number;
  preconditionS?: number;
  /** The transaction it was given for; a need given before any transaction binds to the next one. */
  transactionId?: string;
}

/** The need as the allocator uses it at one instant. */
export interface NeedNow {
  departureS: number;
  /** Remaining energy, Wh; absent when neither energy nor target SoC with a live SoC is known. */
  energyWh?: number;
  /** Power the EV must get now (pre-conditioning), W. */
  floorW?: number;
}

export class NeedStore {
  private readonly needs = new Map<string, SessionNeed>();

  set(evse: string, need: SessionNeed): void {
    this.needs.set(evse, need);
  }

  delete(evse: string): void {
    this.needs.delete(evse);
  }

  /** The EVSE's need for this transaction, read at `nowMs`; a need of another transaction is forgotten. */
  read(evse: string, tx: { transactionId?: string; energyWh?: number; socPercent?: number }, nowMs: number): NeedNow | undefined {
    const need = this.needs.get(evse);
    if (!need) return undefined;
    if (need.transactionId === undefined && tx.transactionId !== undefined) {
      need.transactionId = tx.transactionId;
      need.deliveredAtWh ??= tx.energyWh;
    } else if (need.transactionId !== tx.transactionId) {
      this.needs.delete(evse);
      return undefined;
    }
    const departureS = (need.departureMs - nowMs) / 1000;
    let energyWh: number | undefined;
    if (need.targetSocPercent !== undefined && need.batteryWh !== undefined && tx.socPercent !== undefined) {
      energyWh = Math.max(0, ((need.targetSocPercent - tx.socPercent) / 100) * need.batteryWh);
    } else if (need.energyWh !== undefined) {
      energyWh = Math.max(0, need.energyWh - Math.max(0, (tx.energyWh ?? 0) - (need.deliveredAtWh ?? 0)));
    }
    const preconditioning = need.preconditionW !== undefined && departureS > 0 && departureS <= (need.preconditionS ?? 0);
    return { departureS, ...(energyWh !== undefined ? { energyWh } : {}), ...(preconditioning ? { floorW: need.preconditionW } : {}) };
  }
}

/** A need from a flow's message, or the reason it is not one. */
export function needFromMessage(p: Record<string, unknown>, nowMs: number): SessionNeed | string {
  const departureMs = typeof p.departure === 'number' ? p.departure : typeof p.departure === 'string' ? Date.parse(p.departure) : NaN;
  if (!Number.isFinite(departureMs)) return 'departure must be a date (ISO 8601 text or ms since the epoch)';
  if (departureMs <= nowMs) return `departure ${new Date(departureMs).toISOString()} is not in the future`;
  const need: SessionNeed = { departureMs };
  const numbers: Array<[keyof SessionNeed, number, number]> = [['energyWh', 0, 1e7], ['targetSocPercent', 0, 100], ['batteryWh', 1, 1e7], ['preconditionW', 0, 1e6], ['preconditionS', 0, 86400]];
  for (const [field, min, max] of numbers) {
    const v = p[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= min && v <= max)) return `${field} must be a number from ${min} to ${max}`;
    (need as unknown as Record<string, number>)[field] = v;
  }
  if ((need.targetSocPercent === undefined) !== (need.batteryWh === undefined)) return 'targetSocPercent and batteryWh go together';
  if (need.energyWh === undefined && need.targetSocPercent === undefined) return 'give energyWh, or targetSocPercent with batteryWh';
  if ((need.preconditionW === undefined) !== (need.preconditionS === undefined)) return 'preconditionW and preconditionS go together';
  return need;
}
