/**
 * Where a command applies. The neutral API accepts evseId and/or connectorId; a 1.6 connector plays the role of a
 * 2.0.1 EVSE, so each version falls back on the other name when only one is given.
 */
import { Params } from './params';

export interface Location {
  evseId?: number;
  connectorId?: number;
}

export function readLocation(p: Params): Location {
  return { evseId: p.int('evseId', { min: 0 }), connectorId: p.int('connectorId', { min: 0 }) };
}

/** The 1.6 connectorId: the connector when given, else the EVSE number. */
export function connector16(loc: Location): number | undefined {
  return loc.connectorId ?? loc.evseId;
}

/** The 2.0.1 evseId: the EVSE when given, else the connector number read as an EVSE. */
export function evse201(loc: Location): number | undefined {
  return loc.evseId ?? loc.connectorId;
}

/**
 * A 2.0.1 EVSEType, or undefined for the whole station (EVSE 0 or nothing given). The connector is named only when
 * both numbers were given, since a lone connectorId was already used as the EVSE.
 */
export function evseType201(loc: Location): { id: number; connectorId?: number } | undefined {
  const id = evse201(loc);
  if (id === undefined || id === 0) return undefined;
  return loc.evseId !== undefined && loc.connectorId !== undefined ? { id, connectorId: loc.connectorId } : { id };
}
