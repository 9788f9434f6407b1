/**
 * The dashboard model as classic node-red-dashboard nodes: a ui_tab per view, a ui_group per group, a widget node
 * per widget, and per view a flow that refreshes it from the CSMS (a timer and the station events, rate-limited,
 * read the live state, run the view's feed and route each value to its widget by topic). Node ids derive from the
 * site key, so generating again gives the same nodes and replaces them in place.
 */
import type { FlowNode } from '../../flows/quickstart';
import { stableId } from '../../flows/ids';
import type { ButtonWidget, Dashboard, Group, LinksWidget, PickerWidget, TableWidget, View, ViewModule, Widget } from '../model';
import { classicTheme, CLASSIC_SIZES } from './classic-theme';

export interface ClassicOptions {
  /** The evc-csms config node the views read. */
  csms: string;
  /** The evc-database config node of the views fed from the archive; without it those views are left out. */
  database?: string;
  /** Add the ui_base (the dashboard's single settings node); leave it out when the workspace has one. */
  withBase?: boolean;
  /** Seconds between refreshes without station events, default 5. */
  refreshS?: number;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An Angular table over msg.payload (an array of rows), for any number of rows, in a scrolling box. */
function tableTemplate(w: TableWidget, language: string): string {
  const timeFormat = language === 'fr' ? 'dd/MM HH:mm:ss' : 'MM-dd HH:mm:ss';
  const cell = (c: TableWidget['columns'][number]): string => {
    if (c.format === 'status') {
      return `<td><span class="evc-dot" ng-style="{'background-color': row.color}"></span>{{row.${c.field}}}</td>`;
    }
    if (c.format === 'time') return `<td>{{row.${c.field} | date:'${timeFormat}'}}</td>`;
    return `<td${c.format === 'number' ? ' class="evc-num"' : ''}>{{row.${c.field}}}</td>`;
  };
  return [
    '<style>',
    '.evc-table{width:100%;border-collapse:collapse;font-size:14px}',
    '.evc-table th{text-align:left;font-weight:600;border-bottom:2px solid #ddd;padding:4px 6px;position:sticky;top:0;background:inherit}',
    '.evc-table td{border-bottom:1px solid #eee;padding:4px 6px;white-space:nowrap}',
    '.evc-table .evc-num{text-align:right}',
    '.evc-dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px}',
    '</style>',
    '<div style="overflow:auto;height:100%">',
    '<table class="evc-table">',
    `<thead><tr>${w.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('')}</tr></thead>`,
    `<tbody><tr ng-repeat="row in msg.payload track by $index" data-id="{{row.id}}" data-state="{{row.state}}">${w.columns.map(cell).join('')}</tr>`,
    `<tr ng-if="!msg.payload.length"><td colspan="${w.columns.length}">${escapeHtml(w.empty)}</td></tr></tbody>`,
    '</table>',
    '</div>',
  ].join('\n');
}

/** A card: the state line, then each section's label/value rows. */
const CARD_TEMPLATE = [
  '<style>',
  '.evc-card{font-size:14px;overflow:auto;height:100%}',
  '.evc-card .evc-head{font-size:16px;margin-bottom:6px}',
  '.evc-card .evc-section{font-weight:600;margin:8px 0 2px;border-bottom:1px solid #ddd}',
  '.evc-card table{width:100%;border-collapse:collapse}',
  '.evc-card td{padding:2px 4px}',
  '.evc-card .evc-num{text-align:right;white-space:nowrap}',
  '.evc-dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px}',
  '</style>',
  '<div class="evc-card" data-card="{{msg.payload.title}}" data-state="{{msg.payload.state}}">',
  '<div class="evc-head"><span class="evc-dot" ng-style="{\'background-color\': msg.payload.color}"></span><b>{{msg.payload.title}}</b> · {{msg.payload.status}}</div>',
  '<div ng-repeat="s in msg.payload.sections"><div class="evc-section">{{s.title}}</div>',
  '<table><tr ng-repeat="r in s.rows"><td>{{r.label}}</td><td class="evc-num">{{r.value}}</td></tr></table></div>',
  '</div>',
].join('\n');

function widgetNode(w: Widget, id: string, group: string, order: number, z: string, x: number, y: number, language: string): FlowNode {
  const common = { id, z, group, order, width: w.width, height: w.height, name: w.label, x, y };
  switch (w.kind) {
    case 'text':
      return {
        ...common, type: 'ui_text', label: w.label, format: '{{msg.payload}}', layout: 'row-spread', className: '',
        style: false, font: '', fontSize: 16, color: '#000000', wires: [],
      };
    case 'table':
    case 'card':
      return {
        ...common, type: 'ui_template', format: w.kind === 'table' ? tableTemplate(w, language) : CARD_TEMPLATE, storeOutMessages: true,
        fwdInMessages: false, resendOnRefresh: true, templateScope: 'local', className: '', wires: [[]],
      };
    case 'picker':
      return pickerNode(w, common);
    case 'button':
      return buttonNode(w, common);
    case 'links':
      return {
        ...common, type: 'ui_template', format: linksTemplate(w), storeOutMessages: false, fwdInMessages: false, resendOnRefresh: false,
        templateScope: 'local', className: '', wires: [[]],
      };
  }
}

/** Plain links: the browser downloads what the REST API answers (a file with its name). */
function linksTemplate(w: LinksWidget): string {
  const links = w.links.map((l) => `<a class="md-button md-raised" href="${escapeHtml(l.href)}" download>${escapeHtml(l.label)}</a>`);
  return `<div class="evc-links">${links.join(' ')}</div>`;
}

/** Its msg: the command as payload, its terminal (if it has one) as topic. */
function buttonNode(w: ButtonWidget, common: Record<string, unknown> & { id: string }): FlowNode {
  return {
    ...common, type: 'ui_button', label: w.label, tooltip: '', color: '', bgcolor: '', className: '', icon: '', passthru: false,
    payload: JSON.stringify(w.command), payloadType: 'json', topic: w.terminal ?? '', topicType: 'str', wires: [[]],
  };
}

/** A button's command goes to its terminal, or to the one picked in the view. */
const AIM_CODE = (key: string) => `msg.stationId = msg.topic || flow.get(${JSON.stringify(key)}) || '';
msg.command = msg.payload && msg.payload.command;
if (!msg.stationId) { node.warn('pick a terminal first'); return null; }
return msg;`;

/** The terminal list: what is picked is kept in the flow context, where the view's feed reads it. */
function pickerNode(w: PickerWidget, common: Record<string, unknown> & { id: string }): FlowNode {
  return {
    ...common, type: 'ui_dropdown', label: w.label, tooltip: '', place: w.label, multiple: false, passthru: false, topic: w.key, topicType: 'str',
    options: w.options.map((o) => ({ label: o, value: o, type: 'str' })), payload: '', className: '', wires: [[]],
  };
}

const selectionKey = (view: View): string => `evc_${view.key}_selected`;

/** The feed context as the function nodes build it. */
function contextCode(view: View, c: ViewContext): string {
  return [
    `const terminals = ${JSON.stringify(c.terminals)};`,
    `const context = { terminals, language: ${JSON.stringify(c.language)}, threshold: ${c.threshold}, selected: flow.get(${JSON.stringify(selectionKey(view))}), now: Date.now() };`,
  ].join('\n');
}

/** The function node body that runs a view's feed on what the node before it read (`input`, an expression of msg). */
function feedCode(view: View, feed: (data: never, context: never) => unknown, input: string, c: ViewContext): string {
  return [`const feed = ${feed.toString()};`, contextCode(view, c), `return [feed(${input}, context)];`].join('\n');
}

/** The function node body that turns a command's answer (or its failure, from the Catch node) into values. */
function answerCode(view: View, answer: NonNullable<ViewModule['answer']>, c: ViewContext): string {
  return [
    `const answer = ${answer.toString()};`,
    contextCode(view, c),
    'const error = msg.error ? { code: (msg.ocppError && msg.ocppError.code) || msg.error.code || \'Error\', message: (msg.ocppError && msg.ocppError.message) || msg.error.message || \'\' } : undefined;',
    'return [answer({ stationId: msg.stationId, command: msg.command, response: error ? undefined : msg.payload, error }, context)];',
  ].join('\n');
}

export function renderClassic(dashboard: Dashboard, options: ClassicOptions): FlowNode[] {
  const { site } = dashboard;
  const id = (...parts: Array<string | number>) => stableId(site.key, 'dashboard', ...parts);
  const flowTab = id('flow');
  const terminals = site.terminals.map((t) => t.id);
  const nodes: FlowNode[] = [{
    id: flowTab, type: 'tab', label: dashboard.title, disabled: false, env: [],
    info: 'Generated by EV Charge: the dashboard at /ui and the flows that feed it. Generate again to update it in place.',
  }];
  if (options.withBase !== false) {
    nodes.push({
      id: id('base'), type: 'ui_base', name: dashboard.title, theme: classicTheme(),
      site: {
        name: dashboard.title, hideToolbar: 'false', allowSwipe: 'false', lockMenu: 'false', allowTempTheme: 'true',
        dateFormat: site.language === 'fr' ? 'DD/MM/YYYY' : 'YYYY-MM-DD', sizes: CLASSIC_SIZES,
      },
    });
  }
  const context = { id, flowTab, terminals, language: site.language, threshold: site.threshold, options };
  let y = 60;
  dashboard.views.filter(({ module }) => !module.archive || options.database).forEach(({ view, module }, v) => {
    const rendered = renderView(view, module, v, y, context);
    nodes.push(...rendered);
    // The next view's nodes start below this one's lowest node.
    y = Math.max(...rendered.map((n) => (typeof n.y === 'number' ? n.y : 0))) + 100;
  });
  return nodes;
}

interface ViewContext {
  id: (...parts: Array<string | number>) => string;
  flowTab: string;
  terminals: string[];
  language: string;
  threshold: number;
  options: ClassicOptions;
}

function renderView(view: View, module: ViewModule, order: number, y0: number, c: ViewContext): FlowNode[] {
  const { id, flowTab: z, options } = c;
  const tab = id(view.key, 'tab');
  const all = view.groups.flatMap((g: Group) => g.widgets.map((w) => ({ group: g, widget: w })));
  // Pickers, buttons and links are not fed: they send (a pick to the flow context, a command to the station, a download).
  const widgets = all.filter(({ widget }) => widget.kind !== 'picker' && widget.kind !== 'button' && widget.kind !== 'links');
  const commands = all.some(({ widget }) => widget.kind === 'button');
  const widgetId = (g: Group, w: Widget) => id(view.key, g.key, w.key);
  const nodes: FlowNode[] = [
    { id: tab, type: 'ui_tab', name: view.label, icon: view.icon, order: order + 1, disabled: false, hidden: false },
    ...view.groups.map((g, i): FlowNode => ({
      id: id(view.key, g.key), type: 'ui_group', name: g.label, tab, order: i + 1, disp: true, width: String(g.width), collapse: false, className: '',
    })),
  ];
  const explain = module.feed
    ? `${view.label}: refreshed after station events (at most twice a second) and every ${options.refreshS ?? 5} s`
    : module.archive ? `${view.label}: read from the archive every ${module.archive.everyS} s`
      : `${view.label}: each button sends its command; the station's answer is shown`;
  nodes.push({ id: id(view.key, 'comment'), type: 'comment', z, name: explain, info: '', x: 330, y: y0, wires: [] });
  if (module.archive && options.database) nodes.push(...archiveChain(view, module.archive, y0, options.database, c));
  if (module.feed) {
    nodes.push(
      {
        id: id(view.key, 'events'), type: 'evc-ocpp-in', z, name: 'station events', csms: options.csms, stationId: '', actions: '', events: '',
        onlyFlowAnswered: false, x: 150, y: y0 + 60, wires: [[id(view.key, 'limit')]],
      },
      {
        id: id(view.key, 'tick'), type: 'inject', z, name: 'refresh', props: [{ p: 'payload' }], repeat: String(options.refreshS ?? 5), crontab: '',
        once: true, onceDelay: '1', topic: '', payload: '', payloadType: 'date', x: 150, y: y0 + 120, wires: [[id(view.key, 'stations')]],
      },
      settle(id(view.key, 'limit'), z, 500, 350, y0 + 60, id(view.key, 'stations')),
      { id: id(view.key, 'stations'), type: 'evc-stations', z, name: 'live state', csms: options.csms, x: 540, y: y0 + 90, wires: [[id(view.key, 'feed')]] },
      {
        id: id(view.key, 'feed'), type: 'function', z, name: `${view.label} values`, func: feedCode(view, module.feed, 'Array.isArray(msg.payload) ? msg.payload : []', c), outputs: 1,
        timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 730, y: y0 + 90, wires: [[id(view.key, 'route')]],
      },
    );
  }
  nodes.push(
    {
      id: id(view.key, 'route'), type: 'switch', z, name: 'to widget', property: 'topic', propertyType: 'msg',
      rules: widgets.map(({ widget }) => ({ t: 'eq', v: widget.key, vt: 'str' })), checkall: 'false', repair: false,
      outputs: widgets.length, x: 920, y: y0 + 90, wires: widgets.map(({ group, widget }) => [widgetId(group, widget)]),
    },
  );
  if (commands && module.answer) nodes.push(...commandChain(view, module.answer, y0, c));
  all.forEach(({ group, widget }, i) => {
    const order1 = group.widgets.indexOf(widget) + 1;
    const node = widgetNode(widget, widgetId(group, widget), id(view.key, group.key), order1, z, 1140, y0 + 40 + i * 50, c.language);
    if (widget.kind === 'button') {
      node.x = 150;
      node.y = y0 + 240 + i * 40;
      node.wires = [[id(view.key, 'aim')]];
    }
    if (widget.kind === 'picker') {
      const keep = id(view.key, group.key, widget.key, 'keep');
      node.x = 150;
      node.y = y0 + 180;
      node.wires = [[keep]];
      nodes.push({
        id: keep, type: 'change', z, name: 'keep the pick', rules: [{ t: 'set', p: selectionKey(view), pt: 'flow', to: 'payload', tot: 'msg' }],
        x: 350, y: y0 + 180, wires: module.feed ? [[id(view.key, 'stations')]] : [[]],
      });
    }
    nodes.push(node);
  });
  return nodes;
}

/** Buttons → the station (evc-ocpp-command) → its answer, or the failure the Catch node reports → the view's widgets. */
function commandChain(view: View, answer: NonNullable<ViewModule['answer']>, y0: number, c: ViewContext): FlowNode[] {
  const { id, flowTab: z, options } = c;
  const command = id(view.key, 'command');
  return [
    { id: id(view.key, 'aim'), type: 'function', z, name: 'to its terminal', func: AIM_CODE(selectionKey(view)), outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 380, y: y0 + 240, wires: [[command]] },
    { id: command, type: 'evc-ocpp-command', z, name: 'command', csms: options.csms, stationId: '', action: '', timeout: 30, x: 570, y: y0 + 240, wires: [[id(view.key, 'answer')]] },
    { id: id(view.key, 'failed'), type: 'catch', z, name: 'command failed', scope: [command], uncaught: false, x: 570, y: y0 + 300, wires: [[id(view.key, 'answer')]] },
    { id: id(view.key, 'answer'), type: 'function', z, name: 'station answer', func: answerCode(view, answer, c), outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 760, y: y0 + 270, wires: [[id(view.key, 'route')]] },
  ];
}

/**
 * Events come in bursts: the first opens a window of `ms`, and its end sends one message, so the view is read at
 * most once per window and always after the last event of a burst (a rate limit that drops would lose that one).
 */
function settle(nodeId: string, z: string, ms: number, x: number, y: number, to: string): FlowNode {
  return {
    id: nodeId, type: 'trigger', z, name: `once per ${ms} ms`, op1: '', op2: '', op1type: 'nul', op2type: 'payl', duration: String(ms),
    extend: false, overrideDelay: false, units: 'ms', reset: '', bytopic: 'all', topic: 'topic', outputs: 1, x, y, wires: [[to]],
  };
}

/** A timer → evc-archive (query only, no CSMS) → the view's archive feed → its widgets. */
function archiveChain(view: View, archive: NonNullable<ViewModule['archive']>, y0: number, database: string, c: ViewContext): FlowNode[] {
  const { id, flowTab: z } = c;
  return [
    {
      id: id(view.key, 'tick'), type: 'inject', z, name: 'refresh', props: [{ p: 'payload' }], repeat: String(archive.everyS), crontab: '',
      once: true, onceDelay: '2', topic: '', payload: JSON.stringify(archive.request), payloadType: 'json', x: 150, y: y0 + 90, wires: [[id(view.key, 'archive')]],
    },
    // A session that starts or ends shows soon: asked again 2 s later (the archive commits in batches).
    {
      id: id(view.key, 'events'), type: 'evc-ocpp-in', z, name: 'sessions', csms: c.options.csms, stationId: '', actions: '',
      events: 'transaction.started,transaction.ended', onlyFlowAnswered: false, x: 150, y: y0 + 150, wires: [[id(view.key, 'settle')]],
    },
    settle(id(view.key, 'settle'), z, 2000, 400, y0 + 150, id(view.key, 'ask')),
    {
      id: id(view.key, 'ask'), type: 'change', z, name: 'the request', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: JSON.stringify(archive.request), tot: 'json' }],
      x: 690, y: y0 + 150, wires: [[id(view.key, 'archive')]],
    },
    { id: id(view.key, 'archive'), type: 'evc-archive', z, name: 'archive query', database, csms: '', messageLog: false, retentionDays: 30, reapply: false, x: 350, y: y0 + 90, wires: [[id(view.key, 'feed')]] },
    {
      id: id(view.key, 'feed'), type: 'function', z, name: `${view.label} values`, func: feedCode(view, archive.feed, 'msg.payload', c), outputs: 1,
      timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x: 730, y: y0 + 90, wires: [[id(view.key, 'route')]],
    },
  ];
}
