/**
 * The park's tariffs as OCPI Tariffs, and what a session costs under one: energy per kWh, time per hour of
 * charging, a flat fee per session, each excluding VAT, with the VAT added for the incl. price. Step sizes are 1
 * (the errata's advice): a Wh and a second are billed as used.
 */
import type { OcpiTariffSpec } from './site';
import { formatDateTime } from '../datetime';

export interface OcpiPrice {
  excl_vat: number;
  incl_vat?: number;
}

export interface OcpiTariff {
  country_code: string;
  party_id: string;
  id: string;
  currency: string;
  type?: string;
  elements: Array<{ price_components: Array<{ type: 'ENERGY' | 'FLAT' | 'PARKING_TIME' | 'TIME'; price: number; vat?: number; step_size: number }> }>;
  last_updated: string;
}

/** OCPI numbers carry 4 decimals. */
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

export function tariffOf(spec: OcpiTariffSpec, party: { countryCode: string; partyId: string }, describedAt: string): OcpiTariff {
  const vat = spec.vatPercent !== undefined ? { vat: spec.vatPercent } : {};
  const components: OcpiTariff['elements'][number]['price_components'] = [];
  if (spec.energyPrice !== undefined) components.push({ type: 'ENERGY', price: round4(spec.energyPrice), ...vat, step_size: 1 });
  if (spec.timePrice !== undefined) components.push({ type: 'TIME', price: round4(spec.timePrice), ...vat, step_size: 1 });
  if (spec.flatPrice !== undefined) components.push({ type: 'FLAT', price: round4(spec.flatPrice), ...vat, step_size: 1 });
  // A tariff needs one element with one component: a free tariff says so with an energy price of 0.
  if (!components.length) components.push({ type: 'ENERGY', price: 0, ...vat, step_size: 1 });
  return {
    country_code: party.countryCode.toUpperCase(), party_id: party.partyId.toUpperCase(), id: spec.id, currency: spec.currency,
    ...(spec.type ? { type: spec.type } : {}), elements: [{ price_components: components }], last_updated: formatDateTime(describedAt),
  };
}

/** What a session of `kwh` over `hours` costs under the tariff. */
export function costOf(spec: OcpiTariffSpec | undefined, kwh: number, hours: number): { total: OcpiPrice; energy: OcpiPrice; time: OcpiPrice; fixed: OcpiPrice } {
  const withVat = (excl: number): OcpiPrice => ({ excl_vat: round4(excl), ...(spec?.vatPercent !== undefined ? { incl_vat: round4(excl * (1 + spec.vatPercent / 100)) } : {}) });
  const energy = (spec?.energyPrice ?? 0) * kwh;
  const time = (spec?.timePrice ?? 0) * hours;
  const fixed = spec?.flatPrice ?? 0;
  return { total: withVat(energy + time + fixed), energy: withVat(energy), time: withVat(time), fixed: withVat(fixed) };
}
