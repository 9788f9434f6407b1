/**
 * What the editor's "EV Charge" sidebar asks for: a project for a number of terminals, or only its dashboards when
 * the workspace already has a CSMS (and an archive) to feed them. Bad input gets a reason the sidebar shows.
 */
import type { FlowNode } from '../flows/quickstart';
import { projectFlow } from '../flows/project';
import { buildDashboard } from './index';
import { renderClassic } from './render/classic';
import { siteFromCount } from './site';
import type { Language } from '../lib/archive/export/columns';

export class WizardInputError extends Error {}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function wizardFlow(body: unknown): FlowNode[] {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const threshold = input.threshold === undefined || input.threshold === '' ? undefined : Number(input.threshold);
  let site;
  try {
    // siteFromCount checks the count, language and threshold, and says what is wrong.
    site = siteFromCount(Number(input.terminals), { name: text(input.name), language: (input.language ?? 'en') as Language, threshold });
  } catch (err) {
    throw new WizardInputError((err as Error).message);
  }
  const csms = text(input.csms);
  const withBase = input.withBase !== false;
  // Into a workspace with its own CSMS: only the dashboards, fed by it (and by its archive when it names one).
  if (csms) return renderClassic(buildDashboard(site), { csms, database: text(input.database), withBase });
  const flow = projectFlow(site);
  return withBase ? flow : flow.filter((n) => n.type !== 'ui_base');
}
