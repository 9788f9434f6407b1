/**
 * Learning a peer's endpoints: GET its versions, pick 2.2.1 (the only version we speak), GET that version's
 * details, check the endpoints we need. Failures come out as the status codes the credentials module answers with:
 * 3001 when the peer's API cannot be used, 3002 when it has no 2.2.1, 3003 when an expected endpoint is missing.
 */
import { OcpiCallError, OcpiClient } from './client';
import { Endpoint, EndpointNeed, findEndpoint, OCPI_VERSION } from './model';
import { OcpiError, OcpiStatus } from './status';

export interface Discovered {
  version: string;
  detailsUrl: string;
  endpoints: Endpoint[];
}

export async function discover(versionsUrl: string, client: OcpiClient, needs: readonly EndpointNeed[] = []): Promise<Discovered> {
  const versions = await fetchData(client, versionsUrl, 'versions');
  if (!Array.isArray(versions)) throw unusable(`${versionsUrl} did not list versions`);
  const offered = versions.filter(isVersionEntry);
  const ours = offered.find((v) => v.version === OCPI_VERSION);
  if (!ours) {
    const list = offered.map((v) => v.version).join(', ') || 'none';
    throw new OcpiError(OcpiStatus.UNSUPPORTED_VERSION, `no common OCPI version: we speak ${OCPI_VERSION}, ${versionsUrl} offers ${list}`);
  }
  const details = await fetchData(client, ours.url, 'version details');
  if (typeof details !== 'object' || details === null || !Array.isArray((details as { endpoints?: unknown }).endpoints)) {
    throw unusable(`${ours.url} did not give version details with endpoints`);
  }
  const endpoints = ((details as { endpoints: unknown[] }).endpoints).map(asEndpoint).filter((e): e is Endpoint => e !== undefined);
  const missing = needs.filter((n) => !findEndpoint(endpoints, n.identifier, n.role));
  if (missing.length > 0) {
    const names = missing.map((n) => (n.identifier === 'credentials' ? n.identifier : `${n.identifier} ${n.role}`)).join(', ');
    throw new OcpiError(OcpiStatus.NO_MATCHING_ENDPOINTS, `expected endpoints missing at ${ours.url}: ${names}`);
  }
  return { version: OCPI_VERSION, detailsUrl: ours.url, endpoints };
}

async function fetchData(client: OcpiClient, url: string, what: string): Promise<unknown> {
  try {
    return await client.call<unknown>('GET', url);
  } catch (e) {
    if (e instanceof OcpiCallError) throw unusable(`could not get the ${what} at ${url}: ${e.message}`);
    throw e;
  }
}

function unusable(message: string): OcpiError {
  return new OcpiError(OcpiStatus.CLIENT_API_UNUSABLE, message);
}

function isVersionEntry(v: unknown): v is { version: string; url: string } {
  const r = v as { version?: unknown; url?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.version === 'string' && typeof r.url === 'string' && isAbsolute(r.url);
}

/**
 * Entries we cannot use are skipped rather than refused: one odd custom module must not block a registration. The
 * role of a credentials endpoint is to be disregarded (version_information_endpoint.asciidoc), so any will do.
 */
function asEndpoint(e: unknown): Endpoint | undefined {
  const r = e as { identifier?: unknown; role?: unknown; url?: unknown } | null;
  if (typeof r !== 'object' || r === null || typeof r.identifier !== 'string' || typeof r.url !== 'string' || !isAbsolute(r.url)) return undefined;
  if (r.identifier === 'credentials') return { identifier: r.identifier, role: 'SENDER', url: r.url };
  return r.role === 'SENDER' || r.role === 'RECEIVER' ? { identifier: r.identifier, role: r.role, url: r.url } : undefined;
}

function isAbsolute(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
