/**
 * The charges the engine follows: running ones (the facts a Session is built from) and ended ones with their CDR.
 * A CDR is made once, when its transaction ends, and never changes afterwards (mod_cdrs.asciidoc: a correction is
 * a credit CDR plus a new one), so a station repeating its stop cannot alter what a partner was billed.
 */
import type { ChargeFacts } from '../objects/sessions';
import { cdrId, cdrOf } from '../objects/sessions';
import type { OcpiSiteSpec } from '../objects/site';

export type EndedFacts = ChargeFacts & { stoppedAt: string };

export interface CdrRecord {
  id: string;
  cdr: Record<string, unknown>;
  facts: EndedFacts;
  /** Per partner name, the URL its Location header gave for the posted CDR (where it can be fetched back). */
  locations: Record<string, string>;
}

export interface EndReport {
  energyWh?: number;
  at: string;
  /** What the end event knows when the start was never seen (the engine started while it ran). */
  evseId?: number;
  idTag?: string;
  startedAt?: string;
}

const keyOf = (stationId: string, transactionId: string): string => `${stationId}\u0000${transactionId}`;

export class ChargeBook {
  private readonly live = new Map<string, ChargeFacts>();
  /** Insertion order is creation order, which is the order the spec wants lists in. */
  private readonly cdrs = new Map<string, CdrRecord>();

  constructor(private readonly maxCdrs = 10_000) {}

  running(stationId: string, transactionId: string): ChargeFacts | undefined {
    return this.live.get(keyOf(stationId, transactionId));
  }

  runningList(): ChargeFacts[] {
    return [...this.live.values()];
  }

  /** A new charge; undefined when it is known already (a repeated start, or one restored from the state file). */
  start(facts: ChargeFacts): ChargeFacts | undefined {
    const key = keyOf(facts.stationId, facts.transactionId);
    if (this.live.has(key) || this.cdrs.has(cdrId(facts.stationId, facts.transactionId))) return undefined;
    this.live.set(key, facts);
    return facts;
  }

  /** New energy reading; the register never goes back, so a late, lower reading is ignored. */
  update(stationId: string, transactionId: string, energyWh: number | undefined, at: string): ChargeFacts | undefined {
    const facts = this.live.get(keyOf(stationId, transactionId));
    if (!facts) return undefined;
    if (energyWh !== undefined && energyWh >= facts.energyWh) facts.energyWh = energyWh;
    if (Date.parse(at) > Date.parse(facts.updatedAt)) facts.updatedAt = at;
    return facts;
  }

  /** Ends a charge and makes its CDR; undefined when its CDR exists already or nothing is known to make one. */
  end(stationId: string, transactionId: string, report: EndReport, site: OcpiSiteSpec): CdrRecord | undefined {
    const key = keyOf(stationId, transactionId);
    const id = cdrId(stationId, transactionId);
    if (this.cdrs.has(id)) return undefined;
    const known = this.live.get(key);
    const base: ChargeFacts | undefined = known ?? (report.evseId !== undefined && report.startedAt
      ? { stationId, transactionId, evseId: report.evseId, startedAt: report.startedAt, energyWh: 0, updatedAt: report.at, ...(report.idTag ? { idTag: report.idTag } : {}) }
      : undefined);
    if (!base) return undefined;
    this.live.delete(key);
    const facts: EndedFacts = { ...base, stoppedAt: report.at, updatedAt: report.at, energyWh: Math.max(base.energyWh, report.energyWh ?? 0) };
    const record: CdrRecord = { id, cdr: cdrOf(facts, site), facts, locations: {} };
    this.cdrs.set(id, record);
    this.prune();
    return record;
  }

  cdr(id: string): CdrRecord | undefined {
    return this.cdrs.get(id);
  }

  cdrList(): CdrRecord[] {
    return [...this.cdrs.values()];
  }

  snapshot(): { running: ChargeFacts[]; cdrs: CdrRecord[] } {
    return structuredClone({ running: this.runningList(), cdrs: this.cdrList() });
  }

  /** From a state file: unreadable entries are dropped rather than failing the whole restore. */
  restore(snapshot: { running?: unknown; cdrs?: unknown }): void {
    this.live.clear();
    this.cdrs.clear();
    for (const f of Array.isArray(snapshot.running) ? snapshot.running : []) {
      if (isFacts(f)) this.live.set(keyOf(f.stationId, f.transactionId), f);
    }
    for (const r of Array.isArray(snapshot.cdrs) ? snapshot.cdrs : []) {
      if (isRecord(r)) this.cdrs.set(r.id, { ...r, locations: r.locations ?? {} });
    }
    this.prune();
  }

  private prune(): void {
    for (const id of this.cdrs.keys()) {
      if (this.cdrs.size <= this.maxCdrs) break;
      this.cdrs.delete(id);
    }
  }
}

function isFacts(value: unknown): value is ChargeFacts {
  const f = value as Partial<ChargeFacts> | null;
  return typeof f === 'object' && f !== null && typeof f.stationId === 'string' && typeof f.transactionId === 'string'
    && typeof f.evseId === 'number' && typeof f.startedAt === 'string' && typeof f.energyWh === 'number' && typeof f.updatedAt === 'string';
}

function isRecord(value: unknown): value is CdrRecord {
  const r = value as Partial<CdrRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.cdr === 'object' && r.cdr !== null
    && isFacts(r.facts) && typeof r.facts.stoppedAt === 'string';
}
