/**
 * A complete project for a site: the quick-start (CSMS, REST API, archive, simulated stations) and the dashboards
 * generated for its terminals, and with a site limit the allocator that holds it. What `evcharge generate` writes and
 * `evcharge start --terminals N` starts with.
 */
import { buildDashboard } from '../dashboards';
import { renderClassic } from '../dashboards/render/classic';
import { PLAN_VIEW } from '../dashboards/views/plan';
import { ALARMS_VIEW } from '../dashboards/views/alarms';
import { alarmLinkIds } from '../dashboards/render/classic-alarms';
import { DashboardSite, DEFAULT_TERMINAL_PREFIX } from '../dashboards/site';
import { stableId } from './ids';
import { sitePowerFlow } from './site-power';
import { alarmLinks, bookingLinks, CsmsProtocols, FlowNode, quickstartFlow, QuickstartSettings } from './quickstart';
import { changesLinkId } from '../dashboards/render/classic-linked';
import { BOOKING_VIEW } from '../dashboards/views/booking';
import { QUEUE_VIEW } from '../dashboards/views/queue';

/** The quick-start's key: a project shares its CSMS, REST API and archive nodes with the plain quick-start. */
const QUICKSTART = 'quickstart';

/** The CSMS offers one version when every terminal of the site speaks it, both otherwise. */
function protocolsOf(site: DashboardSite): CsmsProtocols {
  const versions = new Set(site.terminals.map((t) => t.protocol ?? 'any'));
  const [only] = versions;
  return versions.size === 1 && only !== 'any' ? only : 'ocpp2.0.1,ocpp1.6';
}

export function projectFlow(site: DashboardSite, fixed?: QuickstartSettings): FlowNode[] {
  const quickstart = quickstartFlow(QUICKSTART, { simulatorPrefix: DEFAULT_TERMINAL_PREFIX, fixed, protocols: protocolsOf(site) });
  const links = alarmLinks(QUICKSTART);
  const booking = bookingLinks(QUICKSTART);
  const dashboard = renderClassic(buildDashboard(site), {
    csms: stableId(QUICKSTART, 'csms'), database: stableId(QUICKSTART, 'database'), restApi: true, alarms: links.requests, bookings: booking.requests,
  });
  // The quick-start's alarm router announces to the alarm view: both ends of each link name the other.
  const announce = alarmLinkIds((...parts) => stableId(site.key, 'dashboard', ...parts), ALARMS_VIEW);
  for (const kind of ['transitions', 'notifications'] as const) {
    const out = quickstart.find((n) => n.id === links[kind])!;
    const into = dashboard.find((n) => n.id === announce[kind])!;
    out.links = [into.id];
    into.links = [out.id];
  }
  // The reservation service's changes refresh the booking and queue views at once.
  const changes = quickstart.find((n) => n.id === booking.changes)!;
  changes.links = [BOOKING_VIEW, QUEUE_VIEW].map((view) => changesLinkId((...parts) => stableId(site.key, 'dashboard', ...parts), view));
  for (const hear of changes.links as string[]) dashboard.find((n) => n.id === hear)!.links = [changes.id];
  // node-red-dashboard is a dependency of this pack; the editor offers to install what an imported flow lacks.
  const modules: FlowNode = { id: stableId(site.key, 'global-config'), type: 'global-config', env: [], modules: { 'node-red-dashboard': '3.6.6' } };
  const planIn = dashboard.find((n) => n.id === stableId(site.key, 'dashboard', PLAN_VIEW, 'in'))!;
  const sitePower = sitePowerFlow(site, stableId(QUICKSTART, 'csms'), planIn.id, links.requests);
  // Both ends of a link name each other, as the editor draws them.
  const linksTo = (target: string) => sitePower.filter((n) => n.type === 'link out' && (n.links as string[]).includes(target)).map((n) => n.id);
  planIn.links = linksTo(planIn.id);
  quickstart.find((n) => n.id === links.requests)!.links = linksTo(links.requests);
  return [...quickstart, ...dashboard, ...sitePower, modules];
}
