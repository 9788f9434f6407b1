/**
 * Commands, Receiver interface (mod_commands.asciidoc): POST /{command}. The answer is the CommandResponse; the
 * CommandResult follows to the body's response_url. A command we do not know is NOT_SUPPORTED, as the spec says.
 */
import { COMMANDS, CommandKind } from '../cpo/command-results';
import type { CpoService } from '../cpo/service';
import { text as displayText } from '../cpo/types';
import type { ModuleHandler } from '../request';
import { methodNotAllowed, notFound } from '../status';
import { commandToken, dateTime, objectBody, optionalText, responseUrl, text } from './command-bodies';
import { requesterOf } from './requester';

export function commandsModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (req.path.length !== 1) throw notFound(`commands are posted to /{command}, not /${req.path.join('/')}`);
    if (req.method !== 'POST') throw methodNotAllowed(`${req.method} is not allowed on commands: only POST`);
    const name = req.path[0].toUpperCase();
    if (!(COMMANDS as readonly string[]).includes(name)) return { data: { result: 'NOT_SUPPORTED', timeout: 0, message: displayText(`no command ${req.path[0]} here`) } };
    const body = objectBody(req.body);
    const who = requesterOf(req);
    const run = service.commands;
    const url = responseUrl(body);
    const location = () => text(body, 'location_id', 36);
    switch (name as CommandKind) {
      case 'START_SESSION': {
        const evse = optionalText(body, 'evse_uid', 36);
        const connector = optionalText(body, 'connector_id', 36);
        const reference = optionalText(body, 'authorization_reference', 36);
        return {
          data: run.startSession({
            response_url: url, token: commandToken(body), location_id: location(), ...(evse ? { evse_uid: evse } : {}),
            ...(connector ? { connector_id: connector } : {}), ...(reference ? { authorization_reference: reference } : {}),
          }, who),
        };
      }
      case 'STOP_SESSION':
        return { data: run.stopSession({ response_url: url, session_id: text(body, 'session_id', 36) }, who) };
      case 'RESERVE_NOW': {
        const evse = optionalText(body, 'evse_uid', 36);
        return {
          data: run.reserveNow({
            response_url: url, token: commandToken(body), expiry_date: dateTime(body, 'expiry_date'), reservation_id: text(body, 'reservation_id', 36),
            location_id: location(), ...(evse ? { evse_uid: evse } : {}),
          }, who),
        };
      }
      case 'CANCEL_RESERVATION':
        return { data: run.cancelReservation({ response_url: url, reservation_id: text(body, 'reservation_id', 36) }, who) };
      case 'UNLOCK_CONNECTOR':
        return {
          data: run.unlockConnector({
            response_url: url, location_id: location(), evse_uid: text(body, 'evse_uid', 36), connector_id: text(body, 'connector_id', 36),
          }, who),
        };
    }
  };
}
