/** Remote start and stop of transactions (1.6 Remote*Transaction, 2.0.1 Request*Transaction, use cases F01–F03). */
import { OcppVersion } from '../errors';
import { CommandContext, Translator } from './types';
import { Params, fail } from './params';
import { Location, connector16, evse201, readLocation } from './location';
import { idToken201 } from './id-token';
import { chosenId } from './ids';
import { convertProfile } from './charging-profile';

const remoteStart: Translator = (version, p, ctx) => {
  const idTag = p.reqStr('idTag');
  const loc = readLocation(p);
  const chargingProfile = p.has('chargingProfile') ? startProfile(version, p) : undefined;
  if (version === '1.6') {
    // A remote start names a real connector or none at all (the station then picks one).
    const connectorId = connector16(loc);
    if (connectorId === 0) fail(p.problem('connectorId', 'must be greater than 0 (omit it to let the station choose)'));
    return { action: 'RemoteStartTransaction', payload: { connectorId, idTag, chargingProfile } };
  }
  const evseId = evse201(loc);
  if (evseId === 0) fail(p.problem('evseId', 'must be greater than 0 (omit it to let the station choose)'));
  return {
    action: 'RequestStartTransaction',
    payload: {
      evseId,
      idToken: idToken201(p, 'idTokenType', idTag, 'Central'),
      remoteStartId: chosenId(p, 'remoteStartId', ctx, 1),
      chargingProfile,
    },
  };
};

/** The profile of a remote start: always a TxProfile, and without a transaction id since none exists yet (F01.FR.08). */
function startProfile(version: OcppVersion, p: Params): Record<string, unknown> {
  const profile = convertProfile(version, p, 'chargingProfile', { defaultPurpose: 'Tx' });
  if (profile.chargingProfilePurpose !== 'TxProfile') fail(p.problem('chargingProfile', 'must be a TxProfile on a remote start'));
  if (profile.transactionId !== undefined) fail(p.problem('chargingProfile.transactionId', 'is not allowed on a remote start'));
  return profile;
}

const remoteStop: Translator = (version, p, ctx) => {
  const transactionId = p.str('transactionId') ?? openTransaction(version, p, readLocation(p), ctx);
  if (version === '2.0.1') return { action: 'RequestStopTransaction', payload: { transactionId } };
  const id = Number(transactionId);
  if (!/^\s*-?\d+\s*$/.test(transactionId) || !Number.isSafeInteger(id)) {
    fail(p.problem('transactionId', `must be an integer on OCPP 1.6, got ${JSON.stringify(transactionId)}`));
  }
  return { action: 'RemoteStopTransaction', payload: { transactionId: id } };
};

/** Finds the one open transaction a stop without transactionId means: the one at the given place, or the only one. */
function openTransaction(version: OcppVersion, p: Params, loc: Location, ctx: CommandContext): string {
  const open = ctx.openTransactions ?? [];
  const placed = loc.evseId !== undefined || loc.connectorId !== undefined;
  const where = placed ? describe(loc) : 'the station';
  const found = placed ? open.filter((tx) => at(version, tx, loc)) : open;
  if (found.length === 1) return String(found[0].transactionId);
  if (found.length === 0) fail(`${p.command}: no open transaction on ${where}; give transactionId`);
  return fail(`${p.command}: ${found.length} open transactions on ${where}; give transactionId${placed ? '' : ', evseId or connectorId'}`);
}

type OpenTx = { evseId?: number; connectorId?: number };

/** Whether a transaction runs at the place named, reading numbers the same way the version's payloads do. */
function at(version: OcppVersion, tx: OpenTx, loc: Location): boolean {
  if (version === '1.6') return (tx.connectorId ?? tx.evseId) === connector16(loc);
  if (loc.evseId === undefined) return (tx.evseId ?? tx.connectorId) === loc.connectorId;
  if ((tx.evseId ?? tx.connectorId) !== loc.evseId) return false;
  return loc.connectorId === undefined || tx.connectorId === undefined || tx.connectorId === loc.connectorId;
}

function describe(loc: Location): string {
  const parts = [];
  if (loc.evseId !== undefined) parts.push(`EVSE ${loc.evseId}`);
  if (loc.connectorId !== undefined) parts.push(`connector ${loc.connectorId}`);
  return parts.join(' ');
}

export const TRANSACTION_COMMANDS: Record<string, Translator> = { remoteStart, remoteStop };
