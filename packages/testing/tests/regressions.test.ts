// Regression tests, one per bug found in review.
// Deterministic: memory transport + fake clock + scripted fetch, no sleeps.
import {
  decodeFrame,
  HEARTBEAT_FRAME,
  type UserTokenResult,
  type ZoomError,
  ZoomOptionsError,
} from "@zoomws/core";
import { describe, expect, it } from "vitest";
import { ACK, connectOn, ESTABLISHED, eventFrame, flush, KICK, setup } from "./support/client-rig.js";

describe("regressions: re-entrancy", () => {
  it("keeps connect() after close() in a handler pending until the new connection is established", async () => {
    const h = setup();
    const first = await connectOn(h);
    let restarted: Promise<void> | undefined;
    let settled: string | undefined;
    h.client.on("meeting.started", () => {
      // A handler that restarts the client (e.g. after a config change event).
      void h.client.close();
      restarted = h.client.connect();
      restarted.then(
        () => {
          settled = "connected";
        },
        (e: ZoomError) => {
          settled = e.code;
        },
      );
    });
    first.server.send(eventFrame(1));
    await flush();
    expect(restarted).toBeDefined();
    // The old socket is being closed and a new one is opening: connect() has not settled yet.
    expect(first.closeRequest).toBeDefined();
    expect(settled).toBeUndefined();
    expect(h.client.state).not.toBe("idle");
    const second = await h.transport.nextSocket();
    expect(second).not.toBe(first);
    second.server.accept();
    await flush();
    expect(settled).toBeUndefined();
    second.server.send(ESTABLISHED);
    await restarted;
    expect(settled).toBe("connected");
    expect(h.client.state).toBe("connected");
    expect(h.transport.sockets).toHaveLength(2);
  });

  it("returns a promise for the new attempt when connect() is called from onError on a fatal error", async () => {
    const h = setup();
    const first = await connectOn(h);
    let restart: Promise<unknown> | undefined;
    h.client.onError((e) => {
      // Take the subscription back once, right away, when replaced.
      if (e.code === "REPLACED" && !restart)
        restart = h.client.connect().then(
          () => "connected",
          (x: ZoomError) => x.code,
        );
    });
    first.server.send(KICK);
    await flush();
    expect(h.errors.map((e) => e.code)).toEqual(["REPLACED"]);
    expect(restart).toBeDefined();
    // The client started a new attempt...
    const second = h.transport.sockets[1]!;
    expect(second).toBeDefined();
    second.server.accept();
    second.server.send(ESTABLISHED);
    await flush();
    expect(h.client.state).toBe("connected");
    // ...and the promise connect() returned resolves with it, not with the error that triggered it.
    expect(await restart).toBe("connected");
  });
});

describe("regressions: close()", () => {
  it("resolves close() once the sockets it closed are gone, even if connect() opened new ones", async () => {
    const h = setup({}, { transport: { closeHandshake: "manual" } });
    const first = await connectOn(h);
    let closed = false;
    const closing = h.client.close().then(() => {
      closed = true;
    });
    // Restart at once (e.g. a supervisor's restart(): close(); connect(); await both).
    const again = h.client.connect();
    const second = await h.transport.nextSocket();
    second.server.accept();
    second.server.send(ESTABLISHED);
    await again;
    await flush();
    expect(closed).toBe(false); // the first socket's close handshake is still under way
    // The socket close() was about finishes its close handshake.
    first.server.close(1000, "");
    await closing;
    expect(first.state).toBe("closed");
    expect(closed).toBe(true);
    expect(second.state).toBe("open");
    expect(h.client.state).toBe("connected");
  });
});

describe("regressions: rotation token failures", () => {
  it("retries a failing token source for rotation with a growing backoff, never in a zero-delay loop", async () => {
    let calls = 0;
    const getToken = async (): Promise<UserTokenResult> => {
      calls++;
      if (calls === 1) return { accessToken: "user-token-0001", expiresIn: 4 };
      throw new Error("token service down");
    };
    // Default heartbeat (25 s): the server notices the expiry only at the next heartbeat.
    const h = setup({ getToken }, { noCredentials: true });
    await connectOn(h);
    // Rotation at 3 s fails; the stale token is used as a fallback until it expires at 4 s.
    for (let t = 0; t < 4100; t += 100) {
      h.clock.advance(100);
      await flush();
    }
    const before = calls;
    const at = h.clock.now();
    // 100 ms more of fake time, in 1 ms steps.
    for (let i = 0; i < 100; i++) {
      h.clock.advance(1);
      await flush();
    }
    expect(h.clock.now() - at).toBe(100);
    // With a backoff, a handful of calls at most (a zero-delay loop would make one per timer turn).
    expect(calls - before).toBeLessThanOrEqual(3);
    await h.client.close();
  });
});

describe("regressions: backoff reset", () => {
  it("resets the backoff after a connection stayed up stableAfterMs, across token rotations", async () => {
    const h = setup({ backoff: { initialMs: 5000, jitter: 0 } }, { expiresIn: 4 });
    let socket = await connectOn(h);
    /** Runs `ms` of fake time, completing every rotation. */
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        h.clock.advance(100);
        await flush();
        const last = h.transport.last!;
        if (last !== socket && last.state === "connecting") {
          last.server.accept();
          last.server.send(ESTABLISHED);
          await flush();
          socket = last;
        }
      }
    };
    /** Drops the connection and returns how long (fake ms) until a new socket is opened. */
    const dropAndMeasure = async () => {
      const count = h.transport.sockets.length;
      const droppedAt = h.clock.now();
      socket.server.close(1006, "");
      await flush();
      while (h.transport.sockets.length === count) {
        h.clock.advance(100);
        await flush();
      }
      const delay = h.clock.now() - droppedAt;
      socket = h.transport.last!;
      socket.server.accept();
      socket.server.send(ESTABLISHED);
      await flush();
      return delay;
    };
    await run(120_000); // two minutes up, many rotations
    const first = await dropAndMeasure();
    await run(120_000); // another two minutes up (stableAfterMs is 30 s)
    const second = await dropAndMeasure();
    await run(120_000);
    const third = await dropAndMeasure();
    // A connection that stayed up longer than stableAfterMs resets the backoff: reconnect at once every time.
    expect([first, second, third]).toEqual([0, 0, 0]);
  });
});

describe("regressions: heartbeat", () => {
  it("declares a half-open connection dead 2 intervals after the last ack, and starts the gap there", async () => {
    const h = setup({ heartbeatIntervalMs: 1000 });
    const socket = await connectOn(h);
    h.clock.advance(1000); // heartbeat 1
    expect(socket.sent).toEqual([HEARTBEAT_FRAME]);
    h.clock.advance(5); // the ack comes back after a 5 ms round trip
    socket.server.send(ACK);
    const lastAckAt = h.clock.now();
    // From here on the server is silent (half-open). Heartbeats still go out on their ticks...
    h.clock.advance(2000 - 1);
    expect(socket.sent).toEqual([HEARTBEAT_FRAME, HEARTBEAT_FRAME, HEARTBEAT_FRAME]);
    expect(socket.closeRequest).toBeUndefined();
    // ...and the liveness timer, not a heartbeat tick, declares it dead exactly 2 intervals after the ack.
    h.clock.advance(1);
    expect(h.clock.now() - lastAckAt).toBe(2000);
    expect(socket.closeRequest?.code).toBe(4000);
    // Reconnect: the gap the user must backfill starts at the last ack, when the connection went silent.
    await flush();
    const next = await h.transport.nextSocket();
    next.server.accept();
    next.server.send(ESTABLISHED);
    await flush();
    expect(h.client.state).toBe("connected");
    expect(h.gaps).toEqual([{ from: lastAckAt, to: h.clock.now() }]);
  });
});

describe("regressions: codec", () => {
  it("decodes a build_connection frame without success:true as failed, not established", () => {
    // Doc §3.1: "The connection is established only when it says success: true."
    expect(decodeFrame('{"module":"build_connection","content":"token is empty","header":{}}').kind).toBe(
      "failed",
    );
    expect(decodeFrame('{"module":"build_connection","success":"false","content":"x"}').kind).toBe("failed");
    expect(decodeFrame(ESTABLISHED).kind).toBe("established");
  });

  it("does not resolve connect() on a build_connection frame that lacks success:true", async () => {
    const h = setup();
    let resolved = false;
    const connected = h.client.connect().then(() => {
      resolved = true;
    });
    const socket = await h.transport.nextSocket();
    socket.server.accept();
    socket.server.send('{"module":"build_connection","content":"token is empty","header":{}}');
    await flush();
    expect(resolved).toBe(false);
    expect(h.client.state).not.toBe("connected");
    await h.client.close();
    await connected.catch(() => {});
  });
});

describe("regressions: options", () => {
  it("rejects backoff { initialMs: 0 } with ZoomOptionsError from createZoomClient", () => {
    expect(() => setup({ backoff: { initialMs: 0 } })).toThrow(ZoomOptionsError);
    expect(() => setup({ backoff: { initialMs: 0 } })).toThrow(/backoff\.initialMs/);
  });
});

describe("regressions: token source", () => {
  it("never calls the user's getToken concurrently when close() is followed by connect()", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const releases: Array<() => void> = [];
    const getToken = async (): Promise<UserTokenResult> => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return "user-token-abcd";
    };
    const h = setup({ getToken }, { noCredentials: true });
    void h.client.connect().catch(() => {});
    await flush();
    void h.client.close();
    const again = h.client.connect();
    await flush();
    // The new request waits for the abandoned one to settle.
    expect(calls).toBe(1);
    for (let i = 0; i < 5 && inFlight > 0; i++) {
      for (const release of releases.splice(0)) release();
      await flush();
    }
    expect(maxInFlight).toBe(1);
    // The new attempt goes on to open a socket.
    const socket = await h.transport.nextSocket();
    socket.server.accept();
    socket.server.send(ESTABLISHED);
    await again;
    expect(h.client.state).toBe("connected");
    await h.client.close();
  });
});

describe("regressions: emulator addresses", () => {
  it("gives loopback URLs when listening on every interface, so a client accepts its plain ws://", async () => {
    const { startEmulator } = await import("../src/index.js");
    const emulator = await startEmulator({ host: "0.0.0.0" });
    try {
      expect(emulator.oauthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/);
      expect(emulator.wsBaseUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
      const response = await fetch(emulator.oauthUrl, { method: "POST" });
      expect(response.status).toBeGreaterThanOrEqual(400); // reached: no credentials given
    } finally {
      await emulator.close();
    }
  });
});
