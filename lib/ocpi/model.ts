/**
 * The OCPI 2.2.1 types the transport and the credentials module share: roles, endpoints, credentials
 * (types.asciidoc, version_information_endpoint.asciidoc, credentials.asciidoc). Field names stay as on the wire.
 */

export const OCPI_VERSION = '2.2.1';

export type Role = 'CPO' | 'EMSP' | 'HUB' | 'NAP' | 'NSP' | 'OTHER' | 'SCSP';
export const ROLES: readonly Role[] = ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'];

export type InterfaceRole = 'SENDER' | 'RECEIVER';

/** ModuleID is an OpenEnum: custom modules are allowed, so any string goes beside the known ones. */
export type ModuleId =
  | 'cdrs' | 'chargingprofiles' | 'commands' | 'credentials' | 'hubclientinfo' | 'locations' | 'sessions' | 'tariffs' | 'tokens'
  | (string & Record<never, never>);

export interface Endpoint {
  identifier: ModuleId;
  role: InterfaceRole;
  url: string;
}

export interface VersionEntry {
  version: string;
  url: string;
}

export interface VersionDetails {
  version: string;
  endpoints: Endpoint[];
}

export interface Image {
  url: string;
  thumbnail?: string;
  category: string;
  type: string;
  width?: number;
  height?: number;
}

export interface BusinessDetails {
  name: string;
  website?: string;
  logo?: Image;
}

export interface CredentialsRole {
  role: Role;
  business_details: BusinessDetails;
  party_id: string;
  country_code: string;
}

export interface OcpiCredentials {
  token: string;
  url: string;
  roles: CredentialsRole[];
}

/** What a party expects of another's version details before it will connect (missing → 3003). */
export interface EndpointNeed {
  identifier: ModuleId;
  role: InterfaceRole;
}

/** The endpoint for a module and role; credentials answers whatever role it was given (the spec says to ignore it). */
export function findEndpoint(endpoints: readonly Endpoint[], identifier: ModuleId, role?: InterfaceRole): Endpoint | undefined {
  if (identifier === 'credentials' || role === undefined) return endpoints.find((e) => e.identifier === identifier);
  return endpoints.find((e) => e.identifier === identifier && e.role === role);
}
