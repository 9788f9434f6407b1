/**
 * What the editor's "EV Charge" sidebar asks for: a project for a number of terminals, or only its dashboards when
 * the workspace already has a CSMS (and an archive) to feed them; and a link from an existing home page. Bad input
 * gets a reason the sidebar shows.
 */
import type { FlowNode } from '../flows/quickstart';
import { projectFlow } from '../flows/project';
import { buildDashboard } from './index';
import { classicHomeLink, renderClassic } from './render/classic';
import { siteFromCount, TerminalProtocol } from './site';
import type { Language } from '../lib/archive/export/columns';

export class WizardInputError extends Error {}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** The protocols choice: what the terminals speak, and the simulated stations' version. */
const PROTOCOLS: Record<string, { protocol?: TerminalProtocol; simulated: '1.6' | '2.0.1' | 'mixed' }> = {
  both: { simulated: 'mixed' },
  'ocpp1.6': { protocol: 'ocpp1.6', simulated: '1.6' },
  'ocpp2.0.1': { protocol: 'ocpp2.0.1', simulated: '2.0.1' },
};
/** The evc-simulator node simulates at most this many stations. */
const MAX_SIMULATED = 1000;

function refuse(message: string): never {
  throw new WizardInputError(message);
}

export function wizardFlow(body: unknown): FlowNode[] {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const protocols = PROTOCOLS[String(input.protocols ?? 'both')] ?? refuse(`protocols must be one of ${Object.keys(PROTOCOLS).join(', ')}, got ${String(input.protocols)}`);
  let site;
  try {
    // siteFromCount checks the count, language, threshold and limit, and says what is wrong.
    site = siteFromCount(Number(input.terminals), {
      name: text(input.name), language: (input.language ?? 'en') as Language, threshold: given(input.threshold) ? Number(input.threshold) : undefined,
      limitKw: given(input.limitKw) ? Number(input.limitKw) : undefined, protocol: protocols.protocol,
    });
  } catch (err) {
    throw new WizardInputError((err as Error).message);
  }
  const csms = text(input.csms);
  const withBase = input.withBase !== false;
  const homeTab = text(input.homeTab);
  const dashboard = buildDashboard(site);
  const home = homeTab ? classicHomeLink(dashboard, homeTab) : [];
  // Into a workspace with its own CSMS: only the dashboards, fed by it (and by its archive, alarm router and reservation
  // service when it names them).
  if (csms) {
    return [...renderClassic(dashboard, { csms, database: text(input.database), alarms: text(input.alarms), bookings: text(input.bookings), withBase }), ...home];
  }
  // A whole project in any Node-RED: fixed settings, since nothing sets the variables `evcharge start` sets.
  const ocppPort = given(input.ocppPort) ? Number(input.ocppPort) : 9220;
  if (!Number.isInteger(ocppPort) || ocppPort < 1 || ocppPort > 65535) refuse(`the OCPP port must be an integer from 1 to 65535, got ${String(input.ocppPort)}`);
  const simulate = input.simulate === true ? site.terminals.length : 0;
  if (simulate > MAX_SIMULATED) refuse(`at most ${MAX_SIMULATED} terminals can be simulated, not ${simulate}`);
  const flow = projectFlow(site, { ocppPort, simulate, simulateVersion: protocols.simulated, simulateCharging: true });
  return [...(withBase ? flow : flow.filter((n) => n.type !== 'ui_base')), ...home];
}
