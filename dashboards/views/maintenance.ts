/**
 * Maintenance (reference Figure 13): per terminal, buttons that send the usual maintenance commands (clear cache,
 * soft and hard reset, change availability, read the configuration, trigger a message, clear charging profiles,
 * release the connector), a configuration key to read or write (1.6 configuration or 2.0.1 variables) and a power
 * limit to set as the station's maximum profile, each followed by the station's answer. Up to the threshold each
 * terminal has its group; above it, one group acts on the terminal picked from a list.
 */
import type { CommandOutcome, FeedContext, FeedMessage, InputUse, View, ViewModule, Widget } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor, Labels } from '../labels';

/** The buttons, with the version-neutral command each sends (evc-ocpp-command translates it for the station). */
/** The labels that are words (not lists). */
type Word = { [K in keyof Labels]: Labels[K] extends string ? K : never }[keyof Labels];

const BUTTONS: Array<{ key: string; label: Word; command: Record<string, unknown> & { command: string } }> = [
  { key: 'clearCache', label: 'clearCache', command: { command: 'clearCache' } },
  { key: 'softReset', label: 'softReset', command: { command: 'reset', type: 'Soft' } },
  { key: 'hardReset', label: 'hardReset', command: { command: 'reset', type: 'Hard' } },
  { key: 'operative', label: 'operative', command: { command: 'changeAvailability', type: 'Operative' } },
  { key: 'inoperative', label: 'inoperative', command: { command: 'changeAvailability', type: 'Inoperative' } },
  { key: 'getConfiguration', label: 'getConfiguration', command: { command: 'getConfiguration' } },
  { key: 'triggerStatus', label: 'triggerStatus', command: { command: 'triggerMessage', message: 'StatusNotification' } },
  { key: 'triggerHeartbeat', label: 'triggerHeartbeat', command: { command: 'triggerMessage', message: 'Heartbeat' } },
  { key: 'clearProfiles', label: 'clearProfiles', command: { command: 'clearChargingProfile' } },
  { key: 'release', label: 'release', command: { command: 'unlockConnector', connectorId: 1 } },
];

/**
 * The limit the dashboard sets: a station-wide maximum profile, daily and from midnight, so it holds until changed.
 * Its fixed id and stack level make a new limit replace the last one, and "clear profiles" remove it.
 */
export const LIMIT_PROFILE = {
  id: 900, stackLevel: 9, purpose: 'StationMax', kind: 'Recurring', recurrency: 'Daily',
  schedule: { startSchedule: '2020-01-01T00:00:00Z', duration: 86_400, unit: 'W', periods: [{ start: 0, limit: 0 }] },
};

function widgets(l: Labels, terminal: string | undefined): Widget[] {
  const suffix = terminal === undefined ? '' : `:${terminal}`;
  const key: InputUse = { input: 'key', path: ['key'], label: l.configKey };
  const typed = (input: 'key' | 'value' | 'limit', label: string, inputType: 'text' | 'number', width: number): Widget =>
    ({ kind: 'input', key: `${input}${suffix}`, label, inputType, width, height: 1 });
  const button = (name: string, label: string, command: Record<string, unknown> & { command: string }, inputs?: InputUse[]): Widget =>
    ({ kind: 'button', key: `${name}${suffix}`, label, width: 3, height: 1, command, terminal, ...(inputs ? { inputs } : {}) });
  return [
    ...BUTTONS.map((b) => button(b.key, l[b.label], b.command)),
    typed('key', l.configKey, 'text', 3),
    typed('value', l.configValue, 'text', 3),
    button('readKey', l.readKey, { command: 'getConfiguration', keys: '' }, [{ ...key, path: ['keys'] }]),
    button('writeKey', l.writeKey, { command: 'changeConfiguration', key: '', value: '' }, [key, { input: 'value', path: ['value'], label: l.configValue }]),
    typed('limit', l.limitKw, 'number', 3),
    button('setLimit', l.setLimit, { command: 'setChargingProfile', profile: LIMIT_PROFILE },
      [{ input: 'limit', path: ['profile', 'schedule', 'periods', 0, 'limit'], label: l.limitKw, scale: 1000 }]),
    { kind: 'text', key: `answer${suffix}`, label: l.lastAnswer, width: 6, height: 2 },
  ];
}

function build(site: DashboardSite): View {
  const l = labelsFor(site.language);
  const view: View = { key: 'maintenance', label: l.maintenance, icon: 'fa-wrench', groups: [] };
  if (site.terminals.length <= site.threshold) {
    view.groups = site.terminals.map((t) => ({ key: `terminal-${t.id}`, label: t.id, width: 6, widgets: widgets(l, t.id) }));
  } else {
    view.groups = [{
      key: 'picked', label: l.maintenance, width: 6,
      widgets: [{ kind: 'picker', key: 'pick', label: l.terminal, width: 6, height: 1, options: site.terminals.map((t) => t.id) }, ...widgets(l, undefined)],
    }];
  }
  return view;
}

/** Self-contained (the generated flow runs its source): "<command>: <outcome> (<time>)" in the answer of its terminal. */
function answer(outcome: CommandOutcome, context: FeedContext): FeedMessage[] {
  const fr = context.language === 'fr';
  const r = (outcome.response ?? {}) as Record<string, any>;
  // A few values are worth reading in full; longer lists are counted.
  const listed = (items: string[], noun: string) => (items.length <= 3 ? items.join(', ') : `${items.length} ${noun}`);
  let text: string;
  if (outcome.error) {
    text = `${fr ? 'échec' : 'failed'}: ${outcome.error.code} ${outcome.error.message}`;
  } else if (typeof r.status === 'string') {
    text = r.status;
  } else if (Array.isArray(r.configurationKey)) {
    const unknown = Array.isArray(r.unknownKey) && r.unknownKey.length ? ` · ${fr ? 'inconnue' : 'unknown'}: ${r.unknownKey.join(', ')}` : '';
    text = listed(r.configurationKey.map((k: any) => `${k.key} = ${k.value ?? ''}`), fr ? 'clés' : 'keys') + unknown;
  } else if (Array.isArray(r.getVariableResult)) {
    text = listed(r.getVariableResult.map((v: any) => `${v.component?.name}.${v.variable?.name} = ${v.attributeStatus === 'Accepted' ? v.attributeValue ?? '' : v.attributeStatus}`), 'variables');
  } else if (Array.isArray(r.setVariableResult)) {
    text = listed(r.setVariableResult.map((v: any) => `${v.variable?.name}: ${v.attributeStatus}`), 'variables');
  } else {
    text = JSON.stringify(r).slice(0, 120);
  }
  const time = new Date(context.now).toISOString().slice(11, 19);
  const topic = context.terminals.length <= context.threshold ? `answer:${outcome.stationId}` : 'answer';
  return [{ topic, payload: `${outcome.stationId} · ${outcome.command}: ${text} (${time} UTC)` }];
}

// No feed: nothing here follows the live state; the view shows what stations answered.
export const maintenance: ViewModule = { build, answer };
