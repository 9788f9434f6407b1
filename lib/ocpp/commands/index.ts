/**
 * Version-neutral commands: one command API for the flows, translated into the request of each station's OCPP
 * version so a flow does not care whether it talks to a 1.6 or a 2.0.1 station.
 */
import { OcppVersion } from '../errors';
import { pruneEmpty } from '../frames';
import { CommandContext, NeutralCommand, TranslatedCommand, Translator } from './types';
import { commandParams, fail } from './params';
import { TRANSACTION_COMMANDS } from './transactions';
import { STATION_CONTROL_COMMANDS } from './station-control';
import { CONFIGURATION_COMMANDS } from './configuration';
import { MESSAGING_COMMANDS } from './messaging';
import { SMART_CHARGING_COMMANDS } from './smart-charging';
import { RESERVATION_COMMANDS } from './reservation';
import { FIRMWARE_COMMANDS } from './firmware';
import { LOCAL_LIST_COMMANDS } from './local-list';

export type { CommandContext, NeutralCommand, TranslatedCommand } from './types';
export { KEY_16_TO_201, KEY_201_TO_16 } from './config-keys';
export * from './charging-profile';

const TRANSLATORS: Readonly<Record<string, Translator>> = Object.freeze({
  ...TRANSACTION_COMMANDS,
  ...STATION_CONTROL_COMMANDS,
  ...CONFIGURATION_COMMANDS,
  ...MESSAGING_COMMANDS,
  ...SMART_CHARGING_COMMANDS,
  ...RESERVATION_COMMANDS,
  ...FIRMWARE_COMMANDS,
  ...LOCAL_LIST_COMMANDS,
});

/** The names of every neutral command. */
export const NEUTRAL_COMMANDS: readonly string[] = Object.freeze(Object.keys(TRANSLATORS));

/** Throws CallError('ValidationFailed', message) with a clear message when params are missing/wrong. */
export function translateCommand(version: OcppVersion, cmd: NeutralCommand, ctx: CommandContext = {}): TranslatedCommand {
  if (version !== '1.6' && version !== '2.0.1') fail(`Unknown OCPP version ${JSON.stringify(version)}`);
  if (typeof cmd !== 'object' || cmd === null || Array.isArray(cmd)) fail('A command must be an object with a command name');
  const name = cmd.command;
  const translate = typeof name === 'string' && Object.prototype.hasOwnProperty.call(TRANSLATORS, name) ? TRANSLATORS[name] : undefined;
  if (!translate) fail(`Unknown command ${JSON.stringify(name)}; known commands: ${NEUTRAL_COMMANDS.join(', ')}`);
  const { action, payload } = translate(version, commandParams(name, cmd), ctx);
  // Translators leave absent optionals undefined; OCPP-J wants them omitted, never null or empty.
  return { action, payload: pruneEmpty(payload) };
}
