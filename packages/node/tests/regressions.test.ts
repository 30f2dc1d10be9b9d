// Regression tests against the emulator (real ws + fake clock), one per bug found in review.
import type { AddressInfo } from "node:net";
import { createFakeClock } from "@zoomws/testing";
import { describe, expect, it } from "vitest";
import { type WebSocket as ServerSocket, WebSocketServer } from "ws";
import {
  createClient,
  nodeTransport,
  type Transport,
  type ZoomError,
  ZoomOptionsError,
  ZoomRefusedError,
} from "../src/index.js";
import { emulatorCredentials, fetchEmulatorToken, type Rig, rig, turn } from "./support.js";

/** Runs `ms` of fake time in `step` ms steps, letting loopback I/O run in between. */
async function run(r: Rig, ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    r.clock.advance(step);
    await r.settle();
  }
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A bare WebSocket server on a free loopback port. */
async function listen(): Promise<{ server: WebSocketServer; port: number; stop(): Promise<void> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async stop() {
      for (const ws of server.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("regressions: @zoomws/node", () => {
  it("honours the transport option of createClient", async () => {
    let opened = 0;
    const transport: Transport = {
      open(url, listener) {
        opened++;
        return nodeTransport.open(url, listener);
      },
    };
    const r = await rig({ client: { transport } });
    await r.client.connect();
    expect(r.emulator.connections).toHaveLength(1);
    expect(opened).toBe(1);
  });

  it("throws ZoomOptionsError synchronously from createClient for backoff { initialMs: 0 }", () => {
    expect(() =>
      createClient({
        getToken: async () => "tok-abcdef-123456",
        url: "ws://127.0.0.1:1/ws?subscriptionId=sub",
        clock: createFakeClock(),
        backoff: { initialMs: 0 },
        logger: silent,
      }),
    ).toThrow(ZoomOptionsError);
  });

  it("fetches the token after a slow gate opens, so it connects with a fresh token", async () => {
    let holder: Rig | undefined;
    let gateOpenedAt: number | undefined;
    const r = await rig({
      emulator: { tokenLifetimeSeconds: 3 },
      client: {
        // e.g. a leader-election gate that takes longer than a token lives to grant the lease.
        gate: () =>
          new Promise<void>((resolve) =>
            holder!.clock.setTimeout(() => {
              gateOpenedAt = holder!.clock.now();
              resolve();
            }, 4000),
          ),
      },
    });
    holder = r;
    const outcome = r.client.connect().then(
      () => "connected",
      (e: ZoomError) => e.code,
    );
    await r.advanceUntil(() => r.client.state === "connected" || r.client.state === "failed", 100);
    expect({
      state: r.client.state,
      error: r.client.error?.code,
      attempts: r.emulator.connections.map((c) => c.rejectedWith ?? "ok"),
    }).toEqual({ state: "connected", error: undefined, attempts: ["ok"] });
    expect(await outcome).toBe("connected");
    // The token was minted once the gate had opened, not before.
    expect(gateOpenedAt).toBeDefined();
    expect(r.emulator.tokenRequests.map((t) => t.time >= gateOpenedAt!)).toEqual([true]);
  });

  it("resets the backoff after a long stable period even with 3 s tokens, so each drop reconnects at once", async () => {
    const r = await rig({
      emulator: { tokenLifetimeSeconds: 3, mintInvalidatesPrevious: true },
      client: { heartbeatIntervalMs: 1000, backoff: { initialMs: 5000, jitter: 0 } },
    });
    await r.client.connect();
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      await run(r, 60_000); // a minute up, with many rotations: twice stableAfterMs
      expect(r.emulator.dropSocket()).toBe(true);
      await r.advanceUntil(() => r.gaps.length === i + 1, 50);
      gaps.push(r.gaps[i]!.to - r.gaps[i]!.from);
    }
    // Each drop followed a minute of service: each reconnect is immediate (attempt count reset).
    expect(
      gaps.filter((g) => g >= 1000),
      `gaps ${gaps.join(", ")} ms`,
    ).toEqual([]);
  });

  it("resolves close() followed by connect() once the first connection is closed", async () => {
    const r = await rig();
    await r.client.connect();
    const first = r.emulator.liveConnection!;
    let closed = false;
    void r.client.close().then(() => {
      closed = true;
    });
    await r.client.connect();
    await r.emulator.waitForClose(first);
    for (let i = 0; i < 20; i++) await turn();
    expect(r.emulator.connections[0]!.closedAt).toBeDefined();
    expect(r.client.state).toBe("connected");
    expect(closed).toBe(true);
  });

  it("doubles the pause between takeovers, so two consumers with retryAfterReplacedMs rarely kick each other", async () => {
    const r = await rig({ client: { retryAfterReplacedMs: 10_000 } });
    const other = createClient({
      ...emulatorCredentials(r.emulator),
      clock: r.clock,
      retryAfterReplacedMs: 10_000,
      logger: silent,
    });
    try {
      await r.client.connect();
      await other.connect(); // kicks r.client
      await run(r, 300_000, 100);
      const replaced = r.emulator.connections.filter((c) => c.endedBy === "replaced").length;
      // A steady 10 s beat would be ~30 takeovers in five minutes. With the pause doubling each time
      // (plus up to 25 % jitter, reset only after a stable connection), there are at most 9.
      expect(replaced).toBeGreaterThanOrEqual(2);
      expect(replaced).toBeLessThanOrEqual(9);
    } finally {
      await other.close();
    }
  });

  it("asks the user's getToken for a fresh token after Zoom rejects one", async () => {
    let holder: Rig | undefined;
    const calls: boolean[] = [];
    let cached: { accessToken: string; expiresAt: number } | undefined;
    // A typical user token function: shares a cached token with the app's REST client, refreshes on demand.
    const getToken = async ({ forceRefresh }: { forceRefresh: boolean }) => {
      calls.push(forceRefresh);
      const r = holder!;
      if (!cached || forceRefresh || r.clock.now() >= cached.expiresAt - 60_000) {
        const { accessToken, expiresIn } = await fetchEmulatorToken(r.emulator);
        cached = { accessToken, expiresAt: r.clock.now() + expiresIn * 1000 };
      }
      return cached;
    };
    const r = await rig({ client: { clientId: undefined, clientSecret: undefined, getToken } as never });
    holder = r;
    await r.client.connect();
    // Zoom revokes the token in use (e.g. the app's secret was rotated, or the token was revoked).
    r.emulator.rejectToken();
    await run(r, 60_000, 500);
    const attempts = r.emulator.connections.slice(1).map((c) => c.rejectedWith ?? "ok");
    // One refresh with forceRefresh: true, then a working connection.
    expect({ state: r.client.state, calls }).toEqual({ state: "connected", calls: [false, true] });
    expect(attempts).toEqual(["ok"]);
  });

  it("rejects connect() with CONNECTION_REFUSED and stops after 3 refusals of a wrong subscriptionId", async () => {
    const r = await rig();
    const wrong = r.emulator.endpointUrl.replace(
      /subscriptionId=[^&]+/,
      "subscriptionId=WrongWrongWrongWrong_1",
    );
    const client = createClient({
      ...emulatorCredentials(r.emulator),
      url: wrong,
      clock: r.clock,
      logger: silent,
    });
    let settled: string | undefined;
    let rejection: unknown;
    client.connect().then(
      () => {
        settled = "connected";
      },
      (e: ZoomError) => {
        settled = e.code;
        rejection = e;
      },
    );
    try {
      await run(r, 300_000, 1000);
      const refusals = r.emulator.connections.filter(
        (c) => c.rejectedWith === "Invalid subscriptionId",
      ).length;
      expect(refusals).toBe(3);
      expect(r.emulator.connections).toHaveLength(3);
      expect(settled).toBe("CONNECTION_REFUSED");
      expect(rejection).toBeInstanceOf(ZoomRefusedError);
      expect(client.state).toBe("failed");
      expect(client.error?.code).toBe("CONNECTION_REFUSED");
    } finally {
      await client.close();
    }
  });

  it("shares one OAuth token between two clients of one app, so they do not revoke each other's tokens", async () => {
    // mintInvalidatesPrevious: minting a token revokes the app's earlier ones (doc §1).
    const r = await rig({
      emulator: {
        mintInvalidatesPrevious: true,
        subscriptionId: "SubscriptionOne_abcdefg",
        subscriptionIds: ["SubscriptionTwo_abcdefg"],
      },
      client: { heartbeatIntervalMs: 1000 },
    });
    const second = createClient({
      ...emulatorCredentials(r.emulator),
      url: `${r.emulator.wsBaseUrl}?subscriptionId=SubscriptionTwo_abcdefg`,
      clock: r.clock,
      heartbeatIntervalMs: 1000,
      logger: silent,
    });
    try {
      await r.client.connect();
      await second.connect();
      await run(r, 120_000, 100);
      // Tokens live an hour: over two minutes the shared token serves both clients.
      expect(r.emulator.tokenRequests.length).toBeLessThanOrEqual(2);
      expect({ first: r.client.state, second: second.state }).toEqual({
        first: "connected",
        second: "connected",
      });
      expect(r.emulator.connections.filter((c) => c.rejectedWith !== undefined)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("starts the gap of a half-open connection at the last heartbeat ack", async () => {
    const r = await rig({ client: { heartbeatIntervalMs: 10_000 } });
    await r.client.connect();
    const connectedAt = r.clock.now();
    await run(r, 10_050); // one heartbeat, acked
    expect(r.emulator.heartbeats).toBe(1);
    const lastAckAt = connectedAt + 10_000;
    r.emulator.goSilent(); // half-open from here on
    const silentAt = r.clock.now();
    await run(r, 5000);
    const lostAt = r.clock.now();
    // Zoom sends an event into the dead connection: it never arrives.
    expect(r.emulator.emitEvent("meeting.started")).toBe(false);
    await r.advanceUntil(() => r.gaps.length === 1, 500);
    expect(r.events).toHaveLength(0);
    // The gap the user must backfill covers the lost event and the silent period.
    const gap = r.gaps[0]!;
    expect(gap.from).toBe(lastAckAt);
    expect(gap.from).toBeLessThanOrEqual(silentAt);
    expect(gap.from).toBeLessThanOrEqual(lostAt);
  });

  it("clips close reasons to 123 bytes in the Node transport", async () => {
    const { server, port, stop } = await listen();
    const received = new Promise<{ code: number; reason: string }>((resolve) =>
      server.on("connection", (ws) =>
        ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
      ),
    );
    try {
      const closed = new Promise<number>((resolve) => {
        const socket = nodeTransport.open(`ws://127.0.0.1:${port}/ws`, {
          onOpen: () => socket.close(1000, "é".repeat(100)), // 200 bytes of UTF-8
          onMessage() {},
          onError() {},
          onClose: (code) => resolve(code),
        });
      });
      const { code, reason } = await received;
      expect(code).toBe(1000);
      expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
      expect(reason).toBe("é".repeat(61));
      expect(await closed).toBe(1000);
    } finally {
      await stop();
    }
  });

  it("closes every refused socket and resolves close() when the refusal text is over 123 bytes", async () => {
    // A server that refuses with a long text and leaves the socket open (it expects the client to close).
    const { server, port, stop } = await listen();
    const open = new Set<ServerSocket>();
    const closeReasons: string[] = [];
    const reason = `Invalid subscriptionId: ${"the subscription was deleted or belongs to another app; ".repeat(3)}`;
    server.on("connection", (ws) => {
      open.add(ws);
      ws.on("close", (_code, why) => {
        open.delete(ws);
        closeReasons.push(why.toString());
      });
      ws.send(JSON.stringify({ module: "build_connection", success: false, content: reason, header: {} }));
    });
    const clock = createFakeClock();
    const logs: string[] = [];
    const client = createClient({
      getToken: async () => "tok-abcdef-123456",
      url: `ws://127.0.0.1:${port}/ws?subscriptionId=sub`,
      clock,
      logger: {
        debug: (m: string) => logs.push(m),
        info: (m: string) => logs.push(m),
        warn: (m: string) => logs.push(m),
        error: (m: string) => logs.push(m),
      },
    });
    void client.connect().catch(() => {});
    try {
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 30; j++) await turn();
        clock.advance(40_000); // past any backoff
      }
      for (let j = 0; j < 30; j++) await turn();
      let closed = false;
      void client.close().then(() => {
        closed = true;
      });
      for (let j = 0; j < 100; j++) await turn();
      expect(logs.filter((l) => l.includes("must not be greater than 123 bytes"))).toEqual([]);
      // Every refused attempt was closed by the client, and close() resolved.
      expect({ openSockets: open.size, closed }).toEqual({ openSockets: 0, closed: true });
      // The refusal text is not used as a close reason.
      expect(closeReasons.length).toBeGreaterThan(0);
      for (const why of closeReasons) {
        expect(Buffer.byteLength(why)).toBeLessThanOrEqual(123);
        expect(why).not.toContain("the subscription was deleted");
      }
    } finally {
      await stop();
    }
  });

  it("gives a user's fetch a real AbortSignal, and close() during a token request does not throw", async () => {
    const signals: unknown[] = [];
    let release: () => void = () => {};
    const client = createClient({
      clientId: "id",
      clientSecret: "secret",
      accountId: "acct",
      subscriptionId: "sub",
      logger: silent,
      fetch: (_url, init) => {
        signals.push(init.signal);
        // undici-style: checks the signal is real, listens for abort, never answers before it.
        (init.signal as AbortSignal).throwIfAborted();
        return new Promise((_resolve, reject) => {
          release = () => reject(new Error("aborted"));
          (init.signal as AbortSignal).addEventListener("abort", () => release());
        });
      },
    });
    const connected = client.connect().catch((error: unknown) => error);
    for (let i = 0; i < 5 && signals.length === 0; i++) await turn();
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    await expect(client.close()).resolves.toBeUndefined();
    expect(await connected).toMatchObject({ code: "CLIENT_CLOSED" });
  });
});
