/**
 * From the OCPI address of a place (location id, EVSE uid, connector id) to the OCPP one (station identity, EVSE
 * number). Ids are CiStrings, compared without case. Every EVSE of ours has one connector, id "1".
 */
import { evseUid } from '../objects/locations';
import type { OcpiSiteSpec } from '../objects/site';

export interface Place {
  stationId: string;
  evseId: number;
  uid: string;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

export const CONNECTOR_ID = '1';

export function isOurLocation(site: OcpiSiteSpec, locationId: string): boolean {
  return same(site.location.id, locationId);
}

/** The EVSE meant, or why there is none (told to the eMSP as it is). */
export function placeOf(site: OcpiSiteSpec, locationId: string, uid: string, connectorId?: string): Place | string {
  if (!isOurLocation(site, locationId)) return `unknown location ${locationId}`;
  for (const t of site.terminals) {
    for (const e of t.evses) {
      if (!same(evseUid(t.id, e.evseId), uid)) continue;
      if (connectorId !== undefined && connectorId !== CONNECTOR_ID) return `EVSE ${uid} has no connector ${connectorId}`;
      return { stationId: t.id, evseId: e.evseId, uid: evseUid(t.id, e.evseId) };
    }
  }
  return `unknown EVSE ${uid} at location ${locationId}`;
}

/** The only EVSE of the location, for commands that may leave it out; undefined when there are several. */
export function onlyPlace(site: OcpiSiteSpec): Place | undefined {
  const all = site.terminals.flatMap((t) => t.evses.map((e) => ({ stationId: t.id, evseId: e.evseId, uid: evseUid(t.id, e.evseId) })));
  return all.length === 1 ? all[0] : undefined;
}
