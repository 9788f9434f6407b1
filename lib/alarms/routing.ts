/**
 * Routing rules: which alarm transitions go to whom (e-mail, SMS, the dashboard, MQTT), as messages shaped for the
 * Node-RED nodes that already send them, so the pack needs no mail or SMS code of its own. A rule may escalate an
 * alarm nobody acknowledged in time to other targets; "on-call" targets follow the on-call rota.
 */
import { EventEmitter } from 'events';
import { Clock, systemClock, TimerHandle } from '../continuity/clock';
import { parseTimeZone, TimeZone } from '../continuity/zone';
import { ALARM_STATES, AlarmPriority, AlarmState, AlarmTransition, PRIORITY_NAMES } from './model';

export type Channel = 'email' | 'sms' | 'dashboard' | 'mqtt';

export interface RouteTarget {
  channel: Channel;
  /** E-mail address, phone number, MQTT topic prefix; absent for dashboard, or "on-call" to take the on-call person's. */
  to?: string;
}

export interface RouteRule {
  /** Names the rule in messages and warnings, so an operator can tell which rule sent what. */
  name: string;
  /** An alarm matches when its priority number is at most this (1 = critical only). Default 4 (all). */
  maxPriority?: AlarmPriority;
  /** Alarm types; absent = all. */
  types?: string[];
  /** Station ids, '*' wildcards allowed (e.g. "CP0*") since parks name stations by series; absent = all. */
  stations?: string[];
  sites?: string[];
  /** The states whose entry is routed; default ['unacknowledged'] (an alarm that becomes active). */
  on?: AlarmState[];
  /**
   * Time-of-day windows (router's time zone) when the rule applies, so nights and weekends can go elsewhere; absent =
   * always. A window may cross midnight; days 0=Sunday..6=Saturday, for a crossing window the day it starts.
   */
  hours?: Array<{ days?: number[]; from: string; to: string }>;
  to: RouteTarget[];
  /** Still unacknowledged this many minutes after it was routed: sent to escalateTo (once). */
  escalateAfterMin?: number;
  escalateTo?: RouteTarget[];
}

/** A rota entry; instants rather than daily hours because rotas change week to week. */
export interface OnCallShift { name: string; from: string; to: string; email?: string; phone?: string }

export interface RouterOptions {
  language: 'en' | 'fr';
  /** Where rule hours are read: the site's wall clock, not the server's. */
  timeZone?: string;
  onCall?: OnCallShift[];
  /** Injected so tests move escalation delays forward instead of waiting. */
  clock?: Clock;
  /** Default 'evcharge/alarms'. */
  mqttPrefix?: string;
}

/** The rule and flags travel with the node message so a flow can switch on them before the sending node. */
export interface RoutedMessage { channel: Channel; rule: string; escalation: boolean; alarmId: string; msg: Record<string, unknown> }

const CHANNELS: readonly Channel[] = ['email', 'sms', 'dashboard', 'mqtt'];
const ON_CALL = 'on-call';
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 .()-]{2,}$/;
const RULE_FIELDS = new Set(['name', 'maxPriority', 'types', 'stations', 'sites', 'on', 'hours', 'to', 'escalateAfterMin', 'escalateTo']);
/** States that mean someone dealt with the alarm (or it no longer matters): no escalation is owed. */
const SETTLED = new Set<AlarmState>(['acknowledged', 'normal', 'shelved', 'suppressed']);
const SMS_MAX = 160;
const MINUTE = 60_000;
export const PRIORITY_COLORS: Record<AlarmPriority, string> = { 1: '#c62828', 2: '#ef6c00', 3: '#f9a825', 4: '#1565c0' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '');
const minutesOf = (hhmm: string): number => { const m = HHMM.exec(hhmm); return m ? Number(m[1]) * 60 + Number(m[2]) : NaN; };

/** Rules and rota as a flow or node config gives them; every problem is reported, and only sound entries are kept. */
export function readRoutes(input: unknown): { rules: RouteRule[]; onCall: OnCallShift[]; errors: string[] } {
  const errors: string[] = [];
  const spec = Array.isArray(input) ? { rules: input } : isObject(input) ? input : undefined;
  if (!spec) return { rules: [], onCall: [], errors: ['routes must be {rules: [...], onCall: [...]} or a list of rules'] };
  const rules: RouteRule[] = [];
  const names = new Map<string, number>();
  if (!Array.isArray(spec.rules)) errors.push('rules must be a list of rules');
  else spec.rules.forEach((r: unknown, i) => {
    const before = errors.length;
    const rule = readRule(r, `rules[${i}]`, errors);
    const name = isObject(r) && typeof r.name === 'string' && r.name !== '' ? r.name : undefined;
    const first = name === undefined ? undefined : names.get(name);
    if (first !== undefined) errors.push(`rules[${i}].name "${name}" is already used by rules[${first}]`);
    else if (name !== undefined) names.set(name, i);
    if (rule && errors.length === before) rules.push(rule);
  });
  const onCall: OnCallShift[] = [];
  if (spec.onCall !== undefined && !Array.isArray(spec.onCall)) errors.push('onCall must be a list of shifts {name, from, to, email?, phone?}');
  else (spec.onCall as unknown[] | undefined ?? []).forEach((s, i) => { const shift = readShift(s, `onCall[${i}]`, errors); if (shift) onCall.push(shift); });
  return { rules, onCall, errors };
}

function readRule(v: unknown, at: string, errors: string[]): RouteRule | undefined {
  if (!isObject(v)) { errors.push(`${at} must be an object {name, to, ...}`); return undefined; }
  const before = errors.length;
  for (const k of Object.keys(v)) if (!RULE_FIELDS.has(k)) errors.push(`${at}.${k} is not a rule field`);
  if (typeof v.name !== 'string' || v.name.trim() === '') errors.push(`${at}.name must be a non-empty string`);
  if (v.maxPriority !== undefined && ![1, 2, 3, 4].includes(v.maxPriority as number)) errors.push(`${at}.maxPriority must be 1, 2, 3 or 4`);
  for (const k of ['types', 'stations', 'sites']) if (v[k] !== undefined && !isStrings(v[k])) errors.push(`${at}.${k} must be a list of non-empty strings`);
  const on = v.on ?? ['unacknowledged'];
  if (!Array.isArray(on) || on.length === 0 || on.some((s) => !ALARM_STATES.includes(s as AlarmState))) errors.push(`${at}.on must be a non-empty list of ${ALARM_STATES.join(', ')}`);
  if (v.hours !== undefined) readHours(v.hours, `${at}.hours`, errors);
  readTargets(v.to, `${at}.to`, errors);
  if (v.escalateTo !== undefined) readTargets(v.escalateTo, `${at}.escalateTo`, errors);
  const after = v.escalateAfterMin;
  if (after !== undefined && (typeof after !== 'number' || !Number.isFinite(after) || after <= 0)) errors.push(`${at}.escalateAfterMin must be a number of minutes above 0`);
  if (v.escalateTo !== undefined && after === undefined) errors.push(`${at}: escalateTo needs escalateAfterMin`);
  if (after !== undefined && v.escalateTo === undefined) errors.push(`${at}: escalateAfterMin needs escalateTo`);
  if (after !== undefined && Array.isArray(on) && !on.includes('unacknowledged')) errors.push(`${at}: escalation needs "unacknowledged" in on`);
  if (Array.isArray(v.to) && v.to.length === 0 && v.escalateTo === undefined) errors.push(`${at}.to must name at least one target`);
  if (errors.length > before) return undefined;
  return { ...(v as unknown as RouteRule), maxPriority: (v.maxPriority as AlarmPriority | undefined) ?? 4, on: on as AlarmState[] };
}

function readHours(v: unknown, at: string, errors: string[]): void {
  if (!Array.isArray(v)) { errors.push(`${at} must be a list of {days?, from: "HH:MM", to: "HH:MM"}`); return; }
  v.forEach((w: unknown, i) => {
    const here = `${at}[${i}]`;
    if (!isObject(w)) return void errors.push(`${here} must be {days?, from: "HH:MM", to: "HH:MM"}`);
    for (const k of ['from', 'to']) if (typeof w[k] !== 'string' || !HHMM.test(w[k] as string)) errors.push(`${here}.${k} must be "HH:MM"`);
    const days = w.days;
    if (days !== undefined && (!Array.isArray(days) || days.some((d) => !Number.isInteger(d) || d < 0 || d > 6))) errors.push(`${here}.days must be a list of 0 (Sunday) to 6 (Saturday)`);
  });
}

function readTargets(v: unknown, at: string, errors: string[]): void {
  if (!Array.isArray(v)) { errors.push(`${at} must be a list of targets {channel, to?}`); return; }
  v.forEach((t: unknown, i) => {
    const here = `${at}[${i}]`;
    if (!isObject(t)) return void errors.push(`${here} must be {channel, to?}`);
    if (!CHANNELS.includes(t.channel as Channel)) errors.push(`${here}.channel must be one of ${CHANNELS.join(', ')}`);
    if (t.to !== undefined && (typeof t.to !== 'string' || t.to.trim() === '')) return void errors.push(`${here}.to must be a non-empty string`);
    const to = t.to as string | undefined;
    if (t.channel === 'email' && !to) errors.push(`${here}: an email target needs to (an address, or "on-call")`);
    else if (t.channel === 'email' && to !== ON_CALL && !EMAIL.test(to!)) errors.push(`${here}.to is not an e-mail address: ${to}`);
    if (t.channel === 'sms' && !to) errors.push(`${here}: an sms target needs to (a phone number, or "on-call")`);
    else if (t.channel === 'sms' && to !== ON_CALL && !PHONE.test(to!)) errors.push(`${here}.to is not a phone number: ${to}`);
    if (t.channel === 'dashboard' && to !== undefined) errors.push(`${here}: a dashboard target takes no to`);
    if (t.channel === 'mqtt' && to !== undefined && (to === ON_CALL || /[+#]/.test(to))) errors.push(`${here}.to must be an MQTT topic prefix (no + or #)`);
  });
}

function readShift(v: unknown, at: string, errors: string[]): OnCallShift | undefined {
  if (!isObject(v)) { errors.push(`${at} must be {name, from, to, email?, phone?}`); return undefined; }
  const before = errors.length;
  if (typeof v.name !== 'string' || v.name.trim() === '') errors.push(`${at}.name must be a non-empty string`);
  for (const k of ['from', 'to']) if (typeof v[k] !== 'string' || Number.isNaN(Date.parse(v[k] as string))) errors.push(`${at}.${k} must be an ISO instant`);
  if (errors.length === before && Date.parse(v.from as string) >= Date.parse(v.to as string)) errors.push(`${at}: from must be before to`);
  if (v.email !== undefined && (typeof v.email !== 'string' || !EMAIL.test(v.email))) errors.push(`${at}.email is not an e-mail address`);
  if (v.phone !== undefined && (typeof v.phone !== 'string' || !PHONE.test(v.phone))) errors.push(`${at}.phone is not a phone number`);
  if (v.email === undefined && v.phone === undefined) errors.push(`${at} needs an email or a phone`);
  return errors.length > before ? undefined : (v as unknown as OnCallShift);
}

interface Compiled {
  rule: RouteRule;
  stations?: RegExp[];
  windows?: Array<{ days?: number[]; from: number; to: number }>;
}

const glob = (p: string) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Whether a local minute of day and weekday fall in a window; from === to is the whole day. */
function inWindow(w: NonNullable<Compiled['windows']>[number], minute: number, day: number): boolean {
  const on = (d: number) => !w.days || w.days.includes(d);
  if (w.from < w.to) return on(day) && minute >= w.from && minute < w.to;
  if (w.from === w.to) return on(day);
  return (on(day) && minute >= w.from) || (on((day + 6) % 7) && minute < w.to);
}

export class AlarmRouter extends EventEmitter {
  private readonly rules: Compiled[];
  private readonly zone: TimeZone;
  private readonly clock: Clock;
  private readonly shifts: Array<OnCallShift & { start: number; end: number }>;
  private readonly prefix: string;
  /** The latest transition of each alarm, so an escalation knows whether it is still owed. */
  private readonly latest = new Map<string, AlarmTransition>();
  private readonly pending = new Map<string, Map<Compiled, TimerHandle>>();

  /** Throws RangeError for an unknown time zone: a router that reads hours in the wrong zone would misroute silently. */
  constructor(rules: RouteRule[], private readonly options: RouterOptions) {
    super();
    this.zone = parseTimeZone(options.timeZone);
    this.clock = options.clock ?? systemClock;
    this.prefix = (options.mqttPrefix ?? 'evcharge/alarms').replace(/\/+$/, '');
    this.shifts = (options.onCall ?? []).map((s) => ({ ...s, start: Date.parse(s.from), end: Date.parse(s.to) }));
    this.rules = rules.map((rule) => ({
      rule,
      stations: rule.stations?.map(glob),
      windows: rule.hours?.map((h) => ({ days: h.days, from: minutesOf(h.from), to: minutesOf(h.to) })),
    }));
  }

  /** The messages a transition calls for now; escalations come later as 'message' events. */
  route(t: AlarmTransition): RoutedMessage[] {
    const id = t.alarm.id;
    this.latest.set(id, t);
    if (SETTLED.has(t.to)) this.cancel(id);
    const parsed = Date.parse(t.at);
    const at = Number.isNaN(parsed) ? this.clock.now() : parsed;
    const out: RoutedMessage[] = [];
    for (const c of this.rules.filter((r) => this.matches(r, t, at))) {
      out.push(...this.messages(c.rule, c.rule.to, t, at, false));
      if (c.rule.escalateAfterMin && t.to === 'unacknowledged') this.schedule(c, id);
    }
    if (t.to === 'normal' && !this.pending.has(id)) this.latest.delete(id);
    return out;
  }

  stop(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }

  private matches({ rule, stations, windows }: Compiled, t: AlarmTransition, at: number): boolean {
    const a = t.alarm;
    if (!(rule.on ?? ['unacknowledged']).includes(t.to) || a.priority > (rule.maxPriority ?? 4)) return false;
    if (rule.types && !rule.types.includes(a.type)) return false;
    if (stations && !(a.stationId !== undefined && stations.some((re) => re.test(a.stationId!)))) return false;
    if (rule.sites && !(a.site !== undefined && rule.sites.includes(a.site))) return false;
    if (!windows) return true;
    const local = new Date(at + this.zone.offsetMinutes(at) * MINUTE);
    return windows.some((w) => inWindow(w, local.getUTCHours() * 60 + local.getUTCMinutes(), local.getUTCDay()));
  }

  /** Once per rule and activation: a second raise while one is pending does not restart its delay. */
  private schedule(c: Compiled, id: string): void {
    const timers = this.pending.get(id) ?? new Map<Compiled, TimerHandle>();
    if (timers.has(c)) return;
    timers.set(c, this.clock.setTimeout(() => this.escalate(c, id), c.rule.escalateAfterMin! * MINUTE));
    this.pending.set(id, timers);
  }

  private cancel(id: string): void {
    for (const handle of this.pending.get(id)?.values() ?? []) this.clock.clearTimeout(handle);
    this.pending.delete(id);
  }

  private escalate(c: Compiled, id: string): void {
    const timers = this.pending.get(id);
    timers?.delete(c);
    if (timers?.size === 0) this.pending.delete(id);
    const latest = this.latest.get(id);
    if (!latest || SETTLED.has(latest.to)) return;
    const now = this.clock.now();
    // No state changes: the transition says so (from = to) and why it is sent (cause escalate).
    const t: AlarmTransition = { ...latest, from: latest.to, cause: 'escalate', at: new Date(now).toISOString() };
    for (const m of this.messages(c.rule, c.rule.escalateTo ?? [], t, now, true)) this.emit('message', m);
  }

  private messages(rule: RouteRule, targets: RouteTarget[], t: AlarmTransition, at: number, escalation: boolean): RoutedMessage[] {
    return targets.flatMap((target) => {
      const to = target.to === ON_CALL ? this.onCall(rule, target.channel, at) : target.to;
      if (to === null) return [];
      const text = new Texts(this.options.language, t, escalation, rule.escalateAfterMin);
      const msg = target.channel === 'email' ? { to, topic: text.subject(), payload: text.body() }
        : target.channel === 'sms' ? { topic: 'sms', to, payload: { to, text: text.sms() } }
          : target.channel === 'dashboard' ? { topic: text.title(), payload: text.toast(), highlight: PRIORITY_COLORS[t.alarm.priority] }
            : { topic: `${to?.replace(/\/+$/, '') ?? this.prefix}/${t.alarm.stationId ?? 'site'}/${t.alarm.type}`, payload: { ...t.alarm, from: t.from, to: t.to, cause: t.cause, at: t.at }, qos: 1, retain: false };
      return [{ channel: target.channel, rule: rule.name, escalation, alarmId: t.alarm.id, msg }];
    });
  }

  /** The on-call person's contact at an instant; null (with a warning) when there is nobody to send to. */
  private onCall(rule: RouteRule, channel: Channel, at: number): string | null {
    const shift = this.shifts.find((s) => s.start <= at && at < s.end);
    const contact = channel === 'email' ? shift?.email : shift?.phone;
    if (contact) return contact;
    const when = new Date(at).toISOString();
    this.emit('warn', shift ? `rule "${rule.name}": ${shift.name}, on call at ${when}, has no ${channel === 'email' ? 'e-mail address' : 'phone number'}: ${channel} not sent`
      : `rule "${rule.name}": nobody is on call at ${when}: ${channel} not sent`);
    return null;
  }
}

const WORDS = {
  en: {
    priorities: PRIORITY_NAMES, colon: ':', escalation: 'ESCALATION', connector: 'connector', site: 'site',
    states: { normal: 'normal', unacknowledged: 'unacknowledged', acknowledged: 'acknowledged', returned: 'returned to normal, unacknowledged', shelved: 'shelved', suppressed: 'suppressed' },
    types: {} as Record<string, string>,
    late: (min: number) => `Not acknowledged ${min} min after it was sent.`,
    labels: {
      station: 'Station', site: 'Site', evseId: 'EVSE', connectorId: 'Connector', type: 'Type', priority: 'Priority', state: 'State', errorCode: 'Error code',
      info: 'Info', vendorErrorCode: 'Vendor error code', activeSince: 'Active since', returnedAt: 'Returned at', acknowledgedAt: 'Acknowledged at',
      acknowledgedBy: 'Acknowledged by', shelvedUntil: 'Shelved until', at: 'Changed at', count: 'Times active',
    },
  },
  fr: {
    priorities: { 1: 'critique', 2: 'haute', 3: 'moyenne', 4: 'basse' } as Record<AlarmPriority, string>, colon: ' :', escalation: 'ESCALADE', connector: 'connecteur', site: 'site',
    states: { normal: 'normale', unacknowledged: 'non acquittée', acknowledged: 'acquittée', returned: 'retour à la normale non acquitté', shelved: 'mise de côté', suppressed: 'supprimée' },
    types: {
      fault: 'défaut', communication: 'communication', problem: 'problème', stalled: 'charge bloquée', firmware: 'micrologiciel', diagnostics: 'diagnostic',
      security: 'sécurité', boot: 'démarrage', authentication: 'authentification', 'transaction-gap': 'transaction incomplète', archive: 'archive',
      allocation: 'répartition', planning: 'planification', recovery: 'rétablissement', flood: 'avalanche d’alarmes',
    } as Record<string, string>,
    late: (min: number) => `Non acquittée ${min} min après l’envoi.`,
    labels: {
      station: 'Borne', site: 'Site', evseId: 'Point de charge (EVSE)', connectorId: 'Connecteur', type: 'Type', priority: 'Priorité', state: 'État',
      errorCode: 'Code d’erreur', info: 'Information', vendorErrorCode: 'Code d’erreur constructeur', activeSince: 'Active depuis', returnedAt: 'Retour à la normale',
      acknowledgedAt: 'Acquittée le', acknowledgedBy: 'Acquittée par', shelvedUntil: 'Mise de côté jusqu’au', at: 'Changement d’état', count: 'Nombre d’activations',
    },
  },
};

/** The words of one message in one language; one place so every channel says the same thing. */
class Texts {
  private readonly w: typeof WORDS.en;

  constructor(language: 'en' | 'fr', private readonly t: AlarmTransition, private readonly escalation: boolean, private readonly afterMin?: number) {
    this.w = WORDS[language] ?? WORDS.en;
  }

  /** "critical: CP001 connector 1 fault GroundFailure", with the state when it is not a new alarm. */
  title(): string {
    const { w, t: { alarm: a, to } } = this;
    const place = `${a.stationId ?? w.site}${a.evseId ? ` ${w.connector} ${a.evseId}` : ''}`;
    const detail = a.errorCode ?? a.code;
    const core = `${w.priorities[a.priority]}${w.colon} ${place} ${w.types[a.type] ?? a.type}${detail ? ` ${detail}` : ''}`;
    return `${this.escalation ? `${w.escalation} ` : ''}${core}${to === 'unacknowledged' ? '' : ` (${w.states[to]})`}`;
  }

  subject(): string {
    return `[EV Charge] ${this.title()}`;
  }

  body(): string {
    const { w, t } = this;
    const a = t.alarm;
    const fields: Array<[keyof typeof w.labels, unknown]> = [
      ['station', a.stationId], ['site', a.site], ['evseId', a.evseId], ['connectorId', a.connectorId], ['type', a.type],
      ['priority', w.priorities[a.priority]], ['state', w.states[t.to]], ['errorCode', a.errorCode], ['info', a.info],
      ['vendorErrorCode', a.vendorErrorCode], ['activeSince', a.activeSince], ['returnedAt', a.returnedAt], ['acknowledgedAt', a.acknowledgedAt],
      ['acknowledgedBy', a.acknowledgedBy], ['shelvedUntil', a.shelvedUntil], ['at', t.at], ['count', a.count],
    ];
    const lines = fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${w.labels[k]}${w.colon} ${String(v)}`);
    return [...(this.escalation && this.afterMin ? [w.late(this.afterMin)] : []), a.message, '', ...lines].join('\n');
  }

  sms(): string {
    const text = `${this.subject()}. ${this.t.alarm.message}`;
    return text.length <= SMS_MAX ? text : `${text.slice(0, SMS_MAX - 1)}…`;
  }

  toast(): string {
    return [...(this.escalation && this.afterMin ? [this.w.late(this.afterMin)] : []), this.t.alarm.message].join(' ');
  }
}
