import { backoffDelay, nextRandom } from "./backoff.js";
import { encodeHeartbeat, type ServerFrame } from "./codec.js";
import {
  ZoomConnectionError,
  type ZoomError,
  ZoomFrameError,
  ZoomRefusedError,
  ZoomReplacedError,
  ZoomTokenRejectedError,
} from "./errors.js";
import type {
  Command,
  ConnectionState,
  LogLevel,
  MachineConfig,
  MachineInput,
  MachineState,
  SocketInfo,
  StepResult,
  TimerName,
} from "./machine-types.js";
import type { AccessToken } from "./token.js";

const ALL_TIMERS: readonly TimerName[] = [
  "heartbeat",
  "liveness",
  "connect",
  "nextConnect",
  "rotate",
  "backoff",
];
/** Close codes the client uses on its own sockets. */
export const CLOSE_NORMAL = 1000;
export const CLOSE_DEAD = 4000;
export const CLOSE_TIMEOUT = 4001;
/** Longest pause before taking a subscription back after repeated takeovers. */
const MAX_REPLACED_PAUSE_MS = 3_600_000;

export function initialState(config: MachineConfig, seed: number): MachineState {
  return {
    phase: "idle",
    config,
    seed: seed | 0,
    nextSocketId: 1,
    requestId: 0,
    rotationRequestId: undefined,
    attempt: 0,
    rotationAttempt: 0,
    replacedCount: 0,
    connectedSince: undefined,
    initialRefusals: 0,
    everConnected: false,
    initialRejections: 0,
    primary: undefined,
    next: undefined,
    closing: [],
    handoverAt: undefined,
    gapSince: undefined,
    error: undefined,
    token: undefined,
  };
}

/** The state users see, derived from the machine's phase. */
export function connectionState(state: MachineState): ConnectionState {
  switch (state.phase) {
    case "idle":
      return "idle";
    case "failed":
      return "failed";
    case "connected":
      return "connected";
    default:
      return state.everConnected ? "reconnecting" : "connecting";
  }
}

/**
 * The connection machine: a pure function of the state, one input and the time.
 * It never throws: an input that makes no sense in the current state is logged and ignored.
 */
export function step(state: MachineState, input: MachineInput, now: number): StepResult {
  // Hot path: an event on a socket we know needs no new state.
  if (
    input.type === "socketFrame" &&
    input.frame.kind === "event" &&
    deliversEventsFrom(state, input.socketId)
  ) {
    return { state, commands: [{ type: "emit", emission: { kind: "event", event: input.frame.event } }] };
  }
  const run = new Step(state, now);
  run.handle(input);
  return run.finish();
}

/**
 * Whether an event frame on this socket is delivered (with no change of state): the current socket,
 * the one replacing it during a token rotation, and one still closing, whose events are not lost.
 * The interpreter uses it to deliver events without a transition; `step` gives the same answer.
 */
export function deliversEventsFrom(state: MachineState, socketId: number): boolean {
  return owns(state, socketId);
}

/** A socket the machine knows: current, next, or closing. */
function owns(state: MachineState, socketId: number): boolean {
  return state.primary?.id === socketId || state.next?.id === socketId || state.closing.includes(socketId);
}

type Role = "primary" | "next";

/** One transition, written imperatively over a copy of the state. */
class Step {
  s: { -readonly [K in keyof MachineState]: MachineState[K] };
  readonly commands: Command[] = [];
  readonly before: ConnectionState;

  constructor(
    state: MachineState,
    readonly now: number,
  ) {
    this.s = { ...state };
    this.before = connectionState(state);
  }

  finish(): StepResult {
    const after = connectionState(this.s);
    if (after !== this.before) this.emit({ kind: "state", state: after, previous: this.before });
    return { state: this.s, commands: this.commands };
  }

  handle(input: MachineInput): void {
    switch (input.type) {
      case "start":
        return this.start();
      case "stop":
        return this.stop();
      case "tokenReady":
        return this.tokenReady(input.requestId, input.token);
      case "tokenFailed":
        return this.tokenFailed(input.requestId, input.error);
      case "gateOpen":
        if (this.s.phase !== "gate" || input.requestId !== this.s.requestId) return this.ignore(input.type);
        return this.requestToken();
      case "gateFailed":
        if (this.s.phase !== "gate" || input.requestId !== this.s.requestId) return this.ignore(input.type);
        this.report(input.error);
        // A closed gate means "not now": never ask it again at once.
        this.s.attempt++;
        return this.backoff(this.delay(this.s.attempt));
      case "socketOpen":
        return this.socketOpen(input.socketId);
      case "socketFrame":
        return this.frame(input.socketId, input.frame);
      case "socketError":
        return this.socketError(input.socketId, input.message, input.httpStatus);
      case "socketClosed":
        return this.socketClosed(input.socketId, input.code, input.reason);
      case "timer":
        return this.timer(input.name);
    }
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  start(): void {
    if (this.s.phase !== "idle" && this.s.phase !== "failed") return this.ignore("start");
    this.s.error = undefined;
    this.s.attempt = 0;
    this.s.rotationAttempt = 0;
    this.s.replacedCount = 0;
    this.s.initialRejections = 0;
    this.s.initialRefusals = 0;
    this.s.everConnected = false;
    this.s.connectedSince = undefined;
    this.s.gapSince = undefined;
    this.s.handoverAt = undefined;
    this.beginAttempt();
  }

  stop(): void {
    if (this.s.phase === "idle") return this.ignore("stop");
    this.closeAll("client closed");
    this.s.phase = "idle";
    this.s.gapSince = undefined;
  }

  fail(error: ZoomError): void {
    this.closeAll(error.code === "REPLACED" ? "replaced" : "fatal error");
    this.s.phase = "failed";
    this.s.error = error;
    this.log("error", error.message);
    this.emit({ kind: "failed", error });
  }

  /** Closes every socket, clears every timer, forgets pending requests. Nothing reaches the user after it. */
  closeAll(reason: string): void {
    for (const sock of [this.s.primary, this.s.next]) {
      if (sock) this.retire(sock, CLOSE_NORMAL, reason);
    }
    this.s.primary = undefined;
    this.s.next = undefined;
    this.s.closing = [];
    this.s.requestId++;
    this.s.rotationRequestId = undefined;
    this.s.handoverAt = undefined;
    this.s.connectedSince = undefined;
    for (const name of ALL_TIMERS) this.commands.push({ type: "clearTimer", name });
  }

  // ── gate and token ───────────────────────────────────────────────────────

  /** Every connection attempt: the gate first (if any), then a token fresh at the moment of opening. */
  beginAttempt(): void {
    if (!this.s.config.useGate) return this.requestToken();
    this.s.phase = "gate";
    this.s.requestId++;
    this.commands.push({ type: "awaitGate", requestId: this.s.requestId });
  }

  requestToken(): void {
    this.s.phase = "token";
    this.s.requestId++;
    this.commands.push({ type: "fetchToken", requestId: this.s.requestId });
  }

  tokenReady(requestId: number, token: AccessToken): void {
    if (requestId === this.s.rotationRequestId) return this.rotationTokenReady(token);
    if (this.s.phase !== "token" || requestId !== this.s.requestId) return this.ignore("tokenReady");
    this.s.token = token;
    this.s.primary = this.openSocket(token);
    this.s.phase = "connecting";
    this.setTimer("connect", this.s.config.connectTimeoutMs);
  }

  tokenFailed(requestId: number, error: ZoomError): void {
    if (requestId === this.s.rotationRequestId) {
      this.s.rotationRequestId = undefined;
      this.report(error);
      // A fatal error surfaces when the current token expires and reconnecting fails.
      if (!error.fatal) this.retryRotation();
      return;
    }
    if (this.s.phase !== "token" || requestId !== this.s.requestId) return this.ignore("tokenFailed");
    if (error.fatal) return this.fail(error);
    this.report(error);
    const retryAfter =
      "retryAfterMs" in error && typeof error.retryAfterMs === "number" ? error.retryAfterMs : 0;
    this.retry(retryAfter);
  }

  // ── sockets ──────────────────────────────────────────────────────────────

  openSocket(token: AccessToken): SocketInfo {
    const id = this.s.nextSocketId++;
    this.commands.push({ type: "open", socketId: id, token: token.value });
    this.log("debug", `opening socket ${id}`);
    return { id, token, opened: false, establishedAt: undefined, lastAckAt: this.now };
  }

  role(id: number): Role | undefined {
    return this.s.primary?.id === id ? "primary" : this.s.next?.id === id ? "next" : undefined;
  }

  socketOpen(id: number): void {
    const role = this.role(id);
    const sock = role && this.s[role];
    if (!role || !sock) return this.ignore("socketOpen");
    this.s[role] = { ...sock, opened: true };
    this.log("debug", `socket ${id} open, waiting for build_connection`);
  }

  frame(id: number, frame: ServerFrame): void {
    const role = this.role(id);
    if (!role) {
      if (this.s.closing.includes(id)) return this.closingFrame(id, frame);
      return this.ignore(`frame ${frame.kind}`);
    }
    switch (frame.kind) {
      case "event": // reached only via the hot path
        return this.emit({ kind: "event", event: frame.event });
      case "established":
        return role === "primary" ? this.established() : this.nextEstablished();
      case "heartbeatAck":
        return this.ack(role);
      case "tokenRejected":
        return this.tokenRejected(role, frame.content);
      case "replaced":
        return this.replaced(role);
      case "failed":
        return this.refused(role, frame.module, frame.content);
      case "unknownModule":
        return this.report(new ZoomFrameError(`Ignored a frame of unknown module "${clip(frame.module)}".`));
      case "malformed":
        return this.report(new ZoomFrameError(`Ignored a malformed frame: ${frame.reason}.`));
    }
  }

  /** Frames on a socket we already gave up: events still count, the rest is noise. */
  closingFrame(id: number, frame: ServerFrame): void {
    if (frame.kind === "event") return this.emit({ kind: "event", event: frame.event });
    this.log("debug", `socket ${id} (closing) sent ${frame.kind}`);
  }

  established(): void {
    const sock = this.s.primary;
    if (!sock || sock.establishedAt !== undefined) return this.ignore("established");
    this.s.primary = { ...sock, opened: true, establishedAt: this.now, lastAckAt: this.now };
    this.s.phase = "connected";
    this.s.connectedSince = this.now;
    this.s.initialRejections = 0;
    this.s.initialRefusals = 0;
    this.s.rotationAttempt = 0;
    this.clearTimer("connect");
    this.startBeating();
    this.scheduleRotation(sock.token);
    this.log("info", `connected (socket ${sock.id})`);
    this.endGap();
    this.s.everConnected = true;
    this.emit({ kind: "connected" });
  }

  nextEstablished(): void {
    const next = this.s.next;
    if (!next || next.establishedAt !== undefined) return this.ignore("established");
    const old = this.s.primary;
    if (old) this.retire(old, CLOSE_NORMAL, "token rotated");
    this.s.primary = { ...next, opened: true, establishedAt: this.now, lastAckAt: this.now };
    this.s.next = undefined;
    this.s.handoverAt = undefined;
    this.s.phase = "connected";
    this.s.rotationAttempt = 0;
    this.s.connectedSince ??= this.now;
    this.clearTimer("nextConnect");
    this.startBeating();
    this.scheduleRotation(next.token);
    this.log("info", `token rotated: socket ${next.id} took over${old ? ` from socket ${old.id}` : ""}`);
    this.endGap();
  }

  ack(role: Role): void {
    const sock = this.s[role];
    if (!sock) return;
    this.s[role] = { ...sock, lastAckAt: this.now };
    if (role === "primary" && sock.establishedAt !== undefined) {
      this.setTimer("liveness", 2 * this.s.config.heartbeatIntervalMs);
    }
  }

  tokenRejected(role: Role, content: string): void {
    const sock = this.s[role];
    if (!sock) return;
    this.forgetToken(sock);
    this.log("warn", `Zoom rejected the access token (${clip(content)}); fetching a new one`);
    // Only a token that should still have been valid says something about the credentials.
    if (!this.s.everConnected && sock.establishedAt === undefined && this.now < sock.token.expiresAt) {
      this.s.initialRejections++;
      if (this.s.initialRejections >= this.s.config.maxInitialRejections) {
        return this.fail(new ZoomTokenRejectedError(clip(content)));
      }
    }
    this.lost(role, "token rejected");
  }

  refused(role: Role, module: string, content: string): void {
    this.log("warn", `Zoom refused the connection on ${clip(module)}: ${clip(content) || "no reason given"}`);
    if (!this.s.everConnected && role === "primary") {
      this.s.initialRefusals++;
      if (this.s.initialRefusals >= this.s.config.maxInitialRejections) {
        return this.fail(new ZoomRefusedError(clip(content)));
      }
    }
    this.lost(role, "refused by Zoom");
  }

  replaced(role: Role): void {
    if (role === "primary" && this.s.next) {
      // Our own rotation's new socket retired this one: a handover, not a takeover.
      const old = this.s.primary;
      if (old) this.retire(old, CLOSE_NORMAL, "handover");
      this.s.primary = undefined;
      this.s.handoverAt = this.now;
      this.clearTimer("heartbeat");
      this.clearTimer("liveness");
      return this.log("debug", "old socket retired by the rotation's new one");
    }
    const retryMs = this.s.config.retryAfterReplacedMs;
    if (retryMs === undefined) return this.fail(new ZoomReplacedError(true));
    this.report(new ZoomReplacedError(false));
    const since = this.s.connectedSince;
    if (since !== undefined && this.now - since >= this.s.config.stableAfterMs) this.s.replacedCount = 0;
    const from = this.s.primary?.establishedAt !== undefined ? this.now : undefined;
    this.closeAll("replaced");
    if (from !== undefined) this.s.gapSince ??= from;
    // Two consumers that both take the subscription back must not kick each other at a steady beat.
    const pause = Math.min(MAX_REPLACED_PAUSE_MS, retryMs * 2 ** this.s.replacedCount);
    this.s.replacedCount++;
    const [random, seed] = nextRandom(this.s.seed);
    this.s.seed = seed;
    this.backoff(Math.round(pause * (1 + 0.25 * random)));
  }

  socketError(id: number, message: string, httpStatus: number | undefined): void {
    if (!owns(this.s, id)) return this.ignore("socketError");
    this.log("debug", `socket ${id} error: ${message}`);
    const role = this.role(id);
    const sock = role && this.s[role];
    // The upgrade itself refused the token: fetch a new one before the next attempt (onClose follows).
    if (sock && (httpStatus === 401 || httpStatus === 403)) this.forgetToken(sock);
  }

  forgetToken(sock: SocketInfo): void {
    this.commands.push({ type: "invalidateToken", token: sock.token.value });
    if (this.s.token?.value === sock.token.value) this.s.token = undefined;
  }

  socketClosed(id: number, code: number, reason: string): void {
    if (this.s.closing.includes(id)) {
      this.s.closing = this.s.closing.filter((c) => c !== id);
      return this.log("debug", `socket ${id} closed (${code})`);
    }
    const role = this.role(id);
    if (!role) return this.ignore("socketClosed");
    const level = role === "primary" && this.s.phase === "connected" ? "warn" : "debug";
    this.log(level, `socket ${id} closed (${code}${reason ? ` ${clip(reason)}` : ""})`);
    this.lost(role, `closed ${code}`, false);
  }

  /**
   * A socket stopped being useful. The primary's loss while connected opens a gap;
   * a rotation's loss leaves the primary serving.
   */
  lost(role: Role, why: string, stillOpen = true, gapFrom = this.now): void {
    const sock = this.s[role];
    if (!sock) return;
    if (stillOpen) this.retire(sock, CLOSE_NORMAL, why);
    if (role === "next") {
      this.s.next = undefined;
      this.clearTimer("nextConnect");
      if (this.s.primary) return this.retryRotation();
      // The handover failed: the gap began when the old socket was retired.
      this.s.gapSince ??= this.s.handoverAt ?? this.now;
      this.s.handoverAt = undefined;
      this.endConnection();
      return this.retry(undefined);
    }
    this.s.primary = undefined;
    this.clearTimer("heartbeat");
    this.clearTimer("liveness");
    this.clearTimer("connect");
    if (!stillOpen && this.s.next?.opened && sock.establishedAt !== undefined) {
      // Closed by the server while our rotation's socket is open: Zoom retired it for the new one.
      this.s.handoverAt = this.now;
      return this.log("debug", `socket ${sock.id} closed during the rotation's handover`);
    }
    if (sock.establishedAt !== undefined) {
      this.s.gapSince ??= gapFrom;
      this.report(new ZoomConnectionError(`The connection to Zoom was lost (${why}); reconnecting.`));
    } else {
      this.report(new ZoomConnectionError(`A connection attempt failed (${why}); retrying.`));
    }
    const next = this.s.next;
    if (next) {
      // A rotation is under way: its socket becomes the one we wait for.
      this.s.primary = next;
      this.s.next = undefined;
      this.clearTimer("nextConnect");
      this.s.phase = "connecting";
      return this.setTimer("connect", this.s.config.connectTimeoutMs);
    }
    this.clearTimer("rotate");
    this.s.rotationRequestId = undefined;
    this.endConnection();
    this.retry(undefined);
  }

  /** The logical connection is over: a stable one resets the backoff. */
  endConnection(): void {
    const since = this.s.connectedSince;
    if (since !== undefined && this.now - since >= this.s.config.stableAfterMs) this.s.attempt = 0;
    this.s.connectedSince = undefined;
  }

  /** Gives a socket up: closes it, keeps delivering its events until it is gone. */
  retire(sock: SocketInfo, code: number, reason: string): void {
    this.commands.push({ type: "close", socketId: sock.id, code, reason });
    if (!this.s.closing.includes(sock.id)) this.s.closing = [...this.s.closing, sock.id];
  }

  // ── timers ───────────────────────────────────────────────────────────────

  timer(name: TimerName): void {
    switch (name) {
      case "heartbeat":
        return this.heartbeat();
      case "liveness":
        return this.dead();
      case "connect":
        if (this.s.phase !== "connecting" || !this.s.primary) return this.ignore("timer connect");
        this.log("warn", `no build_connection within ${this.s.config.connectTimeoutMs} ms`);
        return this.timeout("primary");
      case "nextConnect":
        if (!this.s.next) return this.ignore("timer nextConnect");
        return this.timeout("next");
      case "rotate":
        return this.rotate();
      case "backoff":
        if (this.s.phase !== "backoff") return this.ignore("timer backoff");
        return this.beginAttempt();
    }
  }

  timeout(role: Role): void {
    const sock = this.s[role];
    if (!sock) return;
    this.retire(sock, CLOSE_TIMEOUT, "connect timeout");
    this.lost(role, "connect timeout", false);
  }

  startBeating(): void {
    this.setTimer("heartbeat", this.s.config.heartbeatIntervalMs);
    this.setTimer("liveness", 2 * this.s.config.heartbeatIntervalMs);
  }

  heartbeat(): void {
    const sock = this.s.primary;
    if (this.s.phase !== "connected" || !sock || sock.establishedAt === undefined) {
      return this.ignore("timer heartbeat");
    }
    this.commands.push({ type: "send", socketId: sock.id, data: encodeHeartbeat() });
    this.setTimer("heartbeat", this.s.config.heartbeatIntervalMs);
  }

  /** No heartbeat ack for two intervals: the connection is half-open. */
  dead(): void {
    const sock = this.s.primary;
    if (this.s.phase !== "connected" || !sock || sock.establishedAt === undefined) {
      return this.ignore("timer liveness");
    }
    this.log("warn", `no heartbeat ack for ${this.now - sock.lastAckAt} ms: the connection is dead`);
    this.retire(sock, CLOSE_DEAD, "heartbeat timeout");
    // Nothing has arrived since the last ack: the gap began then.
    this.lost("primary", "no heartbeat ack", false, sock.lastAckAt);
  }

  scheduleRotation(token: AccessToken): void {
    this.clearTimer("rotate");
    if (!this.s.config.rotateTokens) return;
    const lifetime = token.expiresAt - token.issuedAt;
    const at = token.expiresAt - this.s.config.refreshAheadMs(lifetime);
    this.setTimer("rotate", Math.max(0, at - this.now));
  }

  /** A failed rotation is tried again with its own backoff, never at once. */
  retryRotation(): void {
    if (this.s.phase !== "connected" || !this.s.primary) return;
    this.s.rotationAttempt++;
    this.setTimer("rotate", this.delay(this.s.rotationAttempt));
  }

  rotate(): void {
    if (
      this.s.phase !== "connected" ||
      !this.s.primary ||
      this.s.next ||
      this.s.rotationRequestId !== undefined
    ) {
      return this.ignore("timer rotate");
    }
    this.s.requestId++;
    this.s.rotationRequestId = this.s.requestId;
    this.log("debug", "token near expiry: fetching a new one to rotate the connection");
    this.commands.push({ type: "fetchToken", requestId: this.s.requestId });
  }

  rotationTokenReady(token: AccessToken): void {
    this.s.rotationRequestId = undefined;
    const primary = this.s.primary;
    if (this.s.phase !== "connected" || !primary) return this.ignore("tokenReady (rotation)");
    if (token.value === primary.token.value) {
      // The source handed back the current token (its refresh failed, or it is shared): try later.
      this.log("debug", "token source returned the current token; rotating later");
      return this.retryRotation();
    }
    this.s.token = token;
    this.s.next = this.openSocket(token);
    this.setTimer("nextConnect", this.s.config.connectTimeoutMs);
  }

  // ── reconnecting ─────────────────────────────────────────────────────────

  /** Schedules the next attempt: at once after a first failure, then with backoff. */
  retry(minDelayMs: number | undefined): void {
    const delay = Math.max(this.delay(this.s.attempt), minDelayMs ?? 0);
    this.s.attempt++;
    if (delay <= 0) return this.beginAttempt();
    this.backoff(delay);
  }

  backoff(ms: number): void {
    this.s.phase = "backoff";
    this.s.requestId++;
    this.log("info", `reconnecting in ${ms} ms`);
    this.setTimer("backoff", ms);
  }

  /** 0 for the first attempt, then exponential backoff with jitter. */
  delay(attempt: number): number {
    if (attempt <= 0) return 0;
    const [random, seed] = nextRandom(this.s.seed);
    this.s.seed = seed;
    return backoffDelay(attempt - 1, random, this.s.config.backoff);
  }

  endGap(): void {
    const from = this.s.gapSince;
    this.s.gapSince = undefined;
    if (from !== undefined) this.emit({ kind: "gap", gap: { from, to: this.now } });
  }

  // ── output ───────────────────────────────────────────────────────────────

  setTimer(name: TimerName, ms: number): void {
    this.commands.push({ type: "setTimer", name, ms });
  }

  clearTimer(name: TimerName): void {
    this.commands.push({ type: "clearTimer", name });
  }

  emit(emission: Extract<Command, { type: "emit" }>["emission"]): void {
    this.commands.push({ type: "emit", emission });
  }

  report(error: ZoomError): void {
    this.emit({ kind: "error", error });
  }

  log(level: LogLevel, message: string): void {
    this.emit({ kind: "log", level, message });
  }

  ignore(what: string): void {
    this.log("debug", `ignored ${what} in phase ${this.s.phase}`);
  }
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
