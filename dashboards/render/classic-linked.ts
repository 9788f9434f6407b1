/**
 * The flow of a view fed by a service of another tab (the quick-start's alarm router, its reservation service). The
 * view reaches it by links: a link call sends it the view's request (every `everyS` s, and after each change it
 * announces through a link in) and feeds its answer to the view; the view's buttons call it the same way, the
 * request sent again once it answers. A refusal (the service's error, returned through the same call) is shown.
 */
import type { FlowNode } from '../../flows/quickstart';
import type { LinkedService, LinkedSource, View, ViewModule } from '../model';
import { feedCode, json, REFUSAL_TEXT, refusalContext, refusedKey } from './classic-code';
import { functionNode, ViewContext } from './classic-nodes';

type SiteKey = (...parts: Array<string | number>) => string;

const SERVICES: readonly LinkedService[] = ['alarms', 'bookings'];

/** The service a view is fed by, if any, and its source. */
export function linkedOf(module: ViewModule): { service: LinkedService; source: LinkedSource } | undefined {
  const service = SERVICES.find((s) => module[s] !== undefined);
  return service && { service, source: module[service]! };
}

/** The view's buttons send their request to this node (a link call). */
export const linkedAskId = (view: View, c: ViewContext): string => c.id(view.key, 'ask');
/** Sends the view's request again: a pick, or an operator request answered. */
export const linkedRequestId = (view: View, c: ViewContext): string => c.id(view.key, 'request');
/** Keeps a refusal (msg.error) for the view to show, and sends its request again. */
export const linkedAnsweredId = (view: View, c: ViewContext): string => c.id(view.key, 'answered');

/** The link in the project wires the service's announcements to (both ends name each other). */
export const changesLinkId = (siteKey: SiteKey, view: string, changes = 'changes'): string => siteKey(view, changes);

/** After an operator's request: its refusal kept (or cleared), and the view's request sent again. */
const ANSWERED = (view: View) => `flow.set(${json(refusedKey(view))}, msg.error ? ${REFUSAL_TEXT} : '');
return { payload: 'refresh' };`;

export function linkedChain(view: View, source: LinkedSource, y0: number, c: ViewContext, target: string): FlowNode[] {
  const { id, flowTab: z } = c;
  const request = linkedRequestId(view, c);
  const list = id(view.key, 'list-call');
  const feed = id(view.key, 'feed');
  const call = (nodeId: string, timeoutS: number, x: number, y: number, to: string): FlowNode => ({
    id: nodeId, type: 'link call', z, name: source.service, links: [target], linkType: 'static', timeout: String(timeoutS), x, y, wires: [[to]],
  });
  return [
    {
      id: id(view.key, 'tick'), type: 'inject', z, name: 'refresh', props: [{ p: 'payload' }], repeat: String(source.everyS), crontab: '',
      once: true, onceDelay: '2', topic: '', payload: '', payloadType: 'date', x: 150, y: y0 + 90, wires: [[request]],
    },
    {
      id: changesLinkId(id, view.key, source.changes), type: 'link in', z, name: `${view.label}: ${source.changes}`, links: [], x: 150, y: y0 + 150,
      wires: [[id(view.key, 'settle')]],
    },
    {
      id: id(view.key, 'settle'), type: 'trigger', z, name: 'once per 500 ms', op1: '', op2: '', op1type: 'nul', op2type: 'payl', duration: '500',
      extend: false, overrideDelay: false, units: 'ms', reset: '', bytopic: 'all', topic: 'topic', outputs: 1, x: 350, y: y0 + 150, wires: [[request]],
    },
    functionNode(request, z, 'the list request', `return { payload: ${json(source.request)} };`, 350, y0 + 90, [[list]]),
    call(list, 10, 540, y0 + 90, feed),
    functionNode(feed, z, `${view.label} values`, feedCode(view, source.feed, 'msg.payload', c, [], [refusalContext(view)]), 730, y0 + 90,
      [[id(view.key, 'route')]]),
    // An operator's request, then the list again.
    call(linkedAskId(view, c), source.answerS ?? 10, 380, y0 + 240, linkedAnsweredId(view, c)),
    functionNode(linkedAnsweredId(view, c), z, 'then the list again', ANSWERED(view), 580, y0 + 240, [[request]]),
  ];
}
