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
  /**
   * Also sends `with`'s fields (plain words: who acted). `value` names the row's field sent instead of `id`, when the
   * row stands for something else than what the button acts on (a connector's row cancels its reservation).
   */
  button?: { label: string; send: string; with?: Record<string, string>; value?: string };
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
  /** What it holds from the start, until changed (a form's default). */
  value?: string;
}

/** Where a button puts what an input holds: `path` into its command, times `scale` for a number (kW to W). */
export interface InputUse {
  /** The input's key without its terminal part. */
  input: string;
  path: Array<string | number>;
  /** Named in the answer when the input is empty. */
  label: string;
  scale?: number;
  /** Left out of the command when empty, instead of refused (a contact the driver may not give). */
  optional?: boolean;
}

/**
 * Where an action puts what is picked in its view: at `path`; for a connector (a `connectorValue`), its stationId
 * and evseId into the object at `path`.
 */
export interface PickUse {
  path: Array<string | number>;
  /** Named in the refusal when nothing is picked. */
  label: string;
  connector?: boolean;
}

/** A connector as a picker's value: '#' cannot be part of a station id (it would end the station's URL). */
export const connectorValue = (stationId: string, evseId: number): string => `${stationId}#${evseId}`;

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

/**
 * Sends its payload to the view's source (the planner of a plan view, the service of a linked view): validate, plan
 * again. With `inputs` or `picked` it is a form's button: what was typed and picked in the view completes the payload.
 */
export interface ActionWidget extends WidgetBase {
  kind: 'action';
  payload: Record<string, unknown>;
  inputs?: InputUse[];
  picked?: PickUse;
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
  /** For a view fed by the alarm router (evc-alarm-router): the alarms it lists. */
  alarms?: LinkedSource;
  /** For a view fed by the reservation service (evc-reservation): its BookingView (connectors, reservations, line). */
  bookings?: LinkedSource;
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

/**
 * The services a view may be fed by through Node-RED links, named as the ViewModule and ClassicOptions keys that
 * give the view's source and the service's link in.
 */
export type LinkedService = 'alarms' | 'bookings';

/**
 * A view fed by a service of another tab (the quick-start's): it sends `request` every `everyS` s, and after each
 * change the service announces, and shows the answer; its buttons send their requests to the same service, the
 * answer asked again once it answered.
 */
export interface LinkedSource {
  /** What the service is called in the flow (its link calls' name). */
  service: string;
  request: Record<string, unknown>;
  everyS: number;
  /** How long an operator's request may wait for the answer, s (default 10): longer when the service asks a station. */
  answerS?: number;
  /** What the service's announcements are called: the link in that hears them is named after them. */
  changes: string;
  /**
   * Self-contained, like `feed`: the service's answer to `request`, with `context.selected` what is picked in the
   * view (or none), and `context.error` the reason the last operator request was refused.
   */
  feed(answer: unknown, context: FeedContext & { error?: string }): FeedMessage[];
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
