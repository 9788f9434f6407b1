/** evc-ocpp-command: a command to a station (raw OCPP action or version-neutral command); outputs its answer. */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { CallError } from '../../lib/ocpp/errors';
import { NEUTRAL_COMMANDS } from '../../lib/ocpp/commands';
import { useCsms } from '../shared/use-csms';
import { codedError } from '../shared/csms-link';

interface CommandConfig extends NodeDef {
  csms: string;
  stationId?: string;
  action?: string;
  timeout?: string | number;
}

interface CommandMessage extends NodeMessage {
  stationId?: unknown;
  action?: unknown;
  timeout?: unknown;
  ocpp?: unknown;
  ocppError?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export default function register(RED: NodeAPI): void {
  function OcppCommandNode(this: Node, config: CommandConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const engine = useCsms(RED, node, 'evc-ocpp-command', config.csms);
    const configTimeoutS = Number(config.timeout) > 0 ? Number(config.timeout) : 30;

    node.on('input', (msg: CommandMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const csms = engine?.();
      if (!csms) return done(codedError('NoCsms', 'No CSMS is running'));
      const stationId = String(msg.stationId ?? config.stationId ?? '');
      if (!stationId) return done(codedError('ValidationFailed', 'No station: set msg.stationId or the node\'s station'));
      const payload = isRecord(msg.payload) ? msg.payload : {};
      const action = String(msg.action ?? (typeof payload.command === 'string' ? payload.command : '') ?? '') || config.action || '';
      if (!action) return done(codedError('ValidationFailed', 'No action: set msg.action, msg.payload.command or the node\'s action'));
      const timeoutMs = (Number(msg.timeout) > 0 ? Number(msg.timeout) : configTimeoutS) * 1000;
      const neutral = NEUTRAL_COMMANDS.includes(action);
      node.status({ fill: 'blue', shape: 'dot', text: `${stationId} ${action}` });
      const request = neutral
        ? csms.command(stationId, { ...payload, command: action }, timeoutMs)
        : csms.call(stationId, action, payload, timeoutMs).then((response) => ({ action, request: payload, response }));
      request.then((result) => {
        node.status({ fill: 'green', shape: 'dot', text: RED._('evc-ocpp-command.status.sent') });
        msg.payload = result.response;
        msg.ocpp = { stationId, version: csms.versionOf(stationId), action: result.action, request: result.request };
        send(msg);
        done();
      }, (err: Error) => {
        const code = err instanceof CallError ? err.code : 'InternalError';
        node.status({ fill: 'red', shape: 'ring', text: RED._(code === 'Timeout' ? 'evc-ocpp-command.status.timeout' : 'evc-ocpp-command.status.failed') });
        const details = err instanceof CallError ? err.details : undefined;
        // Catch nodes receive a copy of msg: the details (schema errors, CALLERROR details) travel in it.
        msg.ocppError = { code, message: err.message, details };
        done(codedError(code, err.message, details));
      });
    });
  }
  RED.nodes.registerType('evc-ocpp-command', OcppCommandNode as never);
}
