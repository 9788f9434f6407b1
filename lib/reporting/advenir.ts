/**
 * Advenir sink. Advenir publishes no API: the only public trace of a direct one (an unofficial 2018 script) PUTs
 * JSON with HTTP Basic auth, nested as advenir user UUID → charge point → list of { transactionId: {
 * StartTransaction, StopTransaction (unix s), StartValue, StopValue (Wh) } }. That is the default body; the
 * template option replaces it once Avere-France or the roaming platform confirms the real one.
 */
import { basicAuth, nodeTransport, type Transport } from './http';
import type { ReportRecord, SessionRecord } from './model';
import { classifyError, classifyResponse, type Outcome } from './outcome';
import { daily, type Schedule } from './schedule';
import type { Sink, Verdict } from './sink';

export interface AdvenirTransaction {
  StartTransaction: number;
  StopTransaction: number;
  StartValue: number;
  StopValue: number;
}

export type AdvenirOperations = Record<string, Record<string, Array<Record<string, AdvenirTransaction>>>>;

export interface AdvenirContext {
  /** The operator's Advenir user UUID. */
  userId: string;
}

/** Builds the request body for one batch; may return any JSON value. */
export type AdvenirTemplate = (records: SessionRecord[], context: AdvenirContext) => unknown;

export interface AdvenirOptions {
  /** e.g. the trace's `https://mon.advenir.mobi/api/operation/put` (unconfirmed). */
  url: string;
  username: string;
  password: string;
  userId: string;
  /** PUT by default, as in the trace: resending a transaction id replaces it, which is what makes retries safe. */
  method?: 'PUT' | 'POST';
  /** Daily batch at 02:00 UTC by default; IMMEDIATE for per-session sending. */
  schedule?: Schedule;
  maxBatch?: number;
  template?: AdvenirTemplate;
  timeoutMs?: number;
  name?: string;
  transport?: Transport;
}

const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * Register readings of a record. Without a meter start the session is laid out from 0; without a meter stop the
 * stop is the start plus the energy, so StopValue − StartValue is always the energy reported elsewhere.
 */
export function meterValues(record: SessionRecord): { startWh: number; stopWh: number } {
  const startWh = record.meterStartWh ?? 0;
  const stopWh = record.meterStartWh !== undefined && record.meterStopWh !== undefined ? record.meterStopWh : startWh + record.energyWh;
  return { startWh, stopWh };
}

export function advenirOperations(records: SessionRecord[], context: AdvenirContext): AdvenirOperations {
  const points: Record<string, Array<Record<string, AdvenirTransaction>>> = {};
  for (const record of records) {
    const { startWh, stopWh } = meterValues(record);
    (points[record.idPdc] ??= []).push({
      [record.transactionId]: {
        StartTransaction: unixSeconds(record.start),
        StopTransaction: unixSeconds(record.end),
        StartValue: startWh,
        StopValue: stopWh,
      },
    });
  }
  return { [context.userId]: points };
}

export class AdvenirSink implements Sink {
  readonly name: string;
  readonly accepts = ['session'] as const;
  readonly schedule: Schedule;
  readonly maxBatch: number;
  readonly idempotent: boolean;
  readonly onUncertain = 'hold' as const;
  private readonly transport: Transport;

  constructor(private readonly options: AdvenirOptions) {
    this.name = options.name ?? 'advenir';
    this.schedule = options.schedule ?? daily('02:00');
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
    // A POST to an unknown API may add a copy each time: only PUT counts as idempotent.
    this.idempotent = (options.method ?? 'PUT') === 'PUT';
    this.transport = options.transport ?? nodeTransport;
  }

  check(record: ReportRecord): Verdict {
    if (record.kind !== 'session') return { reject: 'Advenir takes charging sessions only' };
    if (!record.idPdc) return { reject: 'no charge point id' };
    return {};
  }

  async send(records: ReportRecord[]): Promise<Outcome> {
    const sessions = records.filter((r): r is SessionRecord => r.kind === 'session');
    try {
      const template = this.options.template ?? advenirOperations;
      const body = JSON.stringify(template(sessions, { userId: this.options.userId }));
      const response = await this.transport({
        method: this.options.method ?? 'PUT',
        url: this.options.url,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: basicAuth(this.options.username, this.options.password) },
        body,
        timeoutMs: this.options.timeoutMs ?? 30_000,
      });
      return classifyResponse(response);
    } catch (err) {
      return classifyError(err);
    }
  }
}
