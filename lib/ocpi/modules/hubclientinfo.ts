/**
 * HubClientInfo, Receiver interface (mod_hub_client_info.asciidoc): GET and PUT of /{country_code}/{party_id}, by
 * the hubs we are connected to only. Routing headers do not apply to this configuration module.
 */
import type { CpoService } from '../cpo/service';
import type { ModuleHandler } from '../request';
import { invalidParameters, methodNotAllowed, notFound, OcpiError, OcpiStatus } from '../status';

export function hubClientInfoModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (!req.partner.roles.some((r) => r.role === 'HUB')) throw new OcpiError(OcpiStatus.CLIENT_ERROR, 'only a hub tells us about its clients');
    if (req.path.length !== 2) throw notFound(`client info is addressed as /{country_code}/{party_id}, not /${req.path.join('/')}`);
    const [country_code, party_id] = req.path;
    if (!/^[A-Za-z]{2}$/.test(country_code) || !/^[A-Za-z0-9]{3}$/.test(party_id)) throw invalidParameters('country_code must be 2 letters, party_id 3 letters or digits');
    const party = { country_code, party_id };
    switch (req.method) {
      case 'GET': {
        const info = service.clients.get(party);
        if (!info) throw notFound(`no client info for ${country_code}/${party_id}`);
        return { data: info };
      }
      case 'PUT':
        return { httpStatus: service.putClientInfo(party, req.body) ? 201 : 200 };
      default:
        throw methodNotAllowed(`${req.method} is not allowed on hubclientinfo: GET or PUT`);
    }
  };
}
