/**
 * The code of the generated function nodes: each runs a view's self-contained feed or answer, or moves what the
 * dashboard user did (a pick, a typed value, a button) into the flow context and on to the station or a view.
 */
import type { ArchiveSource, View, ViewModule } from '../model';
import type { Labels } from '../labels';

/** What every generated function node knows of the site. */
export interface SiteFacts {
  terminals: string[];
  language: string;
  threshold: number;
  limitKw?: number;
}

/** The flow context keys of a view: the terminal picked in it, and what was typed into its inputs. */
export const selectionKey = (view: View | string): string => `evc_${typeof view === 'string' ? view : view.key}_selected`;
export const inputsKey = (view: View): string => `evc_${view.key}_inputs`;

export const json = (value: unknown): string => JSON.stringify(value);

/** The flow context key of the last refusal a view shows (a change its planner or linked service refused). */
export const refusedKey = (view: View): string => `evc_${view.key}_refused`;

/** Generated code: a refusal's text, the error's message without its class name and when it came (UTC). */
export const REFUSAL_TEXT = "String(msg.error.message || msg.error).replace(/^\\w*Error: /, '') + ' (' + new Date().toISOString().slice(11, 19) + ' UTC)'";

/** Generated code: a feed prelude line giving the context the view's last refusal. */
export const refusalContext = (view: View): string => `context.error = flow.get(${json(refusedKey(view))}) || '';`;

/** The feed context as the function nodes build it. */
function contextCode(view: View, site: SiteFacts): string {
  return [
    `const terminals = ${json(site.terminals)};`,
    `const context = { terminals, language: ${json(site.language)}, threshold: ${site.threshold}, limitKw: ${site.limitKw ?? 'undefined'}, selected: flow.get(${json(selectionKey(view))}), now: Date.now() };`,
  ].join('\n');
}

/** The model's Chart as the classic ui_chart takes a whole data set; no series clears the chart. */
const CLASSIC_CHART = `const asChart = (c) => (c && Array.isArray(c.series) && c.series.length
  ? [{ series: c.series.map((s) => s.label), data: c.series.map((s) => s.points), labels: [''] }] : []);`;

/**
 * The function node body that runs a view's feed on what the node before it read (`input`, an expression of msg),
 * after the `prelude` lines (which may add to `context`). Values for the `charts` widgets are turned into ui_chart data.
 */
export function feedCode(
  view: View, feed: (data: never, context: never) => unknown, input: string, site: SiteFacts, charts: string[] = [], prelude: string[] = [],
): string {
  const lines = [`const feed = ${feed.toString()};`, contextCode(view, site), ...prelude, `const values = feed(${input}, context);`];
  if (charts.length) {
    lines.push(CLASSIC_CHART, `const charts = ${json(charts)};`, 'for (const v of values) if (charts.includes(v.topic)) v.payload = asChart(v.payload);');
  }
  lines.push('return [values];');
  return lines.join('\n');
}

/** The function node body that turns a command's answer (or its failure, from the Catch node or the aim) into values. */
export function answerCode(view: View, answer: NonNullable<ViewModule['answer']>, site: SiteFacts): string {
  return [
    `const answer = ${answer.toString()};`,
    contextCode(view, site),
    'const error = msg.error ? { code: (msg.ocppError && msg.ocppError.code) || msg.error.code || \'Error\', message: (msg.ocppError && msg.ocppError.message) || msg.error.message || \'\' } : undefined;',
    'return [answer({ stationId: msg.stationId, command: msg.command, response: error ? undefined : msg.payload, error }, context)];',
  ].join('\n');
}

/**
 * Generated code: completes `target` (a copy of a press's template) with what was typed into the inputs the press
 * names, kept under their key and `suffix` (an expression); an empty one is left out when optional, else it returns
 * `refuse(code, message)` (defined before), as it does for a number that is not one.
 */
function fillInCode(view: View, l: Labels, target: string, suffix: string): string {
  return `const put = (path, value) => {
  let at = ${target};
  for (const step of path.slice(0, -1)) at = at[step];
  at[path[path.length - 1]] = value;
};
const typed = flow.get(${json(inputsKey(view))}) || {};
for (const use of press.inputs || []) {
  const raw = typed[use.input + ${suffix}];
  let value = typeof raw === 'string' ? raw.trim() : raw;
  if (value === undefined || value === null || value === '') {
    if (use.optional) continue;
    return refuse('MissingInput', use.label + ': ' + ${json(l.fillIn)});
  }
  if (use.scale !== undefined) {
    value = Number(value) * use.scale;
    if (!Number.isFinite(value) || value < 0) return refuse('BadInput', use.label + ': ' + ${json(l.notANumber)});
  }
  put(use.path, value);
}`;
}

/**
 * A button press (a ButtonPress) aimed at its terminal, or the one picked in the view, with the typed values its
 * command needs. Output 1: the command for evc-ocpp-command; output 2: why it was not sent, for the answer.
 */
export function aimCode(view: View, l: Labels): string {
  return `const press = msg.payload || {};
const terminal = msg.topic || flow.get(${json(selectionKey(view))}) || '';
msg.stationId = terminal;
msg.command = press.send && press.send.command;
const refuse = (code, message) => { msg.error = { code, message }; return [null, msg]; };
if (!terminal) return refuse('NoTerminal', ${json(l.pickFirst)});
const command = JSON.parse(JSON.stringify(press.send));
${fillInCode(view, l, 'command', "(msg.topic ? ':' + msg.topic : '')")}
msg.payload = command;
return [msg, null];`;
}

/**
 * A form's button press (a ButtonPress of an action) completed by what is picked and typed in the view, the same way
 * a command is. Output 1: the request for the view's source; output 2: why it was not sent, as a refusal.
 */
export function formCode(view: View, l: Labels): string {
  return `const press = msg.payload || {};
const refuse = (code, message) => [null, { error: { code, message } }];
const payload = JSON.parse(JSON.stringify(press.send));
const pick = press.picked;
const picked = pick ? flow.get(${json(selectionKey(view))}) || '' : '';
if (pick && !picked) return refuse('NoPick', pick.label + ': ' + ${json(l.chooseFirst)});
${fillInCode(view, l, 'payload', "''")}
if (pick) {
  if (pick.connector) {
    const cut = picked.lastIndexOf('#');
    let at = payload;
    for (const step of pick.path) at = at[step];
    at.stationId = picked.slice(0, cut);
    at.evseId = Number(picked.slice(cut + 1));
  } else {
    put(pick.path, picked);
  }
}
return [{ payload }, null];`;
}

/** What was typed into an input, kept under its widget key (topic) until a button uses it. */
export function keepInputCode(view: View): string {
  return `const typed = flow.get(${json(inputsKey(view))}) || {};
typed[msg.topic] = msg.payload;
flow.set(${json(inputsKey(view))}, typed);
return null;`;
}

/** A view's archive request, about the picked terminal (the first one until one is picked) when it is per terminal. */
export function requestCode(view: View, archive: ArchiveSource, site: SiteFacts): string {
  if (!archive.perTerminal) return `msg.payload = ${json(archive.request)};\nreturn msg;`;
  return `const station = flow.get(${json(selectionKey(view))}) || ${json(site.terminals[0] ?? '')};
msg.payload = Object.assign(${json(archive.request)}, { station });
return msg;`;
}

/**
 * Opens `target` on a terminal: the button's own (payload), or the one picked in this view. Output 1: the tab switch
 * for ui_ui_control, in the browser that pressed; output 2: the target's list, showing the terminal; output 3: its refresh.
 */
export function showCode(view: View, target: View, site: SiteFacts): string {
  return `const terminal = msg.payload || flow.get(${json(selectionKey(view))}) || ${json(site.terminals[0] ?? '')};
flow.set(${json(selectionKey(target))}, terminal);
return [{ payload: { tab: ${json(target.label)} }, socketid: msg.socketid }, { payload: terminal }, { payload: terminal }];`;
}
