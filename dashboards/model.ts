/**
 * The dashboard model, independent of any dashboard package: a site's views, their groups and widgets. Renderers
 * (render/classic.ts for node-red-dashboard) turn it into nodes; views (views/*.ts) build it and say how their
 * widgets are fed. Sizes are in grid units (one unit is 48 px wide in the classic dashboard).
 */
import type { StationSnapshot } from '../lib/stations/types';
import type { DashboardSite } from './site';

interface WidgetBase {
  /** Unique within its view; with the view's key, it names the widget's node and the topic that feeds it. */
  key: string;
  label: string;
  width: number;
  height: number;
}

/** A label and a value the feed sends. */
export interface TextWidget extends WidgetBase {
  kind: 'text';
}

export interface TableColumn {
  field: string;
  title: string;
  /** `status`: the row's `status` shown with its `color`; `number`: right-aligned; `time`: an instant, in the browser's time zone. */
  format?: 'text' | 'status' | 'number' | 'time';
}

/** Rows the feed sends as an array of objects. */
export interface TableWidget extends WidgetBase {
  kind: 'table';
  columns: TableColumn[];
  /** Shown when there are no rows. */
  empty: string;
}

export type Widget = TextWidget | TableWidget;

export interface Group {
  key: string;
  label: string;
  width: number;
  widgets: Widget[];
}

export interface View {
  key: string;
  label: string;
  /** A Font Awesome icon name, as dashboards take it (fa-bolt). */
  icon: string;
  groups: Group[];
}

/** A value for one widget: `topic` is the widget's key. */
export interface FeedMessage {
  topic: string;
  payload: unknown;
}

/**
 * How a view's widgets get their values from the live station state. `feed` must be self-contained (no imports,
 * no closure): renderers embed its source in the generated flow, where it runs on every refresh.
 */
export interface ViewModule {
  build(site: DashboardSite): View;
  feed(stations: StationSnapshot[], terminals: string[], language: string, now: number): FeedMessage[];
}

export interface Dashboard {
  site: DashboardSite;
  title: string;
  views: Array<{ view: View; module: ViewModule }>;
}
