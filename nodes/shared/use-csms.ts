/** What every user of evc-csms does: find the config node, register for its status, let go on close. */
import type { Node, NodeAPI } from 'node-red';
import type { Csms } from '../../lib/ocpp/csms';
import { CsmsConfigNode, renderStatus } from './csms-link';

/** Returns a getter for the engine (it may start after the user does), or undefined with a red status. */
export function useCsms(RED: NodeAPI, node: Node, type: string, csmsId: string | undefined): (() => Csms | undefined) | undefined {
  const config = csmsId ? (RED.nodes.getNode(csmsId) as CsmsConfigNode | null) : null;
  if (!config) {
    node.status({ fill: 'red', shape: 'ring', text: RED._(`${type}.status.noCsms`) });
    return undefined;
  }
  const user = { showCsmsStatus: (s: Parameters<typeof renderStatus>[2]) => node.status(renderStatus((k, p) => RED._(k, p as never), type, s)) };
  config.register(user);
  node.on('close', () => config.deregister(user));
  return () => config.csms;
}
