/** A message for one output of a node that has several: the others get nothing. */
import type { NodeMessage } from 'node-red';

export function onOutput(count: number, index: number, msg: NodeMessage): Array<NodeMessage | null> {
  const msgs: Array<NodeMessage | null> = Array.from({ length: count }, () => null);
  msgs[index] = msg;
  return msgs;
}
