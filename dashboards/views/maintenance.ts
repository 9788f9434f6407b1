/**
 * Maintenance (reference Figure 13): per terminal, buttons that send the usual maintenance commands (clear cache,
 * soft and hard reset, change availability, read the configuration, trigger a message, clear charging profiles,
 * release the connector), each followed by the station's answer. Up to the threshold each terminal has its group;
 * above it, one group acts on the terminal picked from a list.
 */
import type { CommandOutcome, FeedContext, FeedMessage, View, ViewModule, Widget } from '../model';
import type { DashboardSite } from '../site';
import { labelsFor, Labels } from '../labels';

/** The buttons, with the version-neutral command each sends (evc-ocpp-command translates it for the station). */
const BUTTONS: Array<{ key: string; label: keyof Labels; command: Record<string, unknown> & { command: string } }> = [
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

function widgets(l: Labels, terminal: string | undefined): Widget[] {
  const suffix = terminal === undefined ? '' : `:${terminal}`;
  return [
    ...BUTTONS.map((b): Widget => ({ kind: 'button', key: `${b.key}${suffix}`, label: l[b.label], width: 3, height: 1, command: b.command, terminal })),
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
  const r = (outcome.response ?? {}) as Record<string, unknown>;
  let text: string;
  if (outcome.error) {
    text = `${fr ? 'échec' : 'failed'}: ${outcome.error.code} ${outcome.error.message}`;
  } else if (typeof r.status === 'string') {
    text = r.status;
  } else if (Array.isArray(r.configurationKey)) {
    text = `${r.configurationKey.length} ${fr ? 'clés' : 'keys'}`;
  } else {
    text = JSON.stringify(r).slice(0, 120);
  }
  const time = new Date(context.now).toISOString().slice(11, 19);
  const topic = context.terminals.length <= context.threshold ? `answer:${outcome.stationId}` : 'answer';
  return [{ topic, payload: `${outcome.stationId} · ${outcome.command}: ${text} (${time} UTC)` }];
}

// No feed: nothing here follows the live state; the view shows what stations answered.
export const maintenance: ViewModule = { build, answer };
