/**
 * The connection life of a station: connect, boot until accepted (honouring Pending and Rejected), heartbeat,
 * reconnect with backoff after a drop without booting again (J16 §5.4, P4 §5.3), and reboot on a Reset.
 */
import type WebSocket from 'ws';
import { CallHandler, RpcConnection } from '../ocpp/connection';
import { sharedValidator } from '../ocpp/validator';
import { BootAnswer, BootReason } from './dialect';
import { StationStoppedError } from './outbox';
import { StationRuntime } from './runtime';
import { DEFAULT_HEARTBEAT_S } from './settings';
import { closeSocket, openSocket } from './socket';

// Retry of a BootNotification the CSMS answered without a usable interval, and the pause of a reboot.
const BOOT_RETRY_S = 10;
const REBOOT_MS = 100;
const MAX_BACKOFF_STEPS = 6;

export class Lifecycle {
  private socket?: WebSocket;
  private opening?: Promise<unknown>;
  /** Counts sockets, so work of a closed session stops when it notices a newer one. */
  private session = 0;
  private running = false;
  private needsBoot = true;
  private bootReason: BootReason = 'PowerUp';
  private rebooting = false;
  private failures = 0;
  private heartbeat?: NodeJS.Timeout;
  private booted?: { resolve: () => void; reject: (err: Error) => void };

  constructor(private readonly rt: StationRuntime, private readonly handler: CallHandler) {}

  async start(): Promise<void> {
    const { identity } = this.rt.opts;
    if (this.running) throw new Error(`${identity} is already started`);
    this.running = true;
    this.needsBoot = true;
    this.bootReason = 'PowerUp';
    const booted = new Promise<void>((resolve, reject) => { this.booted = { resolve, reject }; });
    try {
      await this.connect();
    } catch (err) {
      this.booted = undefined;
      await this.stop();
      throw err;
    }
    return booted;
  }

  async stop(): Promise<void> {
    const { rt } = this;
    this.running = false;
    rt.timers.clear();
    this.heartbeat = undefined;
    this.booted?.reject(new StationStoppedError(rt.opts.identity));
    this.booted = undefined;
    await this.opening?.catch(() => undefined);
    rt.outbox.rejectAll(new StationStoppedError(rt.opts.identity));
    const socket = this.socket;
    if (socket) await closeSocket(socket);
    rt.timers.clear();
  }

  disconnect(): void {
    this.socket?.terminate();
  }

  /** Sends a BootNotification; an Accepted answer completes a pending boot or just renews the heartbeat interval. */
  async bootOnce(reason: BootReason): Promise<BootAnswer> {
    const { rt } = this;
    const answer = rt.dialect.readBoot(await rt.call(rt.dialect.boot(rt.opts, reason)));
    rt.emit('boot', answer);
    if (answer.status !== 'Accepted') return answer;
    rt.settings.set('heartbeatS', answer.intervalS > 0 ? answer.intervalS : DEFAULT_HEARTBEAT_S);
    if (this.needsBoot && rt.connected) {
      this.needsBoot = false;
      rt.accepted = true;
      rt.emit('booted', { status: answer.status, intervalS: answer.intervalS });
      this.booted?.resolve();
      this.booted = undefined;
      rt.reportStatuses(true);
      void rt.outbox.flush();
    }
    this.startHeartbeat();
    return answer;
  }

  startHeartbeat(): void {
    const { rt } = this;
    rt.timers.cancel(this.heartbeat);
    this.heartbeat = undefined;
    const seconds = rt.settings.values.heartbeatS;
    if (!rt.online || seconds <= 0) return;
    this.heartbeat = rt.timers.every(seconds * 1000, () => rt.send(rt.dialect.heartbeat()));
  }

  /** Comes back with a BootNotification, as a rebooted station does; statuses are all sent again after it. */
  async reboot(reason: BootReason): Promise<void> {
    if (!this.running) return;
    this.needsBoot = true;
    this.bootReason = reason;
    this.rebooting = true;
    for (const c of this.rt.connectors) {
      this.rt.timers.cancel(c.reservation?.timer);
      c.reservation = undefined;
    }
    const socket = this.socket;
    if (socket) await closeSocket(socket);
    else this.rt.later(() => this.reconnect(), REBOOT_MS);
  }

  /** stop() waits for an opening in progress, including the close of a socket that opened too late. */
  private async connect(): Promise<void> {
    const opening = this.open();
    this.opening = opening;
    try {
      await opening;
    } finally {
      if (this.opening === opening) this.opening = undefined;
    }
  }

  private async open(): Promise<void> {
    const socket = await openSocket(this.rt.opts);
    if (this.running) this.attach(socket);
    else await closeSocket(socket);
  }

  private attach(socket: WebSocket): void {
    const { rt } = this;
    const session = ++this.session;
    this.socket = socket;
    this.failures = 0;
    this.rebooting = false;
    const conn = new RpcConnection(socket, {
      version: rt.opts.version, role: 'station', validator: sharedValidator(), callTimeoutMs: rt.opts.callTimeoutMs,
      handler: this.handler,
    });
    conn.on('handlerError', (err) => rt.reportError(err));
    socket.on('error', (err) => rt.reportError(err));
    socket.once('close', () => this.closed(session));
    rt.conn = conn;
    rt.emit('connected');
    void this.opened(session);
  }

  private async opened(session: number): Promise<void> {
    const { rt } = this;
    if (!this.needsBoot) {
      rt.accepted = true;
      rt.reportStatuses(false);
      this.startHeartbeat();
      void rt.outbox.flush();
      return;
    }
    while (this.running && this.session === session && this.needsBoot) {
      let answer: BootAnswer | undefined;
      try {
        answer = await this.bootOnce(this.bootReason);
      } catch (err) {
        if (this.session !== session || !rt.connected) return;
        rt.reportError(err);
      }
      if (!this.needsBoot) return;
      const waitS = answer && answer.intervalS > 0 ? answer.intervalS : BOOT_RETRY_S;
      if (!(await rt.timers.sleep(waitS * 1000))) return;
    }
  }

  private closed(session: number): void {
    const { rt } = this;
    if (session !== this.session) return;
    rt.conn = undefined;
    rt.accepted = false;
    this.socket = undefined;
    rt.timers.cancel(this.heartbeat);
    this.heartbeat = undefined;
    rt.emit('disconnected');
    if (!this.running) return;
    if (!this.rebooting && !rt.opts.reconnect) {
      this.booted?.reject(new Error(`${rt.opts.identity}: the connection closed before the CSMS accepted the boot`));
      this.booted = undefined;
      void this.stop();
      return;
    }
    rt.later(() => this.reconnect(), this.rebooting ? REBOOT_MS : this.backoff());
  }

  private async reconnect(): Promise<void> {
    if (!this.running) return;
    try {
      await this.connect();
    } catch (err) {
      this.rt.reportError(err);
      if (this.running) this.rt.later(() => this.reconnect(), this.backoff());
    }
  }

  /** Doubles per failure up to a ceiling, plus a random part so a park does not reconnect in lockstep (P4 §5.3). */
  private backoff(): number {
    const base = this.rt.opts.reconnectDelayMs;
    const step = Math.min(this.failures++, MAX_BACKOFF_STEPS);
    return base * 2 ** step + this.rt.random.next() * base;
  }
}
