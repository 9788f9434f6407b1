/** Commands that act on the station or one of its EVSEs: reset, availability, unlocking, cache clearing. */
import { Translator } from './types';
import { fail } from './params';
import { connector16, evse201, evseType201, readLocation } from './location';

const RESET_TYPES = ['Soft', 'Hard', 'OnIdle', 'Immediate'] as const;

// The versions name the same two behaviours differently: a soft reset waits for transactions, a hard one does not.
const RESET_16: Record<(typeof RESET_TYPES)[number], string> = { Soft: 'Soft', OnIdle: 'Soft', Hard: 'Hard', Immediate: 'Hard' };
const RESET_201: Record<(typeof RESET_TYPES)[number], string> = { Soft: 'OnIdle', OnIdle: 'OnIdle', Hard: 'Immediate', Immediate: 'Immediate' };

const reset: Translator = (version, p) => {
  const type = p.choice('type', RESET_TYPES) ?? 'Soft';
  const evseId = evse201(readLocation(p)) || undefined;
  if (version === '1.6') {
    // Resetting the whole station when one EVSE was meant would interrupt every other charging session.
    if (evseId !== undefined) fail(p.problem('evseId', 'cannot be given on OCPP 1.6, which only resets the whole station'));
    return { action: 'Reset', payload: { type: RESET_16[type] } };
  }
  return { action: 'Reset', payload: { type: RESET_201[type], evseId } };
};

const changeAvailability: Translator = (version, p) => {
  const available = p.bool('available');
  const type = p.choice('type', ['Operative', 'Inoperative'] as const);
  if (available === undefined && type === undefined) fail(p.problem('available', 'or type is required'));
  const status = type ?? (available ? 'Operative' : 'Inoperative');
  if (available !== undefined && (status === 'Operative') !== available) fail(`${p.command}: available and type disagree`);
  const loc = readLocation(p);
  if (version === '1.6') return { action: 'ChangeAvailability', payload: { connectorId: connector16(loc) ?? 0, type: status } };
  return { action: 'ChangeAvailability', payload: { operationalStatus: status, evse: evseType201(loc) } };
};

const unlockConnector: Translator = (version, p) => {
  const loc = readLocation(p);
  if (version === '1.6') {
    const connectorId = p.required('connectorId', connector16(loc));
    if (connectorId === 0) fail(p.problem('connectorId', 'must be greater than 0'));
    return { action: 'UnlockConnector', payload: { connectorId } };
  }
  const evseId = p.required('connectorId', evse201(loc));
  // With only an EVSE named, its first connector is meant: most EVSEs have exactly one.
  const connectorId = loc.connectorId ?? 1;
  if (evseId === 0 || connectorId === 0) fail(p.problem(evseId === 0 ? 'evseId' : 'connectorId', 'must be greater than 0'));
  return { action: 'UnlockConnector', payload: { evseId, connectorId } };
};

const clearCache: Translator = () => ({ action: 'ClearCache', payload: {} });

export const STATION_CONTROL_COMMANDS: Record<string, Translator> = { reset, changeAvailability, unlockConnector, clearCache };
