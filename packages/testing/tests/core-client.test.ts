import {
  Aborter,
  type ConnectionState,
  createZoomClient,
  type Gap,
  type GateContext,
  HEARTBEAT_FRAME,
  type Logger,
  type UserTokenResult,
  ZoomClosedError,
  ZoomError,
  type ZoomEvent,
  ZoomGateError,
  ZoomHandlerError,
  ZoomOptionsError,
} from "@zoomws/core";
import { describe, expect, it, vi } from "vitest";
import { createFakeClock, createMemoryTransport } from "../src/index.js";
import {
  ACK,
  afterEachTokens,
  BASIC,
  CLIENT_ID,
  CLIENT_SECRET,
  checkSecretsAfterEach,
  connectOn,
  ESTABLISHED,
  eventFrame,
  expectNoSecrets,
  flush,
  idOf,
  KICK,
  OAUTH_URL,
  scriptedFetch,
  setup,
  TOKEN_REJECTED,
  WS_URL,
} from "./support/client-rig.js";

checkSecretsAfterEach();

describe("createZoomClient: connecting", () => {
  it("gets a token from the OAuth endpoint and opens endpoint + &access_token=<token>", async () => {
    const h = setup();
    const connected = h.client.connect();
    const socket = await h.transport.nextSocket();
    expect(socket.url).toBe(`${WS_URL}&access_token=tok-1`);
    expect(h.oauth.calls).toHaveLength(1);
    const call = h.oauth.calls[0]!;
    expect(call.url).toBe(OAUTH_URL);
    expect(call.init.method).toBe("POST");
    expect(call.init.body).toBe("grant_type=client_credentials");
    expect(call.init.headers["Authorization"]).toBe(`Basic ${BASIC}`);
    socket.server.accept();
    socket.server.send(ESTABLISHED);
    await connected;
    expect(h.client.state).toBe("connected");
  });

  it("uses the account_credentials grant when accountId is set", async () => {
    const h = setup({ accountId: "acc-1" });
    await connectOn(h);
    expect(h.oauth.calls[0]!.init.body).toBe("grant_type=account_credentials&account_id=acc-1");
  });

  it("connect() resolves only after build_connection succeeds, not at socket open", async () => {
    const h = setup();
    let resolved = false;
    const connected = h.client.connect().then(() => {
      resolved = true;
    });
    const socket = await h.transport.nextSocket();
    await flush();
    expect(resolved).toBe(false);
    expect(h.client.state).toBe("connecting");

    socket.server.accept();
    await flush();
    expect(resolved).toBe(false);
    expect(h.client.state).toBe("connecting");

    socket.server.send(ESTABLISHED);
    await flush();
    expect(resolved).toBe(true);
    expect(h.client.state).toBe("connected");
    await connected;
    // connect() while connected resolves at once, without another socket.
    await h.client.connect();
    expect(h.transport.sockets).toHaveLength(1);
  });

  it("concurrent connect() calls share one attempt", async () => {
    const h = setup();
    const a = h.client.connect();
    const b = h.client.connect();
    const socket = await h.transport.nextSocket();
    socket.server.accept();
    socket.server.send(ESTABLISHED);
    await Promise.all([a, b]);
    expect(h.transport.sockets).toHaveLength(1);
    expect(h.oauth.calls).toHaveLength(1);
  });

  it("sends a heartbeat every heartbeatIntervalMs on the fake clock", async () => {
    const h = setup({ heartbeatIntervalMs: 1000 });
    const socket = await connectOn(h);
    expect(socket.sent).toEqual([]);

    h.clock.advance(999);
    expect(socket.sent).toEqual([]);
    h.clock.advance(1);
    expect(socket.sent).toEqual([HEARTBEAT_FRAME]);
    socket.server.send(ACK);

    h.clock.advance(999);
    expect(socket.sent).toHaveLength(1);
    h.clock.advance(1);
    expect(socket.sent).toEqual([HEARTBEAT_FRAME, HEARTBEAT_FRAME]);
    socket.server.send(ACK);

    for (let i = 0; i < 3; i++) {
      h.clock.advance(1000);
      socket.server.send(ACK);
    }
    expect(socket.sent).toHaveLength(5);
    expect(socket.sent.every((frame) => frame === HEARTBEAT_FRAME)).toBe(true);
    expect(h.client.state).toBe("connected");
    expect(h.transport.sockets).toHaveLength(1);
  });

  it("declares the connection dead after two intervals without an ack and reconnects", async () => {
    const h = setup({ heartbeatIntervalMs: 1000 });
    const socket = await connectOn(h);
    h.clock.advance(1000);
    expect(socket.sent).toEqual([HEARTBEAT_FRAME]);
    h.clock.advance(1000);
    expect(socket.closeRequest).toEqual({ code: 4000, reason: "heartbeat timeout" });
    expect(h.client.state).toBe("reconnecting");
    const second = await h.transport.nextSocket();
    second.server.accept();
    second.server.send(ESTABLISHED);
    await flush();
    expect(h.client.state).toBe("connected");
    expect(h.errors.map((e) => e.code)).toContain("CONNECTION_FAILED");
  });

  it("rejects connect() with AUTH_REJECTED when the OAuth endpoint refuses the credentials", async () => {
    const h = setup();
    h.oauth.script.push({
      status: 401,
      body: JSON.stringify({ error: "invalid_client", reason: "Invalid client_id or client_secret" }),
    });
    await expect(h.client.connect()).rejects.toMatchObject({ code: "AUTH_REJECTED", fatal: true });
    expect(h.client.state).toBe("failed");
    expect(h.client.error?.code).toBe("AUTH_REJECTED");
    expect(h.transport.sockets).toHaveLength(0);
    expect(h.errors.map((e) => e.code)).toEqual(["AUTH_REJECTED"]);
  });
});

describe("createZoomClient: handlers", () => {
  it('calls on(type) for that type only and on("*") for every event, type handlers first', async () => {
    const h = setup();
    const calls: string[] = [];
    h.client.on("meeting.started", (e) => calls.push(`started:${idOf(e)}`));
    h.client.on("meeting.ended", (e) => calls.push(`ended:${idOf(e)}`));
    h.client.on("*", (e) => calls.push(`any:${e.event}:${idOf(e)}`));
    const socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    socket.server.send(eventFrame(2, "meeting.ended"));
    socket.server.send(eventFrame(3, "user.created"));
    expect(calls).toEqual([
      "started:1",
      "any:meeting.started:1",
      "ended:2",
      "any:meeting.ended:2",
      "any:user.created:3",
    ]);
  });

  it("stops calling a handler once unsubscribed", async () => {
    const h = setup();
    const typed: number[] = [];
    const any: number[] = [];
    const offTyped = h.client.on("meeting.started", (e) => typed.push(idOf(e)));
    const offAny = h.client.on("*", (e) => any.push(idOf(e)));
    const socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    offTyped();
    socket.server.send(eventFrame(2));
    offAny();
    offAny(); // twice is harmless
    socket.server.send(eventFrame(3));
    expect(typed).toEqual([1]);
    expect(any).toEqual([1, 2]);
  });

  it("runs the same function registered twice twice; each unsubscribe removes one", async () => {
    const h = setup();
    const seen: number[] = [];
    const handler = (e: ZoomEvent) => {
      seen.push(idOf(e));
    };
    const offFirst = h.client.on("meeting.started", handler);
    h.client.on("meeting.started", handler);
    const socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    expect(seen).toEqual([1, 1]);
    offFirst();
    socket.server.send(eventFrame(2));
    expect(seen).toEqual([1, 1, 2]);
  });

  it("reports throwing and rejecting handlers as HANDLER_FAILED and keeps delivering in order", async () => {
    const h = setup();
    const order: string[] = [];
    const thrown = new Error("sync failure");
    const rejected = new Error("async failure");
    h.client.on("meeting.started", (e) => {
      order.push(`throws:${idOf(e)}`);
      throw thrown;
    });
    h.client.on("meeting.started", async (e) => {
      order.push(`rejects:${idOf(e)}`);
      throw rejected;
    });
    h.client.on("meeting.started", (e) => {
      order.push(`ok:${idOf(e)}`);
    });
    h.client.on("*", (e) => {
      order.push(`any:${idOf(e)}`);
    });
    const socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    socket.server.send(eventFrame(2));
    socket.server.send(eventFrame(3));
    await flush();

    expect(order).toEqual([
      "throws:1",
      "rejects:1",
      "ok:1",
      "any:1",
      "throws:2",
      "rejects:2",
      "ok:2",
      "any:2",
      "throws:3",
      "rejects:3",
      "ok:3",
      "any:3",
    ]);
    const handlerErrors = h.errors.filter((e) => e.code === "HANDLER_FAILED");
    expect(handlerErrors).toHaveLength(6);
    for (const error of handlerErrors) {
      expect(error).toBeInstanceOf(ZoomHandlerError);
      expect(error.fatal).toBe(false);
      expect((error as ZoomHandlerError).eventType).toBe("meeting.started");
    }
    expect(handlerErrors.filter((e) => e.cause === thrown)).toHaveLength(3);
    expect(handlerErrors.filter((e) => e.cause === rejected)).toHaveLength(3);
    expect(h.client.state).toBe("connected");
  });

  it("logs handler failures at error level when nobody listens to onError", async () => {
    const h = setup({}, { noErrorListener: true });
    h.client.on("*", () => {
      throw new Error("handler bug");
    });
    const socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    const line = h.logs.find((l) => l.level === "error" && l.text.includes("handler bug"));
    expect(line?.text).toContain('A handler for "meeting.started" failed');
  });

  it("tolerates client.close() called synchronously inside a handler", async () => {
    const h = setup();
    const seen: number[] = [];
    const after: number[] = [];
    let closing: Promise<void> | undefined;
    h.client.on("meeting.started", (e) => {
      seen.push(idOf(e));
      closing = h.client.close();
    });
    h.client.on("*", (e) => {
      after.push(idOf(e));
    });
    const socket = await connectOn(h);
    expect(() => socket.server.send(eventFrame(1))).not.toThrow();
    expect(h.client.state).toBe("idle");
    expect(socket.closeRequest).toEqual({ code: 1000, reason: "client closed" });
    // The other handler still saw the event being delivered when close() was called.
    expect(after).toEqual([1]);
    // Later frames do not reach the client any more.
    expect(socket.server.send(eventFrame(2))).toBe(false);
    await closing;
    expect(socket.state).toBe("closed");
    expect(socket.server.send(eventFrame(3))).toBe(false);
    expect(seen).toEqual([1]);
    expect(after).toEqual([1]);
    expect(h.clock.pending()).toBe(0);
    expect(h.errors).toEqual([]);
    expect(h.states.at(-1)).toEqual(["idle", "connected"]);
  });

  it("keeps arrival order when a transport delivers frames synchronously from inside a handler", async () => {
    const h = setup();
    const order: string[] = [];
    let socket!: Awaited<ReturnType<typeof connectOn>>;
    h.client.on("meeting.started", (e) => {
      const id = idOf(e);
      order.push(`named ${id}`);
      // The server's next frames arrive while this handler still runs (a synchronous transport).
      if (id === 1) {
        socket.server.send(eventFrame(2));
        socket.server.send(ACK);
        socket.server.send(eventFrame(3));
      }
      order.push(`named ${id} done`);
    });
    h.client.on("*", (e) => {
      order.push(`any ${idOf(e)}`);
    });
    socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    expect(order).toEqual([
      "named 1",
      "named 1 done",
      "any 1",
      "named 2",
      "named 2 done",
      "any 2",
      "named 3",
      "named 3 done",
      "any 3",
    ]);
    expect(h.errors).toEqual([]);
  });

  it("close() then connect() inside a handler: later frames of the old socket are not delivered; the new connection's are", async () => {
    const h = setup();
    const seen: number[] = [];
    let reconnecting: Promise<void> | undefined;
    h.client.on("meeting.started", (e) => {
      seen.push(idOf(e));
      if (idOf(e) === 1) {
        void h.client.close();
        reconnecting = h.client.connect();
      }
    });
    const first = await connectOn(h);
    first.server.send(eventFrame(1));
    // The stop ran after the handler: the old socket was asked to close, and a new attempt started.
    expect(first.closeRequest).toEqual({ code: 1000, reason: "client closed" });
    first.server.send(eventFrame(2));
    const second = await h.transport.nextSocket();
    second.server.accept();
    second.server.send(ESTABLISHED);
    await reconnecting;
    second.server.send(eventFrame(3));
    expect(seen).toEqual([1, 3]);
    expect(h.client.state).toBe("connected");
    await h.client.close();
  });

  it("feeds events() iterators and ends them on close()", async () => {
    const h = setup();
    const iterator = h.client.events();
    const socket = await connectOn(h);
    socket.server.send(eventFrame(1));
    socket.server.send(eventFrame(2));
    const seen: number[] = [];
    const consumer = (async () => {
      for await (const event of iterator) seen.push(idOf(event));
    })();
    await flush();
    socket.server.send(eventFrame(3));
    await flush();
    expect(seen).toEqual([1, 2, 3]);
    await h.client.close();
    await consumer;
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe("createZoomClient: state, gaps and reconnecting", () => {
  it("reports connecting, connected, reconnecting, connected and the gap from the fake clock", async () => {
    const h = setup();
    const start = h.clock.now();
    const first = await connectOn(h);
    expect(h.states).toEqual([
      ["connecting", "idle"],
      ["connected", "connecting"],
    ]);

    h.clock.advance(5000);
    const droppedAt = h.clock.now();
    expect(droppedAt).toBe(start + 5000);
    first.server.close(1006, "");
    expect(h.client.state).toBe("reconnecting");
    expect(h.errors.map((e) => e.code)).toEqual(["CONNECTION_FAILED"]);
    expect(h.errors[0]!.fatal).toBe(false);

    const second = await h.transport.nextSocket();
    // The cached token is reused: no second OAuth request.
    expect(second.url).toBe(`${WS_URL}&access_token=tok-1`);
    expect(h.oauth.calls).toHaveLength(1);
    h.clock.advance(700);
    second.server.accept();
    expect(h.gaps).toEqual([]);
    second.server.send(ESTABLISHED);

    expect(h.states).toEqual([
      ["connecting", "idle"],
      ["connected", "connecting"],
      ["reconnecting", "connected"],
      ["connected", "reconnecting"],
    ]);
    expect(h.gaps).toEqual([{ from: droppedAt, to: droppedAt + 700 }]);
    expect(h.client.state).toBe("connected");

    // Events flow on the new socket.
    const seen: number[] = [];
    h.client.on("*", (e) => seen.push(idOf(e)));
    second.server.send(eventFrame(9));
    expect(seen).toEqual([9]);
  });

  it("waits the default backoff when backoff fields are given as undefined (no NaN delay, no reconnect storm)", async () => {
    const h = setup({
      backoff: { initialMs: undefined, maxMs: undefined, factor: undefined, jitter: undefined },
    });
    const delays: number[] = [];
    const setTimeout = h.clock.setTimeout.bind(h.clock);
    vi.spyOn(h.clock, "setTimeout").mockImplementation((callback, ms) => {
      delays.push(ms);
      return setTimeout(callback, ms);
    });
    const first = await connectOn(h);
    first.server.close(1006, "");
    // The first retry is immediate; it fails too, so the next one waits the backoff.
    const second = await h.transport.nextSocket();
    second.server.fail();
    await flush();
    expect(delays.every(Number.isFinite), `delays ${delays}`).toBe(true);
    const backoff = delays.at(-1)!;
    expect(backoff).toBeGreaterThanOrEqual(500);
    expect(backoff).toBeLessThanOrEqual(1000);
    h.clock.advance(backoff - 1);
    expect(h.transport.sockets).toHaveLength(2);
    h.clock.advance(1);
    await flush();
    expect(h.transport.sockets).toHaveLength(3);
    await h.client.close();
  });

  it("reports no gap for the first connection", async () => {
    const h = setup();
    await connectOn(h);
    h.clock.advance(10_000);
    expect(h.gaps).toEqual([]);
  });

  it("fetches a new token after Zoom rejects one, and connects with it", async () => {
    const h = setup();
    const connected = h.client.connect();
    const first = await h.transport.nextSocket();
    first.server.accept();
    first.server.send(TOKEN_REJECTED);
    expect(first.closeRequest?.code).toBe(1000);
    const second = await h.transport.nextSocket();
    expect(second.url).toBe(`${WS_URL}&access_token=tok-2`);
    expect(h.oauth.calls).toHaveLength(2);
    second.server.accept();
    second.server.send(ESTABLISHED);
    await connected;
    expect(h.client.state).toBe("connected");
    expect(h.states.map(([state]) => state)).toEqual(["connecting", "connected"]);
  });

  it("fails with TOKEN_REJECTED after three fresh tokens are refused", async () => {
    const h = setup({ backoff: { initialMs: 100, jitter: 0 } });
    const connected = h.client.connect();
    const outcome = connected.then(
      () => undefined,
      (error: unknown) => error,
    );
    for (let i = 0; i < 3; i++) {
      const socket = await h.transport.nextSocket();
      socket.server.accept();
      socket.server.send(TOKEN_REJECTED);
      expect(socket.closeRequest?.code).toBe(1000);
      await flush();
      // The first refusal is retried at once, the second after the backoff.
      h.clock.advance(100);
    }
    const error = await outcome;
    expect(error).toBeInstanceOf(ZoomError);
    expect((error as ZoomError).code).toBe("TOKEN_REJECTED");
    expect(h.client.state).toBe("failed");
    expect(h.client.error?.code).toBe("TOKEN_REJECTED");
    expect(h.oauth.issued).toEqual(["tok-1", "tok-2", "tok-3"]);
    expect(h.clock.pending()).toBe(0);
  });

  it("stops with REPLACED when kicked by another consumer, and can connect again", async () => {
    const h = setup();
    const socket = await connectOn(h);
    socket.server.send(KICK);
    expect(h.client.state).toBe("failed");
    expect(h.client.error?.code).toBe("REPLACED");
    expect(h.errors.map((e) => [e.code, e.fatal])).toEqual([["REPLACED", true]]);
    expect(socket.closeRequest?.code).toBe(1000);
    await flush();
    expect(socket.state).toBe("closed");
    expect(h.clock.pending()).toBe(0);

    const again = h.client.connect();
    const next = await h.transport.nextSocket();
    next.server.accept();
    next.server.send(ESTABLISHED);
    await again;
    expect(h.client.state).toBe("connected");
    expect(h.client.error).toBeUndefined();
  });
});

describe("createZoomClient: misbehaving listeners and loggers", () => {
  it("survives state, gap and error listeners that throw", async () => {
    const h = setup();
    const stateSeen: ConnectionState[] = [];
    const gapSeen: Gap[] = [];
    const errorSeen: string[] = [];
    h.client.onStateChange(() => {
      throw new Error("state listener bug");
    });
    h.client.onGap(() => {
      throw new Error("gap listener bug");
    });
    h.client.onError(() => {
      throw new Error("error listener bug");
    });
    // Listeners registered after the throwing ones still run.
    h.client.onStateChange((state) => stateSeen.push(state));
    h.client.onGap((gap) => gapSeen.push(gap));
    h.client.onError((error) => errorSeen.push(error.code));
    const events: number[] = [];
    h.client.on("*", (e) => events.push(idOf(e)));

    const first = await connectOn(h);
    first.server.send(eventFrame(1));
    h.clock.advance(100);
    first.server.close(1006, "");
    const second = await h.transport.nextSocket();
    h.clock.advance(50);
    second.server.accept();
    second.server.send(ESTABLISHED);
    second.server.send(eventFrame(2));

    expect(stateSeen).toEqual(["connecting", "connected", "reconnecting", "connected"]);
    expect(gapSeen).toHaveLength(1);
    expect(gapSeen[0]!.to - gapSeen[0]!.from).toBe(50);
    expect(errorSeen).toEqual(["CONNECTION_FAILED"]);
    expect(events).toEqual([1, 2]);
    expect(h.client.state).toBe("connected");
    const errorLines = h.logs.filter((l) => l.level === "error").map((l) => l.text);
    expect(errorLines.some((t) => t.includes("a state listener threw: state listener bug"))).toBe(true);
    expect(errorLines.some((t) => t.includes("a gap listener threw: gap listener bug"))).toBe(true);
    expect(
      errorLines.some((t) => t.includes("an error listener threw") || t.includes("error listener bug")),
    ).toBe(true);
    await h.client.close();
    expect(h.client.state).toBe("idle");
  });

  it("survives a logger whose every method throws", async () => {
    const calls: string[] = [];
    const explode =
      (level: string) =>
      (..._args: unknown[]) => {
        calls.push(level);
        throw new Error(`logger ${level} is broken`);
      };
    const logger: Logger = {
      debug: explode("debug"),
      info: explode("info"),
      warn: explode("warn"),
      error: explode("error"),
    };
    const h = setup({ heartbeatIntervalMs: 1000 }, { logger, noErrorListener: true });
    h.client.on("*", () => {
      throw new Error("handler failure goes to the broken logger");
    });
    const first = await connectOn(h);
    expect(calls.length).toBeGreaterThan(0);
    first.server.send(eventFrame(1));
    h.clock.advance(1000);
    expect(first.sent).toEqual([HEARTBEAT_FRAME]);
    first.server.close(1006, "");
    const second = await h.transport.nextSocket();
    second.server.accept();
    second.server.send(ESTABLISHED);
    await flush();
    expect(h.client.state).toBe("connected");
    expect(h.states.map(([state]) => state)).toEqual([
      "connecting",
      "connected",
      "reconnecting",
      "connected",
    ]);
    expect(calls).toContain("error");
    await h.client.close();
    expect(h.client.state).toBe("idle");
  });
});

describe("createZoomClient: gate", () => {
  it("awaits the gate before every attempt, including reconnects", async () => {
    const contexts: GateContext[] = [];
    const gate = vi.fn(async (context: GateContext) => {
      contexts.push(context);
    });
    const h = setup({ gate });
    const connected = h.client.connect();
    await flush();
    expect(gate).toHaveBeenCalledTimes(1);
    const first = await h.transport.nextSocket();
    first.server.accept();
    first.server.send(ESTABLISHED);
    await connected;

    first.server.close(1006, "");
    await flush();
    expect(gate).toHaveBeenCalledTimes(2);
    const second = await h.transport.nextSocket();
    second.server.accept();
    second.server.send(ESTABLISHED);
    expect(h.client.state).toBe("connected");
    expect(gate).toHaveBeenCalledTimes(2);
    expect(contexts.map((c) => c.signal.aborted)).toEqual([false, false]);

    await h.client.close();
    // The signal the gate got is aborted once the client closes.
    expect(contexts.every((c) => c.signal.aborted)).toBe(true);
  });

  it("does not open a socket before the gate resolves", async () => {
    let open!: () => void;
    const gate = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          open = resolve;
        }),
    );
    const h = setup({ gate });
    const connected = h.client.connect();
    await flush();
    expect(gate).toHaveBeenCalledTimes(1);
    expect(h.transport.sockets).toHaveLength(0);
    open();
    const socket = await h.transport.nextSocket();
    socket.server.accept();
    socket.server.send(ESTABLISHED);
    await connected;
  });

  it("reports GATE_FAILED when the gate rejects and retries with backoff on the clock", async () => {
    const refusal = new Error("not the leader");
    let refusals = 2;
    const attempts: number[] = [];
    const gate = vi.fn(async (context: GateContext) => {
      attempts.push(context.attempt);
      if (refusals-- > 0) throw refusal;
    });
    const h = setup({ gate, backoff: { initialMs: 1000, jitter: 0 } });
    const connected = h.client.connect();
    await flush();
    // A closed gate is never asked again at once: 1 s, then 2 s.
    expect(gate).toHaveBeenCalledTimes(1);
    expect(h.errors.map((e) => e.code)).toEqual(["GATE_FAILED"]);
    expect(h.client.state).toBe("connecting");
    expect(h.transport.sockets).toHaveLength(0);

    h.clock.advance(999);
    await flush();
    expect(gate).toHaveBeenCalledTimes(1);
    h.clock.advance(1);
    await flush();
    expect(gate).toHaveBeenCalledTimes(2);
    h.clock.advance(1999);
    await flush();
    expect(gate).toHaveBeenCalledTimes(2);
    h.clock.advance(1);
    await flush();
    expect(gate).toHaveBeenCalledTimes(3);
    expect(h.errors.map((e) => e.code)).toEqual(["GATE_FAILED", "GATE_FAILED"]);
    for (const error of h.errors) {
      expect(error).toBeInstanceOf(ZoomGateError);
      expect(error.cause).toBe(refusal);
      expect(error.fatal).toBe(false);
    }
    expect(attempts).toEqual([0, 1, 2]);

    const socket = await h.transport.nextSocket();
    socket.server.accept();
    socket.server.send(ESTABLISHED);
    await connected;
    expect(h.client.state).toBe("connected");
    // The token was fetched once and reused for every attempt.
    expect(h.oauth.calls).toHaveLength(1);
  });
});

describe("createZoomClient: getToken", () => {
  it("uses a string from getToken instead of OAuth", async () => {
    const getToken = vi.fn(async (): Promise<UserTokenResult> => "user-token-abc");
    const h = setup({ getToken }, { noCredentials: true });
    afterEachTokens.push(() => ["user-token-abc"]);
    const socket = await connectOn(h);
    expect(socket.url).toBe(`${WS_URL}&access_token=user-token-abc`);
    expect(getToken).toHaveBeenCalledTimes(1);
    expect(getToken).toHaveBeenCalledWith({ forceRefresh: false });
    expect(h.oauth.calls).toHaveLength(0);
  });

  it("uses { accessToken, expiresIn } and rotates before it expires", async () => {
    let n = 0;
    const getToken = vi.fn(
      async (): Promise<UserTokenResult> => ({ accessToken: `user-token-${++n}`, expiresIn: 4 }),
    );
    const h = setup({ getToken });
    afterEachTokens.push(() => ["user-token-1", "user-token-2"]);
    const first = await connectOn(h);
    expect(first.url).toBe(`${WS_URL}&access_token=user-token-1`);

    h.clock.advance(2999);
    await flush();
    expect(getToken).toHaveBeenCalledTimes(1);
    h.clock.advance(1);
    const second = await h.transport.nextSocket();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(second.url).toBe(`${WS_URL}&access_token=user-token-2`);
    second.server.accept();
    second.server.send(ESTABLISHED);
    expect(first.closeRequest?.code).toBe(1000);
    expect(h.oauth.calls).toHaveLength(0);
  });

  it("reports a failing getToken without leaking what it said", async () => {
    let calls = 0;
    const getToken = vi.fn(async (): Promise<UserTokenResult> => {
      calls++;
      if (calls === 1) return "user-token-xyz";
      throw new Error("refresh of user-token-xyz failed");
    });
    const h = setup({ getToken, backoff: { initialMs: 100, jitter: 0 } });
    afterEachTokens.push(() => ["user-token-xyz"]);
    const first = await connectOn(h);
    first.server.send(TOKEN_REJECTED);
    await flush();
    expect(getToken).toHaveBeenCalledTimes(2);
    const failure = h.errors.find((e) => e.code === "TOKEN_UNAVAILABLE");
    expect(failure?.message).toContain("[redacted]");
    expect(h.client.state).toBe("reconnecting");
    await h.client.close();
  });
});

describe("createZoomClient: close", () => {
  it("resolves close() only once the transport socket has closed", async () => {
    const h = setup({}, { transport: { closeHandshake: "manual" } });
    const socket = await connectOn(h);
    let closed = false;
    const closing = h.client.close().then(() => {
      closed = true;
    });
    expect(h.client.state).toBe("idle");
    expect(socket.closeRequest).toEqual({ code: 1000, reason: "client closed" });
    await flush();
    expect(closed).toBe(false);
    expect(socket.state).toBe("closing");

    socket.server.close(1000, "");
    await closing;
    expect(closed).toBe(true);
    expect(socket.state).toBe("closed");
    expect(h.clock.pending()).toBe(0);
  });

  it("leaves no timer behind and can connect again", async () => {
    const h = setup({ heartbeatIntervalMs: 1000 });
    const first = await connectOn(h);
    expect(h.clock.pending()).toBeGreaterThan(0);
    await h.client.close();
    expect(first.state).toBe("closed");
    expect(h.clock.pending()).toBe(0);
    expect(h.client.state).toBe("idle");
    h.clock.advance(60_000);
    expect(first.sent).toEqual([]);

    const second = await connectOn(h);
    expect(h.transport.sockets).toHaveLength(2);
    expect(h.client.state).toBe("connected");
    h.clock.advance(1000);
    expect(second.sent).toEqual([HEARTBEAT_FRAME]);
    expect(h.states.map(([state]) => state)).toEqual([
      "connecting",
      "connected",
      "idle",
      "connecting",
      "connected",
    ]);
    await h.client.close();
    expect(h.clock.pending()).toBe(0);
  });

  it("resolves close() at once when no socket is open", async () => {
    const h = setup();
    await h.client.close();
    expect(h.client.state).toBe("idle");
    expect(h.states).toEqual([]);
  });

  it("rejects a pending connect() with CLIENT_CLOSED", async () => {
    const h = setup();
    const connected = h.client.connect();
    const socket = await h.transport.nextSocket();
    socket.server.accept();
    const closing = h.client.close();
    await expect(connected).rejects.toBeInstanceOf(ZoomClosedError);
    await expect(connected).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
    await closing;
    expect(socket.state).toBe("closed");
    expect(h.clock.pending()).toBe(0);
  });

  it("rejects connect({ signal }) when the signal aborts, and closes the client", async () => {
    const h = setup();
    const aborter = new Aborter();
    const reason = new Error("caller gave up");
    const connected = h.client.connect({ signal: aborter.signal });
    const socket = await h.transport.nextSocket();
    socket.server.accept();
    aborter.abort(reason);
    await expect(connected).rejects.toBe(reason);
    expect(h.client.state).toBe("idle");
    expect(socket.closeRequest).toEqual({ code: 1000, reason: "client closed" });
    await flush();
    expect(socket.state).toBe("closed");
    expect(h.clock.pending()).toBe(0);
    // A frame the server might still try to send is not delivered.
    expect(socket.server.send(ESTABLISHED)).toBe(false);
    expect(h.client.state).toBe("idle");
  });

  it("rejects with ZoomClosedError when the signal aborts without a reason", async () => {
    const h = setup();
    const aborter = new Aborter();
    const connected = h.client.connect({ signal: aborter.signal });
    await h.transport.nextSocket();
    aborter.abort();
    await expect(connected).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
    expect(h.client.state).toBe("idle");
  });

  it("rejects connect({ signal }) with an already-aborted signal and closes the client", async () => {
    const h = setup();
    // An attempt already in flight (its promise is observed here).
    const first = h.client.connect();
    const firstOutcome = first.then(
      () => "resolved",
      (error: unknown) => error,
    );
    const aborter = new Aborter();
    const reason = new Error("already aborted");
    aborter.abort(reason);
    await expect(h.client.connect({ signal: aborter.signal })).rejects.toBe(reason);
    expect(h.client.state).toBe("idle");
    expect(await firstOutcome).toBeInstanceOf(ZoomClosedError);
    await flush();
    // The token arrived after close: no socket is opened.
    expect(h.transport.sockets).toHaveLength(0);
    expect(h.clock.pending()).toBe(0);
  });
});

describe("createZoomClient: token rotation", () => {
  it("opens a second socket at 75% of the token lifetime and hands over without a gap", async () => {
    const h = setup({ heartbeatIntervalMs: 2000 }, { expiresIn: 4 });
    const seen: Array<[number, number]> = [];
    h.client.on("*", (e) => {
      seen.push([idOf(e), h.transport.sockets.length]);
    });
    const first = await connectOn(h);
    expect(first.url).toBe(`${WS_URL}&access_token=tok-1`);
    const statesBefore = h.states.length;

    h.clock.advance(2000);
    expect(first.sent).toEqual([HEARTBEAT_FRAME]);
    first.server.send(ACK);
    h.clock.advance(999);
    await flush();
    expect(h.oauth.calls).toHaveLength(1);
    expect(h.transport.sockets).toHaveLength(1);

    h.clock.advance(1);
    const second = await h.transport.nextSocket();
    expect(h.oauth.calls).toHaveLength(2);
    expect(second.url).toBe(`${WS_URL}&access_token=tok-2`);
    expect(h.client.state).toBe("connected");

    // Events on the old socket are still delivered while the new one opens.
    first.server.send(eventFrame(1));
    second.server.accept();
    first.server.send(eventFrame(2));
    expect(first.closeRequest).toBeUndefined();

    second.server.send(ESTABLISHED);
    expect(first.closeRequest).toEqual({ code: 1000, reason: "token rotated" });
    expect(second.closeRequest).toBeUndefined();
    await flush();
    expect(first.state).toBe("closed");
    second.server.send(eventFrame(3));

    expect(seen.map(([id]) => id)).toEqual([1, 2, 3]);
    expect(h.gaps).toEqual([]);
    expect(h.states.length).toBe(statesBefore);
    expect(h.client.state).toBe("connected");
    expect(h.errors).toEqual([]);

    // Heartbeats now go to the new socket, timed from its handshake.
    h.clock.advance(1999);
    expect(second.sent).toEqual([]);
    h.clock.advance(1);
    expect(second.sent).toEqual([HEARTBEAT_FRAME]);
    expect(first.sent).toEqual([HEARTBEAT_FRAME]);
  });

  it("keeps rotating with each new token", async () => {
    const h = setup({}, { expiresIn: 4 });
    const first = await connectOn(h);
    h.clock.advance(3000);
    const second = await h.transport.nextSocket();
    second.server.accept();
    second.server.send(ESTABLISHED);
    await flush();
    expect(first.state).toBe("closed");

    h.clock.advance(3000);
    const third = await h.transport.nextSocket();
    expect(third.url).toBe(`${WS_URL}&access_token=tok-3`);
    third.server.accept();
    third.server.send(ESTABLISHED);
    await flush();
    expect(second.closeRequest?.code).toBe(1000);
    expect(second.state).toBe("closed");
    expect(h.client.state).toBe("connected");
    expect(h.states.map(([state]) => state)).toEqual(["connecting", "connected"]);
    expect(h.gaps).toEqual([]);
  });
});

describe("createZoomClient: secrets", () => {
  it("never lets the client secret or a token out, through logs or errors, on every path", async () => {
    const h = setup({ backoff: { initialMs: 100, jitter: 0 } }, { expiresIn: 4 });
    const rejections: string[] = [];
    h.client.on("*", () => {
      throw new Error("handler failed");
    });

    // A token refused by Zoom.
    const connected = h.client.connect();
    const s1 = await h.transport.nextSocket();
    s1.server.accept();
    s1.server.send(TOKEN_REJECTED);
    // A transport error that quotes the URL (and so the token), then a backoff.
    const s2 = await h.transport.nextSocket();
    expect(s2.url).toContain("access_token=tok-2");
    s2.server.fail(new Error(`connect ECONNREFUSED ${s2.url}`));
    await flush();
    h.clock.advance(100);
    const s3 = await h.transport.nextSocket();
    s3.server.accept();
    s3.server.send(ESTABLISHED);
    await connected;
    // Events, a failing handler, unknown and malformed frames.
    s3.server.send(eventFrame(1));
    s3.server.send('{"module":"nonsense"}');
    s3.server.send("not json");
    await flush();
    // A rotation.
    h.clock.advance(2900);
    const s4 = await h.transport.nextSocket();
    expect(s4.url).toContain("access_token=tok-3");
    s4.server.accept();
    s4.server.send(ESTABLISHED);
    // A drop with an error quoting the URL, a reconnect, a kick.
    s4.server.error(new Error(`socket hang up ${s4.url}`));
    await flush();
    h.clock.advance(200);
    const s5 = await h.transport.nextSocket();
    s5.server.accept();
    s5.server.send(ESTABLISHED);
    s5.server.send(KICK);
    await flush();
    expect(h.client.state).toBe("failed");
    // A connect() cut short by close().
    const again = h.client.connect().catch((error: ZoomError) => {
      rejections.push(error.message);
    });
    await flush();
    await h.client.close();
    await again;
    expect(rejections).toHaveLength(1);
    expect(h.errors.map((e) => e.code)).toEqual(
      expect.arrayContaining(["CONNECTION_FAILED", "HANDLER_FAILED", "MALFORMED_FRAME", "REPLACED"]),
    );

    const tokens = h.oauth.issued;
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const texts = [...h.logs.map((l) => l.text), ...h.errors.map((e) => e.message), ...rejections];
    expect(h.logs.some((l) => l.level === "debug")).toBe(true);
    expect(h.logs.length).toBeGreaterThan(20);
    // The transport errors that quoted the URL reached the log, scrubbed.
    expect(h.logs.some((l) => l.text.includes("ECONNREFUSED") && l.text.includes("[redacted]"))).toBe(true);
    expectNoSecrets(texts, tokens);
  });
});

describe("createZoomClient: options", () => {
  const runtime = () => ({
    transport: createMemoryTransport(),
    fetch: scriptedFetch().fetch,
    clock: createFakeClock(),
  });

  it("throws ZoomOptionsError without a subscription", () => {
    expect(() => createZoomClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, runtime())).toThrow(
      ZoomOptionsError,
    );
  });

  it("throws ZoomOptionsError for ws:// to a non-loopback host", () => {
    expect(() =>
      createZoomClient(
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, url: "ws://ws.zoom.us/ws?subscriptionId=sub" },
        runtime(),
      ),
    ).toThrow(ZoomOptionsError);
  });

  it("throws ZoomOptionsError without clientSecret and without getToken", () => {
    expect(() => createZoomClient({ clientId: CLIENT_ID, url: WS_URL }, runtime())).toThrow(ZoomOptionsError);
  });

  it("throws ZoomOptionsError for heartbeatIntervalMs 0", () => {
    let caught: unknown;
    try {
      createZoomClient(
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, url: WS_URL, heartbeatIntervalMs: 0 },
        runtime(),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ZoomOptionsError);
    expect((caught as ZoomOptionsError).code).toBe("INVALID_OPTIONS");
    expect((caught as ZoomOptionsError).fatal).toBe(true);
    expect((caught as ZoomOptionsError).message).toContain("heartbeatIntervalMs");
  });

  it("accepts a subscriptionId alone and wss:// endpoints", () => {
    expect(() =>
      createZoomClient(
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, subscriptionId: "sub" },
        runtime(),
      ),
    ).not.toThrow();
    expect(() =>
      createZoomClient(
        { getToken: async () => "t-123", url: "wss://ws.zoom.us/ws?subscriptionId=s" },
        runtime(),
      ),
    ).not.toThrow();
  });
});
