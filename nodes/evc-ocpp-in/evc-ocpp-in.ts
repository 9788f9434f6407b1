/** evc-ocpp-in: messages from stations, one msg per version-neutral event. */
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { IncomingMessage } from '../../lib/ocpp/csms';
import { MessageFilter, MessageFilterSpec } from '../../lib/ocpp/filter';
import { useCsms } from '../shared/use-csms';

interface OcppInConfig extends NodeDef, MessageFilterSpec {
  csms: string;
}

export default function register(RED: NodeAPI): void {
  function OcppInNode(this: Node, config: OcppInConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const engine = useCsms(RED, node, 'evc-ocpp-in', config.csms);
    if (!engine) return;
    const filter = new MessageFilter(config);
    const onMessage = (m: IncomingMessage) => {
      for (const event of filter.select(m)) {
        node.send({
          topic: `${m.stationId}/${m.action}`,
          payload: m.payload,
          ocpp: { stationId: m.stationId, version: m.version, action: m.action, messageId: m.messageId, needsResponse: m.needsResponse },
          event,
        });
      }
    };
    // The engine starts with the config node; subscribe once it exists.
    const csms = engine();
    csms?.on('message', onMessage);
    node.on('close', () => { csms?.off('message', onMessage); });
  }
  RED.nodes.registerType('evc-ocpp-in', OcppInNode as never);
}
