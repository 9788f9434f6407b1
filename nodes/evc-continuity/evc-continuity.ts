/** evc-continuity: stalled-session recovery and staggered start for the stations of one CSMS; station modes by msg. */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeStatus } from 'node-red';
import { ContinuityAction, ContinuityService } from '../../lib/continuity';
import { CallError } from '../../lib/ocpp/errors';
import { useCsms } from '../shared/use-csms';
import { readConfig } from '../shared/read-config';
import { codedError } from '../shared/csms-link';
import { ContinuityNodeConfig, continuityOptions } from './config';

const TYPE = 'evc-continuity';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// How each action shows in the status dot: colour and catalog key.
const ACTION_STATUS: Record<ContinuityAction['type'], { fill: NodeStatus['fill']; key: string }> = {
  'stall.detected': { fill: 'yellow', key: 'stallDetected' },
  'stall.recovered': { fill: 'green', key: 'stallRecovered' },
  'stall.recoveryFailed': { fill: 'red', key: 'stallRecoveryFailed' },
  'start.delayed': { fill: 'blue', key: 'startDelayed' },
  'start.delayFailed': { fill: 'red', key: 'startDelayFailed' },
};

export default function register(RED: NodeAPI): void {
  function ContinuityNode(this: Node, config: NodeDef & ContinuityNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;

    const options = readConfig(RED, node, TYPE, () => continuityOptions(config));
    if (!options) return;

    const engine = useCsms(RED, node, TYPE, config.csms);
    const csms = engine?.();
    // Without a running engine (no evc-csms, or its own configuration is wrong) the status already says why.
    const service = csms ? new ContinuityService(csms, options) : undefined;
    service?.on('action', (action: ContinuityAction) => {
      const look = ACTION_STATUS[action.type];
      node.status({ fill: look.fill, shape: 'dot', text: RED._(`${TYPE}.status.${look.key}`, { stationId: action.stationId }) });
      node.send({ topic: `${action.stationId}/${action.type}`, payload: action });
    });
    service?.on('warn', (text: string) => node.warn(text));
    service?.start();

    node.on('input', (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const running = engine?.();
      if (!running || !service) return done(codedError('NoCsms', 'No CSMS is running'));
      const p = msg.payload;
      if (!isRecord(p) || (p.command === undefined && p.mode === undefined)) {
        return done(codedError('ValidationFailed', 'msg.payload must be {mode: "auto" | "manual", stationId} or {command: "status"}'));
      }
      if (p.command !== undefined) {
        if (p.command !== 'status') return done(codedError('ValidationFailed', `unknown command ${JSON.stringify(p.command)}: only "status" is known`));
        if (p.stationId !== undefined && typeof p.stationId !== 'string') return done(codedError('ValidationFailed', 'msg.payload.stationId must be a string'));
        msg.topic = 'status';
        msg.payload = service.status(p.stationId as string | undefined);
        send(msg);
        return done();
      }
      if (typeof p.stationId !== 'string' || p.stationId === '') return done(codedError('ValidationFailed', 'msg.payload.stationId must name a station'));
      if (p.mode !== 'auto' && p.mode !== 'manual') return done(codedError('ValidationFailed', `msg.payload.mode must be "auto" or "manual", got ${JSON.stringify(p.mode)}`));
      try {
        running.setMode(p.stationId, p.mode);
      } catch (err) {
        return done(err instanceof CallError ? codedError(err.code, err.message) : (err as Error));
      }
      msg.topic = `${p.stationId}/mode`;
      msg.payload = { stationId: p.stationId, mode: running.modeOf(p.stationId) };
      send(msg);
      done();
    });

    node.on('close', () => service?.stop());
  }
  RED.nodes.registerType(TYPE, ContinuityNode as never);
}
