/**
 * OCPP transactions as OCPI Sessions (live, while they run) and CDRs (once they end, priced by the EVSE's
 * tariff). Ids are built from the station and transaction ids, hashed when that would pass OCPI's length (36 for
 * a session, 39 for a CDR) so that every partner sees the same id for the same transaction, across restarts.
 */
import { createHash } from 'crypto';
import type { OcpiSiteSpec, OcpiTariffSpec } from './site';
import { evseUid } from './locations';
import { costOf, OcpiPrice } from './tariffs';
import { formatDateTime } from '../datetime';

/** Who charged: a roaming driver's token as their eMSP gave it, or a local badge. */
export interface CdrToken {
  country_code: string;
  party_id: string;
  uid: string;
  type: 'AD_HOC_USER' | 'APP_USER' | 'OTHER' | 'RFID';
  contract_id: string;
}

export interface ChargeFacts {
  stationId: string;
  transactionId: string;
  evseId: number;
  idTag?: string;
  startedAt: string;
  /** Absent while it runs. */
  stoppedAt?: string;
  energyWh: number;
  /** The token an eMSP started it with (START_SESSION), or known from the partner's tokens. */
  token?: CdrToken;
  authMethod?: 'AUTH_REQUEST' | 'COMMAND' | 'WHITELIST';
  authorizationReference?: string;
  /** For Session.last_updated. */
  updatedAt: string;
}

function shortId(stationId: string, transactionId: string, max: number): string {
  const plain = `${stationId}-${transactionId}`;
  return plain.length <= max ? plain : createHash('sha256').update(plain).digest('hex').slice(0, max);
}

export const sessionId = (stationId: string, transactionId: string): string => shortId(stationId, transactionId, 36);
export const cdrId = (stationId: string, transactionId: string): string => shortId(stationId, transactionId, 39);

function tokenOf(f: ChargeFacts, site: OcpiSiteSpec): CdrToken {
  return f.token ?? {
    country_code: site.countryCode.toUpperCase(), party_id: site.partyId.toUpperCase(), uid: f.idTag ?? 'UNKNOWN', type: 'RFID', contract_id: f.idTag ?? 'UNKNOWN',
  };
}

function tariffFor(site: OcpiSiteSpec, stationId: string): OcpiTariffSpec | undefined {
  const id = site.terminals.find((t) => t.id === stationId)?.tariffId;
  return id ? site.tariffs.find((t) => t.id === id) : undefined;
}

const hoursBetween = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from)) / 3_600_000;
const kwhOf = (wh: number): number => Math.round(wh) / 1000;

export function sessionOf(f: ChargeFacts, site: OcpiSiteSpec, now: string): Record<string, unknown> {
  const tariff = tariffFor(site, f.stationId);
  const kwh = kwhOf(f.energyWh);
  const end = f.stoppedAt ?? now;
  return {
    country_code: site.countryCode.toUpperCase(), party_id: site.partyId.toUpperCase(), id: sessionId(f.stationId, f.transactionId),
    start_date_time: formatDateTime(f.startedAt), ...(f.stoppedAt ? { end_date_time: formatDateTime(f.stoppedAt) } : {}), kwh,
    cdr_token: tokenOf(f, site), auth_method: f.authMethod ?? 'WHITELIST',
    ...(f.authorizationReference ? { authorization_reference: f.authorizationReference } : {}),
    location_id: site.location.id, evse_uid: evseUid(f.stationId, f.evseId), connector_id: '1', currency: tariff?.currency ?? site.tariffs[0]?.currency ?? 'EUR',
    total_cost: costOf(tariff, kwh, hoursBetween(f.startedAt, end)).total, status: f.stoppedAt ? 'COMPLETED' : 'ACTIVE', last_updated: formatDateTime(f.updatedAt),
  };
}

/** The CDR of an ended transaction: one charging period over its whole length, energy and time as dimensions. */
export function cdrOf(f: ChargeFacts & { stoppedAt: string }, site: OcpiSiteSpec): Record<string, unknown> {
  const terminal = site.terminals.find((t) => t.id === f.stationId);
  const evse = terminal?.evses.find((e) => e.evseId === f.evseId);
  const tariff = tariffFor(site, f.stationId);
  const kwh = kwhOf(f.energyWh);
  const hours = Math.round(hoursBetween(f.startedAt, f.stoppedAt) * 1e4) / 1e4;
  const cost = costOf(tariff, kwh, hours);
  const l = site.location;
  const nonZero = (key: string, p: OcpiPrice) => (p.excl_vat > 0 ? { [key]: p } : {});
  return {
    country_code: site.countryCode.toUpperCase(), party_id: site.partyId.toUpperCase(), id: cdrId(f.stationId, f.transactionId),
    start_date_time: formatDateTime(f.startedAt), end_date_time: formatDateTime(f.stoppedAt), session_id: sessionId(f.stationId, f.transactionId),
    cdr_token: tokenOf(f, site), auth_method: f.authMethod ?? 'WHITELIST', ...(f.authorizationReference ? { authorization_reference: f.authorizationReference } : {}),
    cdr_location: {
      id: l.id, ...(l.name ? { name: l.name } : {}), address: l.address.slice(0, 45), city: l.city, ...(l.postalCode ? { postal_code: l.postalCode } : {}), country: l.country,
      coordinates: { latitude: l.latitude.toFixed(6), longitude: l.longitude.toFixed(6) }, evse_uid: evseUid(f.stationId, f.evseId),
      evse_id: evse?.emi3 ?? evseUid(f.stationId, f.evseId), connector_id: '1', connector_standard: evse?.connector.standard ?? 'IEC_62196_T2',
      connector_format: evse?.connector.format ?? 'SOCKET', connector_power_type: evse?.connector.powerType ?? 'AC_3_PHASE',
    },
    currency: tariff?.currency ?? site.tariffs[0]?.currency ?? 'EUR',
    charging_periods: [{
      start_date_time: formatDateTime(f.startedAt), dimensions: [{ type: 'ENERGY', volume: kwh }, { type: 'TIME', volume: hours }], ...(tariff ? { tariff_id: tariff.id } : {}),
    }],
    total_cost: cost.total, ...nonZero('total_fixed_cost', cost.fixed), total_energy: kwh, ...nonZero('total_energy_cost', cost.energy), total_time: hours,
    ...nonZero('total_time_cost', cost.time), last_updated: formatDateTime(f.stoppedAt),
  };
}
