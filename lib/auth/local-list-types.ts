/** The local list sync's outside shapes: what it needs of the CSMS, its options, its status and its events. */
import type { EventEmitter } from 'events';
import type { Csms } from '../ocpp/csms';
import type { EntryOf } from './local-list-plan';

// Csms's own on/off return a Csms, which no test fake could be; any EventEmitter's do.
export type LocalListCsms = Pick<Csms, 'command' | 'isConnected'> & Pick<EventEmitter, 'on' | 'off'>;

export interface LocalListOptions {
  /** Stations that get lists; default all. */
  stations?: string[] | '*';
  /** Entries per SendLocalList (stations cap it: SendLocalListMaxLength, LocalAuthListCtrlr.ItemsPerMessage). */
  chunkSize?: number;
  timeoutMs?: number;
  /** A badge's entry; default: the store's decision, refused badges kept with their status. */
  entryOf?: EntryOf;
  /** Changes closer together than this go out as one update. */
  coalesceMs?: number;
  /** Wait before the one retry after a failure. */
  retryMs?: number;
  /** Wait after an accepted boot, so our first CALL does not overtake the BootNotification answer. */
  bootDelayMs?: number;
}

/** Where a station's list stands: the version it holds and the store version whose content that is. */
export interface StationListVersion {
  version: number;
  /** Absent when the list is partial (a Full cut short), which only a Full repairs. */
  storeVersion?: number;
}

/** What a node persists: each station's list version, plain JSON. */
export type LocalListSnapshot = Record<string, StationListVersion>;

export interface LocalListStatus extends Partial<StationListVersion> {
  /** False after the station said it has no local list, until its next boot. */
  supported: boolean;
  lastSyncAt?: string;
  lastError?: string;
}

export interface SyncedEvent {
  stationId: string;
  /** The list version the station now holds. */
  version: number;
  /** The store version its list reflects (lower than version while the station runs ahead of a young store). */
  storeVersion: number;
  updateType: 'Full' | 'Differential';
  entries: number;
}

export interface FailedEvent { stationId: string; reason: string }
