/** Reservations: ReserveNow and CancelReservation. */
import { Translator } from './types';
import { connector16, evse201, readLocation } from './location';
import { idToken201 } from './id-token';
import { chosenId } from './ids';

const reserveNow: Translator = (version, p, ctx) => {
  const idTag = p.reqStr('idTag');
  const expiryDate = p.reqTime('expiryDate');
  const parentIdTag = p.str('parentIdTag');
  // No fallback id: reusing an id replaces the reservation that holds it, so a guessed id could cancel another one.
  const reservationId = chosenId(p, 'reservationId', ctx);
  const loc = readLocation(p);
  if (version === '1.6') {
    return {
      action: 'ReserveNow',
      payload: { connectorId: connector16(loc) ?? 0, expiryDate, idTag, reservationId, parentIdTag },
    };
  }
  return {
    action: 'ReserveNow',
    payload: {
      id: reservationId,
      expiryDateTime: expiryDate,
      // The driver redeems a reservation by presenting a card, hence RFID as the default token type.
      idToken: idToken201(p, 'idTokenType', idTag, 'ISO14443'),
      evseId: evse201(loc) || undefined,
      groupIdToken: parentIdTag === undefined ? undefined : idToken201(p, 'parentIdTokenType', parentIdTag, 'Central'),
    },
  };
};

const cancelReservation: Translator = (_version, p) => ({
  action: 'CancelReservation',
  payload: { reservationId: p.reqInt('reservationId') },
});

export const RESERVATION_COMMANDS: Record<string, Translator> = { reserveNow, cancelReservation };
