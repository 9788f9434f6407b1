/**
 * The local list sync's per-station records: where each station's list stands, whether it has one at all, the work
 * under way; and their versions as the plain JSON a node persists.
 */
import type { LocalListSnapshot, LocalListStatus } from './local-list-types';

export interface StationRecord extends LocalListStatus {
  /** A GetLocalListVersion is due (after a boot or on request). */
  check: boolean;
  /** A sync loop is running for it. */
  busy: boolean;
  /** A run was asked for while one was going. */
  again: boolean;
  failures: number;
  /** A boot delay or a retry. */
  timer?: NodeJS.Timeout;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export class ListStations {
  private readonly records = new Map<string, StationRecord>();

  constructor(private readonly scope: string[] | '*' = '*') {}

  inScope(id: string): boolean {
    return this.scope === '*' || this.scope.includes(id);
  }

  /** The station's record, made at first sight. */
  get(id: string): StationRecord {
    let st = this.records.get(id);
    if (!st) this.records.set(id, (st = { supported: true, check: false, busy: false, again: false, failures: 0 }));
    return st;
  }

  /** A boot (or a request) starts over: the station may have gained list support (new firmware) or lost its list. */
  fresh(id: string): StationRecord {
    return Object.assign(this.get(id), { check: true, failures: 0, supported: true });
  }

  entries(): IterableIterator<[string, StationRecord]> {
    return this.records.entries();
  }

  stopTimers(): void {
    for (const st of this.records.values()) {
      clearTimeout(st.timer);
      st.timer = undefined;
    }
  }

  status(): Record<string, LocalListStatus> {
    return Object.fromEntries([...this.records].map(([id, { version, storeVersion, supported, lastSyncAt, lastError }]) => (
      [id, { version, storeVersion, supported, lastSyncAt, lastError }])));
  }

  snapshot(): LocalListSnapshot {
    const out: LocalListSnapshot = {};
    for (const [id, { version, storeVersion }] of this.records) {
      if (version !== undefined) out[id] = storeVersion === undefined ? { version } : { version, storeVersion };
    }
    return out;
  }

  /** Takes back a snapshot defensively: what a node kept may be old or hand-edited, so bad rows are skipped. */
  restore(data: unknown): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
    for (const [id, row] of Object.entries(data)) {
      if (typeof row !== 'object' || row === null || !this.inScope(id)) continue;
      const { version, storeVersion } = row as Record<string, unknown>;
      if (isCount(version)) Object.assign(this.get(id), { version, storeVersion: isCount(storeVersion) ? storeVersion : undefined });
    }
  }
}
