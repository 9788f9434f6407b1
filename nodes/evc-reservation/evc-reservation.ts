/**
 * evc-reservation: reservations of connectors (ReserveNow, CancelReservation, both OCPP versions) and the park's
 * first-in first-out waiting queue (lib/reservations): drivers join at the entrance, get an estimated wait, are
 * told when a connector is ready and held for them, may skip to the next slot, and are told when their charge is
 * complete, with the energy each was supplied. Queue and reservations survive a restart (a state file).
 */
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { NotifyEvent, ParkQueue } from '../../lib/reservations/park-queue';
import type { QueueSnapshot } from '../../lib/reservations/queue';
import { readBookingRequest } from '../../lib/reservations/requests';
import { Reservation, ReservationService } from '../../lib/reservations/reservations';
import type { Csms } from '../../lib/ocpp/csms';
import { StateFile } from '../../lib/stations/state-file';
import type { DatabaseConfigNode } from '../evc-database/evc-database';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import { onOutput } from '../shared/outputs';
import { readConfig } from '../shared/read-config';
import { ReservationNodeConfig, reservationSettings } from './config';
import { bookingView } from '../../lib/reservations/view';
import { notificationMsg } from '../../lib/reservations/queue-messages';

const TYPE = 'evc-reservation';
const OUTPUTS = 2;

interface Saved { format: 1; queue: QueueSnapshot; reservations: Reservation[] }

type Send = (m: NodeMessage | Array<NodeMessage | null>) => void;

export default function register(RED: NodeAPI): void {
  function ReservationNode(this: Node, config: NodeDef & ReservationNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => reservationSettings(config));
    if (!settings) return;
    const csms: Csms | undefined = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null)?.csms ?? undefined : undefined;
    const database = config.database ? (RED.nodes.getNode(config.database) as DatabaseConfigNode | null)?.database : undefined;
    if (!csms) {
      node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.noCsms`) });
      node.on('input', (_m: NodeMessage, _s: Send, done: (err?: Error) => void) => done(codedError('NoCsms', `${TYPE} needs an evc-csms`)));
      return;
    }
    const reservations = new ReservationService(csms);
    const park = new ParkQueue(csms, reservations, settings);
    const userDir = RED.settings.userDir as string | undefined;
    const file = userDir ? new StateFile<Saved>(path.join(userDir, 'evcharge', `reservation-${config.id.replace(/[^\w.-]/g, '_')}.json`),
      () => ({ format: 1, queue: park.queue.snapshot(), reservations: reservations.snapshot() }), (err) => node.warn(`queue not saved: ${err.message}`)) : undefined;
    const saved = file?.read();
    if (saved?.format === 1) {
      reservations.restore(saved.reservations ?? []);
      const problem = saved.queue ? park.queue.restore(saved.queue) : undefined;
      if (problem) node.warn(`queue not restored: ${problem}`);
    }
    const out = (index: number, msg: NodeMessage) => node.send(onOutput(OUTPUTS, index, msg));
    const showStatus = () => {
      const line = park.queue.list().filter((e) => e.state === 'waiting' || e.state === 'offered').length;
      node.status({ fill: 'green', shape: line ? 'dot' : 'ring', text: RED._(`${TYPE}.status.ready`, { line, held: reservations.list({ held: true }).length }) });
    };
    park.on('notify', (n: NotifyEvent) => {
      for (const m of n.messages) out(0, notificationMsg(m, n.event, n.entry.id) as NodeMessage);
      out(1, { topic: `queue/${n.event}`, payload: n.entry } as NodeMessage);
      file?.schedule();
      showStatus();
    });
    park.on('warn', (w: string) => node.warn(w));
    reservations.on('reservation', (r: Reservation) => {
      out(1, { topic: `reservation/${r.status}`, payload: r } as NodeMessage);
      // How each ended too: a 1.6 station never says that a reservation expired or was used.
      try {
        database?.push([{ kind: 'reservation', stationId: r.stationId, reservationId: r.id, evseId: r.evseId, idTag: r.idTag, expiresAt: r.expiresAt, status: r.status, at: r.updatedAt }]);
      } catch (err) {
        node.warn(`reservation not archived: ${String(err)}`);
      }
      file?.schedule();
      showStatus();
    });
    reservations.start();
    park.start();
    showStatus();

    node.on('input', (msg: NodeMessage, send: Send, done: (err?: Error) => void) => {
      const request = readBookingRequest(msg.payload, Date.now());
      if (typeof request === 'string') return done(codedError('ValidationFailed', request));
      const answer = (payload: unknown) => {
        send(onOutput(OUTPUTS, 1, { ...msg, topic: 'answer', payload } as NodeMessage));
        file?.schedule();
        done();
      };
      const refused = (reason: string) => done(codedError(/^no |not in the queue|unknown entry/i.test(reason) ? 'NotFound' : 'ValidationFailed', reason));
      switch (request.kind) {
        case 'reserve': {
          const { kind: _kind, ...r } = request;
          const by = r.by ?? (typeof (msg as { by?: unknown }).by === 'string' ? (msg as { by?: string }).by : 'flow');
          return void reservations.reserve({ ...r, by }).then((res) => {
            if (res.status === 'Accepted') return answer(res);
            done(codedError('Refused', `${res.stationId} refused the reservation: ${res.status}`, res));
          }, (err: Error) => done(err));
        }
        case 'cancel':
          return void reservations.cancel(request.id).then((r) => (typeof r === 'string' ? refused(r) : answer(r)), (err: Error) => done(err));
        case 'reservations':
          return answer(reservations.list(request));
        case 'join': {
          const entry = park.join(request.join);
          return typeof entry === 'string' ? refused(entry) : answer(entry);
        }
        case 'skip':
        case 'leave': {
          const entry = request.kind === 'skip' ? park.queue.skip(request.id) : park.queue.leave(request.id);
          return typeof entry === 'string' ? refused(entry) : answer(entry);
        }
        case 'queue':
          return answer(park.queue.list());
        case 'report':
          return answer(park.queue.report());
        case 'view':
          return answer(bookingView(csms, reservations, park.queue, settings.stations ?? '*'));
      }
    });
    node.on('close', (_removed: boolean, closed: () => void) => {
      park.stop();
      reservations.stop();
      file?.flush();
      closed();
    });
  }
  RED.nodes.registerType(TYPE, ReservationNode as never);
}
