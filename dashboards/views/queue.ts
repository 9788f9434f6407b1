/**
 * The waiting queue (the reference's mobile booking service, as the park's operator or a kiosk at the entrance
 * sees it): the line in order, each driver's state, estimated wait and expected time, the connector held for them
 * and until when, the energy of those charging; a driver may be moved back or taken out of the line, and a form puts
 * one in it (name, badge, and how to reach them), in the dashboard's language. Fed by the quick-start's
 * evc-reservation; a refusal is shown.
 */
import type { BookingView } from '../../lib/reservations/view';
import type { FeedContext, FeedMessage, View, ViewModule } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor } from '../labels';

export const QUEUE_VIEW = 'queue';

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  const input = (key: string, label: string) => ({ kind: 'input' as const, key, label, inputType: 'text' as const, width: 6, height: 1 });
  return {
    key: QUEUE_VIEW, label: l.queue, icon: 'fa-hourglass-half',
    groups: [
      {
        key: 'join', label: l.joinQueue, width: 6,
        widgets: [
          input('name', l.name),
          input('badge', l.badge),
          input('email', l.email),
          input('phone', l.phone),
          {
            kind: 'action', key: 'join', label: l.join, width: 6, height: 1, payload: { join: { contact: {}, language: site.language } },
            inputs: [
              { input: 'name', path: ['join', 'name'], label: l.name },
              { input: 'badge', path: ['join', 'idTag'], label: l.badge },
              { input: 'email', path: ['join', 'contact', 'email'], label: l.email, optional: true },
              { input: 'phone', path: ['join', 'contact', 'phone'], label: l.phone, optional: true },
            ],
          },
          { kind: 'text', key: 'counts', label: l.queueCounts, width: 6, height: 1 },
          { kind: 'text', key: 'refused', label: l.requestRefused, width: 6, height: 2, long: true },
        ],
      },
      {
        key: 'line', label: l.queueLine, width: 18,
        widgets: [{
          kind: 'table', key: 'queue', label: l.queueLine, width: 18, height: 14, empty: l.noOneInLine,
          columns: [
            { field: 'position', title: l.position, format: 'number' },
            { field: 'name', title: l.name },
            { field: 'badge', title: l.badge },
            { field: 'status', title: l.status, format: 'status' },
            { field: 'waitMin', title: l.waitMin, format: 'number' },
            { field: 'expectedAt', title: l.expectedAt, format: 'time' },
            { field: 'connector', title: l.offeredConnector },
            { field: 'offeredUntil', title: l.offeredUntil, format: 'time' },
            { field: 'energyKwh', title: l.energySoFar, format: 'number' },
            { field: 'inLine', title: '', format: 'button', button: { label: l.skip, send: 'skip' } },
            { field: 'inLine', title: '', format: 'button', button: { label: l.leave, send: 'leave' } },
          ],
        }],
      },
    ],
  };
}

/** Self-contained (the generated flow runs its source). */
function feed(answer: BookingView | undefined, context: FeedContext & { error?: string }): FeedMessage[] {
  const fr = context.language === 'fr';
  const STATES: Record<string, [string, string, string]> = {
    waiting: ['waiting', 'en attente', '#1565c0'],
    offered: ['connector offered', 'connecteur proposé', '#ef6c00'],
    charging: ['charging', 'en charge', '#2e7d32'],
  };
  const all = answer && Array.isArray(answer.queue) ? answer.queue : [];
  // The line in its order, then those charging, first plugged in first.
  const line = all.filter((e) => e.state === 'waiting' || e.state === 'offered').sort((a, b) => a.position - b.position);
  const charging = all.filter((e) => e.state === 'charging')
    .sort((a, b) => String(a.charge ? a.charge.startedAt : a.joinedAt).localeCompare(String(b.charge ? b.charge.startedAt : b.joinedAt)));
  const rows = line.concat(charging).map((e) => {
    const [en, french, color] = STATES[e.state];
    const waiting = e.state === 'waiting';
    const at = e.state === 'charging' ? e.charge : e.state === 'offered' ? e.offer : undefined;
    // The estimate was made at estimatedAt: what is left of it now.
    const left = e.expectedAt ? Math.max(0, Math.round((Date.parse(e.expectedAt) - context.now) / 60_000)) : e.estimatedWaitMin;
    return {
      id: e.id, state: e.state, status: fr ? french : en, color, position: e.position || null, name: e.name ?? '', badge: e.idTag,
      waitMin: waiting ? left : null, expectedAt: waiting ? e.expectedAt ?? '' : '', connector: at ? `${at.stationId} · ${at.evseId}` : '',
      offeredUntil: e.state === 'offered' && e.offer ? e.offer.expiresAt : '',
      energyKwh: e.state === 'charging' && e.charge ? Math.round(e.charge.energyWh / 10) / 100 : null, inLine: e.state !== 'charging',
    };
  });
  const waiting = line.filter((e) => e.state === 'waiting').length;
  const offered = line.length - waiting;
  const counts = fr
    ? `${waiting} en attente · ${offered} ${offered > 1 ? 'connecteurs proposés' : 'connecteur proposé'}`
    : `${waiting} waiting · ${offered} offered`;
  return [
    { topic: 'queue', payload: rows },
    { topic: 'counts', payload: counts },
    { topic: 'refused', payload: context.error ?? '' },
  ];
}

export const queue: ViewModule = {
  // Moving back a driver a connector is held for cancels the hold at the station, which may take 30 s to answer.
  build, bookings: { service: 'reservation service', request: { view: true }, everyS: 10, answerS: 35, changes: 'changes', feed },
};
