/**
 * evc-ocpi: the park as an OCPI 2.2.1 CPO towards roaming hubs and eMSPs (lib/ocpi's OcpiBridge): the OCPI API
 * on Node-RED's HTTP server under a path, the partners of its evc-ocpi-partner config nodes, and their tokens and
 * remote starts authorizing roaming drivers at the CSMS's stations. Flows ask it by msg (invite, register,
 * lists...) and get its events (partners, sessions, CDRs, tokens, commands, pushes) on its output.
 */
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { OcpiBridge, type PartnerConfig } from '../../lib/ocpi/bridge';
import type { Csms } from '../../lib/ocpp/csms';
import type { PartnerConfigNode } from '../evc-ocpi-partner/evc-ocpi-partner';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import { ConfigProblem } from '../shared/config-values';
import { readConfig } from '../shared/read-config';
import { OcpiNodeConfig, ocpiSettings } from './config';
import { mountOcpi } from './mount';
import { readOcpiRequest } from './requests';

const TYPE = 'evc-ocpi';
const EVENTS = ['partner', 'evse', 'session', 'cdr', 'token', 'client', 'command', 'push'] as const;

type Send = (m: NodeMessage | Array<NodeMessage | null>) => void;
type Done = (err?: Error) => void;

export default function register(RED: NodeAPI): void {
  function OcpiNode(this: Node, config: NodeDef & OcpiNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const ready = readConfig(RED, node, TYPE, () => {
      const settings = ocpiSettings(config);
      const csms: Csms | undefined = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null)?.csms ?? undefined : undefined;
      if (!csms) throw new ConfigProblem('choose the evc-csms whose stations are roamed');
      return { settings, csms, partners: partnersOf(RED, settings.partnerIds) };
    });
    if (!ready) return;
    const { settings, csms, partners } = ready;
    const userDir = RED.settings.userDir as string | undefined;
    const bridge = new OcpiBridge({
      csms, site: settings.site, publicUrl: settings.publicUrl ?? ownUrl(RED, settings.path), businessName: settings.businessName,
      ...(settings.website ? { website: settings.website } : {}), partners,
      ...(userDir ? { stateFile: path.join(userDir, 'evcharge', `ocpi-${config.id.replace(/[^\w.-]/g, '_')}.json`) } : {}),
      commandTimeoutMs: settings.commandTimeoutMs, sessionUpdateMs: settings.sessionUpdateMs,
    });
    // The flows see every party's objects, as a hub that names none would.
    const all = { partner: '', party: bridge.service.us, anyParty: true };
    const unmount = mountOcpi(RED, settings.path, bridge.router.handle);
    if (!unmount) {
      bridge.close();
      node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.pathTaken`, { path: settings.path }) });
      node.on('input', (_m: NodeMessage, _s: Send, done: Done) => done(codedError('InvalidConfig', `${settings.path} is already served by another ${TYPE} node`)));
      return;
    }

    const showStatus = () => {
      const registered = bridge.summaries().filter((p) => p.status === 'registered').length;
      node.status(registered
        ? { fill: 'green', shape: 'dot', text: RED._(`${TYPE}.status.ready`, { registered, sessions: bridge.service.runningCount }) }
        : { fill: 'yellow', shape: 'dot', text: RED._(`${TYPE}.status.noPartner`) });
    };
    bridge.on('warn', (text: string) => node.warn(text));
    for (const topic of EVENTS) {
      bridge.on(topic, (payload: unknown) => {
        node.send({ topic, payload } as NodeMessage);
        if (topic === 'partner' || topic === 'session') showStatus();
      });
    }
    bridge.start();
    showStatus();

    node.on('input', (msg: NodeMessage, send: Send, done: Done) => {
      const request = readOcpiRequest(msg.payload);
      if (typeof request === 'string') return done(codedError('ValidationFailed', request));
      const answer = (payload: unknown) => {
        send({ ...msg, topic: 'answer', payload } as NodeMessage);
        done();
      };
      const refuse = (err: Error) => done(codedError(/^no OCPI partner named/.test(err.message) ? 'NotFound' : 'Failed', err.message));
      try {
        switch (request.kind) {
          case 'invite':
            return answer({ partner: request.partner, ...bridge.invite(request.partner) });
          case 'register':
            return void bridge.register(request.partner, request.token, request.versionsUrl).then(answer, refuse);
          case 'update':
            return void bridge.update(request.partner).then(answer, refuse);
          case 'unregister':
            return void bridge.unregister(request.partner).then(answer, refuse);
          case 'pushAll':
            return answer({ pushed: bridge.pushAll(request.partner) });
          case 'partners':
            return answer(bridge.summaries());
          case 'location':
            return answer(bridge.service.location());
          case 'tariffs':
            return answer(bridge.service.tariffs());
          case 'sessions':
            return answer(bridge.service.sessionsFor(all));
          case 'cdrs':
            return answer(bridge.service.cdrsFor(all));
          case 'tokens':
            return answer(bridge.service.tokens.list());
          case 'clients':
            return answer(bridge.service.clients.list());
        }
      } catch (err) {
        refuse(err as Error);
      }
    });
    node.on('close', (_removed: boolean, closed: () => void) => {
      unmount();
      bridge.close();
      closed();
    });
  }
  RED.nodes.registerType(TYPE, OcpiNode as never);
}

/** The configured partners; one that is missing or misconfigured makes the whole node refuse, naming it. */
function partnersOf(RED: NodeAPI, ids: string[]): PartnerConfig[] {
  const partners: PartnerConfig[] = [];
  for (const id of ids) {
    const found = RED.nodes.getNode(id) as PartnerConfigNode | null;
    if (!found) throw new ConfigProblem(`partner ${id} is not an evc-ocpi-partner of this workspace`);
    if (!found.partner) throw new ConfigProblem(`partner ${found.name || id}: ${found.problem ?? 'not configured'}`);
    if (partners.some((p) => p.name === found.partner!.name)) throw new ConfigProblem(`two partners are named ${found.partner.name}`);
    partners.push(found.partner);
  }
  return partners;
}

/** Without a public URL, this runtime's own address: enough on one machine, not for partners elsewhere. */
function ownUrl(RED: NodeAPI, mountPath: string): string {
  const s = RED.settings as unknown as { uiPort?: number; https?: unknown; httpNodeRoot?: string | false };
  const root = typeof s.httpNodeRoot === 'string' ? s.httpNodeRoot.replace(/\/+$/, '') : '';
  return `${s.https ? 'https' : 'http'}://127.0.0.1:${s.uiPort ?? 1880}${root}${mountPath}`;
}
