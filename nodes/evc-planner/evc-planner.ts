/**
 * evc-planner: plans a depot's charging (buses, trucks, cars) to meet every departure at the lowest peak or cost
 * (lib/planning's FleetPlanner, solved off the event loop). The fleet and its changes come by msg; with a CSMS,
 * chargers that fault are left out, vehicles that plug in get their plan as a profile, and their state of charge
 * is followed.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { FleetPlan, FleetPlanner } from '../../lib/planning/fleet';
import { PlanWorker } from '../../lib/planning/plan-worker';
import type { Csms } from '../../lib/ocpp/csms';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import { readConfig } from '../shared/read-config';
import { PlannerNodeConfig, plannerSettings } from './config';

const TYPE = 'evc-planner';

export default function register(RED: NodeAPI): void {
  function PlannerNode(this: Node, config: NodeDef & PlannerNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => plannerSettings(config));
    if (!settings) return;
    // The CSMS is optional: without one the planner only plans.
    const csmsNode = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null) : null;
    const csms: Csms | undefined = csmsNode?.csms ?? undefined;
    const worker = new PlanWorker();
    const planner = new FleetPlanner(settings.base, worker, settings.fleet, csms);
    node.status({ fill: 'grey', shape: 'ring', text: RED._(`${TYPE}.status.waiting`) });
    planner.on('plan', (plan: FleetPlan, origin: unknown) => {
      const atRisk = plan.vehicles.length - plan.vehiclesReady;
      node.status({ fill: atRisk ? 'yellow' : 'green', shape: 'dot', text: RED._(`${TYPE}.status.planned`, {
        ready: plan.vehiclesReady, vehicles: plan.vehicles.length, peak: plan.peakKw.toFixed(0), method: RED._(`${TYPE}.method.${plan.method}`),
      }) });
      // A plan a msg asked for leaves with that msg (below), so an HTTP request gets its answer.
      if (origin === undefined) node.send({ topic: 'plan', payload: plan });
    });
    planner.on('warn', (w: { stationId?: string; reason: string }) => node.warn(w.stationId ? `${w.stationId}: ${w.reason}` : w.reason));
    planner.start();

    node.on('input', (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const applied = planner.apply(msg.payload);
      if (typeof applied === 'string') return done(codedError('ValidationFailed', applied));
      if (!applied.replan) {
        if (planner.plan) send({ ...msg, topic: 'plan', payload: planner.plan });
        return done();
      }
      planner.replan(msg).then((outcome) => {
        if (typeof outcome !== 'string') {
          send({ ...msg, topic: 'plan', payload: outcome });
          return done();
        }
        node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.notPlanned`) });
        done(codedError('ValidationFailed', outcome));
      }, (err: Error) => done(err));
    });
    node.on('close', (_removed: boolean, closed: () => void) => {
      planner.stop().then(() => worker.close()).then(closed, closed);
    });
  }
  RED.nodes.registerType(TYPE, PlannerNode as never);
}
