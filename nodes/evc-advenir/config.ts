/** Reads and checks the evc-advenir configuration: which programmes, where, with which credentials and schedule. */
import { AdvenirSink, daily, IMMEDIATE, QualiChargeSink, type PointMappingOptions, type Schedule, type Sink } from '../../lib/reporting';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface AdvenirNodeConfig {
  csms?: string;
  database?: string;
  advenir?: boolean;
  advenirUrl?: string;
  advenirUser?: string;
  advenirUserId?: string;
  /** "immediate" or a daily time HH:MM (UTC). */
  advenirSchedule?: string;
  qualicharge?: boolean;
  qualichargeUrl?: string;
  qualichargeUser?: string;
  qualichargeSchedule?: string;
  /** JSON: {"CP001/1": "FRABCP0001", "CP002": "FRABCP0002"}. */
  points?: string;
  fallback?: string;
  /** How often closed transactions are read from the archive, min. */
  catchUpMin?: string | number;
}

export interface AdvenirCredentials {
  advenirPassword?: string;
  qualichargePassword?: string;
}

export interface ReportingSettings {
  sinks: Sink[];
  points: PointMappingOptions;
  catchUpMs: number;
}

function schedule(text: string | undefined, what: string, fallback: Schedule): Schedule {
  const t = (text ?? '').trim();
  if (!t) return fallback;
  if (t === 'immediate') return IMMEDIATE;
  try {
    return daily(t);
  } catch {
    throw new ConfigProblem(`${what} schedule must be "immediate" or a time HH:MM (UTC), got ${t}`);
  }
}

function url(text: string | undefined, what: string): string {
  const t = (text ?? '').trim();
  if (!/^https?:\/\/\S+$/.test(t)) throw new ConfigProblem(`${what} needs its URL (http:// or https://)`);
  return t;
}

export function reportingSettings(config: AdvenirNodeConfig, credentials: AdvenirCredentials): ReportingSettings {
  const sinks: Sink[] = [];
  if (config.advenir) {
    if (!config.advenirUser || !credentials.advenirPassword) throw new ConfigProblem('Advenir needs its user name and password');
    if (!config.advenirUserId?.trim()) throw new ConfigProblem('Advenir needs the operator\'s Advenir user id');
    sinks.push(new AdvenirSink({
      url: url(config.advenirUrl, 'Advenir'), username: config.advenirUser, password: credentials.advenirPassword, userId: config.advenirUserId.trim(),
      schedule: schedule(config.advenirSchedule, 'the Advenir', daily('02:00')),
    }));
  }
  if (config.qualicharge) {
    if (!config.qualichargeUser || !credentials.qualichargePassword) throw new ConfigProblem('QualiCharge needs its user name and password');
    sinks.push(new QualiChargeSink({
      baseUrl: url(config.qualichargeUrl, 'QualiCharge'), auth: { username: config.qualichargeUser, password: credentials.qualichargePassword },
      schedule: schedule(config.qualichargeSchedule, 'the QualiCharge', IMMEDIATE),
    }));
  }
  if (!sinks.length) throw new ConfigProblem('choose Advenir, QualiCharge or both');
  let points: Record<string, string> | undefined;
  if (config.points?.trim()) {
    try {
      points = JSON.parse(config.points) as Record<string, string>;
    } catch (err) {
      throw new ConfigProblem(`the charge point ids are not valid JSON: ${(err as Error).message}`);
    }
    if (typeof points !== 'object' || points === null || Array.isArray(points) || !Object.values(points).every((v) => typeof v === 'string')) {
      throw new ConfigProblem('the charge point ids must be {"station/evse" or "station": "id_pdc_itinerance"}');
    }
  }
  const fallback = config.fallback === 'station' ? 'station' : 'station-evse';
  return { sinks, points: { ...(points ? { points } : {}), fallback }, catchUpMs: configNumber(config.catchUpMin, 'catch-up interval', 1, 1440, 5) * 60_000 };
}
