/** evc-csms: the config node that owns the OCPP server; its users mirror its state. */
import type { NodeAPI, NodeDef } from 'node-red';
import { Csms } from '../../lib/ocpp/csms';
import { CsmsConfigNode, CsmsUser, StatusKey } from '../shared/csms-link';
import { ConfigProblem, CsmsNodeConfig, readTls, tlsFiles, toCsmsOptions } from './config';
import { watchFiles } from './watch-files';

// Status changes with every connection; users are told at most this often so 10,000 stations do not flood the editor.
const STATUS_THROTTLE_MS = 500;

export default function register(RED: NodeAPI): void {
  function CsmsNode(this: CsmsConfigNode, config: NodeDef & CsmsNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const users = new Set<CsmsUser>();
    let current: StatusKey = { fill: 'grey', shape: 'ring', key: 'starting' };
    let pending: NodeJS.Timeout | undefined;

    const show = (status: StatusKey) => {
      current = status;
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        for (const user of users) user.showCsmsStatus(current);
      }, STATUS_THROTTLE_MS);
    };
    node.register = (user) => {
      users.add(user);
      user.showCsmsStatus(node.problem ?? current);
    };
    node.deregister = (user) => { users.delete(user); };

    const credentials = (node.credentials ?? {}) as { stations?: string };
    let options;
    try {
      options = toCsmsOptions(config, credentials.stations ?? '', RED.settings.userDir as string | undefined);
    } catch (err) {
      const reason = err instanceof ConfigProblem ? err.message : String(err);
      node.problem = { fill: 'red', shape: 'ring', key: 'invalidConfig', params: { reason } };
      node.error(RED._('evc-csms.errors.invalidConfig', { reason }));
      return;
    }
    const csms = new Csms(options);
    node.csms = csms;
    const listening = (): StatusKey => {
      const count = csms.connectedCount;
      const open = csms.registry.open ? 'listeningOpen' : 'listening';
      return { fill: count > 0 ? 'green' : 'yellow', shape: 'dot', key: open, params: { port: csms.port, count } };
    };
    csms.on('event', (e: { type: string }) => {
      if (e.type === 'station.connected' || e.type === 'station.disconnected') show(listening());
    });
    csms.on('warn', (text: string) => node.warn(text));
    csms.on('handshakeFailed', (f: { identity?: string; remoteAddress: string; status: number; reason: string }) => {
      node.log(`OCPP handshake refused (${f.status}) for ${f.identity ?? '?'} from ${f.remoteAddress}: ${f.reason}`);
    });
    csms.start().then(() => show(listening()), (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'EADDRINUSE' ? `port ${options.port} in use` : err.message;
      node.problem = { fill: 'red', shape: 'ring', key: 'error', params: { message: reason } };
      node.error(RED._('evc-csms.errors.startFailed', { reason }));
      for (const user of users) user.showCsmsStatus(node.problem);
    });

    // A renewed certificate (certbot, an internal PKI) is taken at once; connected stations stay connected.
    const unwatch = watchFiles(tlsFiles(config), () => {
      try {
        const tls = readTls(config);
        if (tls) csms.reloadTls(tls);
        node.log(RED._('evc-csms.errors.tlsReloaded'));
      } catch (err) {
        node.warn(RED._('evc-csms.errors.tlsReloadFailed', { reason: err instanceof Error ? err.message : String(err) }));
      }
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      unwatch();
      if (pending) clearTimeout(pending);
      users.clear();
      csms.stop().catch((err) => node.warn(String(err))).finally(done);
    });
  }
  RED.nodes.registerType('evc-csms', CsmsNode as never, { credentials: { stations: { type: 'text' } } });
}
