/** What flows ask of evc-advenir (msg.payload), checked; every refusal says what was wrong. */
import type { JournalEntry } from '../../lib/reporting';

export type ReportingRequest =
  | { kind: 'summary' }
  | { kind: 'entries'; filter: { sink?: string; state?: JournalEntry['state'] } }
  | { kind: 'export'; sink: string; separator: ',' | ';' }
  | { kind: 'retry'; sink?: string; id: string }
  | { kind: 'confirm'; sink: string; id: string; remoteId?: string }
  | { kind: 'catchUp' };

const STATES: ReadonlyArray<JournalEntry['state']> = ['queued', 'sent', 'uncertain', 'acknowledged', 'failed'];

export const REPORTING_USAGE = 'msg.payload must be {summary: true}, {entries: true, sink?, state?}, {export: sink, separator?: "," | ";"}, '
  + '{retry: id | "failed", sink}, {confirm: id, sink, remoteId?} or {catchUp: true}';

export function readReportingRequest(payload: unknown, sinks: readonly string[]): ReportingRequest | string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return REPORTING_USAGE;
  const p = payload as Record<string, unknown>;
  const sink = (value: unknown, required: boolean): string | undefined | Error => {
    if (value === undefined && !required) return undefined;
    return typeof value === 'string' && sinks.includes(value) ? value : new Error(`sink must be one of ${sinks.join(', ')}`);
  };
  if (p.summary !== undefined) return { kind: 'summary' };
  if (p.entries !== undefined) {
    const s = sink(p.sink, false);
    if (s instanceof Error) return s.message;
    if (p.state !== undefined && !STATES.includes(p.state as JournalEntry['state'])) return `state must be one of ${STATES.join(', ')}`;
    return { kind: 'entries', filter: { ...(s ? { sink: s } : {}), ...(p.state ? { state: p.state as JournalEntry['state'] } : {}) } };
  }
  if (p.export !== undefined) {
    const s = sink(p.export, true);
    if (s instanceof Error || s === undefined) return `export must name a sink: ${sinks.join(', ')}`;
    return { kind: 'export', sink: s, separator: p.separator === ';' ? ';' : ',' };
  }
  if (p.retry !== undefined) {
    if (typeof p.retry !== 'string' || !p.retry) return 'retry must be a record id or "failed"';
    const s = sink(p.sink, p.retry !== 'failed');
    if (s instanceof Error) return s.message;
    return { kind: 'retry', id: p.retry, ...(s ? { sink: s } : {}) };
  }
  if (p.confirm !== undefined) {
    const s = sink(p.sink, true);
    if (typeof p.confirm !== 'string' || !p.confirm) return 'confirm must be a record id';
    if (s instanceof Error || s === undefined) return `sink must be one of ${sinks.join(', ')}`;
    return { kind: 'confirm', id: p.confirm, sink: s, ...(typeof p.remoteId === 'string' ? { remoteId: p.remoteId } : {}) };
  }
  if (p.catchUp !== undefined) return { kind: 'catchUp' };
  return REPORTING_USAGE;
}
