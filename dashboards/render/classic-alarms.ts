/**
 * The flow of an alarm view. The alarm router lives in the quick-start's tab, so the view reaches it by links: a
 * link call asks it for its list (every `everyS` s, and after each transition it announces through a link in), and
 * the view's buttons (acknowledge a row, acknowledge all) call it the same way, the list asked again once it answers.
 * A refusal (the router's error, returned through the same call) is shown. The router's dashboard notifications
 * come in through another link in and pop up as ui_toast. The overview gets the counts.
 */
import type { FlowNode } from '../../flows/quickstart';
import type { AlarmSource, View } from '../model';
import { feedCode, json, REFUSAL_TEXT, refusalContext, refusedKey } from './classic-code';
import { functionNode, ViewContext } from './classic-nodes';

/** The view's buttons send their request to this node. */
export const alarmAskId = (view: View, c: ViewContext): string => c.id(view.key, 'ask');

/** The link ins the project wires the router's announcements to: transitions, and dashboard notifications. */
export const alarmLinkIds = (siteKey: (...parts: Array<string | number>) => string, view: string) => ({
  transitions: siteKey(view, 'transitions'), notifications: siteKey(view, 'notifications'),
});

/** After an operator's request: its refusal kept (or cleared), and the list asked again. */
const ANSWERED = (view: View) => `flow.set(${json(refusedKey(view))}, msg.error ? ${REFUSAL_TEXT} : '');
return { payload: 'refresh' };`;

export function alarmChain(view: View, source: AlarmSource, y0: number, c: ViewContext, router: string): FlowNode[] {
  const { id, flowTab: z } = c;
  const request = id(view.key, 'request');
  const list = id(view.key, 'list-call');
  const feed = id(view.key, 'feed');
  const links = alarmLinkIds(id, view.key);
  const call = (nodeId: string, name: string, x: number, y: number, to: string): FlowNode => ({
    id: nodeId, type: 'link call', z, name, links: [router], linkType: 'static', timeout: '10', x, y, wires: [[to]],
  });
  return [
    {
      id: id(view.key, 'tick'), type: 'inject', z, name: 'refresh', props: [{ p: 'payload' }], repeat: String(source.everyS), crontab: '',
      once: true, onceDelay: '2', topic: '', payload: '', payloadType: 'date', x: 150, y: y0 + 90, wires: [[request]],
    },
    { id: links.transitions, type: 'link in', z, name: `${view.label}: transitions`, links: [], x: 150, y: y0 + 150, wires: [[id(view.key, 'settle')]] },
    {
      id: id(view.key, 'settle'), type: 'trigger', z, name: 'once per 500 ms', op1: '', op2: '', op1type: 'nul', op2type: 'payl', duration: '500',
      extend: false, overrideDelay: false, units: 'ms', reset: '', bytopic: 'all', topic: 'topic', outputs: 1, x: 350, y: y0 + 150, wires: [[request]],
    },
    functionNode(request, z, 'the list request', 'return { payload: { list: true } };', 350, y0 + 90, [[list]]),
    call(list, 'alarm router', 540, y0 + 90, feed),
    functionNode(feed, z, `${view.label} values`, feedCode(view, source.feed, 'msg.payload',
      c, [], [refusalContext(view)]), 730, y0 + 90, [[id(view.key, 'route')]]),
    // An operator's request, then the list again.
    call(alarmAskId(view, c), 'alarm router', 380, y0 + 240, id(view.key, 'answered')),
    functionNode(id(view.key, 'answered'), z, 'then the list again', ANSWERED(view), 580, y0 + 240, [[request]]),
    { id: links.notifications, type: 'link in', z, name: `${view.label}: notifications`, links: [], x: 150, y: y0 + 300, wires: [[id(view.key, 'toast')]] },
    {
      id: id(view.key, 'toast'), type: 'ui_toast', z, position: 'top right', displayTime: '5', highlight: '', sendall: true, outputs: 0, ok: 'OK', cancel: '',
      raw: false, className: '', topic: '', name: 'alarm notification', x: 380, y: y0 + 300, wires: [],
    },
  ];
}

/** The overview's alarm counts: two texts in its park group, fed by the alarm view's route. */
export function overviewCounts(view: View, c: ViewContext, y0: number): Array<{ key: string; node: FlowNode }> {
  const group = c.id('overview', 'park');
  return (['owed', 'active'] as const).map((key, i) => ({
    key,
    node: {
      id: c.id(view.key, 'overview', key), type: 'ui_text', z: c.flowTab, group, order: 30 + i, width: 6, height: 1,
      name: key === 'owed' ? c.labels.alarmsOwed : c.labels.alarmsActive, label: key === 'owed' ? c.labels.alarmsOwed : c.labels.alarmsActive,
      format: '{{msg.payload}}', layout: 'row-spread', className: '', style: false, font: '', fontSize: 16, color: '#000000', x: 1140, y: y0 + 400 + i * 40, wires: [],
    },
  }));
}

