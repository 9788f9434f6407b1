/**
 * The flow of a plan view: an evc-planner over the site's chargers (its terminals) fed by a link in (for flows),
 * the view's buttons and, with the REST API, `POST /api/fleet`; its plans go to the view's feed, which keeps the
 * last one for `GET /api/plan` and redraws it as time moves on. A change the planner refuses is answered 4xx over
 * HTTP and shown on the view.
 */
import type { FlowNode } from '../../flows/quickstart';
import { ERROR_TO_HTTP } from '../../flows/quickstart';
import type { PlanSource, View } from '../model';
import { feedCode, json, REFUSAL_TEXT, refusalContext, refusedKey } from './classic-code';
import { functionNode, ViewContext } from './classic-nodes';

/** The flow context key of a plan view's last plan. */
const planKey = (view: View): string => `evc_${view.key}_plan`;

/** Keeps a plan that comes in and the reason of a refusal (from the Catch node); the feed draws the last plan. */
function keepCode(view: View): string[] {
  return [
    'if (msg.error) {',
    `  flow.set(${json(refusedKey(view))}, ${REFUSAL_TEXT});`,
    "} else if (msg.topic === 'plan' && msg.payload && typeof msg.payload === 'object') {",
    `  flow.set(${json(planKey(view))}, msg.payload);`,
    `  flow.set(${json(refusedKey(view))}, '');`,
    '}',
    refusalContext(view),
  ];
}

const LAST_PLAN = (view: View) => `const plan = flow.get(${json(planKey(view))});
if (plan) {
  msg.payload = plan;
} else {
  msg.statusCode = 404;
  msg.payload = { error: 'No plan yet: POST /api/fleet the fleet first', code: 'NotFound' };
}
return msg;`;

/** Only what a request asked goes back over HTTP (a plan an event brought, or a dashboard button asked, has no request). */
const ASKED_OVER_HTTP = 'return msg.req && msg.res ? msg : null;';

/** The view's buttons send their payload to this node as it is. */
export const plannerId = (view: View, c: ViewContext): string => c.id(view.key, 'planner');

export function planChain(view: View, source: PlanSource, y0: number, c: ViewContext, charts: string[]): FlowNode[] {
  const { id, flowTab: z, options } = c;
  const http = options.restApi === true;
  const planner = plannerId(view, c);
  const feed = id(view.key, 'feed');
  const res = id(view.key, 'res');
  const capacityKw = c.limitKw ?? c.chargers.reduce((a, ch) => a + ch.maxKw, 0);
  const nodes: FlowNode[] = [
    { id: id(view.key, 'in'), type: 'link in', z, name: `${view.label}: fleet planner`, links: [], x: 150, y: y0 + 60, wires: [[planner]] },
    {
      id: planner, type: 'evc-planner', z, name: 'fleet planner', csms: options.csms, objective: 'peak', stepMin: 15, horizonH: 24, budgetS: 2,
      chargers: json(c.chargers), capacityKw, tariff: '', demandChargePerKw: 0, stackLevel: 6, x: 380, y: y0 + 90, wires: [http ? [feed, id(view.key, 'reply')] : [feed]],
    },
    {
      id: id(view.key, 'tick'), type: 'inject', z, name: 'redraw', props: [{ p: 'payload' }], repeat: String(source.everyS), crontab: '',
      once: true, onceDelay: '1', topic: '', payload: '', payloadType: 'date', x: 380, y: y0 + 30, wires: [[feed]],
    },
    functionNode(feed, z, `${view.label} values`, feedCode(view, source.feed, `flow.get(${json(planKey(view))})`, c, charts, keepCode(view)),
      730, y0 + 90, [[id(view.key, 'route')]]),
    { id: id(view.key, 'refused'), type: 'catch', z, name: 'change refused', scope: [planner], uncaught: false, x: 380, y: y0 + 150, wires: [http ? [feed, id(view.key, 'http-error')] : [feed]] },
  ];
  if (!http) return nodes;
  return [
    ...nodes,
    { id: id(view.key, 'post'), type: 'http in', z, name: '', url: '/api/fleet', method: 'post', upload: false, swaggerDoc: '', x: 150, y: y0 + 120, wires: [[planner]] },
    functionNode(id(view.key, 'reply'), z, 'asked over HTTP', ASKED_OVER_HTTP, 560, y0 + 150, [[res]]),
    { id: id(view.key, 'get'), type: 'http in', z, name: '', url: '/api/plan', method: 'get', upload: false, swaggerDoc: '', x: 150, y: y0 + 210, wires: [[id(view.key, 'last')]] },
    functionNode(id(view.key, 'last'), z, 'the last plan', LAST_PLAN(view), 380, y0 + 210, [[res]]),
    functionNode(id(view.key, 'http-error'), z, 'error → HTTP status', ERROR_TO_HTTP, 560, y0 + 180, [[res]]),
    { id: res, type: 'http response', z, name: '', statusCode: '', headers: { 'content-type': 'application/json' }, x: 760, y: y0 + 180, wires: [] },
  ];
}
