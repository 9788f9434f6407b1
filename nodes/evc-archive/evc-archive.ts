/**
 * evc-archive: archives everything a CSMS sees into an evc-database, restores the CSMS's state after a restart,
 * and answers queries and exports from msg.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { Csms } from '../../lib/ocpp/csms';
import { CsmsArchiver, ReapplyReport } from '../../lib/archive/archiver';
import { parseArchiveRequest, RequestError } from '../../lib/archive/request';
import { answerArchiveRequest } from '../../lib/archive/serve';
import { tagRecords } from '../../lib/archive/tags';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import type { DatabaseConfigNode } from '../evc-database/evc-database';

interface ArchiveNodeConfig {
  database: string;
  csms?: string;
  messageLog?: boolean;
  retentionDays?: number | string;
  reapply?: boolean;
}

// One archiver per CSMS engine: two would write every record twice.
const archived = new WeakMap<Csms, string>();
const STATUS_MS = 2000;

export default function register(RED: NodeAPI): void {
  function ArchiveNode(this: Node, config: NodeDef & ArchiveNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const red = (key: string, params?: Record<string, unknown>) => {
      node.status({ fill: 'red', shape: 'ring', text: RED._(`evc-archive.status.${key}`, params as never) });
    };
    const dbNode = config.database ? (RED.nodes.getNode(config.database) as DatabaseConfigNode | null) : null;
    const database = dbNode?.database;
    if (!database) {
      red(dbNode?.problem ? 'invalidConfig' : 'noDatabase', { reason: dbNode?.problem });
      node.on('input', (_msg: NodeMessage, _send: unknown, done: (err?: Error) => void) => done(codedError('NoDatabase', 'No archive database is configured')));
      return;
    }
    const retentionDays = Number(config.retentionDays ?? 30);
    if (!Number.isInteger(retentionDays) || retentionDays < 0) {
      red('invalidConfig', { reason: `retention must be a whole number of days, got ${String(config.retentionDays)}` });
      return;
    }

    let archiver: CsmsArchiver | undefined;
    const csms = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null)?.csms : undefined;
    if (config.csms && !csms) red('noCsms');
    else if (csms && archived.has(csms) && archived.get(csms) !== node.id) red('duplicate');
    else if (csms) {
      archived.set(csms, node.id);
      archiver = new CsmsArchiver(csms, database, { messageLog: config.messageLog !== false, retentionDays, reapply: config.reapply !== false });
      archiver.on('warn', (text: string) => node.warn(text));
      archiver.on('restored', (r: { open: number; stopped: number }) => node.log(RED._('evc-archive.log.restored', r)));
      archiver.on('reapplied', (r: ReapplyReport) => {
        const text = RED._('evc-archive.log.reapplied', { stationId: r.stationId, config: r.config, profiles: r.profiles, failed: r.failed.length });
        if (r.failed.length) node.warn(`${text}: ${r.failed.map((f) => `${f.action}: ${f.error}`).join('; ')}`);
        else node.log(text);
      });
      archiver.attach();
    }

    const showStatus = () => {
      if (config.csms && !archiver) return;
      const s = database.status();
      if (s.state === 'spooling') node.status({ fill: 'yellow', shape: 'ring', text: RED._('evc-archive.status.spooling', { pending: s.pending }) });
      else node.status({ fill: 'green', shape: 'dot', text: RED._('evc-archive.status.live', { dialect: s.dialect, pending: s.pending }) });
    };
    showStatus();
    const timer = setInterval(showStatus, STATUS_MS);

    node.on('input', (msg: NodeMessage & { format?: unknown; headers?: Record<string, string>; statusCode?: number }, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const act = async () => {
        const payload = msg.payload as unknown;
        if (payload && typeof payload === 'object' && Array.isArray((payload as { tags?: unknown }).tags)) {
          const records = tagRecords((payload as { tags: unknown[] }).tags);
          database.push(records);
          return { payload: { archived: records.length } };
        }
        const request = parseArchiveRequest(payload === '' ? undefined : payload, msg.format);
        try {
          return await answerArchiveRequest(database, request);
        } catch (err) {
          throw codedError('ArchiveUnavailable', `The archive cannot answer: ${(err as Error).message}`);
        }
      };
      act().then((answer) => {
        msg.payload = answer.payload;
        if ('headers' in answer && answer.headers) msg.headers = { ...(msg.headers ?? {}), ...answer.headers };
        msg.statusCode = 200;
        send(msg);
        done();
      }, (err: Error) => done(err instanceof RequestError ? codedError(err.code, err.message) : err));
    });

    node.on('close', (done: () => void) => {
      clearInterval(timer);
      if (archiver && csms) {
        archiver.detach();
        if (archived.get(csms) === node.id) archived.delete(csms);
      }
      done();
    });
  }
  RED.nodes.registerType('evc-archive', ArchiveNode as never);
}
