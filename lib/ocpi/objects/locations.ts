/**
 * The park as an OCPI Location: one per site, an EVSE per OCPP EVSE (a 1.6 connector is an EVSE of its own), its
 * status live from OCPP (CitrineOS's mapping, first match wins), the connectors as the site description gives
 * them. `last_updated` follows the live state: an EVSE's is its connector's last status change; the Location's
 * the latest of its EVSEs' and of the description's.
 */
import type { ConnectorState, StationSnapshot } from '../../stations/types';
import type { OcpiSiteSpec, OcpiTerminalSpec } from './site';
import { formatDateTime } from '../datetime';

export type EvseStatus = 'AVAILABLE' | 'BLOCKED' | 'CHARGING' | 'INOPERATIVE' | 'OUTOFORDER' | 'PLANNED' | 'REMOVED' | 'RESERVED' | 'UNKNOWN';

const BY_OCPP: Record<string, EvseStatus> = {
  Preparing: 'CHARGING', Charging: 'CHARGING', SuspendedEV: 'CHARGING', SuspendedEVSE: 'CHARGING', Finishing: 'CHARGING', Occupied: 'CHARGING',
  Reserved: 'RESERVED', Available: 'AVAILABLE', Unavailable: 'INOPERATIVE', Faulted: 'OUTOFORDER',
};

/** An EVSE's OCPI status: UNKNOWN while its station is offline or has said nothing. */
export function evseStatus(connector: Pick<ConnectorState, 'status'> | undefined, connected: boolean): EvseStatus {
  if (!connected || !connector) return 'UNKNOWN';
  return BY_OCPP[connector.status] ?? 'UNKNOWN';
}

/** The EVSE uid partners know it by: stable, and no hardware id. */
export const evseUid = (stationId: string, evseId: number): string => `${stationId}-${evseId}`;

export interface OcpiLocation {
  country_code: string;
  party_id: string;
  id: string;
  publish: boolean;
  name?: string;
  address: string;
  city: string;
  postal_code?: string;
  country: string;
  coordinates: { latitude: string; longitude: string };
  parking_type?: string;
  evses: OcpiEvse[];
  operator?: { name: string };
  time_zone: string;
  last_updated: string;
}

export interface OcpiEvse {
  uid: string;
  evse_id?: string;
  status: EvseStatus;
  capabilities: string[];
  connectors: OcpiConnector[];
  physical_reference?: string;
  last_updated: string;
}

export interface OcpiConnector {
  id: string;
  standard: string;
  format: 'SOCKET' | 'CABLE';
  power_type: string;
  max_voltage: number;
  max_amperage: number;
  max_electric_power?: number;
  tariff_ids?: string[];
  last_updated: string;
}

/** Every EVSE can be started and stopped remotely, reserved, and unlocked through OCPP, and reads RFID badges. */
const CAPABILITIES = ['REMOTE_START_STOP_CAPABLE', 'RESERVABLE', 'RFID_READER', 'UNLOCK_CAPABLE'];

/** The site's Location as it is now; `describedAt`: when the description last changed. */
export function locationOf(spec: OcpiSiteSpec, stations: readonly StationSnapshot[], describedAt: string): OcpiLocation {
  const byId = new Map(stations.map((s) => [s.identity, s]));
  const evses = spec.terminals.flatMap((t) => evsesOf(t, byId.get(t.id), describedAt));
  const l = spec.location;
  const last = [describedAt, ...evses.map((e) => e.last_updated)].sort().at(-1)!;
  return {
    country_code: spec.countryCode.toUpperCase(), party_id: spec.partyId.toUpperCase(), id: l.id, publish: l.publish ?? true,
    ...(l.name ? { name: l.name } : {}), address: l.address, city: l.city, ...(l.postalCode ? { postal_code: l.postalCode } : {}), country: l.country,
    coordinates: { latitude: l.latitude.toFixed(6), longitude: l.longitude.toFixed(6) }, ...(l.parkingType ? { parking_type: l.parkingType } : {}),
    evses, ...(l.operator ? { operator: { name: l.operator } } : {}), time_zone: l.timeZone, last_updated: formatDateTime(last),
  };
}

function evsesOf(t: OcpiTerminalSpec, station: StationSnapshot | undefined, describedAt: string): OcpiEvse[] {
  return t.evses.map((e) => {
    const connector = station?.connectors.find((c) => c.evseId === e.evseId);
    // Going offline changes what partners see: the station's disconnection counts as an update.
    const changed = [describedAt, connector?.updatedAt, station && !station.connected ? station.disconnectedAt : undefined]
      .filter((x): x is string => typeof x === 'string').sort().at(-1)!;
    const at = formatDateTime(changed);
    const c = e.connector;
    return {
      uid: evseUid(t.id, e.evseId), ...(e.emi3 ? { evse_id: e.emi3 } : {}), status: evseStatus(connector, station?.connected ?? false),
      capabilities: CAPABILITIES, ...(e.physicalReference ? { physical_reference: e.physicalReference } : {}),
      connectors: [{
        id: '1', standard: c.standard, format: c.format, power_type: c.powerType, max_voltage: c.maxVoltage, max_amperage: c.maxAmperage,
        ...(c.maxPowerW ? { max_electric_power: c.maxPowerW } : {}), ...(t.tariffId ? { tariff_ids: [t.tariffId] } : {}), last_updated: at,
      }],
      last_updated: at,
    };
  });
}
