import { Aborter } from "./abort.js";
import type { BackoffOptions } from "./backoff.js";
import type { Clock, TimerHandle } from "./clock.js";
import { decodeFrame, type ServerFrame, safeName } from "./codec.js";
import { resolveEndpoint, withAccessToken } from "./endpoint.js";
import {
  ZoomClosedError,
  ZoomError,
  type ZoomEventError,
  ZoomGateError,
  ZoomHandlerError,
  ZoomOptionsError,
  ZoomTokenUnavailableError,
} from "./errors.js";
import type { ZoomEvent } from "./event.js";
import type { AnyZoomEvent, ZoomEventName, ZoomEventOf } from "./event-map.js";
import { EventQueue, type EventsOptions } from "./event-queue.js";
import type { AbortSignalLike, FetchLike } from "./fetch.js";
import { type Logger, silentLogger } from "./logger.js";
import { connectionState, deliversEventsFrom, initialState, step } from "./machine.js";
import type {
  Command,
  ConnectionState,
  Emission,
  Gap,
  MachineConfig,
  MachineInput,
  MachineState,
  TimerName,
} from "./machine-types.js";
import { SecretRegistry } from "./redact.js";
import type { TokenSource, UserTokenFunction } from "./token.js";
import { refreshAheadMs, sharedOAuthTokenProvider } from "./token-provider.js";
import type { Transport, TransportSocket } from "./transport.js";
import { createUserTokenSource } from "./user-token.js";
import { checkZoomEvent, type ValidationPolicy } from "./validate.js";

export interface ClientOptions {
  /** OAuth client id of the Zoom app. Not needed with `getToken`. */
  clientId?: string | undefined;
  /** OAuth client secret. Never logged. Not needed with `getToken`. */
  clientSecret?: string | undefined;
  /** Server-to-Server OAuth apps: selects the `account_credentials` grant. */
  accountId?: string | undefined;
  /** The event subscription's id. Give this or `url`. */
  subscriptionId?: string | undefined;
  /** The endpoint URL as the Zoom Marketplace shows it, with `subscriptionId`. Default base `wss://ws.zoom.us/ws`. */
  url?: string | undefined;
  /** Default `https://zoom.us/oauth/token`. */
  oauthUrl?: string | undefined;
  /** Heartbeat period; Zoom closes connections silent for 90 s. Default 25000, at most 30000 recommended. */
  heartbeatIntervalMs?: number | undefined;
  /** Deadline for a socket to open and be accepted by Zoom. Default 15000. */
  connectTimeoutMs?: number | undefined;
  /** Reconnection backoff. Default 1 s doubling to 30 s, with jitter. */
  backoff?: BackoffOptions | undefined;
  /** A connection that stayed up this long resets the backoff. Default 30000. */
  stableAfterMs?: number | undefined;
  /** When another consumer takes the subscription: unset stops the client; a number takes it back after that pause. */
  retryAfterReplacedMs?: number | undefined;
  /** Any pino- or console-shaped logger. Secrets are scrubbed from everything it receives. */
  logger?: Logger | undefined;
  /** Your own token source, e.g. the one your REST client uses (minting a new S2S token can invalidate the old one). */
  getToken?: UserTokenFunction | undefined;
  /**
   * Awaited before every connection attempt, e.g. to elect one holder of the Zoom
   * connection among replicas. Rejecting delays the attempt with backoff.
   */
  gate?: ((context: GateContext) => Promise<void>) | undefined;
  /**
   * What to do with an event that does not match its type's schema (the catalog in `src/catalog/`).
   * `"warn"` (default): deliver it and log a warning naming the field; `"strict"`: do not deliver
   * it, report a `ZoomEventError` to `onError`; `"off"`: skip schema validation. Events of unknown
   * types are always delivered.
   */
  validate?: ValidationPolicy | undefined;
}

export interface GateContext {
  /** Consecutive failed attempts so far. */
  readonly attempt: number;
  /** Aborted when the client is closed. */
  readonly signal: AbortSignalLike;
}

/** What a runtime adapter injects. */
export interface ClientRuntime {
  transport: Transport;
  fetch: FetchLike;
  clock: Clock;
  /** Seed source for jitter. Default derived from the clock. */
  random?: () => number;
  /** Used when the user gives no logger. */
  defaultLogger?: Logger;
}

export type EventHandler<E = ZoomEvent> = (event: E) => unknown;
export type Unsubscribe = () => void;

export interface ZoomClient {
  /** Resolves once Zoom accepted the connection; rejects with a ZoomError on a fatal problem. */
  connect(options?: { signal?: AbortSignalLike }): Promise<void>;
  /** Closes the connection and every timer; resolves when the sockets are closed. `connect()` may follow. */
  close(): Promise<void>;
  /**
   * Calls `handler` for every event of `type`, in arrival order; the event is
   * typed by the catalog. `"*"`: every event.
   */
  on<Name extends ZoomEventName>(
    type: Name,
    handler: EventHandler<Name extends "*" ? AnyZoomEvent : ZoomEventOf<Name>>,
  ): Unsubscribe;
  /** Every event as an async iterator, with a bounded buffer. */
  events(options?: EventsOptions): AsyncIterableIterator<AnyZoomEvent>;
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe;
  /** Each time without a connection, reported once connected again: backfill it through Zoom's REST API. */
  onGap(listener: (gap: Gap) => void): Unsubscribe;
  /** Every reported problem: transient ones while the client recovers, and the fatal one that stops it. */
  onError(listener: (error: ZoomError) => void): Unsubscribe;
  /** The fatal error of a failed client. */
  readonly error: ZoomError | undefined;
}

const DEFAULTS = {
  heartbeatIntervalMs: 25_000,
  connectTimeoutMs: 15_000,
  stableAfterMs: 30_000,
};

/** Builds a client on the given runtime; adapters wrap this as `createClient`. */
export function createZoomClient(options: ClientOptions, runtime: ClientRuntime): ZoomClient {
  return new Client(options, runtime);
}

class Client implements ZoomClient {
  readonly #runtime: ClientRuntime;
  readonly #logger: Logger;
  readonly #secrets = new SecretRegistry();
  readonly #endpoint: string;
  readonly #tokens: TokenSource;
  readonly #gate: ClientOptions["gate"];
  readonly #validate: ValidationPolicy;
  /** Mismatches already warned about (type and fields): a repeat is logged at debug level. */
  readonly #warned = new Set<string>();
  #state: MachineState;
  readonly #inbox: MachineInput[] = [];
  #running = false;
  readonly #timers = new Map<TimerName, TimerHandle>();
  readonly #sockets = new Map<number, TransportSocket>();
  readonly #handlers = new Map<string, Set<EventHandler>>();
  readonly #queues = new Set<EventQueue<ZoomEvent>>();
  readonly #stateListeners = new Set<(state: ConnectionState, previous: ConnectionState) => void>();
  readonly #gapListeners = new Set<(gap: Gap) => void>();
  readonly #errorListeners = new Set<(error: ZoomError) => void>();
  #connecting: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  #aborter = new Aborter();
  /** close() calls waiting for the sockets that were open when they were made. */
  #closeWaiters: Array<{ sockets: Set<number>; resolve: () => void }> = [];

  constructor(options: ClientOptions, runtime: ClientRuntime) {
    this.#runtime = runtime;
    this.#logger = options.logger ?? runtime.defaultLogger ?? silentLogger;
    this.#secrets.addPermanent(options.clientSecret);
    this.#endpoint = resolveEndpoint({ url: options.url, subscriptionId: options.subscriptionId });
    this.#gate = options.gate;
    this.#validate = validationPolicy(options.validate);
    this.#tokens = makeTokenSource(options, runtime, this.#scrubbedLogger());
    const interval =
      positive(options.heartbeatIntervalMs, "heartbeatIntervalMs") ?? DEFAULTS.heartbeatIntervalMs;
    const config: MachineConfig = {
      heartbeatIntervalMs: interval,
      connectTimeoutMs: positive(options.connectTimeoutMs, "connectTimeoutMs") ?? DEFAULTS.connectTimeoutMs,
      backoff: validBackoff(options.backoff),
      stableAfterMs: options.stableAfterMs ?? DEFAULTS.stableAfterMs,
      retryAfterReplacedMs: options.retryAfterReplacedMs,
      rotateTokens: true,
      useGate: options.gate !== undefined,
      maxInitialRejections: 3,
      refreshAheadMs,
    };
    if (interval > 30_000)
      this.#log("warn", `heartbeatIntervalMs ${interval} exceeds Zoom's 30 s: expect drops`);
    const random = runtime.random ?? (() => (runtime.clock.now() % 1_000_003) / 1_000_003);
    this.#state = initialState(config, Math.floor(random() * 0x7fffffff));
  }

  get state(): ConnectionState {
    return connectionState(this.#state);
  }

  get error(): ZoomError | undefined {
    return this.#state.error;
  }

  connect(options: { signal?: AbortSignalLike } = {}): Promise<void> {
    if (this.#state.phase === "connected" && !this.#stopQueued()) return Promise.resolve();
    if (options.signal?.aborted) {
      if (this.#state.phase !== "idle") void this.close();
      return Promise.reject(options.signal.reason ?? new ZoomClosedError());
    }
    if (!this.#connecting) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.#connecting = { promise, resolve, reject };
      if (this.#aborter.signal.aborted) this.#aborter = new Aborter();
      this.#dispatch({ type: "start" });
    }
    const pending = this.#connecting;
    const signal = options.signal;
    if (!signal || !pending) return pending?.promise ?? this.#settledConnect();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason ?? new ZoomClosedError());
        void this.close();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      pending.promise.then(
        () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  /** connect() whose start settled synchronously (e.g. a fatal option error). */
  #settledConnect(): Promise<void> {
    if (this.#state.phase === "connected") return Promise.resolve();
    return Promise.reject(this.#state.error ?? new ZoomClosedError());
  }

  close(): Promise<void> {
    this.#aborter.abort(new ZoomClosedError());
    const sockets = new Set(this.#sockets.keys());
    this.#dispatch({ type: "stop" });
    const pending = this.#connecting;
    this.#connecting = undefined;
    pending?.reject(new ZoomClosedError());
    for (const queue of [...this.#queues]) queue.end();
    for (const id of sockets) if (!this.#sockets.has(id)) sockets.delete(id);
    if (sockets.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#closeWaiters.push({ sockets, resolve }));
  }

  /** A close() made inside a handler is queued behind the current input. */
  #stopQueued(): boolean {
    return this.#inbox.some((input) => input.type === "stop");
  }

  #socketGone(socketId: number): void {
    this.#sockets.delete(socketId);
    if (this.#closeWaiters.length === 0) return;
    this.#closeWaiters = this.#closeWaiters.filter((waiter) => {
      waiter.sockets.delete(socketId);
      if (waiter.sockets.size > 0) return true;
      waiter.resolve();
      return false;
    });
  }

  on(type: string, handler: EventHandler<never>): Unsubscribe {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    // A handler registered twice runs twice, like EventEmitter: wrap to keep identity distinct.
    const entry: EventHandler = (event) => (handler as EventHandler)(event);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  events(options: EventsOptions = {}): AsyncIterableIterator<AnyZoomEvent> {
    const queue: EventQueue<ZoomEvent> = new EventQueue(options, () => this.#queues.delete(queue));
    this.#queues.add(queue);
    // Events are dispatched by name and, unless validation is off, checked against that name's schema.
    return queue as AsyncIterableIterator<ZoomEvent> as AsyncIterableIterator<AnyZoomEvent>;
  }

  onStateChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  onGap(listener: (gap: Gap) => void): Unsubscribe {
    this.#gapListeners.add(listener);
    return () => this.#gapListeners.delete(listener);
  }

  onError(listener: (error: ZoomError) => void): Unsubscribe {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  // ── the interpreter ──────────────────────────────────────────────────────

  /** Runs inputs one at a time, in order, even when a command raises another input. */
  #dispatch(input: MachineInput): void {
    this.#inbox.push(input);
    if (!this.#running) this.#drain();
  }

  /**
   * The hot path: an event on a socket whose events the machine delivers needs no transition
   * (`step` would only echo it back as an emission), so it goes straight to the handlers, in order
   * with every other input.
   */
  #onFrame(socketId: number, frame: ServerFrame): void {
    if (
      frame.kind !== "event" ||
      this.#running ||
      this.#inbox.length > 0 ||
      !deliversEventsFrom(this.#state, socketId)
    ) {
      return this.#dispatch({ type: "socketFrame", socketId, frame });
    }
    this.#running = true;
    try {
      this.#deliver(frame.event);
    } finally {
      this.#running = false;
    }
    if (this.#inbox.length > 0) this.#drain();
  }

  #drain(): void {
    this.#running = true;
    try {
      for (let next = this.#inbox.shift(); next; next = this.#inbox.shift()) {
        const result = step(this.#state, next, this.#runtime.clock.now());
        this.#state = result.state;
        for (const command of result.commands) this.#execute(command);
      }
    } finally {
      this.#running = false;
    }
  }

  #execute(command: Command): void {
    switch (command.type) {
      case "emit":
        return this.#emit(command.emission);
      case "send":
        return this.#send(command.socketId, command.data);
      case "fetchToken":
        return this.#fetchToken(command.requestId);
      case "invalidateToken":
        return this.#tokens.invalidate(command.token);
      case "awaitGate":
        return this.#awaitGate(command.requestId);
      case "open":
        return this.#open(command.socketId, command.token);
      case "close":
        return this.#closeSocket(command.socketId, command.code, command.reason);
      case "setTimer": {
        this.#clearTimer(command.name);
        const name = command.name;
        const handle = this.#runtime.clock.setTimeout(() => {
          this.#timers.delete(name);
          this.#dispatch({ type: "timer", name });
        }, command.ms);
        this.#timers.set(name, handle);
        return;
      }
      case "clearTimer":
        return this.#clearTimer(command.name);
    }
  }

  #clearTimer(name: TimerName): void {
    const handle = this.#timers.get(name);
    if (handle === undefined) return;
    this.#timers.delete(name);
    this.#runtime.clock.clearTimeout(handle);
  }

  #fetchToken(requestId: number): void {
    this.#tokens.getToken({ signal: this.#aborter.signal }).then(
      (token) => {
        this.#secrets.add(token.value);
        this.#dispatch({ type: "tokenReady", requestId, token });
      },
      (error: unknown) => this.#dispatch({ type: "tokenFailed", requestId, error: this.#asZoomError(error) }),
    );
  }

  #awaitGate(requestId: number): void {
    const gate = this.#gate;
    if (!gate) return this.#dispatch({ type: "gateOpen", requestId });
    const context: GateContext = { attempt: this.#state.attempt, signal: this.#aborter.signal };
    Promise.resolve()
      .then(() => gate(context))
      .then(
        () => this.#dispatch({ type: "gateOpen", requestId }),
        (error: unknown) =>
          this.#dispatch({ type: "gateFailed", requestId, error: new ZoomGateError(error) }),
      );
  }

  #open(socketId: number, token: string): void {
    const url = withAccessToken(this.#endpoint, token);
    this.#secrets.add(url);
    let socket: TransportSocket;
    // A transport may report the close before open() returns: then there is nothing to keep.
    let closed = false;
    try {
      socket = this.#runtime.transport.open(url, {
        onOpen: () => this.#dispatch({ type: "socketOpen", socketId }),
        onMessage: (data) => this.#onFrame(socketId, decodeFrame(data)),
        onError: (error) =>
          this.#dispatch({
            type: "socketError",
            socketId,
            message: this.#secrets.redact(String(error?.message)),
            ...(typeof error?.httpStatus === "number" && { httpStatus: error.httpStatus }),
          }),
        onClose: (code, reason) => {
          closed = true;
          this.#socketGone(socketId);
          this.#dispatch({ type: "socketClosed", socketId, code, reason });
        },
      });
    } catch (error) {
      // A transport that throws synchronously behaves like one that failed at once.
      const message = this.#secrets.redact(error instanceof Error ? error.message : String(error));
      void Promise.resolve().then(() => {
        this.#dispatch({ type: "socketError", socketId, message });
        this.#dispatch({ type: "socketClosed", socketId, code: 1006, reason: "" });
      });
      return;
    }
    if (!closed) this.#sockets.set(socketId, socket);
  }

  #send(socketId: number, data: string): void {
    try {
      this.#sockets.get(socketId)?.send(data);
    } catch (error) {
      this.#log(
        "debug",
        `send on socket ${socketId} failed: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  #closeSocket(socketId: number, code: number, reason: string): void {
    try {
      this.#sockets.get(socketId)?.close(code, reason);
    } catch (error) {
      this.#log(
        "debug",
        `close of socket ${socketId} failed: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  #emit(emission: Emission): void {
    switch (emission.kind) {
      case "event":
        return this.#deliver(emission.event);
      case "log":
        return this.#log(emission.level, emission.message);
      case "state":
        this.#log("debug", `state ${emission.previous} -> ${emission.state}`);
        for (const listener of [...this.#stateListeners]) {
          this.#safely("state listener", () => listener(emission.state, emission.previous));
        }
        return;
      case "gap":
        this.#log("info", `gap of ${emission.gap.to - emission.gap.from} ms without a connection`);
        for (const listener of [...this.#gapListeners])
          this.#safely("gap listener", () => listener(emission.gap));
        return;
      case "error":
        return this.#reportError(emission.error);
      case "connected": {
        const pending = this.#connecting;
        this.#connecting = undefined;
        pending?.resolve();
        return;
      }
      case "failed": {
        // Detach first: an error listener may call connect() again.
        const pending = this.#connecting;
        this.#connecting = undefined;
        // The machine has logged the failure already: without listeners, don't log it twice.
        this.#reportError(emission.error, true);
        pending?.reject(emission.error);
        for (const queue of [...this.#queues]) queue.fail(emission.error);
        return;
      }
    }
  }

  #deliver(event: ZoomEvent): void {
    if (this.#validate !== "off") {
      const invalid = this.#check(event);
      if (invalid) {
        if (this.#validate === "strict") return this.#reportError(invalid);
        this.#warnInvalid(invalid);
      }
    }
    const named = this.#handlers.get(event.event);
    const any = this.#handlers.get("*");
    if (named) for (const handler of named) this.#callHandler(handler, event);
    if (any) for (const handler of any) this.#callHandler(handler, event);
    for (const queue of this.#queues) queue.push(event);
  }

  #callHandler(handler: EventHandler, event: ZoomEvent): void {
    try {
      const result = handler(event);
      if (
        result !== null &&
        typeof result === "object" &&
        typeof (result as PromiseLike<unknown>).then === "function"
      ) {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) =>
          this.#reportError(new ZoomHandlerError(event.event, error)),
        );
      }
    } catch (error) {
      this.#reportError(new ZoomHandlerError(event.event, error));
    }
  }

  /** A validator that throws (a bug) must not cost the event or the connection: it is delivered. */
  #check(event: ZoomEvent): ZoomEventError | undefined {
    try {
      return checkZoomEvent(event);
    } catch (error) {
      this.#log("error", `validating a "${safeName(event.event)}" event failed: ${String(error)}`);
      return undefined;
    }
  }

  #warnInvalid(error: ZoomEventError): void {
    // Array indices left out: `recording_files[7].id` repeats `recording_files[0].id`.
    const key = `${error.eventType} ${error.issues.map((issue) => issue.path.replace(/\[\d+\]/g, "[]")).join(" ")}`;
    // Once the set is full, every mismatch counts as a repeat: a flood never logs at warn per event.
    const first = !this.#warned.has(key) && this.#warned.size < WARNED_LIMIT;
    if (first) this.#warned.add(key);
    this.#log(
      first ? "warn" : "debug",
      `${error.message} Delivered anyway (validate: "warn")${first ? "; repeats are logged at debug level" : ""}.`,
    );
  }

  #reportError(error: ZoomError, logged = false): void {
    this.#scrub(error);
    if (this.#errorListeners.size === 0) {
      if (logged) return;
      this.#log(error.fatal || error.code === "HANDLER_FAILED" ? "error" : "warn", error.message);
      return;
    }
    this.#log("debug", `${error.code}: ${error.message}`);
    for (const listener of [...this.#errorListeners]) this.#safely("error listener", () => listener(error));
  }

  /** Server text and user errors can end up in messages: scrub them like log lines. */
  #scrub(error: ZoomError): void {
    try {
      error.message = this.#secrets.redact(error.message);
      if (typeof error.stack === "string") error.stack = this.#secrets.redact(error.stack);
    } catch {
      // A frozen error stays as it is.
    }
  }

  #safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log("error", `a ${what} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #asZoomError(error: unknown): ZoomError {
    if (error instanceof ZoomError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ZoomTokenUnavailableError(`Getting an access token failed: ${this.#secrets.redact(message)}`);
  }

  #log(level: "debug" | "info" | "warn" | "error", message: string): void {
    try {
      this.#logger[level](`[zoomws] ${this.#secrets.redact(message)}`);
    } catch {
      // A broken logger must not break the connection.
    }
  }

  #scrubbedLogger(): Logger {
    const log = (level: "debug" | "info" | "warn" | "error") => (message: unknown) =>
      this.#log(level, String(message));
    return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  }
}

function makeTokenSource(options: ClientOptions, runtime: ClientRuntime, logger: Logger): TokenSource {
  if (options.getToken) return createUserTokenSource(options.getToken, runtime.clock);
  const { clientId, clientSecret } = options;
  if (!clientId || !clientSecret) {
    throw new ZoomOptionsError(
      "clientId and clientSecret are required (or getToken): find them under App Credentials in the Zoom Marketplace.",
    );
  }
  return sharedOAuthTokenProvider({
    clientId,
    clientSecret,
    ...(options.accountId !== undefined && { accountId: options.accountId }),
    ...(options.oauthUrl !== undefined && { oauthUrl: options.oauthUrl }),
    fetch: runtime.fetch,
    clock: runtime.clock,
    logger,
  });
}

/** Distinct mismatches warned about at most; later ones are logged at debug level. */
const WARNED_LIMIT = 1000;

function validationPolicy(value: ValidationPolicy | undefined): ValidationPolicy {
  if (value === undefined) return "warn";
  if (value === "strict" || value === "warn" || value === "off") return value;
  throw new ZoomOptionsError(
    `validate must be "strict", "warn" or "off", not ${JSON.stringify(String(value))}.`,
  );
}

function validBackoff(backoff: BackoffOptions | undefined): BackoffOptions {
  if (!backoff) return {};
  const { initialMs, maxMs, factor, jitter } = backoff;
  if (initialMs !== undefined) positive(initialMs, "backoff.initialMs");
  if (maxMs !== undefined) positive(maxMs, "backoff.maxMs");
  if (factor !== undefined && !(Number.isFinite(factor) && factor >= 1)) {
    throw new ZoomOptionsError("backoff.factor must be a number of at least 1.");
  }
  if (jitter !== undefined && !(jitter >= 0 && jitter <= 1)) {
    throw new ZoomOptionsError("backoff.jitter must be between 0 and 1.");
  }
  return backoff;
}

function positive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0)
    throw new ZoomOptionsError(`${name} must be a positive number of milliseconds.`);
  return value;
}
