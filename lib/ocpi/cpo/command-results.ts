/**
 * A station's answer to an OCPP command as an OCPI CommandResult (mod_commands.asciidoc). The status words are the
 * same in 1.6 and 2.0.1 for the commands concerned; 2.0.1's statusInfo, when present, becomes the message. An
 * answer we do not know is FAILED rather than guessed.
 */
import { text } from './types';
import type { CommandOutcome, CommandResultType } from './types';

export type CommandKind = 'START_SESSION' | 'STOP_SESSION' | 'RESERVE_NOW' | 'CANCEL_RESERVATION' | 'UNLOCK_CONNECTOR';
export const COMMANDS: readonly CommandKind[] = ['START_SESSION', 'STOP_SESSION', 'RESERVE_NOW', 'CANCEL_RESERVATION', 'UNLOCK_CONNECTOR'];

const BY_STATUS: Record<CommandKind, Record<string, CommandResultType>> = {
  START_SESSION: { Accepted: 'ACCEPTED', Rejected: 'REJECTED' },
  STOP_SESSION: { Accepted: 'ACCEPTED', Rejected: 'REJECTED' },
  RESERVE_NOW: { Accepted: 'ACCEPTED', Occupied: 'EVSE_OCCUPIED', Faulted: 'EVSE_INOPERATIVE', Unavailable: 'EVSE_INOPERATIVE', Rejected: 'REJECTED' },
  // Both versions answer Rejected when no reservation holds the id.
  CANCEL_RESERVATION: { Accepted: 'ACCEPTED', Rejected: 'UNKNOWN_RESERVATION' },
  UNLOCK_CONNECTOR: {
    Unlocked: 'ACCEPTED', UnlockFailed: 'FAILED', NotSupported: 'NOT_SUPPORTED', OngoingAuthorizedTransaction: 'REJECTED', UnknownConnector: 'REJECTED',
  },
};

export function outcomeOfAnswer(kind: CommandKind, response: Record<string, unknown>): CommandOutcome {
  const status = typeof response.status === 'string' ? response.status : '';
  const result = BY_STATUS[kind][status];
  const info = response.statusInfo as { reasonCode?: unknown; additionalInfo?: unknown } | undefined;
  const detail = info && typeof info.reasonCode === 'string' ? `${info.reasonCode}${typeof info.additionalInfo === 'string' ? `: ${info.additionalInfo}` : ''}` : undefined;
  if (!result) return { result: 'FAILED', message: text(`the charging station answered ${status || 'something unreadable'}`) };
  return detail ? { result, message: text(detail) } : { result };
}

/** A command that got no answer: Timeout is the spec's TIMEOUT; a station that cannot do it, NOT_SUPPORTED. */
export function outcomeOfError(error: unknown): CommandOutcome {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (code) {
    case 'Timeout':
      return { result: 'TIMEOUT', message: text('the charging station did not answer in time') };
    case 'NotSupported':
    case 'NotImplemented':
      return { result: 'NOT_SUPPORTED', message: text(`the charging station does not support it: ${message}`) };
    case 'NotConnected':
    case 'Closed':
    case 'UnknownStation':
      return { result: 'FAILED', message: text('the charging station is offline') };
    default:
      return { result: 'FAILED', message: text(message) };
  }
}
