/** A site's dashboard: its views, in menu order. Adding a view is adding its module here. */
import type { Dashboard, ViewModule } from './model';
import type { DashboardSite } from './site';
import { labelsFor } from './labels';
import { curves } from './views/curves';
import { detail } from './views/detail';
import { history } from './views/history';
import { maintenance } from './views/maintenance';
import { overview } from './views/overview';
import { plan } from './views/plan';
import { alarms } from './views/alarms';
import { booking } from './views/booking';
import { queue } from './views/queue';

export const VIEW_MODULES: readonly ViewModule[] = [overview, detail, curves, maintenance, history, plan, alarms, booking, queue];

export function buildDashboard(site: DashboardSite): Dashboard {
  return {
    site,
    title: site.name === labelsFor(site.language).title ? site.name : `${labelsFor(site.language).title} · ${site.name}`,
    views: VIEW_MODULES.map((module) => ({ view: module.build(site), module })),
  };
}
