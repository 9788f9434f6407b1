/**
 * The classic node-red-dashboard node of each widget kind, with the Angular templates of tables, cards and links.
 * The nodes come unwired: render/classic.ts wires them into their view's flow.
 */
import type { FlowNode } from '../../flows/quickstart';
import type { ActionWidget, ButtonWidget, GanttWidget, InputUse, LinksWidget, PickerWidget, PickUse, TableWidget, Widget } from '../model';

const CHART_COLORS = ['#1565c0', '#ef6c00', '#2e7d32', '#c62828', '#6a1b9a', '#00838f', '#9e9d24', '#4e342e', '#37474f'];

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
    if (c.format === 'button' && c.button) {
      const also = Object.entries(c.button.with ?? {}).map(([k, v]) => `, ${k}: '${escapeHtml(v).replace(/'/g, '')}'`).join('');
      return `<td><md-button class="md-raised md-primary evc-row-button" ng-if="row.${c.field}" ng-click="send({payload: {${c.button.send}: row.${c.button.value ?? 'id'}${also}}})">${escapeHtml(c.button.label)}</md-button></td>`;
    }
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

/** A label over a value that may run long, wrapped and scrolling. */
const longTextTemplate = (label: string): string => [
  '<div class="evc-long" style="font-size:14px;height:100%;display:flex;flex-direction:column">',
  `<div style="font-weight:600">${escapeHtml(label)}</div>`,
  '<div style="overflow:auto;flex:1 1 auto;white-space:normal;word-break:break-word">{{msg.payload}}</div>',
  '</div>',
].join('\n');

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

/**
 * A Gantt chart over msg.payload (a Gantt): the time axis, then a row per charger with its label and a lane where
 * each bar sits at its % of the horizon, its stay lighter behind it, and a line at now. Any number of rows scroll.
 */
function ganttTemplate(w: GanttWidget): string {
  const pct = (field: string) => `${field} + '%'`;
  return [
    '<style>',
    '.evc-gantt{font-size:13px;overflow:auto;height:100%}',
    '.evc-gantt .evc-g-row{display:flex;align-items:center;height:30px;border-bottom:1px solid #eee}',
    '.evc-gantt .evc-g-label{flex:0 0 150px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;padding-right:6px}',
    '.evc-gantt .evc-g-note{color:#888;font-size:11px;margin-left:4px}',
    '.evc-gantt .evc-g-lane{position:relative;flex:1 1 auto;height:100%}',
    '.evc-gantt .evc-g-axis{height:20px;border-bottom:2px solid #ddd;position:sticky;top:0;background:inherit;z-index:2}',
    '.evc-gantt .evc-g-tick{position:absolute;top:2px;transform:translateX(-50%);color:#666;font-size:11px}',
    '.evc-gantt .evc-g-stay{position:absolute;top:6px;bottom:6px;background:rgba(128,128,128,0.15);border-radius:3px}',
    '.evc-gantt .evc-g-bar{position:absolute;top:4px;bottom:4px;border-radius:4px;color:#fff;font-size:11px;line-height:22px;',
    'padding:0 4px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;box-sizing:border-box;cursor:default}',
    '.evc-gantt .evc-g-now{position:absolute;top:0;bottom:0;width:2px;background:#c62828;z-index:1}',
    '</style>',
    '<div class="evc-gantt">',
    '<div class="evc-g-row evc-g-axis"><div class="evc-g-label"></div><div class="evc-g-lane">',
    `<span class="evc-g-tick" ng-repeat="t in msg.payload.ticks track by $index" ng-style="{left: ${pct('t.left')}}">{{t.at | date:'HH:mm'}}</span>`,
    '</div></div>',
    '<div class="evc-g-row" ng-repeat="r in msg.payload.rows track by r.key" data-row="{{r.key}}">',
    '<div class="evc-g-label" title="{{r.label}} {{r.note}}">{{r.label}}<span class="evc-g-note">{{r.note}}</span></div>',
    '<div class="evc-g-lane">',
    `<div class="evc-g-stay" ng-repeat="b in r.bars track by b.id" ng-style="{left: ${pct('b.stayLeft')}, width: ${pct('b.stayWidth')}}"></div>`,
    `<div class="evc-g-bar" ng-repeat="b in r.bars track by b.id" data-vehicle="{{b.id}}" data-state="{{b.state}}" title="{{b.tooltip}}"`,
    ` ng-style="{left: ${pct('b.left')}, width: ${pct('b.width')}, 'background-color': b.color}">{{b.label}}</div>`,
    `<div class="evc-g-now" ng-if="msg.payload.nowLeft !== undefined" ng-style="{left: ${pct('msg.payload.nowLeft')}}"></div>`,
    '</div></div>',
    `<div ng-if="!msg.payload.rows.length">${escapeHtml(w.empty)}</div>`,
    '</div>',
  ].join('\n');
}

export function widgetNode(w: Widget, id: string, group: string, order: number, z: string, x: number, y: number, language: string): FlowNode {
  const common = { id, z, group, order, width: w.width, height: w.height, name: w.label, x, y };
  switch (w.kind) {
    case 'text':
      if (w.long) {
        return {
          ...common, type: 'ui_template', format: longTextTemplate(w.label), storeOutMessages: true, fwdInMessages: false, resendOnRefresh: true,
          templateScope: 'local', className: '', wires: [[]],
        };
      }
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
    case 'chart':
      return {
        ...common, type: 'ui_chart', label: w.label, chartType: 'line', legend: 'true', xformat: 'HH:mm', interpolate: w.steps ? 'step' : 'linear', nodata: w.empty,
        dot: false, ymin: '0', ymax: '', removeOlder: 1, removeOlderPoints: '', removeOlderUnit: '86400', cutout: 0, useOneColor: false,
        useUTC: false, colors: CHART_COLORS, outputs: 1, useDifferentColor: false, className: '', wires: [[]],
      };
    case 'picker':
      return pickerNode(w, common);
    case 'input':
      return {
        ...common, type: 'ui_text_input', label: w.label, tooltip: '', mode: w.inputType, delay: 0, passthru: false, sendOnBlur: true,
        topic: w.key, topicType: 'str', className: '', wires: [[]],
      };
    case 'button':
      return buttonNode(w, common);
    case 'show':
      return uiButton(common, w.label, { payload: w.terminal ?? '', payloadType: 'str', topic: w.view, icon: 'fa-line-chart' });
    case 'gantt':
      return {
        ...common, type: 'ui_template', format: ganttTemplate(w), storeOutMessages: true, fwdInMessages: false, resendOnRefresh: true,
        templateScope: 'local', className: '', wires: [[]],
      };
    case 'action':
      // Its payload goes to the view's source as it is (the planner's {validate: true}), or completed first by a form.
      return uiButton(common, w.label, { payload: JSON.stringify(isForm(w) ? formPress(w) : w.payload), payloadType: 'json', topic: w.key });
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

/**
 * A button press: its terminal (if it has one) as topic, the command and the inputs that complete it as payload; or
 * a form's request, completed by its inputs and what is picked in the view.
 */
export interface ButtonPress {
  send: Record<string, unknown>;
  inputs?: InputUse[];
  picked?: PickUse;
}

/** An action completed by what is typed or picked in its view. */
export const isForm = (w: ActionWidget): boolean => w.inputs !== undefined || w.picked !== undefined;

function formPress(w: ActionWidget): ButtonPress {
  return { send: w.payload, ...(w.inputs ? { inputs: w.inputs } : {}), ...(w.picked ? { picked: w.picked } : {}) };
}

function buttonNode(w: ButtonWidget, common: Record<string, unknown> & { id: string }): FlowNode {
  const press: ButtonPress = { send: w.command, ...(w.inputs ? { inputs: w.inputs } : {}) };
  return uiButton(common, w.label, { payload: JSON.stringify(press), payloadType: 'json', topic: w.terminal ?? '' });
}

function uiButton(
  common: Record<string, unknown> & { id: string }, label: string, sends: { payload: string; payloadType: 'json' | 'str'; topic: string; icon?: string },
): FlowNode {
  return {
    ...common, type: 'ui_button', label, tooltip: '', color: '', bgcolor: '', className: '', icon: sends.icon ?? '', passthru: false,
    payload: sends.payload, payloadType: sends.payloadType, topic: sends.topic, topicType: 'str', wires: [[]],
  };
}

/** The terminal list: what is picked is kept in the flow context, where the view's feed reads it. */
function pickerNode(w: PickerWidget, common: Record<string, unknown> & { id: string }): FlowNode {
  return {
    ...common, type: 'ui_dropdown', label: w.label, tooltip: '', place: w.label, multiple: false, passthru: false, topic: w.key, topicType: 'str',
    options: w.options.map((o, i) => ({ label: w.labels?.[i] ?? o, value: o, type: 'str' })), payload: '', className: '', wires: [[]],
  };
}

