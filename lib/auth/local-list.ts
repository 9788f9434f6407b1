/**
 * Keeps each station's OCPP local authorization list in step with the TagStore, so that an offline station decides
 * badges as the park would. A station's list is checked at each accepted boot (a Full when it is not exactly where
 * we left it), and store changes go out as differentials carrying only what changed since the station's version.
 */
import { EventEmitter } from 'events';
import type { OcppEvent } from '../ocpp/events';
import type { Payload } from '../ocpp/frames';
import { keyOf, Tag, TagChange, TagStore } from './tags';
import { EntryOf, ListMessage, LocalListEntry, defaultEntryOf, grants, listMessages } from './local-list-plan';
import { ListStations, StationRecord } from './local-list-stations';
import type { FailedEvent, LocalListCsms, LocalListOptions, LocalListSnapshot, LocalListStatus, SyncedEvent } from './local-list-types';

export type { EntryOf, LocalListEntry } from './local-list-plan';
export type { FailedEvent, LocalListCsms, LocalListOptions, LocalListSnapshot, LocalListStatus, SyncedEvent } from './local-list-types';

interface Plan { updateType: 'Full' | 'Differential'; storeVersion: number; messages: ListMessage[]; entries: number }

type Answer = { ok: true; response: Payload } | { ok: false; code: string; reason: string };

// The station cannot be reached now; its next boot starts over, a retry would only fail again.
const GONE = new Set(['NotConnected', 'Closed', 'UnknownStation']);
const UNSUPPORTED = new Set(['NotSupported', 'NotImplemented']);

export class LocalListSync extends EventEmitter {
  private readonly stations: ListStations;
  /** The store version each badge last changed at since start(): what a differential has to carry. */
  private readonly changedAt = new Map<string, number>();
  /** Badges the lists let charge, to notice one that stops being so: station caches must then forget it. */
  private readonly granted = new Set<string>();
  private readonly entryOf: EntryOf;
  /** Store version at start(); changes before it are unknown, so a station behind it needs a Full. */
  private since = 0;
  private running = false;
  private flushTimer?: NodeJS.Timeout;
  private clearDue = false;

  constructor(private readonly csms: LocalListCsms, private readonly tags: TagStore, private readonly options: LocalListOptions = {}) {
    super();
    this.entryOf = options.entryOf ?? defaultEntryOf(tags);
    this.stations = new ListStations(options.stations);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.since = this.tags.version;
    this.changedAt.clear();
    this.granted.clear();
    for (const tag of this.tags.list()) if (grants(this.entryOf(tag))) this.granted.add(keyOf(tag.idTag));
    this.csms.on('event', this.onEvent);
    this.tags.on('change', this.onChange);
  }

  stop(): void {
    this.running = false;
    this.csms.off('event', this.onEvent);
    this.tags.off('change', this.onChange);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.stations.stopTimers();
  }

  /** Checks a station's list now and brings it in step: one that was online before start(), or an operator's request. */
  sync(stationId: string): void {
    if (!this.stations.inScope(stationId)) return;
    this.stations.fresh(stationId);
    void this.run(stationId);
  }

  /** Empties a station's authorization cache, which may still accept a badge its list now refuses. */
  async clearCache(stationId: string): Promise<string> {
    const { response } = await this.csms.command(stationId, { command: 'clearCache' }, this.options.timeoutMs);
    const status = typeof response.status === 'string' ? response.status : 'Unknown';
    this.emit('cacheCleared', { stationId, status });
    return status;
  }

  status(): Record<string, LocalListStatus> {
    return this.stations.status();
  }

  snapshot(): LocalListSnapshot {
    return this.stations.snapshot();
  }

  restore(data: unknown): void {
    this.stations.restore(data);
  }

  private readonly onEvent = (event: OcppEvent): void => {
    if (!this.stations.inScope(event.stationId)) return;
    // Known from its connection on, so change bursts and cache clearing reach it even before its next boot.
    if (event.type === 'station.connected') this.stations.get(event.stationId);
    if (event.type !== 'station.booted' || event.status !== 'Accepted') return;
    this.later(event.stationId, this.stations.fresh(event.stationId), this.options.bootDelayMs ?? 1000);
  };

  private readonly onChange = (change: TagChange): void => {
    const changed = new Set(change.tags.map((t) => keyOf(t.idTag)));
    // A badge is decided as its parent when the parent is blocked or expired: its entry changes with the parent's.
    const affected = this.tags.list().filter((t) => changed.has(keyOf(t.idTag)) || (t.parentId !== undefined && changed.has(keyOf(t.parentId))));
    for (const tag of affected) {
      const key = keyOf(tag.idTag);
      this.changedAt.set(key, change.version);
      const grantsNow = grants(this.entryOf(tag));
      if (this.granted.has(key) && !grantsNow) this.clearDue = true;
      if (grantsNow) this.granted.add(key);
      else this.granted.delete(key);
    }
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.coalesceMs ?? 200);
  };

  private flush(): void {
    this.flushTimer = undefined;
    const clear = this.clearDue;
    this.clearDue = false;
    for (const [id, st] of this.stations.entries()) {
      if (!this.csms.isConnected(id)) continue;
      // A pending boot check or retry will see the change when it runs.
      if (!st.timer) {
        st.failures = 0;
        void this.run(id);
      }
      // After the list update in the station's queue: a cleared cache must not fall back on the old list entry.
      if (clear) this.clearQuietly(id);
    }
  }

  private clearQuietly(id: string): void {
    this.clearCache(id).then(
      (status) => { if (status !== 'Accepted') this.emit('warn', `${id}: ClearCache ${status}`); },
      (err: unknown) => this.emit('warn', `${id}: ClearCache failed: ${reasonOf(err)}`),
    );
  }

  /** Works a station until its list is in step, it fails, or it goes away; one loop per station at a time. */
  private async run(id: string): Promise<void> {
    const st = this.stations.get(id);
    if (st.busy) {
      st.again = true;
      return;
    }
    st.busy = true;
    st.again = false;
    try {
      while (this.running && st.supported && this.csms.isConnected(id)) {
        const plan = st.check ? undefined : this.plan(st);
        if (!st.check && !plan) break;
        if (!(plan ? await this.send(id, st, plan) : await this.check(id, st))) break;
      }
    } finally {
      st.busy = false;
    }
    // A boot or a change came while the loop was ending (on the old connection's failure, say); a timer will run it.
    if (st.again && !st.timer) void this.run(id);
  }

  private async check(id: string, st: StationRecord): Promise<boolean> {
    const answer = await this.ask(id, { command: 'getLocalListVersion' });
    if (!answer.ok) return this.failed(id, st, answer.code, answer.reason);
    const reported = answer.response.listVersion ?? answer.response.versionNumber;
    if (typeof reported !== 'number') return this.failed(id, st, 'Failed', 'GetLocalListVersion answered no version');
    // 1.6 answers -1 when the station has no local list at all.
    if (reported < 0) return this.failed(id, st, 'NotSupported', 'the station has no local authorization list');
    st.check = false;
    // An empty store and an empty list agree (and a Full could not be numbered 0).
    if (reported === 0 && this.tags.size === 0) Object.assign(st, { version: 0, storeVersion: this.tags.version });
    // Missed changes count as out of step too: a boot is the moment to make sure, with a Full.
    else if (reported !== st.version || st.storeVersion !== this.tags.version) Object.assign(st, { version: reported, storeVersion: undefined });
    return true;
  }

  private plan(st: StationRecord): Plan | undefined {
    const now = this.tags.version;
    const at = st.storeVersion;
    const chunkSize = this.options.chunkSize ?? 500;
    if (st.version !== undefined && at === now) return undefined;
    if (st.version === undefined || at === undefined || at < this.since || at > now) {
      const entries = this.tags.list().flatMap((t) => this.entryOf(t) ?? []);
      return { updateType: 'Full', storeVersion: now, messages: listMessages('Full', entries, chunkSize, now), entries: entries.length };
    }
    // A burst is still gathering; its flush runs the station again.
    if (this.flushTimer) return undefined;
    const entries = [...this.changedAt].filter(([, v]) => v > at).flatMap(([key]) => this.removableEntry(this.tags.get(key)));
    return { updateType: 'Differential', storeVersion: now, messages: listMessages('Differential', entries, chunkSize, now, st.version), entries: entries.length };
  }

  /** In a differential a badge left off the list must be named alone, which removes it from the station's list. */
  private removableEntry(tag: Tag | undefined): LocalListEntry[] {
    return tag ? [this.entryOf(tag) ?? { idTag: tag.idTag }] : [];
  }

  private async send(id: string, st: StationRecord, plan: Plan): Promise<boolean> {
    for (const [i, m] of plan.messages.entries()) {
      const answer = await this.ask(id, { command: 'sendLocalList', listVersion: m.listVersion, updateType: m.updateType, entries: m.entries });
      if (!answer.ok) return this.failed(id, st, answer.code, answer.reason);
      const status = typeof answer.response.status === 'string' ? answer.response.status : 'Failed';
      if (status === 'Accepted') {
        // Until the last message the list is partial: only a Full can repair it if we stop halfway.
        Object.assign(st, { version: m.listVersion, storeVersion: i === plan.messages.length - 1 ? plan.storeVersion : undefined });
        continue;
      }
      if (status === 'VersionMismatch' && plan.updateType === 'Differential') {
        // The station's list is not the one we think: start over with a Full (the loop plans it next).
        this.emit('warn', `${id}: differential at version ${m.listVersion} refused (VersionMismatch), sending a Full`);
        st.storeVersion = undefined;
        return true;
      }
      return this.failed(id, st, status, `SendLocalList ${m.updateType} at version ${m.listVersion}: ${status}`);
    }
    Object.assign(st, { failures: 0, lastSyncAt: new Date().toISOString(), lastError: undefined });
    const version = plan.messages[plan.messages.length - 1].listVersion;
    this.emit('synced', { stationId: id, version, storeVersion: plan.storeVersion, updateType: plan.updateType, entries: plan.entries } satisfies SyncedEvent);
    return true;
  }

  private failed(id: string, st: StationRecord, code: string, reason: string): false {
    st.lastError = reason;
    if (UNSUPPORTED.has(code)) {
      st.supported = false;
    } else if (!GONE.has(code) && ++st.failures === 1) {
      const ms = this.options.retryMs ?? 60_000;
      this.emit('warn', `${id}: ${reason}; retrying in ${ms} ms`);
      this.later(id, st, ms);
      return false;
    }
    this.emit('failed', { stationId: id, reason } satisfies FailedEvent);
    return false;
  }

  private async ask(id: string, command: { command: string; [param: string]: unknown }): Promise<Answer> {
    try {
      const { response } = await this.csms.command(id, command, this.options.timeoutMs);
      return { ok: true, response };
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'Error';
      return { ok: false, code, reason: `${command.command}: ${reasonOf(err)}` };
    }
  }

  private later(id: string, st: StationRecord, ms: number): void {
    clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.run(id);
    }, ms);
  }
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
