import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { machineConfig } from "../tests/support/machine-config.js";
import { propertyRuns } from "../tests/support/property.js";
import type { ServerFrame } from "./codec.js";
import { ZoomAuthError, ZoomClosedError, ZoomTokenUnavailableError } from "./errors.js";
import { deliversEventsFrom, initialState, step } from "./machine.js";
import type { Command, MachineConfig, MachineInput, MachineState, TimerName } from "./machine-types.js";

const config = machineConfig(0.5);

type SocketStatus = "opening" | "open";

interface WorldSocket {
  status: SocketStatus;
  /** The machine asked to close it; the transport will still report onClose. */
  closeRequested: boolean;
}

/**
 * What the interpreter (`createZoomClient`) would hold while running the machine's commands:
 * timers that are set, sockets not yet closed, token and gate requests not yet answered.
 * It only produces inputs the interpreter could produce, plus junk the machine must ignore.
 */
class World {
  state: MachineState;
  now = 1_700_000_000_000;
  readonly timers = new Map<TimerName, number>();
  readonly sockets = new Map<number, WorldSocket>();
  readonly tokenRequests = new Set<number>();
  readonly gateRequests = new Set<number>();
  readonly closedSockets: number[] = [];
  readonly answered: number[] = [];
  tokens = 0;
  beats = 0;
  rotations = 0;
  trace: string[] = [];

  constructor(overrides: Partial<MachineConfig>, seed: number) {
    this.state = initialState({ ...config, ...overrides }, seed);
  }

  send(input: MachineInput): readonly Command[] {
    this.trace.push(describeInput(input));
    const before = this.state;
    const { state, commands } = step(before, input, this.now);
    this.state = state;
    for (const command of commands) this.apply(command);
    this.checkInvariants(input, commands);
    if (input.type === "timer" && input.name === "heartbeat" && before.phase === "connected") {
      const primary = before.primary;
      if (primary?.establishedAt !== undefined) {
        // The heartbeat is due: it goes out on the established socket.
        expect(commands).toContainEqual({
          type: "send",
          socketId: primary.id,
          data: '{"module":"heartbeat"}',
        });
        this.beats++;
      }
    }
    return commands;
  }

  apply(command: Command): void {
    switch (command.type) {
      case "setTimer":
        this.timers.set(command.name, this.now + command.ms);
        return;
      case "clearTimer":
        this.timers.delete(command.name);
        return;
      case "open":
        expect(this.sockets.has(command.socketId), `socket ${command.socketId} opened twice`).toBe(false);
        this.sockets.set(command.socketId, { status: "opening", closeRequested: false });
        return;
      case "close": {
        const socket = this.sockets.get(command.socketId);
        if (socket) socket.closeRequested = true;
        return;
      }
      case "send": {
        const socket = this.sockets.get(command.socketId);
        expect(socket?.status, `send on socket ${command.socketId} that is not open`).toBe("open");
        return;
      }
      case "fetchToken":
        this.tokenRequests.add(command.requestId);
        return;
      case "awaitGate":
        this.gateRequests.add(command.requestId);
        return;
      case "emit":
        if (command.emission.kind === "log" && command.emission.message.startsWith("token rotated"))
          this.rotations++;
        return;
      case "invalidateToken":
        return;
    }
  }

  /** Sockets the machine has not given up: open or opening, no close asked for. */
  live(): number[] {
    return [...this.sockets].filter(([, s]) => !s.closeRequested).map(([id]) => id);
  }

  checkInvariants(input: MachineInput, commands: readonly Command[]): void {
    const s = this.state;
    const where = () => `after ${this.trace.slice(-12).join(" → ")}`;
    const live = this.live();

    // The interpreter's shortcut for events agrees with step on every socket it has seen (and one it has not).
    const probe: ServerFrame = { kind: "event", event: { event: "probe", event_ts: 0, payload: {} } };
    for (const id of [...this.sockets.keys(), this.sockets.size + 1000]) {
      const emits = step(s, { type: "socketFrame", socketId: id, frame: probe }, 0).commands.some(
        (c) => c.type === "emit" && c.emission.kind === "event",
      );
      expect(deliversEventsFrom(s, id), `deliversEventsFrom(${id}) disagrees with step ${where()}`).toBe(
        emits,
      );
    }

    // At most one socket open or opening, two only while a rotation's new socket overlaps the old one.
    expect(live.length, `live sockets ${live} ${where()}`).toBeLessThanOrEqual(s.next ? 2 : 1);
    // No socket is forgotten without being closed.
    for (const id of live) {
      expect([s.primary?.id, s.next?.id], `socket ${id} leaked ${where()}`).toContain(id);
    }
    if (s.primary) expect(this.sockets.has(s.primary.id), `primary is gone ${where()}`).toBe(true);

    // Stopped (idle) or failed: no timer, no socket kept.
    if (s.phase === "idle" || s.phase === "failed") {
      expect([...this.timers.keys()], `timers left in ${s.phase} ${where()}`).toEqual([]);
      expect(live, `sockets left in ${s.phase} ${where()}`).toEqual([]);
      expect(s.primary).toBeUndefined();
      expect(s.next).toBeUndefined();
    }
    // A fatal error always ends stopped.
    const failed = commands.some((c) => c.type === "emit" && c.emission.kind === "failed");
    if (failed) {
      expect(s.phase, where()).toBe("failed");
      expect(s.error?.fatal).toBe(true);
    }
    if (
      input.type === "tokenFailed" &&
      input.error.fatal &&
      input.requestId === this.lastMainRequest &&
      this.lastMainPhase === "token"
    ) {
      expect(s.phase, `a fatal token error did not stop ${where()}`).toBe("failed");
    }
    // Every established connection gets heartbeats, and is watched for silence.
    if (s.phase === "connected" && s.primary?.establishedAt !== undefined) {
      expect(this.timers.has("heartbeat"), `no heartbeat timer ${where()}`).toBe(true);
      expect(this.timers.has("liveness"), `no liveness timer ${where()}`).toBe(true);
    }
    // Never stuck: every running phase waits on something that will happen.
    switch (s.phase) {
      case "token":
        expect(this.tokenRequests.has(s.requestId), `waits for no token request ${where()}`).toBe(true);
        break;
      case "gate":
        expect(this.gateRequests.has(s.requestId), `waits for no gate ${where()}`).toBe(true);
        break;
      case "backoff":
        expect(this.timers.has("backoff"), `backoff without a timer ${where()}`).toBe(true);
        break;
      case "connecting":
        expect(s.primary, where()).toBeDefined();
        expect(this.timers.has("connect"), `connecting without a deadline ${where()}`).toBe(true);
        break;
      case "connected":
        if (!s.primary) {
          expect(s.next, `connected with no socket ${where()}`).toBeDefined();
          expect(this.timers.has("nextConnect"), `handover without a deadline ${where()}`).toBe(true);
        }
        break;
    }
    this.lastMainRequest = s.requestId;
    this.lastMainPhase = s.phase;
  }

  lastMainRequest = 0;
  lastMainPhase: MachineState["phase"] = "idle";
}

const frames: Record<string, ServerFrame> = {
  established: { kind: "established", content: "ok" },
  ack: { kind: "heartbeatAck" },
  event: { kind: "event", event: { event: "meeting.started", event_ts: 1, payload: { object: {} } } },
  tokenRejected: { kind: "tokenRejected", module: "heartbeat", content: "Token is invalid" },
  replaced: { kind: "replaced", module: "build_connection", content: "Connected in another place" },
  failed: { kind: "failed", module: "build_connection", content: "Invalid subscriptionId" },
  unknownModule: { kind: "unknownModule", module: "surprise" },
  malformed: { kind: "malformed", reason: "not JSON" },
};
const frameNames = Object.keys(frames);
const benignFrames = ["ack", "event", "ack", "unknownModule", "malformed"];

/** An abstract action; `pick` chooses among what currently exists, so every action stays plausible. */
type Action =
  | { readonly kind: "start" | "stop" }
  | { readonly kind: "advance"; readonly ms: number }
  | { readonly kind: "timer"; readonly pick: number }
  | { readonly kind: "token"; readonly pick: number; readonly outcome: number; readonly lifetimeS: number }
  | { readonly kind: "gate"; readonly pick: number; readonly ok: boolean }
  | { readonly kind: "socket"; readonly pick: number; readonly what: number }
  | { readonly kind: "junk"; readonly what: number; readonly pick: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom({ kind: "start" as const }, { kind: "stop" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.nat(200_000) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("timer" as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("token" as const),
      pick: fc.nat(),
      outcome: fc.nat(9),
      lifetimeS: fc.constantFrom(5, 60, 3600),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("gate" as const), pick: fc.nat(), ok: fc.boolean() }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant("socket" as const), pick: fc.nat(), what: fc.nat(40) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("junk" as const), what: fc.nat(13), pick: fc.nat() }),
  },
);

function choose<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function perform(world: World, a: Action): void {
  switch (a.kind) {
    case "start":
    case "stop":
      world.send({ type: a.kind });
      return;
    case "advance":
      world.now += a.ms;
      return;
    case "timer": {
      // Timers fire in the order they are due, as a clock's would.
      const soonest = Math.min(...world.timers.values());
      const entry = choose(
        [...world.timers].filter(([, due]) => due === soonest),
        a.pick,
      );
      if (!entry) return;
      const [name, due] = entry;
      world.now = Math.max(world.now, due);
      world.timers.delete(name);
      world.send({ type: "timer", name });
      return;
    }
    case "token": {
      const requestId = choose([...world.tokenRequests], a.pick);
      if (requestId === undefined) return;
      world.tokenRequests.delete(requestId);
      world.answered.push(requestId);
      if (a.outcome < 6) {
        const value = `token-${++world.tokens}`;
        const token = { value, issuedAt: world.now, expiresAt: world.now + a.lifetimeS * 1000 };
        world.send({ type: "tokenReady", requestId, token });
      } else {
        const error =
          a.outcome === 9
            ? new ZoomAuthError(400, "invalid_client", "bad credentials")
            : a.outcome === 8
              ? new ZoomClosedError()
              : new ZoomTokenUnavailableError("the token endpoint answered 503");
        world.send({ type: "tokenFailed", requestId, error });
      }
      return;
    }
    case "gate": {
      const requestId = choose([...world.gateRequests], a.pick);
      if (requestId === undefined) return;
      world.gateRequests.delete(requestId);
      world.answered.push(requestId);
      if (a.ok) world.send({ type: "gateOpen", requestId });
      else world.send({ type: "gateFailed", requestId, error: new ZoomTokenUnavailableError("gate closed") });
      return;
    }
    case "socket": {
      const entry = choose([...world.sockets], a.pick);
      if (!entry) return;
      const [socketId, socket] = entry;
      if (socket.status === "opening") {
        // Opening: it opens, or fails (an error, possibly a refused upgrade, then the close).
        if (a.what < 28) {
          socket.status = "open";
          world.send({ type: "socketOpen", socketId });
        } else {
          const httpStatus = choose([undefined, 401, 403, 503], a.what);
          world.send({
            type: "socketError",
            socketId,
            message: "refused",
            ...(httpStatus !== undefined && { httpStatus }),
          });
          closeSocket(world, socketId, 1006);
        }
        return;
      }
      // Open: mostly frames (build_connection first, as Zoom sends it), sometimes an error or a close.
      if (a.what < 34) {
        const name =
          a.what < 6
            ? "established"
            : a.what < 20
              ? choose(benignFrames, a.what)!
              : (choose(frameNames, a.what) ?? "event");
        world.send({ type: "socketFrame", socketId, frame: frames[name]! });
      } else if (a.what < 36) {
        world.send({ type: "socketError", socketId, message: "ECONNRESET" });
      } else {
        closeSocket(world, socketId, a.what % 2 === 0 ? 1000 : 1006);
      }
      return;
    }
    case "junk": {
      // Inputs about things that do not exist (any more): the machine must ignore them.
      const gone = choose(world.closedSockets, a.pick) ?? 10_000 + a.pick;
      const stale = choose(
        world.answered.filter(
          (id) =>
            id !== world.state.requestId &&
            id !== world.state.rotationRequestId &&
            !world.tokenRequests.has(id) &&
            !world.gateRequests.has(id),
        ),
        a.pick,
      );
      const staleId = stale ?? -1 - a.pick;
      const token = { value: "stale", issuedAt: world.now, expiresAt: world.now + 60_000 };
      const junk: MachineInput[] = [
        { type: "socketOpen", socketId: gone },
        { type: "socketFrame", socketId: gone, frame: frames["established"]! },
        { type: "socketFrame", socketId: gone, frame: frames["tokenRejected"]! },
        { type: "socketError", socketId: gone, message: "late", httpStatus: 401 },
        { type: "socketClosed", socketId: gone, code: 1006, reason: "" },
        { type: "tokenReady", requestId: staleId, token },
        { type: "tokenFailed", requestId: staleId, error: new ZoomAuthError(400, "invalid_client", "late") },
        { type: "gateOpen", requestId: staleId },
      ];
      // A timer firing that was not set, where the machine must see it cannot be meant: anything once
      // stopped or failed (a clock racing close()), a backoff outside backoff, a deadline with nothing pending.
      const stray: TimerName[] =
        world.state.phase === "idle" || world.state.phase === "failed"
          ? ["heartbeat", "liveness", "connect", "nextConnect", "rotate", "backoff"]
          : [
              ...(world.state.phase !== "backoff" && !world.timers.has("backoff")
                ? ["backoff" as const]
                : []),
              ...(world.state.next === undefined && !world.timers.has("nextConnect")
                ? ["nextConnect" as const]
                : []),
            ];
      for (const name of stray) junk.push({ type: "timer", name });
      const input = junk[a.what % junk.length]!;
      const before = world.state;
      const commands = world.send(input);
      expect(world.state, `junk ${describeInput(input)} changed the state`).toEqual(before);
      const effects = commands.filter((c) => !(c.type === "emit" && c.emission.kind === "log"));
      expect(effects, `junk ${describeInput(input)} had effects`).toEqual([]);
      return;
    }
  }
}

function closeSocket(world: World, socketId: number, code: number): void {
  world.sockets.delete(socketId);
  world.closedSockets.push(socketId);
  world.send({ type: "socketClosed", socketId, code, reason: code === 1000 ? "Bye" : "" });
}

function describeInput(input: MachineInput): string {
  switch (input.type) {
    case "socketFrame":
      return `frame(${input.socketId},${input.frame.kind})`;
    case "timer":
      return `timer(${input.name})`;
    case "tokenReady":
    case "tokenFailed":
    case "gateOpen":
    case "gateFailed":
      return `${input.type}(${input.requestId})`;
    case "socketOpen":
    case "socketError":
    case "socketClosed":
      return `${input.type}(${input.socketId})`;
    default:
      return input.type;
  }
}

const configs = fc.record({
  useGate: fc.boolean(),
  retryAfterReplacedMs: fc.constantFrom(undefined, 5_000),
  rotateTokens: fc.boolean(),
});

describe("connection machine (property)", () => {
  it("keeps its invariants over any plausible sequence of inputs", () => {
    fc.assert(
      fc.property(
        configs,
        fc.integer(),
        fc.array(action, { minLength: 1, maxLength: 150, size: "max" }),
        (overrides, seed, actions) => {
          const world = new World(overrides, seed);
          world.send({ type: "start" });
          for (const a of actions) perform(world, a);
          // However it went, stop leaves nothing behind.
          world.send({ type: "stop" });
          expect(world.timers.size).toBe(0);
          expect(world.live()).toEqual([]);
        },
      ),
      propertyRuns(300),
    );
  });

  it("connects and beats with a well-behaved server, whatever the timing", () => {
    // A biased run: the server answers every request and accepts every socket, so connections do get established.
    const friendly = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.nat(30_000) }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant("timer" as const), pick: fc.nat() }) },
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant("token" as const),
            pick: fc.nat(),
            outcome: fc.nat(5),
            lifetimeS: fc.constantFrom(60, 3600),
          }),
        },
        {
          weight: 6,
          arbitrary: fc.record({ kind: fc.constant("socket" as const), pick: fc.nat(), what: fc.nat(19) }),
        },
      ),
      { minLength: 20, maxLength: 150, size: "max" },
    );
    let beats = 0;
    let connected = 0;
    let rotations = 0;
    fc.assert(
      fc.property(fc.integer(), friendly, (seed, actions) => {
        const world = new World({}, seed);
        world.send({ type: "start" });
        for (const a of actions) {
          perform(world, a);
          if (world.state.phase === "connected") connected++;
        }
        beats += world.beats;
        rotations += world.rotations;

        world.send({ type: "stop" });
        expect(world.timers.size).toBe(0);
      }),
      propertyRuns(150),
    );
    // The generator does reach established connections and due heartbeats (else the property says little).
    expect(connected).toBeGreaterThan(0);
    expect(beats).toBeGreaterThan(0);
    expect(rotations).toBeGreaterThan(0);
  });
});
