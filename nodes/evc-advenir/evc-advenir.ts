/**
 * evc-advenir: reports the park's charging sessions (and, to QualiCharge, its charge points' statuses) to public
 * programmes, through lib/reporting. Sessions come from the archive: closed transactions are read every few
 * minutes and a few seconds after each one ends, so those archived while the node was stopped are reported too.
 * The journal (exactly once per receiver) lives in a state file of the user directory.
 */
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { MemoryStore, ReportingEngine, stateFileStore, type JournalEntry } from '../../lib/reporting';
import { catchUpFromArchive } from '../../lib/reporting/archive-feed';
import type { Csms } from '../../lib/ocpp/csms';
import type { OcppEvent } from '../../lib/ocpp/events';
import type { DatabaseConfigNode } from '../evc-database/evc-database';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import { readConfig } from '../shared/read-config';
import { AdvenirCredentials, AdvenirNodeConfig, reportingSettings } from './config';
import { readReportingRequest } from './requests';

const TYPE = 'evc-advenir';
/** An ended transaction reaches the archive within its writer's batch: read it a little later. */
const AFTER_END_MS = 3000;

type Send = (m: NodeMessage | Array<NodeMessage | null>) => void;

export default function register(RED: NodeAPI): void {
  function AdvenirNode(this: Node & { credentials?: AdvenirCredentials }, config: NodeDef & AdvenirNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => reportingSettings(config, node.credentials ?? {}));
    if (!settings) return;
    const database = config.database ? (RED.nodes.getNode(config.database) as DatabaseConfigNode | null)?.database : undefined;
    if (!database) {
      node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.noDatabase`) });
      node.on('input', (_m: NodeMessage, _s: Send, done: (err?: Error) => void) => done(codedError('NoDatabase', `${TYPE} reads the sessions from an evc-database`)));
      return;
    }
    const csms: Csms | undefined = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null)?.csms ?? undefined : undefined;
    const userDir = RED.settings.userDir as string | undefined;
    const showStatus = () => {
      const s = engine.summary();
      const failed = s.reduce((n, x) => n + x.failed, 0);
      const waiting = s.reduce((n, x) => n + x.queued + x.uncertain, 0);
      const blocked = s.find((x) => x.blocked);
      node.status(blocked || failed
        ? { fill: 'red', shape: 'dot', text: blocked ? `${blocked.sink}: ${blocked.blocked}` : RED._(`${TYPE}.status.failed`, { failed }) }
        : { fill: waiting ? 'yellow' : 'green', shape: 'dot', text: RED._(`${TYPE}.status.ready`, { waiting, done: s.reduce((n, x) => n + x.acknowledged, 0) }) });
    };
    const engine = new ReportingEngine({
      sinks: settings.sinks, points: settings.points,
      store: userDir ? stateFileStore(path.join(userDir, 'evcharge', `reporting-${config.id.replace(/[^\w.-]/g, '_')}.json`)) : new MemoryStore(),
      onError: (err) => node.warn(`reporting: ${err.message}`),
      onChange: (entries: readonly JournalEntry[]) => {
        node.send({ topic: 'journal', payload: entries } as NodeMessage);
        showStatus();
      },
    });

    let reading: Promise<void> | undefined;
    /** Reads the closed transactions the journal may not have yet, page after page. */
    const catchUp = (): Promise<void> => {
      reading ??= catchUpFromArchive(engine, database).catch((err: Error) => node.warn(`sessions not read from the archive: ${err.message}`)).finally(() => { reading = undefined; });
      return reading;
    };
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, task: () => void) => {
      const t = setTimeout(() => { timers.delete(t); task(); }, ms);
      timers.add(t);
    };
    const loop = setInterval(() => void catchUp(), settings.catchUpMs);
    const onEvent = (e: OcppEvent) => {
      if (e.type === 'transaction.ended') later(AFTER_END_MS, () => void catchUp());
      if (e.type === 'connector.status' && e.evseId) engine.addStatus({ stationId: e.stationId, evseId: e.evseId, status: String(e.status), at: e.timestamp });
    };
    csms?.on('event', onEvent);
    void catchUp();
    showStatus();

    node.on('input', (msg: NodeMessage, send: Send, done: (err?: Error) => void) => {
      const request = readReportingRequest(msg.payload, settings.sinks.map((s) => s.name));
      if (typeof request === 'string') return done(codedError('ValidationFailed', request));
      const answer = (payload: unknown, extra: Record<string, unknown> = {}) => {
        send({ ...msg, topic: 'answer', payload, ...extra } as NodeMessage);
        done();
      };
      const refused = (reason: string | undefined) => (reason ? done(codedError(/^no /i.test(reason) ? 'NotFound' : 'ValidationFailed', reason)) : answer(engine.summary()));
      switch (request.kind) {
        case 'summary':
          return answer(engine.summary());
        case 'entries':
          return answer(engine.entries(request.filter));
        case 'export':
          return answer(engine.exportCsv(request.sink, { separator: request.separator }), {
            headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${request.sink}-sessions.csv"` },
          });
        case 'retry':
          if (request.id === 'failed') return answer({ retried: engine.retryFailed(request.sink) });
          return refused(engine.retry(request.sink!, request.id));
        case 'confirm':
          return refused(engine.confirm(request.sink, request.id, request.remoteId));
        case 'catchUp':
          return void catchUp().then(() => engine.pump()).then(() => answer(engine.summary()), (err: Error) => done(err));
      }
    });
    node.on('close', (_removed: boolean, closed: () => void) => {
      csms?.off('event', onEvent);
      clearInterval(loop);
      for (const t of timers) clearTimeout(t);
      engine.stop();
      closed();
    });
  }
  RED.nodes.registerType(TYPE, AdvenirNode as never, { credentials: { advenirPassword: { type: 'password' }, qualichargePassword: { type: 'password' } } });
}
