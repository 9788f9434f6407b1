/** Reading generated flows in tests: nodes by type, their wires, and a function node's body run as Node-RED runs it. */
import vm from 'vm';
import type { FlowNode } from '../../flows/quickstart';

export const byType = (flow: FlowNode[], type: string): FlowNode[] => flow.filter((n) => n.type === type);
export const wiresOf = (n: FlowNode): string[][] => (n.wires as string[][] | undefined) ?? [];

/**
 * Runs a generated function node's body as Node-RED runs it, alone in a sandbox, with a flow context. Its outputs
 * come back as plain JSON: objects made in the sandbox have other prototypes.
 */
export function runFunction(node: FlowNode, msg: Record<string, unknown>, store: Record<string, unknown> = {}): unknown {
  const flow = { get: (k: string) => store[k], set: (k: string, v: unknown) => { store[k] = v; } };
  const body = vm.runInNewContext(`(function (msg, flow, node) {\n${node.func as string}\n})`) as (...args: unknown[]) => unknown;
  const out = body(JSON.parse(JSON.stringify(msg)), flow, { warn: () => {} });
  return out === undefined ? undefined : JSON.parse(JSON.stringify(out));
}
