/** evc-ocpp-response: the flow's answer to a CALL the CSMS left to the flow. */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { useCsms } from '../shared/use-csms';
import { codedError } from '../shared/csms-link';

interface ResponseMessage extends NodeMessage {
  ocpp?: { stationId?: string; messageId?: string };
}

export default function register(RED: NodeAPI): void {
  function OcppResponseNode(this: Node, config: NodeDef & { csms: string }) {
    RED.nodes.createNode(this, config);
    const node = this;
    const engine = useCsms(RED, node, 'evc-ocpp-response', config.csms);
    node.on('input', (msg: ResponseMessage, _send: unknown, done: (err?: Error) => void) => {
      const csms = engine?.();
      const { stationId, messageId } = msg.ocpp ?? {};
      if (!csms) return done(codedError('NoCsms', 'No CSMS is running'));
      if (!stationId || !messageId) return done(codedError('ValidationFailed', 'msg.ocpp.stationId and msg.ocpp.messageId are required (pass on the msg from evc-ocpp-in)'));
      const payload = (typeof msg.payload === 'object' && msg.payload !== null ? msg.payload : {}) as Record<string, unknown>;
      const result = csms.respond(stationId, messageId, payload);
      if (result.outcome === 'invalid') {
        node.status({ fill: 'red', shape: 'ring', text: RED._('evc-ocpp-response.status.invalid') });
        return done(codedError('ValidationFailed', `Invalid answer, the default answer was sent: ${result.message}`, result.issues));
      }
      if (result.outcome === 'late') {
        node.status({ fill: 'yellow', shape: 'ring', text: RED._('evc-ocpp-response.status.late') });
        return done(codedError('Late', `The answer to ${stationId} ${messageId} came too late: the default answer was sent`));
      }
      node.status({ fill: 'green', shape: 'dot', text: RED._('evc-ocpp-response.status.sent') });
      return done();
    });
  }
  RED.nodes.registerType('evc-ocpp-response', OcppResponseNode as never);
}
