/** Shapes shared by the version-neutral command translators. */
import { OcppVersion } from '../errors';
import { Params } from './params';

/** A command in the neutral API: a name plus its parameters, whatever the station's OCPP version. */
export interface NeutralCommand {
  command: string;
  [param: string]: unknown;
}

export interface CommandContext {
  /** Open transactions of the station, to find a transactionId when a remoteStop names only an evse/connector. */
  openTransactions?: Array<{ transactionId: string; evseId?: number; connectorId?: number }>;
  /** Generates request ids / remoteStartIds / reservation ids when the caller gives none. */
  nextId?: () => number;
}

/** The OCPP CALL to send: action name and request payload, already in the station's version. */
export interface TranslatedCommand {
  action: string;
  payload: Record<string, unknown>;
}

/** Turns one neutral command into its OCPP request for a version; throws CallError('ValidationFailed') on bad params. */
export type Translator = (version: OcppVersion, params: Params, ctx: CommandContext) => TranslatedCommand;
