/**
 * Tokens, Receiver interface (mod_tokens.asciidoc): GET, PUT and PATCH of /{country_code}/{party_id}/{uid}, with
 * `?type=` (RFID when absent). An eMSP may only write its own tokens: a platform of its own for its roles, a hub
 * for the party its routing headers name, or any when they name none.
 */
import type { CpoService } from '../cpo/service';
import type { TokenAddress } from '../cpo/tokens';
import type { TokenType } from '../cpo/types';
import { sameParty } from '../headers';
import type { ModuleHandler, OcpiRequest } from '../request';
import { invalidParameters, methodNotAllowed, notFound, OcpiError, OcpiStatus } from '../status';
import { requesterOf } from './requester';

const TYPES: readonly TokenType[] = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'];

export function tokensModule(service: CpoService): ModuleHandler {
  return (req) => {
    const address = addressOf(req);
    const who = requesterOf(req);
    if (!who.anyParty && !sameParty(who.party, address)) {
      throw new OcpiError(OcpiStatus.CLIENT_ERROR, `tokens of ${address.country_code}/${address.party_id} are not yours to handle`);
    }
    switch (req.method) {
      case 'GET': {
        const token = service.tokens.get(address);
        if (!token) throw notFound(`unknown token ${address.uid} of type ${address.type}`, OcpiStatus.UNKNOWN_TOKEN);
        return { data: token };
      }
      case 'PUT':
        return { httpStatus: service.putToken(address, req.body) ? 201 : 200 };
      case 'PATCH':
        service.patchToken(address, req.body);
        return {};
      default:
        throw methodNotAllowed(`${req.method} is not allowed on tokens: GET, PUT or PATCH`);
    }
  };
}

function addressOf(req: OcpiRequest): TokenAddress {
  if (req.path.length !== 3) throw notFound(`tokens are addressed as /{country_code}/{party_id}/{uid}, not /${req.path.join('/')}`);
  const [country_code, party_id, uid] = req.path;
  const type = (req.query.get('type') ?? 'RFID').toUpperCase();
  if (!(TYPES as readonly string[]).includes(type)) throw invalidParameters(`type "${type}" is not one of ${TYPES.join(', ')}`);
  if (!/^[A-Za-z]{2}$/.test(country_code) || !/^[A-Za-z0-9]{3}$/.test(party_id) || uid.length > 36) {
    throw invalidParameters('country_code must be 2 letters, party_id 3 letters or digits, uid at most 36 characters');
  }
  return { country_code, party_id, uid, type: type as TokenType };
}
