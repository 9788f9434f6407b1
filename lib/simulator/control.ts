/**
 * What a station does when the CSMS commands it, in version-neutral terms: the command handlers of each version
 * read the request, call one of these, and write the answer. Follow-ups run on short timers, after the answer.
 */
import { Charging, StartRequest } from './charging';
import { Connector } from './connector';
import { BootReason } from './dialect';
import { CompositeSchedule, compositeSchedule } from '../profiles/schedule';
import { ChargingProfile, ProfilePurpose, RateUnit } from './profiles';
import { StationRuntime } from './runtime';

export interface ControlHooks {
  /** Drop the connection and come back with a BootNotification, as after a reboot. */
  reboot(reason: BootReason): Promise<void>;
  /** Send a BootNotification now (TriggerMessage). */
  boot(reason: BootReason): Promise<unknown>;
}

export type ResetMode = 'Hard' | 'Soft' | 'Immediate' | 'OnIdle';
export type TriggerStatus = 'Accepted' | 'Rejected' | 'NotImplemented';

// A real station answers, then takes a moment before it reboots; short enough for tests.
const RESET_DELAY_MS = 50;
// Pace of the firmware and log upload steps.
const STEP_MS = 30;

export class Control {
  constructor(private readonly rt: StationRuntime, private readonly charging: Charging, private readonly hooks: ControlHooks) {}

  /** Free for a new session with this idTag: operative, no transaction, not reserved for someone else, no EV left from before. */
  isFree(c: Connector, idTag: string): boolean {
    const { rt } = this;
    return rt.online && rt.stationOperative && c.operative && !c.faulted && !c.tx && !c.starting && !c.finished
      && (!c.reservation || c.reservation.idTag === idTag);
  }

  /** Accepts a remote start if the connector (or, without one, any connector) is free, then starts on it. */
  remoteStart(connectorId: number | undefined, request: StartRequest): boolean {
    const candidates = connectorId === undefined
      ? [...this.rt.connectors].sort((a, b) => Number(b.plugged) - Number(a.plugged))
      : [this.rt.connector(connectorId)];
    const c = candidates.find((x): x is Connector => !!x && this.isFree(x, request.idTag));
    if (!c) return false;
    c.starting = true;
    this.rt.later(() => this.charging.startRemote(c, request));
    return true;
  }

  remoteStop(transactionId: string): boolean {
    const c = this.rt.connectors.find((x) => x.tx && !x.tx.stopping && (x.tx.id === transactionId || x.tx.localId === transactionId));
    if (!c) return false;
    this.rt.later(() => this.charging.stop(c, 'Remote'));
    return true;
  }

  reset(mode: ResetMode): 'Accepted' | 'Scheduled' {
    if (mode === 'OnIdle' && this.rt.connectors.some((c) => c.tx)) {
      this.charging.onIdle = () => {
        this.charging.onIdle = undefined;
        this.rt.later(() => this.hooks.reboot('RemoteReset'), RESET_DELAY_MS);
      };
      return 'Scheduled';
    }
    const reason = mode === 'Soft' ? 'SoftReset' : 'HardReset';
    this.rt.later(async () => {
      await this.charging.stopAll(reason).catch((err) => this.rt.reportError(err));
      await this.hooks.reboot('RemoteReset');
    }, RESET_DELAY_MS);
    return 'Accepted';
  }

  /** connectorId 0 is the whole station. A charging connector turns unavailable when its transaction ends. */
  changeAvailability(connectorId: number, operative: boolean): 'Accepted' | 'Scheduled' | 'Rejected' {
    const apply = (c: Connector): 'Accepted' | 'Scheduled' => {
      if (!operative && c.tx) {
        c.pendingOperative = false;
        return 'Scheduled';
      }
      c.pendingOperative = undefined;
      c.operative = operative;
      this.charging.sync(c);
      return 'Accepted';
    };
    if (connectorId === 0) {
      this.rt.stationOperative = operative;
      const results = this.rt.connectors.map(apply);
      this.rt.refreshStation();
      return results.includes('Scheduled') ? 'Scheduled' : 'Accepted';
    }
    const c = this.rt.connector(connectorId);
    return c ? apply(c) : 'Rejected';
  }

  /** 1.6 ends a running transaction first (stopsTransaction); 2.0.1 refuses to unlock under a transaction. */
  unlock(connectorId: number, stopsTransaction: boolean): 'Unlocked' | 'UnknownConnector' | 'OngoingAuthorizedTransaction' {
    const c = this.rt.connector(connectorId);
    if (!c) return 'UnknownConnector';
    if (c.tx) {
      if (!stopsTransaction) return 'OngoingAuthorizedTransaction';
      this.rt.later(() => this.charging.stop(c, 'UnlockCommand'));
    }
    return 'Unlocked';
  }

  reserve(connectorId: number | undefined, id: number, idTag: string, expiresAt: number): 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable' {
    const c = connectorId === undefined
      ? this.rt.connectors.find((x) => x.state === 'Available' || x.reservation?.id === id)
      : this.rt.connector(connectorId);
    if (!c) return connectorId === undefined ? 'Occupied' : 'Rejected';
    const state = c.state;
    if (state === 'Faulted') return 'Faulted';
    if (state === 'Unavailable') return 'Unavailable';
    const renewal = c.reservation?.id === id;
    if (!renewal && state !== 'Available') return 'Occupied';
    if (renewal && (c.tx || c.plugged)) return 'Occupied';
    this.rt.timers.cancel(c.reservation?.timer);
    const timer = this.rt.timers.after(expiresAt - Date.now(), () => this.expire(c, id));
    c.reservation = { id, idTag, expiresAt, timer };
    this.rt.refreshStatus(c);
    return 'Accepted';
  }

  cancelReservation(id: number): boolean {
    const c = this.rt.connectors.find((x) => x.reservation?.id === id);
    if (!c) return false;
    this.rt.timers.cancel(c.reservation?.timer);
    c.reservation = undefined;
    this.rt.refreshStatus(c);
    return true;
  }

  private expire(c: Connector, id: number): void {
    if (c.reservation?.id !== id) return;
    c.reservation = undefined;
    this.rt.refreshStatus(c);
    if (this.rt.dialect.version === '2.0.1' && this.rt.online) {
      this.rt.send({ action: 'ReservationStatusUpdate', payload: { reservationId: id, reservationUpdateStatus: 'Expired' } });
    }
  }

  /** Installs a profile if it fits the connector and its transaction; the new cap applies at once. */
  setProfile(profile: ChargingProfile): boolean {
    const { evseId: connectorId, purpose } = profile;
    if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > this.rt.connectors.length) return false;
    if (purpose === 'StationMax' && connectorId !== 0) return false;
    if (profile.periods.length === 0) return false;
    let installed = profile;
    if (purpose === 'Tx') {
      const tx = this.rt.connector(connectorId)?.tx;
      if (!tx) return false;
      if (profile.transactionId !== undefined && profile.transactionId !== tx.id && profile.transactionId !== tx.localId) return false;
      installed = { ...profile, transactionId: profile.transactionId ?? tx.localId };
    }
    this.rt.profiles.install(installed);
    this.limitsChanged();
    return true;
  }

  clearProfiles(match: { id?: number; evseId?: number; purpose?: ProfilePurpose; stackLevel?: number }): boolean {
    const removed = this.rt.profiles.clear(match);
    if (removed > 0) this.limitsChanged();
    return removed > 0;
  }

  /** Undefined (Rejected) for an unknown connector or when no profile limits it. */
  composite(connectorId: number, durationS: number, unit?: RateUnit): CompositeSchedule | undefined {
    const { rt } = this;
    const c = rt.connector(connectorId);
    if (connectorId !== 0 && !c) return undefined;
    const hardware = rt.opts.maxPowerW * (c ? 1 : rt.connectors.length);
    const wiring = { voltageV: rt.opts.voltageV, phases: rt.opts.phases };
    return compositeSchedule(rt.profiles.list(), { evseId: connectorId, at: Date.now(), durationS, unit, wiring, hardwareW: hardware, tx: c ? rt.txRef(c) : undefined });
  }

  private limitsChanged(): void {
    for (const c of this.rt.connectors) this.charging.sync(c, c.powerW);
  }

  /** Sends the requested message after the answer. connectorId 0 or undefined means every connector. */
  trigger(message: string, connectorId?: number): TriggerStatus {
    const { rt } = this;
    const one = connectorId ? rt.connector(connectorId) : undefined;
    if (connectorId && !one) return 'Rejected';
    const targets = one ? [one] : rt.connectors;
    switch (message) {
      case 'BootNotification':
        rt.later(() => this.hooks.boot('Triggered'));
        return 'Accepted';
      case 'Heartbeat':
        rt.later(() => rt.send(rt.dialect.heartbeat()));
        return 'Accepted';
      case 'StatusNotification':
        rt.later(() => {
          if (!one) rt.refreshStation(true);
          for (const c of targets) {
            c.sentStatus = undefined;
            rt.refreshStatus(c);
          }
        });
        return 'Accepted';
      case 'MeterValues':
        rt.later(() => targets.forEach((c) => {
          c.advance();
          rt.send(rt.dialect.meterValues(c.id, rt.samples(c), Date.now(), c.tx));
        }));
        return 'Accepted';
      case 'TransactionEvent': {
        const charging = targets.filter((c) => c.tx && !c.tx.stopping);
        if (charging.length === 0) return 'Rejected';
        rt.later(() => charging.forEach((c) => this.charging.report(c)));
        return 'Accepted';
      }
      case 'FirmwareStatusNotification':
        rt.later(() => rt.send(rt.dialect.firmwareStatus(rt.firmware.status, rt.firmware.requestId)));
        return 'Accepted';
      case 'DiagnosticsStatusNotification':
        rt.later(() => rt.send(rt.dialect.uploadStatus(rt.upload.requestId === undefined ? rt.upload.status : 'Idle')));
        return 'Accepted';
      case 'LogStatusNotification':
        rt.later(() => rt.send(rt.dialect.uploadStatus(rt.upload.status, rt.upload.requestId)));
        return 'Accepted';
      default:
        return 'NotImplemented';
    }
  }

  /** GetDiagnostics (no requestId) or GetLog: answers with a file name, then reports Uploading and Uploaded. */
  upload(requestId?: number): string {
    const { rt } = this;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const fileName = `${rt.opts.identity}-${requestId === undefined ? 'diagnostics' : 'log'}-${stamp}.log`;
    this.steps(['Uploading', 'Uploaded'], 0, (status) => {
      rt.upload = { status, requestId };
      rt.send(rt.dialect.uploadStatus(status, requestId));
    }, () => { rt.upload = { status: 'Idle' }; });
    return fileName;
  }

  /** Downloads and installs once the retrieve date has come. */
  updateFirmware(retrieveAt: number | undefined, requestId?: number): void {
    const { rt } = this;
    const wait = Math.max(0, (retrieveAt ?? Date.now()) - Date.now());
    this.steps(['Downloading', 'Downloaded', 'Installing', 'Installed'], wait, (status) => {
      rt.firmware = { status, requestId };
      rt.send(rt.dialect.firmwareStatus(status, requestId));
    }, () => { rt.firmware = { status: 'Idle' }; });
  }

  /** Full replaces the list; Differential needs a newer version than the one held. */
  sendLocalList(version: number, full: boolean, entries: Array<{ idTag: string; status?: string }>): 'Accepted' | 'VersionMismatch' {
    const held = this.rt.localList;
    if (!full && version <= held.version) return 'VersionMismatch';
    if (full) held.entries.clear();
    for (const e of entries) {
      if (e.status) held.entries.set(e.idTag, e.status);
      else held.entries.delete(e.idTag);
    }
    held.version = version;
    return 'Accepted';
  }

  private steps(statuses: string[], firstDelay: number, step: (status: string) => void, done: () => void): void {
    const next = (i: number): void => {
      if (i === statuses.length) return done();
      step(statuses[i]);
      this.rt.later(() => next(i + 1), STEP_MS);
    };
    this.rt.later(() => next(0), firstDelay + STEP_MS);
  }
}
