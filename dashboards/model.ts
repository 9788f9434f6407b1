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
  /** A value that may run long (a reason): shown under its label, wrapped, and scrolling in its height. */
  long?: boolean;
}

export interface TableColumn {
  field: string;
  title: string;
  /**
   * `status`: the row's `status` shown with its `color`; `number`: right-aligned; `time`: an instant, in the browser's
   * time zone; `button`: a button where the row's `field` is true, sending `{[button.send]: row.id}` to the view's source.
   */
  format?: 'text' | 'status' | 'number' | 'time' | 'button';
  /** Also sends `with`'s fields (plain words: who acted). */
  button?: { label: string; send: string; with?: Record<string, string> };
}

/** Rows the feed sends as an array of objects. */
export interface TableWidget extends WidgetBase {
  kind: 'table';
  columns: TableColumn[];
  /** Shown when there are no rows. */
  empty: string;
}

/** A block of titled sections of label/value rows, with a colored state line: the feed sends a Card. */
export interface CardWidget extends WidgetBase {
  kind: 'card';
}

export interface Card {
  title: string;
  state: string;
  status: string;
  color: string;
  sections: Array<{ title: string; rows: Array<{ label: string; value: string }> }>;
}

/** A list of the site's terminals, or of other choices: the one picked is the feed's `selected`. */
export interface PickerWidget extends WidgetBase {
  kind: 'picker';
  options: string[];
  /** What each option shows, when it is not its value. */
  labels?: string[];
}

/** A field the user fills in before pressing a button that uses it. */
export interface InputWidget extends WidgetBase {
  kind: 'input';
  inputType: 'text' | 'number';
}

/** Where a button puts what an input holds: `path` into its command, times `scale` for a number (kW to W). */
export interface InputUse {
  /** The input's key without its terminal part. */
  input: string;
  path: Array<string | number>;
  /** Named in the answer when the input is empty. */
  label: string;
  scale?: number;
}

/**
 * Sends a version-neutral command (the evc-ocpp-command payload) to its terminal, or to the picked one when the
 * view has a picker; the station's answer comes back through the view's `answer`.
 */
export interface ButtonWidget extends WidgetBase {
  kind: 'button';
  command: Record<string, unknown> & { command: string };
  /** Absent: the terminal picked in the view. */
  terminal?: string;
  /** Inputs of the same terminal whose values complete the command. */
  inputs?: InputUse[];
}

/** Opens another view on a terminal (its own, or the one picked in this view): the detail's curves button. */
export interface ShowWidget extends WidgetBase {
  kind: 'show';
  view: string;
  terminal?: string;
}

/** Curves over time: the feed sends a Chart. */
export interface ChartWidget extends WidgetBase {
  kind: 'chart';
  /** Values that hold over a step (a plan), not points joined by lines. */
  steps?: boolean;
  /** Shown while there is nothing to draw. */
  empty: string;
}

export interface Chart {
  series: Array<{ label: string; points: Array<{ x: number; y: number }> }>;
}

/** Links that download files (the exports of the REST API). */
export interface LinksWidget extends WidgetBase {
  kind: 'links';
  links: Array<{ label: string; href: string }>;
}

/** Bars over time in rows (a plan per charger): the feed sends a Gantt. */
export interface GanttWidget extends WidgetBase {
  kind: 'gantt';
  /** Shown when there are no rows. */
  empty: string;
}

/** A bar, placed in % of the chart's width; the instants are for its tooltip, in the browser's time zone. */
export interface GanttBar {
  id: string;
  label: string;
  state: string;
  color: string;
  left: number;
  width: number;
  /** The span it is there (a vehicle's stay), drawn lighter behind the bar. */
  stayLeft: number;
  stayWidth: number;
  tooltip: string;
}

export interface Gantt {
  /** Instants (epoch ms) of the time axis and where they fall, %. */
  ticks: Array<{ at: number; left: number }>;
  /** Where now falls, %; absent outside the chart. */
  nowLeft?: number;
  rows: Array<{ key: string; label: string; note: string; bars: GanttBar[] }>;
}

/** Sends its payload to the view's source (the planner of a plan view): validate, plan again. */
export interface ActionWidget extends WidgetBase {
  kind: 'action';
  payload: Record<string, unknown>;
}

export type Widget = TextWidget | TableWidget | CardWidget | PickerWidget | InputWidget | ButtonWidget | ShowWidget | ChartWidget | LinksWidget
  | GanttWidget | ActionWidget;

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

/** What a feed knows besides the stations' live state. */
export interface FeedContext {
  /** The site's terminals, in order. */
  terminals: string[];
  language: string;
  threshold: number;
  /** The site's connection limit, when known. */
  limitKw?: number;
  /** The terminal picked in the view's picker, if it has one and one was picked. */
  selected?: string;
  now: number;
}

/**
 * How a view's widgets get their values from the live station state. `feed` must be self-contained (no imports,
 * no closure): renderers embed its source in the generated flow, where it runs on every refresh.
 */
export interface ViewModule {
  build(site: DashboardSite): View;
  /** Absent for a view that shows nothing of the live state (its widgets only send, or show answers). */
  feed?(stations: StationSnapshot[], context: FeedContext): FeedMessage[];
  /** For a view fed from the archive: the evc-archive request it sends every `everyS` seconds, and its values. */
  archive?: ArchiveSource;
  /** For a view fed by a fleet planner (evc-planner): its plans as values. */
  plan?: PlanSource;
  /** For a view fed by the alarm router: the alarms it lists, asked for every `everyS` s and after each transition. */
  alarms?: AlarmSource;
  /** For views with buttons: the values to show once a station answered a command, or the command failed. */
  answer?(outcome: CommandOutcome, context: FeedContext): FeedMessage[];
}

export interface ArchiveSource {
  request: Record<string, unknown>;
  everyS: number;
  /** The request is about the terminal picked in the view (the first one until one is picked): it gets `station`. */
  perTerminal?: boolean;
  /** Self-contained, like `feed`: the evc-archive answer (its payload) as values. */
  feed(answer: unknown, context: FeedContext): FeedMessage[];
}

export interface PlanSource {
  /** Seconds between redraws of the last plan (time moves on), default 60. */
  everyS: number;
  /**
   * Self-contained, like `feed`: the planner's last plan (a FleetPlan, absent before the first) as values; a refusal
   * (`error`, the reason a change was refused) is shown beside it.
   */
  feed(plan: unknown, context: FeedContext & { error?: string }): FeedMessage[];
}

export interface AlarmSource {
  everyS: number;
  /**
   * Self-contained, like `feed`: the router's answer to a list request (its alarms), with `context.selected` the state
   * picked (or none), and `context.error` the reason the last operator action was refused.
   */
  feed(alarms: unknown, context: FeedContext & { error?: string }): FeedMessage[];
}

/** A command a button sent, and how it ended. */
export interface CommandOutcome {
  stationId: string;
  command: string;
  response?: unknown;
  error?: { code: string; message: string };
}

export interface Dashboard {
  site: DashboardSite;
  title: string;
  views: Array<{ view: View; module: ViewModule }>;
}
