/**
 * The OCPI headers besides Authorization: the request and correlation ids every request and response carries, and
 * the four routing headers of functional modules. Configuration modules (credentials, versions, hubclientinfo) are
 * platform-to-platform and SHALL NOT carry routing headers.
 */
import type { IncomingHttpHeaders } from 'http';
import { randomUUID } from 'crypto';
import { invalidParameters } from './status';

export const REQUEST_ID = 'X-Request-ID';
export const CORRELATION_ID = 'X-Correlation-ID';
export const TO_PARTY_ID = 'OCPI-to-party-id';
export const TO_COUNTRY_CODE = 'OCPI-to-country-code';
export const FROM_PARTY_ID = 'OCPI-from-party-id';
export const FROM_COUNTRY_CODE = 'OCPI-from-country-code';

/** A party as routing addresses it: its country code and party id (CiString(2), CiString(3)). */
export interface PartyRef {
  country_code: string;
  party_id: string;
}

export interface Routing {
  to?: PartyRef;
  from?: PartyRef;
}

export interface RequestIds {
  requestId: string;
  correlationId: string;
}

const CONFIGURATION_MODULES = new Set(['credentials', 'versions', 'hubclientinfo']);

export function isFunctionalModule(moduleId: string): boolean {
  return !CONFIGURATION_MODULES.has(moduleId);
}

/** Node gives header values lower-cased by name, occasionally repeated: the first one counts. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** The ids to echo; a caller that sent none still gets ids in the answer so both logs can meet. */
export function readRequestIds(headers: IncomingHttpHeaders): RequestIds {
  return { requestId: header(headers, REQUEST_ID) ?? randomUUID(), correlationId: header(headers, CORRELATION_ID) ?? randomUUID() };
}

const PARTY_ID = /^[A-Za-z0-9]{3}$/;
const COUNTRY_CODE = /^[A-Za-z]{2}$/;

/** The routing headers of a request; half an address (an id without its country) is the client's 2001. */
export function readRouting(headers: IncomingHttpHeaders): Routing {
  const to = party(header(headers, TO_COUNTRY_CODE), header(headers, TO_PARTY_ID), 'OCPI-to');
  const from = party(header(headers, FROM_COUNTRY_CODE), header(headers, FROM_PARTY_ID), 'OCPI-from');
  return { ...(to ? { to } : {}), ...(from ? { from } : {}) };
}

function party(countryCode: string | undefined, partyId: string | undefined, prefix: string): PartyRef | undefined {
  if (countryCode === undefined && partyId === undefined) return undefined;
  if (countryCode === undefined || partyId === undefined) {
    throw invalidParameters(`${prefix}-country-code and ${prefix}-party-id go together: only one was sent`);
  }
  if (!COUNTRY_CODE.test(countryCode)) throw invalidParameters(`${prefix}-country-code "${countryCode}" is not 2 letters`);
  if (!PARTY_ID.test(partyId)) throw invalidParameters(`${prefix}-party-id "${partyId}" is not 3 letters or digits`);
  return { country_code: countryCode.toUpperCase(), party_id: partyId.toUpperCase() };
}

/** A response goes back the way the request came: its from is the request's to and the other way round. */
export function swapRouting(routing: Routing): Routing {
  return { ...(routing.from ? { to: routing.from } : {}), ...(routing.to ? { from: routing.to } : {}) };
}

export function routingHeaders(routing: Routing): Record<string, string> {
  const out: Record<string, string> = {};
  if (routing.to) {
    out[TO_COUNTRY_CODE] = routing.to.country_code;
    out[TO_PARTY_ID] = routing.to.party_id;
  }
  if (routing.from) {
    out[FROM_COUNTRY_CODE] = routing.from.country_code;
    out[FROM_PARTY_ID] = routing.from.party_id;
  }
  return out;
}

export function sameParty(a: PartyRef, b: PartyRef): boolean {
  return a.country_code.toUpperCase() === b.country_code.toUpperCase() && a.party_id.toUpperCase() === b.party_id.toUpperCase();
}
