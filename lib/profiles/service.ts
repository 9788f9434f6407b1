/**
 * Charging profiles through a running CSMS: set one (checked first, sent only when nothing is wrong), clear, list
 * what a station holds, and compare the station's composite schedule with the one computed here. Keeps the record
 * of what each station holds (shared by every user of the same CSMS) and lets Tx profiles go with their transaction.
 */
import type { Csms } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import { CallError } from '../ocpp/errors';
import type { StationStore } from '../stations/store';
import { buildSetProfile, describeProblems, Placement, profileJson } from './builder';
import { compareComposite, compositeFromAnswer } from './compare';
import { ClearCriteria, InstalledProfiles, installedProfilesOf } from './installed';
import { getChargingProfilesRequest, ProfileFilter, readProfileReport, ReportedProfile } from './report';
import { CompositeSchedule, compositeSchedule } from './schedule';
import type { NeutralProfile } from '../ocpp/commands/profile-reader';
import type { ProfileTemplate } from './template';
import type { Profile, RateUnit, TxRef, Wiring } from './types';
import type { StationFacts } from './validate';

export type ProfileCsms = Pick<Csms, 'on' | 'off' | 'command' | 'call' | 'versionOf'> & { readonly store: Pick<StationStore, 'openTransactions'> }
  & Partial<Pick<Csms, 'userGroupOf'>>;

export interface ProfileServiceOptions {
  /** How the EVSEs are wired, to compare limits given in A and in W. */
  wiring: Wiring;
  /** How long to wait for a 2.0.1 station's ReportChargingProfiles after it accepted GetChargingProfiles. */
  reportTimeoutMs?: number;
}

/** A request that failed: `code` is what a Catch node sees (ValidationFailed, the station's status, ...). */
export class ProfileRequestError extends Error {
  constructor(readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ProfileRequestError';
  }
}

export interface ListResult {
  /** `station`: what a 2.0.1 station reported; `sent`: what was sent through this CSMS and accepted. */
  source: 'station' | 'sent';
  profiles: Array<Record<string, unknown>>;
  note?: string;
  unreadable?: string[];
}

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

// GetChargingProfiles ids shared by every service of the process, so two nodes on one station never mix reports.
let nextRequestId = 1;

/** What a station refused, with the reason code a 2.0.1 station may add. */
function refusal(stationId: string, action: string, response: unknown): ProfileRequestError {
  const answer = asRecord(response);
  const status = typeof answer.status === 'string' ? answer.status : 'Rejected';
  const info = asRecord(answer.statusInfo);
  const reason = typeof info.reasonCode === 'string' ? ` (${info.reasonCode}${typeof info.additionalInfo === 'string' ? `: ${info.additionalInfo}` : ''})` : '';
  return new ProfileRequestError(status, `${stationId} answered ${status} to ${action}${reason}`, { status, ...(answer.statusInfo ? { statusInfo: answer.statusInfo } : {}) });
}

function scheduleJson(s: CompositeSchedule | undefined): Record<string, unknown> | null {
  return s ? { start: new Date(s.start).toISOString(), duration: s.durationS, unit: s.unit, periods: s.periods } : null;
}

const matchesFilter = (f: ProfileFilter) => (p: Profile): boolean => (f.evseId === undefined || p.evseId === f.evseId)
  && (f.purpose === undefined || p.purpose === f.purpose) && (f.stackLevel === undefined || p.stackLevel === f.stackLevel);

export class ChargingProfileService {
  readonly installed: InstalledProfiles;
  private readonly onEvent = (e: OcppEvent): void => {
    if (e.type === 'transaction.ended' && typeof e.transactionId === 'string') this.installed.endTransaction(e.stationId, e.transactionId);
  };

  constructor(private readonly csms: ProfileCsms, private readonly options: ProfileServiceOptions) {
    this.installed = installedProfilesOf(csms);
  }

  start(): void {
    this.csms.on('event', this.onEvent);
  }

  stop(): void {
    this.csms.off('event', this.onEvent);
  }

  private versionOf(stationId: string): NonNullable<ReturnType<ProfileCsms['versionOf']>> {
    const version = this.csms.versionOf(stationId);
    if (!version) throw new ProfileRequestError('UnknownStation', `Unknown station ${stationId}`);
    return version;
  }

  /** The transactions running on the station's EVSEs, as the CSMS knows them. */
  private facts(stationId: string): StationFacts {
    const transactions = new Map<number, string[]>();
    for (const tx of this.csms.store.openTransactions(stationId)) {
      const evse = tx.evseId ?? tx.connectorId;
      if (evse !== undefined) transactions.set(evse, [...(transactions.get(evse) ?? []), tx.transactionId]);
    }
    return { version: this.versionOf(stationId), transactions };
  }

  private txRef(stationId: string, evseId: number): TxRef | undefined {
    const tx = this.csms.store.openTransactions(stationId).find((t) => (t.evseId ?? t.connectorId) === evseId);
    return tx ? { ids: [tx.transactionId], startedAt: Date.parse(tx.startedAt) } : undefined;
  }

  /**
   * Installs a template on an EVSE (a Tx profile for the transaction given, else the one running there). Refused
   * with every problem found, and nothing sent, when the rules or the profiles already there object.
   */
  async set(stationId: string, template: ProfileTemplate, at: Placement): Promise<Record<string, unknown>> {
    const station = this.facts(stationId);
    const placement = { ...at };
    if (template.purpose === 'Tx' && placement.transactionId === undefined) placement.transactionId = station.transactions?.get(at.evseId)?.[0];
    const build = buildSetProfile(template, placement, station, this.installed.list(stationId));
    if (build.problems.length > 0) {
      throw new ProfileRequestError('ValidationFailed', `profile ${template.id} was not sent to ${stationId}: ${describeProblems(build.problems)}`, { problems: build.problems });
    }
    let command = build.command;
    // 1.6 makes the id optional: a TxProfile that names none applies to the transaction running on the connector.
    // Named only when the caller named it, so a station that has not yet taken in the id from our StartTransaction
    // answer (it may read the next message first) does not refuse it; the record keeps the id all the same.
    if (station.version === '1.6' && at.transactionId === undefined && placement.transactionId !== undefined) {
      command = { ...command, profile: { ...(command.profile as NeutralProfile), transactionId: undefined } };
    }
    const { request, response } = await this.csms.command(stationId, command);
    if (asRecord(response).status !== 'Accepted') throw refusal(stationId, 'SetChargingProfile', response);
    const replaced = this.installed.record(stationId, build.profile).filter((id) => id !== build.profile.id);
    return { evseId: at.evseId, status: 'Accepted', profile: profileJson(build.profile), ...(replaced.length ? { replaced } : {}), request };
  }

  /** Clears by id, or by the criteria given (none: every profile the CSMS may clear). */
  async clear(stationId: string, c: ClearCriteria): Promise<Record<string, unknown>> {
    if (c.purpose === 'ExternalConstraints') {
      throw new ProfileRequestError('ValidationFailed', 'external constraints belong to an energy management system or the grid operator: the CSMS does not clear them');
    }
    if (c.id !== undefined && (c.evseId !== undefined || c.purpose !== undefined || c.stackLevel !== undefined)) {
      throw new ProfileRequestError('ValidationFailed', 'give either the id of the profile to clear or the criteria (evseId, purpose, stackLevel), not both: a station ignores the criteria when it has an id');
    }
    this.versionOf(stationId);
    const { request, response } = await this.csms.command(stationId, { command: 'clearChargingProfile', ...c });
    const status = String(asRecord(response).status);
    // Unknown: the station holds no such profile, so neither does the record any more.
    const cleared = status === 'Accepted' || status === 'Unknown' ? this.installed.clear(stationId, c) : [];
    return { status, cleared, request };
  }

  /** What a station holds: its own report on 2.0.1, what was sent and accepted on 1.6. */
  async list(stationId: string, filter: ProfileFilter): Promise<ListResult> {
    const sent = (note: string): ListResult => ({ source: 'sent', profiles: this.installed.list(stationId).filter(matchesFilter(filter)).map(profileJson), note });
    if (this.versionOf(stationId) === '1.6') return sent('OCPP 1.6 cannot ask a station for its profiles: these are the ones sent through this CSMS and accepted');
    let reports: ReportedProfile[];
    let unreadable: string[];
    try {
      ({ profiles: reports, unreadable } = await this.report(stationId, filter));
    } catch (err) {
      const code = (err as CallError).code;
      if (code === 'NotSupported' || code === 'NotImplemented') return sent(`${stationId} does not support GetChargingProfiles: these are the ones sent through this CSMS and accepted`);
      throw err;
    }
    const matches = matchesFilter(filter);
    this.installed.replace(stationId, [...this.installed.list(stationId).filter((p) => !matches(p)), ...reports.map((r) => r.profile)]);
    return {
      source: 'station', profiles: reports.map((r) => ({ ...profileJson(r.profile), source: r.source })),
      ...(unreadable.length ? { unreadable } : {}),
    };
  }

  /** Sends GetChargingProfiles and gathers the reports that answer it; listening starts before the request leaves. */
  private report(stationId: string, filter: ProfileFilter): Promise<{ profiles: ReportedProfile[]; unreadable: string[] }> {
    const requestId = nextRequestId++;
    const profiles: ReportedProfile[] = [];
    const unreadable: string[] = [];
    return new Promise((resolve, reject) => {
      let accepted = false;
      let complete = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (err?: Error): void => {
        this.csms.off('event', onReport);
        clearTimeout(timer);
        if (err) reject(err);
        else resolve({ profiles, unreadable });
      };
      const onReport = (e: OcppEvent): void => {
        if (e.type !== 'message' || e.stationId !== stationId || e.action !== 'ReportChargingProfiles' || asRecord(e.payload).requestId !== requestId) return;
        const read = readProfileReport(e.payload);
        profiles.push(...read.profiles);
        unreadable.push(...read.unreadable);
        complete = !read.toBeContinued;
        if (complete && accepted) finish();
      };
      this.csms.on('event', onReport);
      this.csms.call(stationId, 'GetChargingProfiles', getChargingProfilesRequest(requestId, filter)).then((response) => {
        const status = asRecord(response).status;
        if (status === 'NoProfiles') return finish();
        if (status !== 'Accepted') return finish(refusal(stationId, 'GetChargingProfiles', response));
        accepted = true;
        if (complete) return finish();
        const waitMs = this.options.reportTimeoutMs ?? 30_000;
        timer = setTimeout(() => finish(new ProfileRequestError('Timeout', `${stationId} accepted GetChargingProfiles but sent no complete report within ${waitMs / 1000} s`)), waitMs);
      }, (err: Error) => finish(err));
    });
  }

  /**
   * The station's composite schedule for an EVSE beside the one computed here from the profiles it holds, over the
   * same window, and where the two differ.
   */
  async composite(stationId: string, evseId: number, durationS: number, unit?: RateUnit): Promise<Record<string, unknown>> {
    const version = this.versionOf(stationId);
    const { request, response } = await this.csms.command(stationId, { command: 'getCompositeSchedule', evseId, duration: durationS, ...(unit ? { unit } : {}) });
    if (asRecord(response).status !== 'Accepted') throw refusal(stationId, 'GetCompositeSchedule', response);
    const theirs = compositeFromAnswer(version, response);
    const start = theirs?.start ?? Date.now();
    const { wiring } = this.options;
    const ours = compositeSchedule(this.installed.list(stationId), { evseId, at: start, durationS, unit: theirs?.unit ?? unit, wiring, tx: this.txRef(stationId, evseId) });
    // Without a schedule a side sets no limit: compared as an unlimited one.
    const unlimited: CompositeSchedule = { start, durationS, unit: 'W', periods: [{ startPeriod: 0, limit: Infinity }] };
    const differences = compareComposite(ours ?? unlimited, theirs ?? unlimited, wiring).map((d) => ({
      from: new Date(d.from).toISOString(), to: new Date(d.to).toISOString(),
      localW: Number.isFinite(d.localW) ? d.localW : null, stationW: Number.isFinite(d.stationW) ? d.stationW : null,
    }));
    return {
      evseId, duration: durationS, status: 'Accepted', stationSchedule: scheduleJson(theirs), localSchedule: scheduleJson(ours),
      matches: differences.length === 0, differences, request,
    };
  }
}
