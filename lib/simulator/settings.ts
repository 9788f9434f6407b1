/**
 * The behaviour settings both configuration surfaces write to: 1.6 configuration keys and 2.0.1 variables name the
 * same few knobs differently, and the station reacts to a change the same way whichever named it.
 */
import { SUPPORTED_MEASURANDS } from './meter';

export interface SettingValues {
  /** Heartbeat period, s; from the boot answer, then HeartbeatInterval. */
  heartbeatS: number;
  /** Periodic meter values during a transaction, ms (MeterValueSampleInterval / TxUpdatedInterval are in s). */
  meterIntervalMs: number;
  /** What periodic meter values contain. */
  measurands: string[];
  /** Authorize the idTag of a remote start before starting (AuthorizeRemoteTxRequests / AuthorizeRemoteStart). */
  authorizeRemoteStart: boolean;
  /** End the transaction when the EV unplugs (StopTransactionOnEVSideDisconnect / StopTxOnEVSideDisconnect). */
  stopOnEVSideDisconnect: boolean;
}

export type SettingName = keyof SettingValues;

// What a station uses until the CSMS says otherwise (boot interval 0, for instance).
export const DEFAULT_HEARTBEAT_S = 300;

export class StationSettings {
  readonly values: SettingValues;

  constructor(meterIntervalMs: number, private readonly changed: (name: SettingName) => void) {
    this.values = {
      heartbeatS: DEFAULT_HEARTBEAT_S,
      meterIntervalMs,
      measurands: [...SUPPORTED_MEASURANDS],
      authorizeRemoteStart: false,
      stopOnEVSideDisconnect: true,
    };
  }

  set<K extends SettingName>(name: K, value: SettingValues[K]): void {
    const before = this.values[name];
    this.values[name] = value;
    if (JSON.stringify(before) !== JSON.stringify(value)) this.changed(name);
  }
}

/** Seconds as a configuration value shows them; a sub-second test interval still reads as sampling. */
export function secondsOf(ms: number): string {
  return ms <= 0 ? '0' : String(Math.max(1, Math.round(ms / 1000)));
}

/** Parses a non-negative integer value; undefined when it is not one. */
export function parseCount(text: string): number | undefined {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

export function parseBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** A comma-separated list of measurands we can sample; undefined if one is unknown. */
export function parseMeasurands(text: string): string[] | undefined {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const known = new Set<string>(SUPPORTED_MEASURANDS);
  return items.every((m) => known.has(m)) ? items : undefined;
}
