/**
 * Locations, Sender interface (mod_locations.asciidoc): the list (one Location, the park, unless it is not to be
 * published) and the objects under it, /{location_id}[/{evse_uid}[/{connector_id}]]. Anything unknown on that
 * path is 2003, unknown location, with HTTP 404 as for any unknown object.
 */
import type { CpoService } from '../cpo/service';
import { selectPage } from '../paging';
import type { ModuleHandler } from '../request';
import { methodNotAllowed, notFound, OcpiStatus } from '../status';

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

export function locationsModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (req.method !== 'GET') throw methodNotAllowed(`${req.method} is not allowed on our locations: only GET`);
    const location = service.location();
    const published = location.publish ? [location] : [];
    if (req.path.length === 0) return { page: selectPage(published, req.pageQuery(), (l) => l.last_updated) };
    const [locationId, uid, connectorId, ...beyond] = req.path;
    if (beyond.length) throw notFound(`no object at locations/${req.path.join('/')}`);
    const found = published.find((l) => same(l.id, locationId));
    if (!found) throw notFound(`unknown location ${locationId}`, OcpiStatus.UNKNOWN_LOCATION);
    if (uid === undefined) return { data: found };
    const evse = found.evses.find((e) => same(e.uid, uid));
    if (!evse) throw notFound(`unknown EVSE ${uid} at location ${locationId}`, OcpiStatus.UNKNOWN_LOCATION);
    if (connectorId === undefined) return { data: evse };
    const connector = evse.connectors.find((c) => same(c.id, connectorId));
    if (!connector) throw notFound(`unknown connector ${connectorId} of EVSE ${uid}`, OcpiStatus.UNKNOWN_LOCATION);
    return { data: connector };
  };
}
