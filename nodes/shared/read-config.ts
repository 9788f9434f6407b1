/** What a node does with a configuration it cannot use: says why, in its status and log, and refuses every msg. */
import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { codedError } from './csms-link';
import { ConfigProblem } from './config-values';

/** The node's settings, or undefined once the node has been set to refuse (the caller then returns). */
export function readConfig<T>(RED: NodeAPI, node: Node, type: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    const reason = err instanceof ConfigProblem ? err.message : String(err);
    node.status({ fill: 'red', shape: 'ring', text: RED._(`${type}.status.invalidConfig`, { reason }) });
    node.error(RED._(`${type}.status.invalidConfig`, { reason }));
    node.on('input', (_m: NodeMessage, _s: unknown, done: (err?: Error) => void) => done(codedError('InvalidConfig', `${type} is not configured correctly: ${reason}`)));
    return undefined;
  }
}
