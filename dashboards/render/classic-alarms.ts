/**
 * What an alarm view adds to its linked-service flow (classic-linked.ts: the alarm router, in the quick-start's tab,
 * asked for its list every `everyS` s and after each transition it announces, its refusals shown): the router's
 * dashboard notifications come in through another link in and pop up as ui_toast, and the overview gets the counts.
 */
import type { FlowNode } from '../../flows/quickstart';
import type { View } from '../model';
import { changesLinkId } from './classic-linked';
import type { ViewContext } from './classic-nodes';

/** The link ins the project wires the router's announcements to: transitions, and dashboard notifications. */
export const alarmLinkIds = (siteKey: (...parts: Array<string | number>) => string, view: string) => ({
  transitions: changesLinkId(siteKey, view, 'transitions'), notifications: siteKey(view, 'notifications'),
});

/** The router's dashboard notifications, as pop-ups. */
export function alarmNotifications(view: View, y0: number, c: ViewContext): FlowNode[] {
  const { id, flowTab: z } = c;
  return [
    { id: alarmLinkIds(id, view.key).notifications, type: 'link in', z, name: `${view.label}: notifications`, links: [], x: 150, y: y0 + 300, wires: [[id(view.key, 'toast')]] },
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

