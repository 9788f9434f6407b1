/**
 * One OCPP-J RPC connection over a WebSocket, symmetric: the CSMS and the simulator's stations both use it.
 * Rules: one outstanding CALL per direction (calls may cross), a bounded outbound queue, a call timeout,
 * incoming CALLs processed in arrival order, duplicate ids answered from a replay cache, every payload
 * validated in both directions.
 */
import { EventEmitter } from 'events';
import { randomBytes } from 'crypto';
import type WebSocket from 'ws';
import { CallError, OcppVersion, RpcError } from './errors';
import { Payload, callFrame, errorFrame, parseFrame, pruneEmpty, pruneNullish, resultFrame } from './frames';
import { Sender, actionsSentBy } from './actions';
import { OcppValidator } from './validator';
import { ReplayCache } from './replay-cache';
import { flushOutbox, post } from './outbox';

export interface IncomingCall {
  id: string;
  action: string;
  payload: Payload;
}

export type CallHandler = (call: IncomingCall) => Payload | Promise<Payload>;

export interface ConnectionOptions {
  version: OcppVersion;
  /** Who we are: incoming CALLs must be actions the other side may send. */
  role: Sender;
  validator: OcppValidator;
  handler: CallHandler;
  callTimeoutMs?: number;
  maxQueuedCalls?: number;
  replayCacheSize?: number;
  /** Incoming CALLs waiting behind the one being processed; more are refused with a CALLERROR. */
  maxPendingIncoming?: number;
}

interface OutgoingCall {
  action: string;
  payload: Payload;
  timeoutMs: number;
  resolve: (payload: Payload) => void;
  reject: (error: Error) => void;
  /** Runs from the moment the call is made, so time spent queued counts too. */
  timer?: NodeJS.Timeout;
}

interface InFlight extends OutgoingCall {
  id: string;
}

export interface TrafficRecord {
  direction: 'in' | 'out';
  frame: string;
}

export class RpcConnection extends EventEmitter {
  readonly version: OcppVersion;
  private readonly options: Required<ConnectionOptions>;
  private readonly peerActions: ReadonlySet<string>;
  private readonly ownActions: ReadonlySet<string>;
  private readonly replay: ReplayCache;
  private readonly queue: OutgoingCall[] = [];
  private inFlight: InFlight | undefined;
  private incoming: Promise<void> = Promise.resolve();
  private pendingIncoming = 0;
  private readonly idPrefix = randomBytes(4).toString('hex');
  private nextId = 0;
  private closed = false;

  constructor(private readonly socket: WebSocket, options: ConnectionOptions) {
    super();
    this.options = {
      callTimeoutMs: 30_000, maxQueuedCalls: 100, replayCacheSize: 32, maxPendingIncoming: 64, ...options,
    };
    this.version = options.version;
    this.ownActions = actionsSentBy(options.version, options.role);
    this.peerActions = actionsSentBy(options.version, options.role === 'csms' ? 'station' : 'csms');
    this.replay = new ReplayCache(this.options.replayCacheSize);
    socket.on('message', (data: WebSocket.RawData) => this.receive(data.toString()));
    // ws reports protocol violations (oversized or broken frames) as 'error' and then closes: never let one crash us.
    socket.on('error', (err) => this.emit('socketError', err));
    socket.once('close', () => this.shutdown(new CallError('Closed', 'Connection closed')));
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === 1;
  }

  /** Sends a CALL and resolves with the validated CALLRESULT payload; rejects with CallError. */
  call(action: string, payload: Payload, timeoutMs = this.options.callTimeoutMs): Promise<Payload> {
    if (!this.isOpen) return Promise.reject(new CallError('NotConnected', 'Connection is not open'));
    if (!this.ownActions.has(action)) {
      // Refused before anything is sent, like a payload the schema rejects.
      const known = this.options.validator.knows(this.version, action);
      const reason = known ? `${action} is not sent by the ${this.options.role} in OCPP ${this.version}` : `Unknown OCPP ${this.version} action ${action}`;
      return Promise.reject(new CallError('ValidationFailed', reason, [{ path: '', message: reason }]));
    }
    let body = pruneEmpty(payload ?? {});
    let failure = this.options.validator.validate(this.version, action, 'req', body);
    if (failure) {
      // OCPP-J omits empty *optional* values; an empty object the schema requires (2.0.1 GetChargingProfiles'
      // criterion that narrows nothing) must stay: then only the absent values go.
      const kept = pruneNullish(payload ?? {});
      if (!this.options.validator.validate(this.version, action, 'req', kept)) {
        body = kept;
        failure = undefined;
      }
    }
    if (failure) return Promise.reject(new CallError('ValidationFailed', failure.message, failure.issues));
    if (this.queue.length >= this.options.maxQueuedCalls) {
      return Promise.reject(new CallError('QueueFull', `More than ${this.options.maxQueuedCalls} calls waiting`));
    }
    return new Promise<Payload>((resolve, reject) => {
      const call: OutgoingCall = { action, payload: body, timeoutMs, resolve, reject };
      call.timer = setTimeout(() => this.expire(call), timeoutMs);
      this.queue.push(call);
      this.pump();
    });
  }

  close(code = 1000, reason = ''): void {
    flushOutbox();
    if (this.socket.readyState <= 1) this.socket.close(code, reason);
    this.shutdown(new CallError('Closed', 'Connection closed'));
  }

  private pump(): void {
    if (this.inFlight || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    const id = `${this.idPrefix}${(this.nextId++).toString(36)}`;
    this.inFlight = Object.assign(next, { id });
    this.send(callFrame(id, next.action, next.payload));
  }

  private expire(call: OutgoingCall): void {
    const queued = this.queue.indexOf(call);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (this.inFlight === call) this.inFlight = undefined;
    else return;
    call.reject(new CallError('Timeout', `No answer to ${call.action} within ${call.timeoutMs} ms`));
    this.pump();
  }

  private settle(id: string, outcome: (call: InFlight) => void): void {
    const call = this.inFlight;
    if (!call || call.id !== id) {
      this.emit('unexpected', { id, reason: 'answer to no outstanding call' });
      return;
    }
    clearTimeout(call.timer);
    this.inFlight = undefined;
    outcome(call);
    this.pump();
  }

  private receive(text: string): void {
    if (this.listenerCount('traffic') > 0) this.emit('traffic', { direction: 'in', frame: text } satisfies TrafficRecord);
    const frame = parseFrame(text, this.version);
    switch (frame.kind) {
      case 'call':
        return this.acceptCall(frame);
      case 'result':
        return this.settle(frame.id, (call) => {
          const failure = this.options.validator.validate(this.version, call.action, 'conf', frame.payload);
          if (failure) call.reject(new CallError('ValidationFailed', `Invalid ${call.action} answer: ${failure.message}`, failure.issues));
          else call.resolve(frame.payload);
        });
      case 'error':
        return this.settle(frame.id, (call) => call.reject(new CallError(frame.code, frame.description || frame.wireCode, frame.details)));
      case 'invalid':
        if (frame.replyTo !== undefined) {
          return this.settle(frame.replyTo, (call) => call.reject(new CallError(frame.code, `Malformed answer to ${call.action}: ${frame.description}`)));
        }
        if (frame.id !== undefined) this.send(errorFrame(frame.id, frame.code, this.version, frame.description));
        this.emit('unexpected', { id: frame.id, reason: frame.description });
    }
  }

  private acceptCall(call: IncomingCall): void {
    const seen = this.replay.get(call.id);
    if (seen !== undefined) {
      // A retry of an id already answered gets the same answer; one still in progress is answered once.
      if (seen !== null) this.send(seen);
      return;
    }
    if (this.pendingIncoming >= this.options.maxPendingIncoming) {
      this.send(errorFrame(call.id, 'GenericError', this.version, 'Too many calls waiting; send one CALL at a time'));
      return;
    }
    if (this.pendingIncoming === 0) {
      // Fast path: nothing queued ahead and an answer available at once keeps the call off the promise chain.
      const answer = this.answer(call);
      if (typeof answer === 'string') return this.finish(call.id, answer);
      this.replay.begin(call.id);
      this.pendingIncoming++;
      this.incoming = this.settleIncoming(call.id, answer);
      return;
    }
    this.replay.begin(call.id);
    this.pendingIncoming++;
    // Calls that arrive while one is being answered wait their turn, so a station's messages keep their order.
    this.incoming = this.settleIncoming(call.id, this.incoming.then(() => this.answer(call)));
  }

  private settleIncoming(id: string, answer: Promise<string>): Promise<void> {
    return answer
      .then((frame) => this.finish(id, frame))
      .catch((err) => { this.emit('handlerError', err); })
      .finally(() => { this.pendingIncoming--; });
  }

  private finish(id: string, frame: string): void {
    this.replay.answer(id, frame);
    this.send(frame);
  }

  /** The answer frame to a CALL: at once when the handler answers synchronously, else a promise of it. */
  private answer(call: IncomingCall): string | Promise<string> {
    const { validator } = this.options;
    if (!this.peerActions.has(call.action)) {
      const known = validator.knows(this.version, call.action);
      return errorFrame(call.id, known ? 'NotSupported' : 'NotImplemented', this.version,
        known ? `${call.action} is not sent by this side` : `Unknown action ${call.action}`.slice(0, 255));
    }
    const invalid = validator.validate(this.version, call.action, 'req', call.payload);
    if (invalid) return errorFrame(call.id, invalid.code, this.version, invalid.message, { errors: invalid.issues.slice(0, 5) });
    let result: Payload | Promise<Payload>;
    try {
      result = this.options.handler(call);
    } catch (err) {
      return this.failure(call, err);
    }
    if (result instanceof Promise) return result.then((r) => this.result(call, r), (err) => this.failure(call, err));
    return this.result(call, result);
  }

  private result(call: IncomingCall, payload: Payload): string {
    const result = pruneEmpty(payload);
    const wrong = this.options.validator.validate(this.version, call.action, 'conf', result);
    if (wrong) {
      this.emit('handlerError', new Error(`Our ${call.action} answer is invalid: ${wrong.message}`));
      return errorFrame(call.id, 'InternalError', this.version, 'Could not build a valid answer');
    }
    return resultFrame(call.id, result);
  }

  private failure(call: IncomingCall, err: unknown): string {
    if (err instanceof RpcError) return errorFrame(call.id, err.code, this.version, err.message, err.details);
    this.emit('handlerError', err);
    return errorFrame(call.id, 'InternalError', this.version, 'Internal error while processing the call');
  }

  private send(frame: string): void {
    if (this.socket.readyState !== 1) return;
    if (this.listenerCount('traffic') > 0) this.emit('traffic', { direction: 'out', frame } satisfies TrafficRecord);
    post(this.socket, frame);
  }

  private shutdown(reason: CallError): void {
    if (this.closed) return;
    this.closed = true;
    const pending = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const call of pending) {
      clearTimeout(call.timer);
      call.reject(reason);
    }
    this.emit('close');
  }
}
