/** evc-simulator: a park of virtual stations for demos and tests; msg commands drive single stations. */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { SimulatedFleet, runStationCommand, StationCommandError } from '../../lib/simulator';
import { codedError } from '../shared/csms-link';
import { fleetOptions, SimulatorNodeConfig } from './config';

// The CSMS may still be starting when the simulator deploys with it: retry rather than give up.
const RETRY_MS = 3000;
const FLEET_EVENTS = ['connected', 'disconnected', 'booted', 'status', 'transaction'];

export default function register(RED: NodeAPI): void {
  function SimulatorNode(this: Node, config: NodeDef & SimulatorNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const password = (node.credentials as { password?: string } | undefined)?.password;
    let fleet: SimulatedFleet | undefined;
    let retry: NodeJS.Timeout | undefined;
    let closing = false;
    let warned = false;

    let options: ReturnType<typeof fleetOptions>;
    try {
      options = fleetOptions(config, password);
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('evc-simulator.status.invalidConfig', { reason: (err as Error).message }) });
      node.error(RED._('evc-simulator.status.invalidConfig', { reason: (err as Error).message }));
      return;
    }

    const start = async (): Promise<void> => {
      if (fleet || closing || !options) return;
      if (options.count === 0) {
        node.status({ fill: 'grey', shape: 'ring', text: RED._('evc-simulator.status.stopped') });
        return;
      }
      const candidate = new SimulatedFleet(options);
      for (const event of FLEET_EVENTS) {
        candidate.on(event, (data: { identity: string }) => node.send({ topic: `${data.identity}/${event}`, payload: data }));
      }
      candidate.on('error', (err: Error) => node.debug(err.message));
      fleet = candidate;
      try {
        await candidate.start();
        if (closing) return;
        node.status({ fill: 'green', shape: 'dot', text: RED._('evc-simulator.status.running', { count: options.count }) });
      } catch (err) {
        fleet = undefined;
        if (closing) return;
        if (!warned) node.warn(`simulated stations cannot start yet, retrying every ${RETRY_MS / 1000} s: ${(err as Error).message}`);
        warned = true;
        node.status({ fill: 'red', shape: 'ring', text: RED._('evc-simulator.status.error', { message: (err as Error).message.slice(0, 60) }) });
        retry = setTimeout(() => { retry = undefined; void start(); }, RETRY_MS);
      }
    };

    const stop = async (): Promise<void> => {
      if (retry) clearTimeout(retry);
      retry = undefined;
      const current = fleet;
      fleet = undefined;
      await current?.stop();
      node.status({ fill: 'grey', shape: 'ring', text: RED._('evc-simulator.status.stopped') });
    };

    node.on('input', (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const p = (typeof msg.payload === 'object' && msg.payload !== null ? msg.payload : { command: msg.payload }) as Record<string, unknown>;
      const command = String(p.command ?? '');
      const act = async (): Promise<unknown> => {
        if (command === 'start') return start();
        if (command === 'stop') return stop();
        return runStationCommand(fleet, { ...p, command });
      };
      act().then((result) => {
        msg.payload = { command, result: result ?? null };
        send(msg);
        done();
      }, (err: Error) => done(err instanceof StationCommandError ? codedError(err.code, err.message) : err));
    });

    node.on('close', (done: () => void) => {
      closing = true;
      stop().catch((err) => node.warn(String(err))).finally(done);
    });

    if (config.autoStart !== false) setTimeout(() => void start(), 200);
    else node.status({ fill: 'grey', shape: 'ring', text: RED._('evc-simulator.status.stopped') });
  }
  RED.nodes.registerType('evc-simulator', SimulatorNode as never, { credentials: { password: { type: 'password' } } });
}
