/** What every part of the classic renderer shares: its options, a view's context, and the plain nodes it makes. */
import type { FlowNode } from '../../flows/quickstart';
import type { View, ViewModule } from '../model';
import type { Labels } from '../labels';
import type { SiteFacts } from './classic-code';

export interface ClassicOptions {
  /** The evc-csms config node the views read. */
  csms: string;
  /** The evc-database config node of the views fed from the archive; without it those views are left out. */
  database?: string;
  /** Add the ui_base (the dashboard's single settings node); leave it out when the workspace has one. */
  withBase?: boolean;
  /** Seconds between refreshes without station events, default 5. */
  refreshS?: number;
  /**
   * Serve the views' own REST endpoints (the plan view's `POST /api/fleet` and `GET /api/plan`); a project does,
   * dashboards added to a workspace that has its own API do not.
   */
  restApi?: boolean;
  /** The link in of the evc-alarm-router the alarm view asks (the quick-start's); without it that view is left out. */
  alarms?: string;
  /**
   * The link in of the evc-reservation the booking and queue views ask (the quick-start's); without it those views
   * are left out.
   */
  bookings?: string;
}

export interface ViewContext extends SiteFacts {
  id: (...parts: Array<string | number>) => string;
  flowTab: string;
  options: ClassicOptions;
  labels: Labels;
  /** The views rendered, by key: the buttons that open one find its nodes here. */
  views: Map<string, { view: View; module: ViewModule }>;
  /** The site's chargers as the planner of a plan view takes them. */
  chargers: Array<{ id: string; maxKw: number; connectors: number }>;
}

export function functionNode(nodeId: string, z: string, name: string, func: string, x: number, y: number, wires: string[][]): FlowNode {
  return { id: nodeId, type: 'function', z, name, func, outputs: wires.length, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x, y, wires };
}
