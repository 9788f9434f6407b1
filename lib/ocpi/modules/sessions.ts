/**
 * Sessions, Sender interface (mod_sessions.asciidoc): the list, where date_from is required, of the sessions of
 * the requester's customers; and PUT /{session_id}/charging_preferences, which no EVSE of ours supports (none is
 * CHARGING_PREFERENCES_CAPABLE): the spec's answer for that is HTTP 404 with 2001.
 */
import type { CpoService } from '../cpo/service';
import { selectPage } from '../paging';
import type { ModuleHandler } from '../request';
import { invalidParameters, methodNotAllowed, notFound, OcpiError, OcpiStatus } from '../status';
import { requesterOf } from './requester';

export function sessionsModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (req.path.length === 2 && req.path[1] === 'charging_preferences') {
      if (req.method !== 'PUT') throw methodNotAllowed(`${req.method} is not allowed on charging_preferences: only PUT`);
      throw new OcpiError(OcpiStatus.INVALID_PARAMETERS, 'charging preferences are not supported: no EVSE here is CHARGING_PREFERENCES_CAPABLE', 404);
    }
    if (req.path.length > 0) throw notFound(`no object at sessions/${req.path.join('/')}`);
    if (req.method !== 'GET') throw methodNotAllowed(`${req.method} is not allowed on our sessions: only GET`);
    if (!req.query.get('date_from')) throw invalidParameters('date_from is required when listing sessions');
    const page = selectPage(service.sessionsFor(requesterOf(req)), req.pageQuery(), (s) => s.last_updated as string);
    return { page };
  };
}
