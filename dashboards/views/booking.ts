/**
 * Instant booking (reference Figure 14): every connector of the park with its status and the reservation holding
 * it (for which badge, until when, its id), a cancel button on each reserved one, and a form that reserves the
 * connector chosen for a badge for some minutes. Fed by the quick-start's evc-reservation; a refusal (the station's
 * answer, a badge missing) is shown.
 */
import type { BookingView } from '../../lib/reservations/view';
import { connectorValue, FeedContext, FeedMessage, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

export const BOOKING_VIEW = 'booking';
/** How long the form holds a connector unless told otherwise, min: long enough to drive to it from the entrance. */
export const RESERVE_MINUTES = 15;

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  const connectors = site.terminals.flatMap((t) => Array.from({ length: t.connectors ?? 1 }, (_x, i) => ({ stationId: t.id, evseId: i + 1 })));
  return {
    key: BOOKING_VIEW, label: l.booking, icon: 'fa-calendar-check-o',
    groups: [
      {
        key: 'reserve', label: l.reserve, width: 6,
        widgets: [
          {
            kind: 'picker', key: 'pick', label: l.connector, width: 6, height: 1, options: connectors.map((c) => connectorValue(c.stationId, c.evseId)),
            labels: connectors.map((c) => `${c.stationId} · ${c.evseId}`),
          },
          { kind: 'text', key: 'chosen', label: l.chosenConnector, width: 6, height: 1 },
          { kind: 'input', key: 'badge', label: l.badge, inputType: 'text', width: 6, height: 1 },
          { kind: 'input', key: 'minutes', label: l.reserveMinutes, inputType: 'number', width: 6, height: 1, value: String(RESERVE_MINUTES) },
          {
            kind: 'action', key: 'reserve', label: l.reserveNow, width: 6, height: 1, payload: { reserve: { by: 'dashboard' } },
            picked: { path: ['reserve'], label: l.connector, connector: true },
            inputs: [
              { input: 'badge', path: ['reserve', 'idTag'], label: l.badge },
              { input: 'minutes', path: ['reserve', 'minutes'], label: l.reserveMinutes, scale: 1 },
            ],
          },
          { kind: 'text', key: 'counts', label: l.bookingCounts, width: 6, height: 1 },
          { kind: 'text', key: 'refused', label: l.requestRefused, width: 6, height: 2, long: true },
        ],
      },
      {
        key: 'connectors', label: l.connectors, width: 18,
        widgets: [{
          kind: 'table', key: 'connectors', label: l.connectors, width: 18, height: 14, empty: l.noConnector,
          columns: [
            { field: 'terminal', title: l.terminal },
            { field: 'connector', title: l.connector, format: 'number' },
            { field: 'status', title: l.status, format: 'status' },
            { field: 'idTag', title: l.reservedFor },
            { field: 'until', title: l.reservedUntil, format: 'time' },
            { field: 'reservationId', title: l.reservationId },
            { field: 'cancelable', title: '', format: 'button', button: { label: l.cancelReservation, send: 'cancel', value: 'reservationId' } },
          ],
        }],
      },
    ],
  };
}

/** Self-contained (the generated flow runs its source). */
function feed(answer: BookingView | undefined, context: FeedContext & { error?: string }): FeedMessage[] {
  const fr = context.language === 'fr';
  const connectors = answer && Array.isArray(answer.connectors) ? answer.connectors : [];
  // The overview's colors; a station that is not connected is offline whatever its connectors last said.
  const STATES: Record<string, [string, string, string]> = {
    Available: ['Available', 'Disponible', '#2e7d32'],
    Reserved: ['Reserved', 'Réservé', '#00838f'],
    Preparing: ['Preparing', 'Préparation', '#6a1b9a'],
    Occupied: ['Occupied', 'Occupé', '#6a1b9a'],
    Finishing: ['Finishing', 'Fin de charge', '#6a1b9a'],
    Charging: ['Charging', 'En charge', '#1565c0'],
    SuspendedEV: ['Suspended by the vehicle', 'Suspendue par le véhicule', '#1565c0'],
    SuspendedEVSE: ['Suspended by the terminal', 'Suspendue par la borne', '#1565c0'],
    Unavailable: ['Unavailable', 'Indisponible', '#ef6c00'],
    Faulted: ['Faulted', 'En défaut', '#c62828'],
    Offline: ['Offline', 'Hors ligne', '#9e9e9e'],
  };
  const rows = connectors.map((c) => {
    const state = c.connected ? c.status : 'Offline';
    const [en, french, color] = STATES[state] ?? [state, state, '#757575'];
    const r = c.reservation;
    return {
      // The picker's value of the connector (connectorValue, written out: this runs alone).
      id: `${c.stationId}#${c.evseId}`, state, status: fr ? french : en, color, terminal: c.stationId, connector: c.evseId,
      idTag: r ? r.idTag : '', until: r ? r.expiresAt : '', reservationId: r ? r.id : '', cancelable: Boolean(r),
    };
  });
  const chosen = rows.find((r) => r.id === context.selected);
  const name = (id: string) => id.replace(/#(\d+)$/, ' · $1');
  let said = '';
  if (chosen) {
    const held = chosen.idTag ? (fr ? ` · réservé pour ${chosen.idTag} (réservation ${chosen.reservationId})` : ` · reserved for ${chosen.idTag} (reservation ${chosen.reservationId})`) : '';
    said = `${name(chosen.id)} · ${chosen.status}${held}`;
  } else if (context.selected) {
    // A terminal of the site that never connected: the service does not know it yet.
    said = `${name(context.selected)} · ${fr ? STATES.Offline[1] : STATES.Offline[0]}`;
  }
  const reserved = rows.filter((r) => r.cancelable).length;
  const available = rows.filter((r) => r.state === 'Available').length;
  const counts = fr
    ? `${reserved} ${reserved > 1 ? 'réservés' : 'réservé'} · ${available} ${available > 1 ? 'disponibles' : 'disponible'}`
    : `${reserved} reserved · ${available} available`;
  return [
    { topic: 'connectors', payload: rows },
    { topic: 'chosen', payload: said },
    { topic: 'counts', payload: counts },
    { topic: 'refused', payload: context.error ?? '' },
  ];
}

export const booking: ViewModule = {
  // A reservation waits for the station's answer (the CSMS gives it 30 s).
  build, bookings: { service: 'reservation service', request: { view: true }, everyS: 10, answerS: 35, changes: 'changes', feed },
};
