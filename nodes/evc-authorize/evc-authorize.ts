/**
 * evc-authorize: answers the badges stations present (both OCPP versions) from the park's tag store, a company
 * directory (LDAP / Active Directory) and the policy for unknown badges (lib/auth); keeps the stations' local
 * authorization lists in step; imports badges from CSV or Excel; and sends each badge holder their monthly
 * energy statement. Badges live in a state file in the user directory, and in the archive when an evc-database
 * is set (billing per user group joins on them).
 */
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { DirectoryLookup } from '../../lib/auth/directory';
import { importTags } from '../../lib/auth/import';
import { LocalListSync } from '../../lib/auth/local-list';
import { listedTags, readAuthRequest } from '../../lib/auth/requests';
import { AuthEvent, AuthService } from '../../lib/auth/service';
import { monthlyStatements, monthRange, statementMail } from '../../lib/auth/statements';
import { TagChange, TagStore, tagOfRow } from '../../lib/auth/tags';
import { AuthMemory } from '../../lib/auth/memory';
import type { Csms } from '../../lib/ocpp/csms';
import { formatTimestamp } from '../../lib/ocpp/time';
import type { DatabaseConfigNode } from '../evc-database/evc-database';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import { onOutput } from '../shared/outputs';
import { readConfig } from '../shared/read-config';
import { AuthorizeCredentials, AuthorizeNodeConfig, authorizeSettings } from './config';

const TYPE = 'evc-authorize';
const OUTPUTS = 3;

type Send = (m: NodeMessage | Array<NodeMessage | null>) => void;

export default function register(RED: NodeAPI): void {
  function AuthorizeNode(this: Node & { credentials?: AuthorizeCredentials }, config: NodeDef & AuthorizeNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => authorizeSettings(config, node.credentials ?? {}));
    if (!settings) return;
    const csms: Csms | undefined = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null)?.csms ?? undefined : undefined;
    const database = config.database ? (RED.nodes.getNode(config.database) as DatabaseConfigNode | null)?.database : undefined;
    const userDir = RED.settings.userDir as string | undefined;
    const tags = new TagStore();
    const memory = new AuthMemory(userDir ? path.join(userDir, 'evcharge', `authorize-${config.id.replace(/[^\w.-]/g, '_')}.json`) : undefined, (err) => node.warn(`badges not saved: ${err.message}`));
    const directory = settings.directory ? new DirectoryLookup(settings.directory) : undefined;
    const service = new AuthService({ unknownBadges: settings.unknownBadges, allowConcurrent: settings.allowConcurrent, directory }, tags, csms);
    const lists = csms && settings.listStations ? new LocalListSync(csms, tags, { stations: settings.listStations }) : undefined;
    const out = (index: number, msg: NodeMessage) => node.send(onOutput(OUTPUTS, index, msg));
    const showStatus = () => node.status({ fill: 'green', shape: 'dot', text: RED._(`${TYPE}.status.ready`, { tags: tags.size, version: tags.version }) });

    // Badges: the state file first; a new install (or a moved one) finds them in the archive.
    const saved = memory.read();
    const loaded = saved ? Promise.resolve(tags.load(saved.tags, saved.listVersion)) : database?.tags().then((rows) => tags.load(rows.map(tagOfRow), rows.length ? 1 : 0),
      (err: Error) => node.warn(`badges not read from the archive: ${err.message}`));
    if (saved?.lists && lists) lists.restore(saved.lists);
    memory.watch(() => ({ listVersion: tags.version, tags: tags.list(), ...(lists ? { lists: lists.snapshot() } : {}) }));

    tags.on('change', (c: TagChange) => {
      memory.changed();
      const at = formatTimestamp();
      try {
        database?.push(c.tags.map((t) => ({ kind: 'tag' as const, ...t, blocked: Boolean(t.blocked), whole: true, at })));
      } catch (err) {
        node.warn(`badges not archived: ${String(err)}`);
      }
      showStatus();
    });
    service.on('decision', (e: AuthEvent) => out(0, {
      topic: `authorize/${e.decision.status}`,
      payload: { stationId: e.request.stationId, action: e.request.action, idTag: e.request.idTag, ...(e.request.evseId !== undefined ? { evseId: e.request.evseId } : {}),
        ...(e.request.transactionId !== undefined ? { transactionId: e.request.transactionId } : {}), ...e.decision },
    } as NodeMessage));
    lists?.on('synced', (s: unknown) => { memory.changed(); out(1, { topic: 'localList/synced', payload: s } as NodeMessage); });
    lists?.on('failed', (f: unknown) => out(1, { topic: 'localList/failed', payload: f } as NodeMessage));
    lists?.on('warn', (w: string) => node.warn(w));
    try {
      service.start();
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.invalidConfig`, { reason: (err as Error).message }) });
      node.error((err as Error).message);
    }
    void Promise.resolve(loaded).then(() => {
      lists?.start();
      showStatus();
    });

    node.on('input', (msg: NodeMessage, send: Send, done: (err?: Error) => void) => {
      const request = readAuthRequest(msg.payload);
      if (typeof request === 'string') return done(codedError('ValidationFailed', request));
      const answer = (payload: unknown) => {
        send(onOutput(OUTPUTS, 1, { ...msg, topic: 'answer', payload } as NodeMessage));
        done();
      };
      const fail = (err: Error) => done(err);
      switch (request.kind) {
        case 'tags':
          return answer({ changed: tags.upsert(request.tags), version: tags.version });
        case 'import':
          return void importTags(request.data).then(({ tags: read, problems }) => {
            if (!read.length && problems.length) return done(codedError('ValidationFailed', problems.join('; ')));
            answer({ imported: read.length, changed: tags.upsert(read).length, problems, version: tags.version });
          }, fail);
        case 'list':
          return answer(listedTags(tags.list(), request));
        case 'authorize':
          return void Promise.resolve(service.decide(request.idTag)).then((d) => answer({ idTag: request.idTag, ...d }), fail);
        case 'block': {
          const unknown = request.idTags.filter((t) => !tags.get(t));
          if (unknown.length) return done(codedError('NotFound', `no badge ${unknown.join(', ')}`));
          return answer({ changed: tags.upsert(request.idTags.map((idTag) => ({ idTag, blocked: request.blocked }))), version: tags.version });
        }
        case 'statement': {
          if (!database) return done(codedError('ValidationFailed', 'statements need an evc-database: the energy comes from the archive'));
          const range = monthRange(request.month)!;
          return void database.energyByMonth({ by: 'tag', ...range }).then((rows) => {
            const statements = monthlyStatements(request.month, rows, tags.list(), settings.statements);
            for (const s of statements.holders) {
              const mail = statementMail(s, settings.statements);
              if (mail) out(2, { ...mail, statement: s } as NodeMessage);
            }
            answer(statements);
          }, fail);
        }
        case 'sync': {
          if (!lists || !csms) return done(codedError('ValidationFailed', 'local lists are off in this node'));
          // The outcome of each follows on the second output (localList/synced or localList/failed).
          const ids = request.stationId === 'all' ? csms.store.list().filter((s) => s.connected).map((s) => s.identity) : [request.stationId];
          if (request.stationId !== 'all' && !csms.isConnected(request.stationId)) return done(codedError('NotConnected', `station ${request.stationId} is not connected`));
          for (const id of ids) lists.sync(id);
          return answer({ syncing: ids });
        }
        case 'clearCache': {
          if (!csms) return done(codedError('ValidationFailed', 'no CSMS'));
          const job = lists ? lists.clearCache(request.stationId) : csms.command(request.stationId, { command: 'clearCache' }).then((r) => String(r.response.status));
          return void job.then((status) => answer({ stationId: request.stationId, status }), fail);
        }
      }
    });
    node.on('close', (_removed: boolean, closed: () => void) => {
      lists?.stop();
      memory.flush();
      void service.stop().finally(closed);
    });
  }
  RED.nodes.registerType(TYPE, AuthorizeNode as never, { credentials: { bindPassword: { type: 'password' } } });
}
