/**
 * Charge point identifiers. Both programmes want the AFIREV id of the charge point (`id_pdc_itinerance`, e.g.
 * `FREXG*E72100HOTELGARE*01`), which the CSMS does not know: the operator maps each station/EVSE to it. Without
 * a mapping the OCPP identity stands in, which Advenir's unofficial trace accepts but QualiCharge refuses.
 */
import type { PlugType } from './model';

export interface PointMappingOptions {
  /**
   * Keys `stationId/evseId` (one EVSE) or `stationId` (the whole station, e.g. a single-EVSE one); values the
   * AFIREV id, with or without its `*` separators.
   */
  points?: Record<string, string>;
  /** Plugs of each charge point (same keys), so statuses can carry QualiCharge's `etat_prise_type_*`. */
  plugs?: Record<string, PlugType[]>;
  /**
   * Without a mapping: `station` uses the OCPP identity alone (one EVSE per station); `station-evse` appends
   * `-<evseId>` so two EVSEs of one station stay two charge points.
   */
  fallback?: 'station' | 'station-evse';
}

/** QualiCharge's pattern (no separators), as its API validates `id_pdc_itinerance`. */
export const QUALICHARGE_ID = /^[A-Z]{2}[A-Z0-9]{4,33}$/;

export class PointMapper {
  private readonly points: Record<string, string>;
  private readonly plugTypes: Record<string, PlugType[]>;
  private readonly fallback: 'station' | 'station-evse';

  constructor(options: PointMappingOptions = {}) {
    this.points = options.points ?? {};
    this.plugTypes = options.plugs ?? {};
    this.fallback = options.fallback ?? 'station';
  }

  idPdc(stationId: string, evseId: number | null): string {
    const mapped = this.lookup(this.points, stationId, evseId);
    if (mapped) return mapped;
    return this.fallback === 'station-evse' && evseId !== null ? `${stationId}-${evseId}` : stationId;
  }

  /** Whether the id comes from the operator's mapping rather than the OCPP fallback. */
  isMapped(stationId: string, evseId: number | null): boolean {
    return this.lookup(this.points, stationId, evseId) !== undefined;
  }

  plugs(stationId: string, evseId: number | null): PlugType[] {
    return this.lookup(this.plugTypes, stationId, evseId) ?? [];
  }

  private lookup<T>(table: Record<string, T>, stationId: string, evseId: number | null): T | undefined {
    if (evseId !== null) {
      const exact = table[`${stationId}/${evseId}`];
      if (exact !== undefined) return exact;
    }
    return table[stationId];
  }
}

/** QualiCharge refuses `*` and the usual separators: `FREXG*E72100*01` becomes `FREXGE7210001`. */
export function qualichargeId(id: string): string {
  return id.replace(/[\s*\-_.:/]/g, '').toUpperCase();
}
