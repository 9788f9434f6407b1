/**
 * The link between evc-csms (the config node that owns the OCPP server) and the nodes that use it:
 * users register to get the engine and mirror its state in their status dot (the MQTT broker pattern).
 */
import type { Node, NodeStatus } from 'node-red';
import type { Csms } from '../../lib/ocpp/csms';

/** A status to show, as a catalog key under `<type>.status.` plus parameters; each user translates it. */
export interface StatusKey {
  fill: NodeStatus['fill'];
  shape: NodeStatus['shape'];
  key: string;
  params?: Record<string, unknown>;
}

export interface CsmsConfigNode extends Node {
  csms?: Csms;
  /** Why the engine could not start, when it could not. */
  problem?: StatusKey;
  register(user: CsmsUser): void;
  deregister(user: CsmsUser): void;
}

export interface CsmsUser {
  showCsmsStatus(status: StatusKey): void;
}

/** Renders a status key with the user's own catalog (each node set has its own i18n namespace). */
export function renderStatus(translate: (key: string, params?: Record<string, unknown>) => string, type: string, s: StatusKey): NodeStatus {
  return { fill: s.fill, shape: s.shape, text: translate(`${type}.status.${s.key}`, s.params) };
}

/** Error with the code that Catch nodes see as msg.error.code. */
export function codedError(code: string, message: string, details?: unknown): Error {
  return Object.assign(new Error(message), { code, details });
}
