/** evc-stations: the live state of all stations, or of msg.stationId. */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { useCsms } from '../shared/use-csms';
import { codedError } from '../shared/csms-link';

export default function register(RED: NodeAPI): void {
  function StationsNode(this: Node, config: NodeDef & { csms: string }) {
    RED.nodes.createNode(this, config);
    const node = this;
    const engine = useCsms(RED, node, 'evc-stations', config.csms);
    node.on('input', (msg: NodeMessage & { stationId?: unknown; statusCode?: number }, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const csms = engine?.();
      if (!csms) return done(codedError('NoCsms', 'No CSMS is running'));
      if (msg.stationId === undefined || msg.stationId === '') {
        msg.payload = csms.store.list();
      } else {
        const station = csms.store.get(String(msg.stationId));
        msg.payload = station ?? null;
        msg.statusCode = station ? 200 : 404;
      }
      send(msg);
      done();
    });
  }
  RED.nodes.registerType('evc-stations', StationsNode as never);
}
