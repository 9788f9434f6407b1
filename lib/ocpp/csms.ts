/**
 * The CSMS engine: the OCPP server, the station registry and live state, the driver's own answers, the calls
 * left to the flow, version-neutral events out and commands in. No Node-RED here: the nodes wrap this.
 */
import { EventEmitter } from 'events';
import { CallError, OcppVersion, RpcError } from './errors';
import { Payload } from './frames';
import { RpcConnection, IncomingCall } from './connection';
import { OcppServer, Handshake, HandshakeFailure, SecurityProfile, TlsOptions } from './server';
import type { ThrottleOptions } from './auth-throttle';
import { profileSetBy } from './security-profile';
import { TokenBucket } from './token-bucket';
import { BootStatus, StationRegistry } from './registry';
import { BootAdmission } from './boot-admission';
import { sharedValidator, ValidationIssue } from './validator';
import { OcppEvent, StationMode } from './events';
import { formatTimestamp } from './time';
import { normalizeCall } from './normalize';
import { NeutralCommand, translateCommand } from './commands';
import { AnswerPolicy, DataTransferStatus, FLOW_ANSWERABLE, IdTagStatus, defaultAnswer, mergeFlowAnswer } from './driver/answers';
import { FlowAnswers } from './driver/flow-answers';
import { Authorizer, BadgeContext, BadgeSource, BadgeVerdict, TokenDecision, TokenRequest, tokenOf } from './driver/tokens';
import { StationStore } from '../stations/store';

export type FlowAnswerable = 'Authorize' | 'StartTransaction' | 'StopTransaction' | 'TransactionEvent';

export interface CsmsOptions {
  port?: number;
  host?: string;
  path?: string;
  protocols?: OcppVersion[];
  securityProfile?: SecurityProfile;
  tls?: TlsOptions;
  /** Security profile 3: the name the stations' client certificates carry as O. */
  operatorName?: string;
  /** Basic-auth brute-force limits. */
  throttle?: ThrottleOptions;
  /** Open connections at most (503 beyond). */
  maxConnections?: number;
  /** Handshakes per second at most (503 with Retry-After beyond): spreads a reconnect storm. */
  handshakesPerSecond?: number;
  /** BootNotifications accepted a second at most; the others are answered Pending with their turn as the interval. */
  bootsPerSecond?: number;
  /** CALLs a second one station may send on average (twice as many at once); beyond, a GenericError it retries later. */
  messagesPerSecond?: number;
  registry?: { open?: boolean; bootUnknown?: BootStatus; stations?: Array<{ identity: string; password?: string; boot?: BootStatus }> };
  heartbeatIntervalS?: number;
  pingIntervalMs?: number;
  callTimeoutMs?: number;
  maxPayload?: number;
  /** Actions the flow answers (through evc-ocpp-response) instead of the driver. */
  flowAnswers?: Partial<Record<FlowAnswerable, boolean>>;
  flowTimeoutMs?: number;
  defaultIdTagStatus?: IdTagStatus;
  dataTransferStatus?: DataTransferStatus;
  /** Where live state is persisted; none = in memory only. */
  stateFile?: string;
}

/** One incoming CALL as the flow sees it (evc-ocpp-in). */
export interface IncomingMessage {
  stationId: string;
  version: OcppVersion;
  action: string;
  messageId: string;
  payload: Payload;
  /** True when the flow must answer through evc-ocpp-response. */
  needsResponse: boolean;
  events: OcppEvent[];
}

export interface CommandResult {
  action: string;
  request: Payload;
  response: Payload;
}

/** One OCPP exchange, a CALL and its outcome, as the raw message log keeps it ('exchange' events). */
export interface Exchange {
  stationId: string;
  version: OcppVersion;
  /** Who sent the CALL. */
  origin: 'station' | 'csms';
  action: string;
  /** The station's message id; empty for our own calls (the connection numbers them). */
  messageId: string;
  request: Payload;
  response?: Payload;
  error?: { code: string; message: string };
  at: string;
  answeredAt: string;
}

export type RespondOutcome = { outcome: 'sent' | 'late' } | { outcome: 'invalid'; issues: ValidationIssue[]; message: string };

interface Session {
  connection: RpcConnection;
  version: OcppVersion;
  bootStatus?: BootStatus;
  rate?: TokenBucket;
  /** When the station last heard it was over its rate, for a warning a minute at most. */
  warnedAt?: number;
}

export class Csms extends EventEmitter {
  readonly registry: StationRegistry;
  readonly store: StationStore;
  private readonly options: CsmsOptions;
  private readonly server: OcppServer;
  private readonly sessions = new Map<string, Session>();
  private readonly flowAnswers = new FlowAnswers();
  private authorizer?: Authorizer;
  private groupOf?: (idTag: string) => string | undefined;
  private readonly badgeSources = new Set<BadgeSource>();
  private readonly validator = sharedValidator();
  private requestIds = 1;
  /** While set, station CALLs wait for it (state being restored after a restart). */
  private gate?: Promise<void>;
  private readonly admission?: BootAdmission;

  constructor(options: CsmsOptions = {}) {
    super();
    this.options = options;
    this.registry = new StationRegistry({ open: options.registry?.open ?? true, bootUnknown: options.registry?.bootUnknown });
    for (const s of options.registry?.stations ?? []) this.registry.add(s.identity, s.password, s.boot);
    if (options.bootsPerSecond) this.admission = new BootAdmission(options.bootsPerSecond);
    this.store = new StationStore(options.stateFile);
    this.store.on('error', (err) => this.emit('warn', `state file: ${String(err)}`));
    this.server = new OcppServer({
      port: options.port ?? 9220, host: options.host, path: options.path, protocols: options.protocols,
      securityProfile: options.securityProfile, tls: options.tls, registry: this.registry, operatorName: options.operatorName,
      pingIntervalMs: options.pingIntervalMs, maxPayload: options.maxPayload, throttle: options.throttle,
      maxConnections: options.maxConnections, handshakesPerSecond: options.handshakesPerSecond,
      profileFloor: (identity) => this.store.get(identity)?.securityProfile,
    });
    this.server.on('connection', (h: Handshake) => this.attach(h));
    this.server.on('handshakeFailed', (f: HandshakeFailure) => this.emit('handshakeFailed', f));
  }

  async start(): Promise<number> {
    this.store.load();
    return this.server.listen();
  }

  async stop(): Promise<void> {
    this.flowAnswers.releaseAll();
    await this.server.close();
    this.sessions.clear();
    this.store.flush();
  }

  get port(): number {
    return this.server.port;
  }

  isConnected(stationId: string): boolean {
    return this.sessions.get(stationId)?.connection.isOpen ?? false;
  }

  versionOf(stationId: string): OcppVersion | undefined {
    return this.sessions.get(stationId)?.version ?? this.store.get(stationId)?.version;
  }

  get connectedCount(): number {
    return this.sessions.size;
  }

  /** Sends a raw OCPP CALL in the station's version and resolves with its answer. */
  call(stationId: string, action: string, payload: Payload, timeoutMs?: number): Promise<Payload> {
    const session = this.sessions.get(stationId);
    if (!session) {
      const known = this.store.get(stationId) || this.registry.get(stationId);
      return Promise.reject(known
        ? new CallError('NotConnected', `Station ${stationId} is not connected`)
        : new CallError('UnknownStation', `Unknown station ${stationId}`));
    }
    const refused = this.loweringProblem(stationId, action, payload);
    if (refused) return Promise.reject(new CallError('SecurityError', refused));
    const timeout = timeoutMs ?? this.options.callTimeoutMs ?? 30_000;
    return this.logged(stationId, session.version, 'csms', action, '', payload, () => session.connection.call(action, payload, timeout));
  }

  /**
   * Holds station CALLs until the promise settles (the archive restoring state after a restart): they are answered
   * late rather than from a state that is about to change.
   */
  defer(until: Promise<unknown>): void {
    const gate: Promise<void> = Promise.all([this.gate, until]).then(() => undefined, () => undefined).then(() => {
      if (this.gate === gate) this.gate = undefined;
    });
    this.gate = gate;
  }

  /** Translates a version-neutral command for the station's version, sends it and resolves with its answer. */
  async command(stationId: string, command: NeutralCommand, timeoutMs?: number): Promise<CommandResult> {
    const version = this.versionOf(stationId);
    if (!version) throw new CallError('UnknownStation', `Unknown station ${stationId}`);
    const { action, payload } = translateCommand(version, command, {
      openTransactions: this.store.openTransactions(stationId),
      nextId: () => this.requestIds++,
    });
    const response = await this.call(stationId, action, payload, timeoutMs);
    return { action, request: payload, response };
  }

  modeOf(stationId: string): StationMode {
    return this.store.modeOf(stationId);
  }

  /** Switches a station between automatic and manual mode (service continuity); announced as a station.mode event. */
  setMode(stationId: string, mode: StationMode): void {
    if (mode !== 'auto' && mode !== 'manual') throw new CallError('ValidationFailed', `mode must be 'auto' or 'manual', got ${String(mode)}`);
    if (!this.store.get(stationId) && !this.registry.get(stationId)) throw new CallError('UnknownStation', `Unknown station ${stationId}`);
    if (this.store.modeOf(stationId) === mode) return;
    this.store.setMode(stationId, mode);
    const version = this.versionOf(stationId) ?? '2.0.1';
    this.publish({ type: 'station.mode', stationId, version, timestamp: formatTimestamp(), mode });
  }

  /** The flow's answer to a CALL left to it; validated first, the default goes out instead if it is invalid. */
  respond(stationId: string, messageId: string, payload: Payload): RespondOutcome {
    const version = this.versionOf(stationId);
    const action = this.flowAnswers.waitingAction(stationId, messageId);
    if (!action || !version) return { outcome: 'late' };
    const probe = mergeFlowAnswer(version, action, payload, { ...this.policy(stationId), transactionId: 1 });
    const failure = this.validator.validate(version, action, 'conf', probe);
    if (failure) {
      this.flowAnswers.answer(stationId, messageId, undefined);
      return { outcome: 'invalid', issues: failure.issues, message: failure.message };
    }
    return { outcome: this.flowAnswers.answer(stationId, messageId, payload) };
  }

  /** Services that act on 2.0.1 charging needs; while one runs, the stations are told a schedule will come. */
  private chargingNeedsUsers = 0;

  /** Says that something acts on the EVs' charging needs until the returned function is called. */
  useChargingNeeds(): () => void {
    this.chargingNeedsUsers++;
    let released = false;
    return () => {
      if (!released) this.chargingNeedsUsers--;
      released = true;
    };
  }

  /**
   * Who decides on the badges stations present (lib/auth's tag store); the default status when none. One at a
   * time: returns what removes it again.
   */
  useAuthorizer(authorizer: Authorizer, userGroupOf?: (idTag: string) => string | undefined): () => void {
    if (this.authorizer) throw new Error('another authorizer already answers this CSMS\'s badges');
    this.authorizer = authorizer;
    this.groupOf = userGroupOf;
    return () => {
      if (this.authorizer !== authorizer) return;
      this.authorizer = undefined;
      this.groupOf = undefined;
    };
  }

  /**
   * Adds a source of badges from outside the park (evc-ocpi's roaming tokens). The authorizer asks the sources
   * for badges its own store does not hold; with no authorizer, the CSMS asks them itself and a badge none knows
   * gets the default status. Returns what removes the source again.
   */
  addBadgeSource(source: BadgeSource): () => void {
    this.badgeSources.add(source);
    return () => { this.badgeSources.delete(source); };
  }

  /** The first source's verdict on a badge, undefined when none knows it; a promise when a source must ask. */
  badgeFromSources(idTag: string, at: BadgeContext = {}): BadgeVerdict | undefined | Promise<BadgeVerdict | undefined> {
    const ask = (sources: BadgeSource[]): BadgeVerdict | undefined | Promise<BadgeVerdict | undefined> => {
      for (const [i, source] of sources.entries()) {
        const verdict = source(idTag, at);
        if (verdict instanceof Promise) return verdict.then((v) => v ?? ask(sources.slice(i + 1)));
        if (verdict) return verdict;
      }
      return undefined;
    };
    return ask([...this.badgeSources]);
  }

  /** The user group (category) the authorizer knows a badge by: its tag store's, or its directory's. */
  userGroupOf(idTag: string): string | undefined {
    return this.groupOf?.(idTag);
  }

  private policy(stationId: string): AnswerPolicy {
    return {
      chargingNeedsStatus: this.chargingNeedsUsers > 0 ? 'Accepted' : 'Rejected',
      heartbeatIntervalS: this.options.heartbeatIntervalS ?? 300,
      defaultIdTagStatus: this.options.defaultIdTagStatus ?? 'Accepted',
      dataTransferStatus: this.options.dataTransferStatus ?? 'UnknownVendorId',
      bootStatus: this.registry.bootStatus(stationId),
    };
  }

  /** Why a CALL that sets the station's security profile may not go: it would lower it. */
  private loweringProblem(stationId: string, action: string, payload: Payload): string | undefined {
    const wanted = profileSetBy(action, payload);
    if (wanted === undefined) return undefined;
    const current = Math.max(this.store.get(stationId)?.securityProfile ?? 0, this.options.securityProfile ?? 0);
    return wanted >= current ? undefined : `${stationId} uses security profile ${current}: it may be raised, never lowered to ${String(wanted)}`;
  }

  /** Renewed server certificates, taken without dropping the stations connected. */
  reloadTls(tls: TlsOptions): void {
    this.server.reloadTls(tls);
  }

  private attach({ identity, version, socket, remoteAddress, securityProfile }: Handshake): void {
    const previous = this.sessions.get(identity);
    const connection = new RpcConnection(socket, {
      version, role: 'csms', validator: this.validator,
      callTimeoutMs: this.options.callTimeoutMs ?? 30_000,
      handler: (call) => this.handle(identity, session, call),
    });
    const rate = this.options.messagesPerSecond;
    const session: Session = { connection, version, ...(rate ? { rate: new TokenBucket(rate, 2 * rate) } : {}) };
    this.sessions.set(identity, session);
    // A reconnect with the same identity replaces the old socket (the station lost it; we may not know yet).
    if (previous) previous.connection.close(1000, 'Replaced by a new connection');
    connection.on('handlerError', (err) => this.emit('warn', `${identity}: ${String(err)}`));
    connection.on('close', () => {
      if (this.sessions.get(identity) !== session) return;
      this.sessions.delete(identity);
      const at = formatTimestamp();
      this.store.disconnected(identity, at);
      this.publish({ type: 'station.disconnected', stationId: identity, version, timestamp: at });
    });
    const at = formatTimestamp();
    this.store.connected(identity, version, remoteAddress, at, securityProfile);
    this.publish({ type: 'station.connected', stationId: identity, version, timestamp: at, remoteAddress });
  }

  /** Answers a station's CALL: synchronously when the driver answers, through the flow (a promise) otherwise. */
  private handle(stationId: string, session: Session, call: IncomingCall): Payload | Promise<Payload> {
    if (session.rate && !session.rate.take()) {
      if (!session.warnedAt || Date.now() - session.warnedAt > 60_000) {
        session.warnedAt = Date.now();
        this.emit('warn', `${stationId} sends more than ${this.options.messagesPerSecond} messages a second: the excess is refused`);
      }
      throw new RpcError('GenericError', `more than ${this.options.messagesPerSecond} messages a second: try again later`);
    }
    return this.whenOpen(stationId, session, call);
  }

  /** Answers the call once no restore holds calls back (a restore begun meanwhile holds it again); `handle` counted its rate. */
  private whenOpen(stationId: string, session: Session, call: IncomingCall): Payload | Promise<Payload> {
    if (this.gate) return this.gate.then(() => this.whenOpen(stationId, session, call));
    return this.logged(stationId, session.version, 'station', call.action, call.id, call.payload, () => this.answer(stationId, session, call));
  }

  /**
   * Runs one exchange and, when someone listens (the archive's raw log), reports it with its outcome as an
   * 'exchange' event. A synchronous answer stays synchronous.
   */
  private logged<T extends Payload | Promise<Payload>>(
    stationId: string, version: OcppVersion, origin: Exchange['origin'], action: string, messageId: string, request: Payload, run: () => T,
  ): T {
    if (this.listenerCount('exchange') === 0) return run();
    const at = formatTimestamp();
    const log = (response?: Payload, err?: Error & { code?: string }) => this.emit('exchange', {
      stationId, version, origin, action, messageId, request, response, at, answeredAt: formatTimestamp(),
      error: err ? { code: err.code ?? 'InternalError', message: err.message } : undefined,
    } satisfies Exchange);
    let outcome: T;
    try {
      outcome = run();
    } catch (err) {
      log(undefined, err as Error);
      throw err;
    }
    if (!(outcome instanceof Promise)) {
      log(outcome as Payload);
      return outcome;
    }
    return outcome.then((r) => { log(r); return r; }, (err: Error) => { log(undefined, err); throw err; }) as T;
  }

  private answer(stationId: string, session: Session, call: IncomingCall): Payload | Promise<Payload> {
    const { version } = session;
    const receivedAt = formatTimestamp();
    this.store.seen(stationId, receivedAt);
    if (session.bootStatus === 'Rejected' && call.action !== 'BootNotification') {
      throw new RpcError('SecurityError', 'BootNotification was rejected; no other message is accepted');
    }
    const policy = this.policy(stationId);
    if (call.action === 'BootNotification' && policy.bootStatus === 'Accepted' && this.admission) {
      const turn = this.admission.admit(stationId);
      if (!turn.admitted) Object.assign(policy, { bootStatus: 'Pending', bootRetryS: turn.retryInS });
    }
    if (version === '1.6' && call.action === 'StartTransaction') {
      policy.transactionId = this.store.transactionIdForStart(stationId, call.payload);
    }
    const token = (this.authorizer || this.badgeSources.size > 0) && tokenOf(stationId, version, call.action, call.payload);
    if (token) {
      const decided = this.authorizer ? this.authorizer(token) : this.fromSources(token);
      if (!(decided instanceof Promise)) return this.decided(stationId, session, call, decided ? { ...policy, token: decided } : policy, receivedAt);
      // A directory lookup: a decision that fails is the default status, as if no authorizer answered.
      return decided.then((d) => d, (err: Error) => {
        this.emit('warn', `${stationId}: authorization of ${token.idTag} failed: ${err.message}`);
        return undefined;
      }).then((d) => this.decided(stationId, session, call, d ? { ...policy, token: d } : policy, receivedAt));
    }
    return this.decided(stationId, session, call, policy, receivedAt);
  }

  /** Without an authorizer: the sources' verdict, or the default status for a badge none of them knows. */
  private fromSources(token: TokenRequest): TokenDecision | undefined | Promise<TokenDecision | undefined> {
    const verdict = this.badgeFromSources(token.idTag, token);
    const decision = (v: BadgeVerdict | undefined): TokenDecision | undefined => v && { status: v.status };
    return verdict instanceof Promise ? verdict.then(decision) : decision(verdict);
  }

  private decided(stationId: string, session: Session, call: IncomingCall, policy: AnswerPolicy, receivedAt: string): Payload | Promise<Payload> {
    const { version } = session;
    // With no flow listening (no evc-ocpp-in), waiting for an answer would only delay the station.
    if (this.isLeftToFlow(version, call.action) && this.listenerCount('message') > 0) {
      return this.handleByFlow(stationId, session, call, policy, receivedAt);
    }
    const answer = defaultAnswer(version, call.action, call.payload, policy);
    this.deliver(stationId, version, call, answer, false, receivedAt);
    if (call.action === 'BootNotification') session.bootStatus = answer.status as BootStatus;
    return answer;
  }

  private async handleByFlow(stationId: string, session: Session, call: IncomingCall, policy: AnswerPolicy, receivedAt: string): Promise<Payload> {
    const { version } = session;
    // Wait first: a flow may answer while the message is being delivered.
    const waiting = this.flowAnswers.wait(stationId, call.id, call.action, this.options.flowTimeoutMs ?? 10_000);
    // The flow sees the call before it is answered; the events carry what is already decided.
    const provisional = policy.transactionId !== undefined ? { transactionId: policy.transactionId } : {};
    this.deliver(stationId, version, call, provisional, true, receivedAt);
    const flowAnswer = await waiting;
    return flowAnswer
      ? mergeFlowAnswer(version, call.action, flowAnswer, policy)
      : defaultAnswer(version, call.action, call.payload, policy);
  }

  private isLeftToFlow(version: OcppVersion, action: string): boolean {
    return FLOW_ANSWERABLE[version].includes(action) && this.options.flowAnswers?.[action as FlowAnswerable] === true;
  }

  private deliver(stationId: string, version: OcppVersion, call: IncomingCall, response: Payload, needsResponse: boolean, receivedAt: string): void {
    const raw = normalizeCall({ stationId, version, action: call.action, request: call.payload, response, receivedAt });
    const events: OcppEvent[] = [];
    for (const e of raw) {
      const gap = this.store.seqGap(e);
      if (gap) events.push(gap);
      events.push(this.store.apply(e));
    }
    if (this.listenerCount('message') > 0) {
      this.emit('message', { stationId, version, action: call.action, messageId: call.id, payload: call.payload, needsResponse, events } satisfies IncomingMessage);
    }
    for (const event of events) this.emit('event', event);
  }

  private publish(event: OcppEvent): void {
    this.emit('event', event);
    this.emit('message', {
      stationId: event.stationId, version: event.version, action: event.type === 'station.connected' ? 'connected' : event.type === 'station.disconnected' ? 'disconnected' : event.type,
      messageId: '', payload: {}, needsResponse: false, events: [event],
    } satisfies IncomingMessage);
  }
}
