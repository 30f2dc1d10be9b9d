import { describe, expect, it } from "vitest";
import { machineConfig } from "../tests/support/machine-config.js";
import type { ServerFrame } from "./codec.js";
import { ZoomAuthError, ZoomTokenUnavailableError } from "./errors.js";
import { connectionState, initialState, step } from "./machine.js";
import type { Command, MachineConfig, MachineInput, MachineState } from "./machine-types.js";
import type { AccessToken } from "./token.js";

const config = machineConfig(0);

const established: ServerFrame = { kind: "established", content: "ok" };
const ack: ServerFrame = { kind: "heartbeatAck" };
const event = { event: "meeting.started", event_ts: 1, payload: { object: {} } };

/** Drives the pure machine and records what it asks for. */
class Harness {
  state: MachineState;
  now = 1_000_000;
  log: Command[] = [];
  lastRequest = 0;
  lastSocket = 0;

  constructor(overrides: Partial<MachineConfig> = {}) {
    this.state = initialState({ ...config, ...overrides }, 42);
  }

  send(input: MachineInput): Command[] {
    const { state, commands } = step(this.state, input, this.now);
    this.state = state;
    this.log.push(...commands);
    for (const command of commands) {
      if (command.type === "fetchToken" || command.type === "awaitGate") this.lastRequest = command.requestId;
      if (command.type === "open") this.lastSocket = command.socketId;
    }
    return [...commands];
  }

  token(lifetimeMs = 3_600_000, value = `t${this.now}`): AccessToken {
    return { value, issuedAt: this.now, expiresAt: this.now + lifetimeMs };
  }

  /** start → token → open → established. */
  connect(lifetimeMs?: number): number {
    if (this.state.phase === "idle" || this.state.phase === "failed") this.send({ type: "start" });
    this.send({ type: "tokenReady", requestId: this.lastRequest, token: this.token(lifetimeMs) });
    const id = this.lastSocket;
    this.send({ type: "socketOpen", socketId: id });
    this.send({ type: "socketFrame", socketId: id, frame: established });
    return id;
  }

  /** Fires a pending backoff timer, delivers `token` for the attempt, and returns the socket it opens. */
  attempt(token: AccessToken = this.token()): number {
    if (this.state.phase === "backoff") this.send({ type: "timer", name: "backoff" });
    return ofType(this.send({ type: "tokenReady", requestId: this.lastRequest, token }), "open")[0]!.socketId;
  }

  advance(ms: number): void {
    this.now += ms;
  }
}

const ofType = <T extends Command["type"]>(commands: Command[], type: T) =>
  commands.filter((c): c is Extract<Command, { type: T }> => c.type === type);
const emissions = (commands: Command[]) => ofType(commands, "emit").map((c) => c.emission);

describe("connection machine", () => {
  it("connects: token, open, build_connection", () => {
    const h = new Harness();
    expect(ofType(h.send({ type: "start" }), "fetchToken")).toHaveLength(1);
    expect(connectionState(h.state)).toBe("connecting");
    const opened = h.send({ type: "tokenReady", requestId: h.lastRequest, token: h.token() });
    expect(ofType(opened, "open")).toEqual([{ type: "open", socketId: 1, token: expect.any(String) }]);
    h.send({ type: "socketOpen", socketId: 1 });
    const up = h.send({ type: "socketFrame", socketId: 1, frame: established });
    expect(emissions(up)).toContainEqual({ kind: "connected" });
    expect(emissions(up)).toContainEqual({ kind: "state", state: "connected", previous: "connecting" });
    expect(ofType(up, "setTimer").map((t) => t.name)).toEqual(["heartbeat", "liveness", "rotate"]);
  });

  it("awaits the gate before each attempt, then fetches a token fresh for the socket", () => {
    const h = new Harness({ useGate: true });
    const started = h.send({ type: "start" });
    expect(ofType(started, "awaitGate")).toHaveLength(1);
    expect(ofType(started, "fetchToken")).toHaveLength(0);
    expect(ofType(h.send({ type: "gateOpen", requestId: h.lastRequest }), "fetchToken")).toHaveLength(1);
    expect(
      ofType(h.send({ type: "tokenReady", requestId: h.lastRequest, token: h.token() }), "open"),
    ).toHaveLength(1);
  });

  it("never asks a closed gate again at once", () => {
    const h = new Harness({ useGate: true });
    h.send({ type: "start" });
    const refused = h.send({
      type: "gateFailed",
      requestId: h.lastRequest,
      error: new ZoomTokenUnavailableError("no"),
    });
    expect(ofType(refused, "setTimer")).toEqual([{ type: "setTimer", name: "backoff", ms: 1000 }]);
  });

  it("beats every interval and declares a connection without acks dead two intervals after the last ack", () => {
    const h = new Harness();
    const id = h.connect();
    h.advance(25_000);
    expect(ofType(h.send({ type: "timer", name: "heartbeat" }), "send")).toEqual([
      { type: "send", socketId: id, data: '{"module":"heartbeat"}' },
    ]);
    h.advance(40); // the ack's round trip
    const ackedAt = h.now;
    const acked = h.send({ type: "socketFrame", socketId: id, frame: ack });
    expect(ofType(acked, "setTimer")).toEqual([{ type: "setTimer", name: "liveness", ms: 50_000 }]);
    h.advance(25_000 - 40);
    expect(ofType(h.send({ type: "timer", name: "heartbeat" }), "send")).toHaveLength(1);
    h.advance(25_040); // two intervals since the ack, none since
    const dead = h.send({ type: "timer", name: "liveness" });
    expect(ofType(dead, "close")).toEqual([
      { type: "close", socketId: id, code: 4000, reason: "heartbeat timeout" },
    ]);
    expect(ofType(dead, "fetchToken")).toHaveLength(1); // first reconnect is immediate
    expect(connectionState(h.state)).toBe("reconnecting");
    h.advance(500);
    const id2 = h.attempt();
    const up = h.send({ type: "socketFrame", socketId: id2, frame: established });
    // Nothing arrived after the last ack: the gap starts there.
    expect(emissions(up)).toContainEqual({ kind: "gap", gap: { from: ackedAt, to: h.now } });
  });

  it("refreshes the token and reconnects when Zoom rejects it on a live connection", () => {
    const h = new Harness();
    const id = h.connect();
    const token = (h.log.find((c) => c.type === "open") as { token: string }).token;
    const out = h.send({
      type: "socketFrame",
      socketId: id,
      frame: { kind: "tokenRejected", module: "heartbeat", content: "Token is invalid" },
    });
    expect(ofType(out, "invalidateToken")).toEqual([{ type: "invalidateToken", token }]);
    expect(ofType(out, "close")).toHaveLength(1);
    expect(ofType(out, "fetchToken")).toHaveLength(1);
    // The server's close of the rejected socket is bookkeeping only.
    expect(
      ofType(h.send({ type: "socketClosed", socketId: id, code: 1000, reason: "Bye" }), "fetchToken"),
    ).toHaveLength(0);
  });

  it("stops without fighting back when another consumer takes the subscription", () => {
    const h = new Harness();
    const id = h.connect();
    const out = h.send({
      type: "socketFrame",
      socketId: id,
      frame: { kind: "replaced", module: "build_connection", content: "Connected in another place" },
    });
    expect(h.state.phase).toBe("failed");
    expect(h.state.error?.code).toBe("REPLACED");
    expect(emissions(out)).toContainEqual({ kind: "failed", error: h.state.error });
    expect(
      ofType(out, "clearTimer")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["backoff", "connect", "heartbeat", "liveness", "nextConnect", "rotate"]);
    expect(
      ofType(h.send({ type: "socketClosed", socketId: id, code: 1000, reason: "Bye" }), "fetchToken"),
    ).toHaveLength(0);
  });

  it("takes the subscription back after a long pause when asked to", () => {
    const h = new Harness({ retryAfterReplacedMs: 300_000 });
    const id = h.connect();
    const out = h.send({
      type: "socketFrame",
      socketId: id,
      frame: { kind: "replaced", module: "build_connection", content: "Connected in another place" },
    });
    expect(h.state.phase).toBe("backoff");
    const pause = ofType(out, "setTimer").find((t) => t.name === "backoff")!.ms;
    expect(pause).toBeGreaterThanOrEqual(300_000);
    expect(pause).toBeLessThanOrEqual(375_000); // up to 25% jitter
    expect(h.state.error).toBeUndefined();
  });

  it("rotates the token through a second socket without a gap", () => {
    const h = new Harness();
    const old = h.connect(3000);
    const rotateAt = ofType(h.log, "setTimer").find((t) => t.name === "rotate")!.ms;
    expect(rotateAt).toBe(2250);
    h.advance(rotateAt);
    expect(ofType(h.send({ type: "timer", name: "rotate" }), "fetchToken")).toHaveLength(1);
    const next = h.attempt(h.token(3000, "new"));
    expect(next).not.toBe(old);
    // Zoom retires the old socket as soon as the new one connects: our own handover.
    const kicked = h.send({
      type: "socketFrame",
      socketId: old,
      frame: { kind: "replaced", module: "build_connection", content: "Connected in another place" },
    });
    expect(h.state.phase).toBe("connected");
    expect(emissions(kicked).filter((e) => e.kind === "failed" || e.kind === "error")).toEqual([]);
    // Events still in flight on the old socket are delivered.
    expect(
      emissions(h.send({ type: "socketFrame", socketId: old, frame: { kind: "event", event } })),
    ).toEqual([{ kind: "event", event }]);
    h.send({ type: "socketClosed", socketId: old, code: 1000, reason: "Bye" });
    h.send({ type: "socketOpen", socketId: next });
    const up = h.send({ type: "socketFrame", socketId: next, frame: established });
    expect(h.state.primary?.id).toBe(next);
    expect(emissions(up).filter((e) => e.kind === "gap" || e.kind === "state")).toEqual([]);
    expect(ofType(up, "setTimer").map((t) => t.name)).toEqual(["heartbeat", "liveness", "rotate"]);
  });

  it("closes the old socket itself when the new one is up first", () => {
    const h = new Harness();
    const old = h.connect(3000);
    h.send({ type: "timer", name: "rotate" });
    const next = h.attempt(h.token(3000, "new"));
    const up = h.send({ type: "socketFrame", socketId: next, frame: established });
    expect(ofType(up, "close")).toEqual([
      { type: "close", socketId: old, code: 1000, reason: "token rotated" },
    ]);
  });

  it("treats the server closing the old socket during a rotation as the handover", () => {
    const h = new Harness();
    const old = h.connect(3000);
    h.send({ type: "timer", name: "rotate" });
    const next = h.attempt(h.token(3000, "new"));
    h.send({ type: "socketOpen", socketId: next });
    const closed = h.send({ type: "socketClosed", socketId: old, code: 1000, reason: "Bye" });
    expect(emissions(closed).filter((e) => e.kind !== "log")).toEqual([]);
    const up = h.send({ type: "socketFrame", socketId: next, frame: established });
    expect(emissions(up).filter((e) => e.kind === "gap" || e.kind === "state")).toEqual([]);
    expect(h.state.primary?.id).toBe(next);
  });

  it("drops the token when the upgrade is refused with 401 or 403", () => {
    const h = new Harness();
    h.send({ type: "start" });
    const token = h.token();
    const id = h.attempt(token);
    const refused = h.send({ type: "socketError", socketId: id, message: "HTTP 401", httpStatus: 401 });
    expect(ofType(refused, "invalidateToken")).toEqual([{ type: "invalidateToken", token: token.value }]);
    const other = h.send({ type: "socketError", socketId: id, message: "HTTP 503", httpStatus: 503 });
    expect(ofType(other, "invalidateToken")).toEqual([]);
  });

  it("reports a gap when a rotation's handover fails", () => {
    const h = new Harness();
    const old = h.connect(3000);
    h.send({ type: "timer", name: "rotate" });
    const next = h.attempt(h.token(3000, "new"));
    const handoverAt = h.now;
    h.send({
      type: "socketFrame",
      socketId: old,
      frame: { kind: "replaced", module: "x", content: "Connected in another place" },
    });
    h.advance(100);
    const failed = h.send({ type: "socketClosed", socketId: next, code: 1006, reason: "" });
    expect(ofType(failed, "fetchToken")).toHaveLength(1);
    h.advance(100);
    const id = h.attempt();
    const up = h.send({ type: "socketFrame", socketId: id, frame: established });
    expect(emissions(up)).toContainEqual({ kind: "gap", gap: { from: handoverAt, to: h.now } });
  });

  it("retries failed attempts with growing backoff and resets only after a stable connection", () => {
    const h = new Harness();
    h.send({ type: "start" });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const closed = h.send({ type: "socketClosed", socketId: h.attempt(), code: 1006, reason: "" });
      delays.push(ofType(closed, "setTimer").find((t) => t.name === "backoff")?.ms ?? 0);
    }
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 16000]);
    // A connection that drops quickly keeps the count; one that stayed up resets it.
    const id = h.attempt();
    h.send({ type: "socketFrame", socketId: id, frame: established });
    h.advance(1000);
    const quick = h.send({ type: "socketClosed", socketId: id, code: 1006, reason: "" });
    expect(ofType(quick, "setTimer").find((t) => t.name === "backoff")?.ms).toBe(30_000);
    const id2 = h.attempt();
    h.send({ type: "socketFrame", socketId: id2, frame: established });
    h.advance(30_000);
    const stable = h.send({ type: "socketClosed", socketId: id2, code: 1006, reason: "" });
    expect(ofType(stable, "fetchToken")).toHaveLength(1);
  });

  it("honours Retry-After from the token endpoint", () => {
    const h = new Harness();
    h.send({ type: "start" });
    const out = h.send({
      type: "tokenFailed",
      requestId: h.lastRequest,
      error: new ZoomTokenUnavailableError("busy", 429, 7000),
    });
    expect(ofType(out, "setTimer")).toEqual([{ type: "setTimer", name: "backoff", ms: 7000 }]);
  });

  it("fails at once on a fatal token error", () => {
    const h = new Harness();
    h.send({ type: "start" });
    const error = new ZoomAuthError(400, "invalid_client", "Invalid client_id or client_secret");
    const out = h.send({ type: "tokenFailed", requestId: h.lastRequest, error });
    expect(h.state.phase).toBe("failed");
    expect(emissions(out)).toContainEqual({ kind: "failed", error });
    expect(ofType(out, "fetchToken")).toHaveLength(0);
  });

  it.each([
    ["fresh tokens are refused", "tokenRejected", "Invalid Token", "TOKEN_REJECTED"],
    ["refusals", "failed", "Invalid subscriptionId", "CONNECTION_REFUSED"],
  ] as const)("gives up after three %s before any connection succeeded", (_what, kind, content, code) => {
    const h = new Harness();
    h.send({ type: "start" });
    for (let i = 0; i < 3; i++) {
      h.send({
        type: "socketFrame",
        socketId: h.attempt(),
        frame: { kind, module: "build_connection", content },
      });
    }
    expect(h.state.phase).toBe("failed");
    expect(h.state.error?.code).toBe(code);
  });
  it("ignores stale results after stop and start", () => {
    const h = new Harness();
    h.send({ type: "start" });
    const stale = h.lastRequest;
    h.send({ type: "stop" });
    h.send({ type: "start" });
    expect(ofType(h.send({ type: "tokenReady", requestId: stale, token: h.token() }), "open")).toHaveLength(
      0,
    );
    expect(
      ofType(h.send({ type: "tokenReady", requestId: h.lastRequest, token: h.token() }), "open"),
    ).toHaveLength(1);
  });

  it("stop closes every socket and clears every timer", () => {
    const h = new Harness();
    const id = h.connect();
    const out = h.send({ type: "stop" });
    expect(ofType(out, "close")).toEqual([
      { type: "close", socketId: id, code: 1000, reason: "client closed" },
    ]);
    expect(ofType(out, "clearTimer")).toHaveLength(6);
    expect(connectionState(h.state)).toBe("idle");
  });

  it("reports malformed frames and unknown modules without dropping the connection", () => {
    const h = new Harness();
    const id = h.connect();
    const bad = h.send({ type: "socketFrame", socketId: id, frame: { kind: "malformed", reason: "x" } });
    const unknown = h.send({
      type: "socketFrame",
      socketId: id,
      frame: { kind: "unknownModule", module: "presence" },
    });
    expect(emissions([...bad, ...unknown]).filter((e) => e.kind === "error")).toHaveLength(2);
    expect(h.state.phase).toBe("connected");
  });

  it("keeps the connection's age across rotations, so a long-lived connection resets the backoff", () => {
    const h = new Harness({ stableAfterMs: 30_000 });
    h.send({ type: "start" });
    // Two failed attempts first: the count is at 2.
    for (let i = 0; i < 2; i++)
      h.send({ type: "socketClosed", socketId: h.attempt(), code: 1006, reason: "" });
    let id = h.attempt(h.token(20_000));
    h.send({ type: "socketFrame", socketId: id, frame: established });
    for (let i = 0; i < 3; i++) {
      h.advance(15_000);
      h.send({ type: "timer", name: "rotate" });
      const next = h.attempt(h.token(20_000, `r${i}`));
      h.send({ type: "socketFrame", socketId: next, frame: established });
      id = next;
    }
    const dropped = h.send({ type: "socketClosed", socketId: id, code: 1006, reason: "" });
    expect(ofType(dropped, "fetchToken")).toHaveLength(1); // immediate: 45 s up counts as stable
  });

  it("retries a failed rotation with its own backoff, never at once", () => {
    const h = new Harness();
    h.connect(3000);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.send({ type: "timer", name: "rotate" });
      const out = h.send({
        type: "tokenFailed",
        requestId: h.lastRequest,
        error: new ZoomTokenUnavailableError("x"),
      });
      delays.push(ofType(out, "setTimer").find((t) => t.name === "rotate")!.ms);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(h.state.phase).toBe("connected");
  });

  it("lengthens the pause on every further takeover", () => {
    const h = new Harness({ retryAfterReplacedMs: 60_000, backoff: { jitter: 0 } });
    const pauses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = h.connect();
      const out = h.send({
        type: "socketFrame",
        socketId: id,
        frame: { kind: "replaced", module: "b", content: "Connected in another place" },
      });
      const pause = ofType(out, "setTimer").find((t) => t.name === "backoff")!.ms;
      pauses.push(pause);
      h.advance(pause);
      h.send({ type: "timer", name: "backoff" });
    }
    expect(pauses[0]).toBeGreaterThanOrEqual(60_000);
    expect(pauses[1]).toBeGreaterThanOrEqual(120_000);
    expect(pauses[2]).toBeGreaterThanOrEqual(240_000);
  });

  it("does not count the rejection of a token that had already expired", () => {
    const h = new Harness();
    h.send({ type: "start" });
    for (let i = 0; i < 5; i++) {
      const id = h.attempt({ value: `old${i}`, issuedAt: h.now - 2000, expiresAt: h.now - 1 });
      h.send({
        type: "socketFrame",
        socketId: id,
        frame: { kind: "tokenRejected", module: "build_connection", content: "Invalid Token" },
      });
    }
    expect(h.state.phase).not.toBe("failed");
  });

  it("handles every input in every phase without throwing", () => {
    const frames: ServerFrame[] = [
      established,
      ack,
      { kind: "event", event },
      { kind: "tokenRejected", module: "m", content: "token" },
      { kind: "replaced", module: "m", content: "another place" },
      { kind: "failed", module: "m", content: "x" },
      { kind: "unknownModule", module: "m" },
      { kind: "malformed", reason: "r" },
    ];
    const inputs = (h: Harness): MachineInput[] => [
      { type: "start" },
      { type: "stop" },
      { type: "tokenReady", requestId: h.lastRequest, token: h.token() },
      { type: "tokenFailed", requestId: h.lastRequest, error: new ZoomTokenUnavailableError("x") },
      { type: "gateOpen", requestId: h.lastRequest },
      { type: "gateFailed", requestId: h.lastRequest, error: new ZoomTokenUnavailableError("x") },
      { type: "socketOpen", socketId: h.lastSocket },
      ...frames.map((frame) => ({ type: "socketFrame" as const, socketId: h.lastSocket, frame })),
      { type: "socketError", socketId: h.lastSocket, message: "e" },
      { type: "socketClosed", socketId: h.lastSocket, code: 1006, reason: "" },
      ...(["heartbeat", "connect", "nextConnect", "rotate", "backoff"] as const).map((name) => ({
        type: "timer" as const,
        name,
      })),
    ];
    const setups: Array<(h: Harness) => void> = [
      () => {},
      (h) => h.send({ type: "start" }),
      (h) => {
        h.send({ type: "start" });
        h.send({ type: "tokenReady", requestId: h.lastRequest, token: h.token() });
      },
      (h) => h.connect(),
      (h) => {
        h.connect(3000);
        h.send({ type: "timer", name: "rotate" });
        h.send({ type: "tokenReady", requestId: h.lastRequest, token: h.token(3000, "n") });
      },
      (h) => {
        h.send({ type: "start" });
        h.send({
          type: "tokenFailed",
          requestId: h.lastRequest,
          error: new ZoomAuthError(400, "invalid_client", ""),
        });
      },
    ];
    for (const setup of setups) {
      for (let i = 0; i < inputs(new Harness()).length; i++) {
        const h = new Harness();
        setup(h);
        const input = inputs(h)[i]!;
        expect(() => h.send(input)).not.toThrow();
      }
    }
  });
});
