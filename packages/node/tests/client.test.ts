import { malformedKinds, startEmulator } from "@zoomws/testing";
import { describe, expect, it } from "vitest";
import { createClient, ZoomAuthError, ZoomReplacedError } from "../src/index.js";
import { emulatorCredentials, rig, turn } from "./support.js";

describe("@zoomws/node against the emulator", () => {
  it("connects, receives events in order and closes cleanly", async () => {
    const r = await rig();
    await r.client.connect();
    expect(r.client.state).toBe("connected");
    expect(r.emulator.tokenRequests.map((t) => t.grant)).toEqual(["account_credentials"]);
    for (let i = 0; i < 20; i++)
      r.emulator.emitEvent("meeting.participant_joined", { payload: { object: { id: i } } });
    await r.waitForEvents(20);
    expect(r.events.map((e) => e.payload.object?.["id"])).toEqual([...Array(20).keys()]);
    expect(r.events[0]?.event).toBe("meeting.participant_joined");
    await r.client.close();
    expect(r.client.state).toBe("idle");
    expect(r.clock.pending()).toBe(0);
    expect(r.emulator.liveConnection).toBeUndefined();
    expect(r.states).toEqual(["connecting", "connected", "idle"]);
  });

  it("uses the client_credentials grant without an account id", async () => {
    const r = await rig({ client: { accountId: undefined } as never });
    await r.client.connect();
    expect(r.emulator.tokenRequests.map((t) => t.grant)).toEqual(["client_credentials"]);
  });

  it("sends heartbeats every interval and keeps the connection alive past the idle timeout", async () => {
    const r = await rig({ client: { heartbeatIntervalMs: 25_000 } });
    await r.client.connect();
    await r.advanceUntil(() => r.emulator.heartbeats >= 6, 5000);
    expect(r.emulator.connections).toHaveLength(1);
    expect(r.client.state).toBe("connected");
  });

  it("reconnects when the socket dies and reports the gap", async () => {
    const r = await rig();
    await r.client.connect();
    r.emulator.emitEvent("meeting.started");
    await r.waitForEvents(1);
    const droppedAt = r.clock.now();
    r.emulator.dropSocket();
    await r.waitForState("reconnecting");
    await r.advanceUntil(() => r.client.state === "connected");
    expect(r.emulator.connections.filter((c) => c.established)).toHaveLength(2);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0]!.from).toBe(droppedAt);
    r.emulator.emitEvent("meeting.ended");
    await r.waitForEvents(2);
    expect(r.events.map((e) => e.event)).toEqual(["meeting.started", "meeting.ended"]);
  });

  it("fetches a new token and reconnects when the token is rejected on a live connection", async () => {
    const r = await rig();
    await r.client.connect();
    r.emulator.rejectToken();
    await r.advanceUntil(() => r.gaps.length === 1);
    expect(r.emulator.connections.filter((c) => c.established)).toHaveLength(2);
    expect(r.emulator.tokenRequests).toHaveLength(2);
    expect(r.client.state).toBe("connected");
    r.emulator.emitEvent("user.created");
    await r.waitForEvents(1);
  });

  it("treats a silent server as dead two intervals after the last ack and replaces the connection", async () => {
    const r = await rig({ client: { heartbeatIntervalMs: 10_000 } });
    await r.client.connect();
    await r.advanceUntil(() => r.emulator.heartbeats >= 1, 1000);
    await r.waitForFrames(2); // build_connection, then the ack
    const silentAt = r.clock.now();
    r.emulator.goSilent();
    await r.advanceUntil(() => r.gaps.length === 1, 1000);
    const replacement = r.emulator.connections.filter((c) => c.established)[1]!;
    // The last ack came before the silence: the gap starts there and is reported whole.
    expect(r.gaps[0]!.from).toBeLessThanOrEqual(silentAt);
    expect(replacement.establishedAt! - r.gaps[0]!.from).toBeLessThanOrEqual(20_000 + 1000);
    r.emulator.emitEvent("meeting.started");
    await r.waitForEvents(1);
  });

  it("survives every kind of malformed frame and keeps delivering", async () => {
    const r = await rig();
    await r.client.connect();
    for (const kind of malformedKinds) {
      expect(r.emulator.sendMalformed(kind)).toBe(true);
    }
    r.emulator.emitEvent("meeting.started");
    await r.waitForEvents(3);
    expect(r.events.map((e) => e.event)).toEqual([
      "zoomws.unknown_event_type",
      expect.any(String),
      "meeting.started",
    ]);
    const polluted = r.events[1]!;
    expect(Object.hasOwn(polluted, "__proto__")).toBe(false);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(r.errors.map((e) => e.code)).toEqual([
      "MALFORMED_FRAME",
      "MALFORMED_FRAME",
      "MALFORMED_FRAME",
      "MALFORMED_FRAME",
    ]);
    expect(r.client.state).toBe("connected");
    expect(r.emulator.connections).toHaveLength(1);
  });

  it("isolates handlers that throw or reject", async () => {
    const r = await rig();
    const seen: number[] = [];
    r.client.on("meeting.started", () => {
      throw new Error("sync boom");
    });
    r.client.on("meeting.started", async () => {
      throw new Error("async boom");
    });
    r.client.on("meeting.started", (e) => {
      seen.push(e.payload.object?.["id"] as number);
    });
    await r.client.connect();
    for (let i = 0; i < 5; i++) r.emulator.emitEvent("meeting.started", { payload: { object: { id: i } } });
    await r.waitForEvents(5);
    await turn();
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const handlerErrors = r.errors.filter((e) => e.code === "HANDLER_FAILED");
    expect(handlerErrors).toHaveLength(10);
    expect(handlerErrors[0]?.cause).toBeInstanceOf(Error);
    expect(r.client.state).toBe("connected");
  });

  it("rejects connect() with a typed error on wrong credentials, without retrying", async () => {
    const r = await rig({ client: { clientSecret: "definitely-wrong-secret" } });
    const error = await r.client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomAuthError);
    expect((error as ZoomAuthError).code).toBe("AUTH_REJECTED");
    expect((error as ZoomAuthError).oauthError).toBe("invalid_client");
    expect((error as Error).message).not.toContain("definitely-wrong-secret");
    expect(r.client.state).toBe("failed");
    expect(r.emulator.tokenRequests).toHaveLength(1);
    expect(r.clock.pending()).toBe(0);
    expect(r.logs.join("\n")).not.toContain("definitely-wrong-secret");
  });

  it("logs a fatal error once when nobody listens for errors, and hands it to listeners who do", async () => {
    const emulator = await startEmulator();
    try {
      const lines: string[] = [];
      const record = (level: string) => (message: string) => lines.push(`${level} ${message}`);
      const options = {
        ...emulatorCredentials(emulator),
        clientSecret: "definitely-wrong-secret",
        logger: {
          debug: record("debug"),
          info: record("info"),
          warn: record("warn"),
          error: record("error"),
        },
      };
      await createClient(options)
        .connect()
        .catch(() => undefined);
      expect(lines.filter((line) => line.startsWith("error"))).toEqual([
        expect.stringContaining("rejected the OAuth credentials"),
      ]);

      const listened = createClient(options);
      const errors: unknown[] = [];
      listened.onError((error) => errors.push(error));
      const error = await listened.connect().catch((e: unknown) => e);
      expect(errors).toEqual([error]);
    } finally {
      await emulator.close();
    }
  });

  it("retries the token endpoint through 503 then 429, honouring Retry-After", async () => {
    const r = await rig();
    r.emulator.failTokenRequests(1, 503);
    r.emulator.failTokenRequests(1, 429, { retryAfterSeconds: 2 });
    const connected = r.client.connect();
    await r.advanceUntil(() => r.client.state === "connected", 50);
    await connected;
    const [first, second, third] = r.emulator.tokenRequests;
    expect([first?.status, second?.status, third?.status]).toEqual([503, 429, 200]);
    expect(third!.time - second!.time).toBeGreaterThanOrEqual(2000);
  });

  it("stops and reports when another consumer takes the subscription", async () => {
    const r = await rig();
    await r.client.connect();
    r.emulator.kick();
    await r.waitForState("failed");
    expect(r.client.error).toBeInstanceOf(ZoomReplacedError);
    expect(r.client.error?.code).toBe("REPLACED");
    r.clock.advance(600_000);
    for (let i = 0; i < 10; i++) await turn();
    expect(r.emulator.connections).toHaveLength(1);
    expect(r.emulator.tokenRequests).toHaveLength(1);
    expect(r.clock.pending()).toBe(0);
  });

  it("takes the subscription back after a pause when asked to", async () => {
    const r = await rig({ client: { retryAfterReplacedMs: 60_000 } });
    await r.client.connect();
    const kickedAt = r.clock.now();
    r.emulator.kick();
    await r.advanceUntil(() => r.emulator.connections.filter((c) => c.established).length === 2, 1000);
    expect(r.emulator.connections[1]!.establishedAt! - kickedAt).toBeGreaterThanOrEqual(60_000);
  });

  it("rotates 3-second tokens without losing a steady stream of events", async () => {
    const r = await rig({ emulator: { tokenLifetimeSeconds: 3 }, client: { heartbeatIntervalMs: 1000 } });
    await r.client.connect();
    let sent = 0;
    let missed = 0;
    for (let i = 0; i < 300; i++) {
      if (r.emulator.emitEvent("meeting.participant_joined", { payload: { object: { id: i } } })) sent++;
      else missed++;
      r.clock.advance(100);
      await r.settle();
    }
    await r.advanceUntil(() => r.events.length >= sent, 10);
    const established = r.emulator.connections.filter((c) => c.established).length;
    expect(established).toBeGreaterThanOrEqual(9); // 30 s of 3 s tokens
    expect(missed).toBe(0);
    expect(r.events).toHaveLength(sent);
    const ids = r.events.map((e) => e.payload.object?.["id"]);
    expect(new Set(ids).size).toBe(sent);
    expect(r.gaps).toEqual([]);
    expect(r.errors.filter((e) => e.code !== "CONNECTION_FAILED")).toEqual([]);
  });

  it("backs off while the server refuses connections, then connects", async () => {
    const r = await rig();
    r.emulator.refuseConnections(4, 503);
    const connected = r.client.connect();
    await r.advanceUntil(() => r.client.state === "connected", 100);
    await connected;
    expect(r.emulator.refusedConnections).toBe(4);
    const failures = r.errors.filter((e) => e.code === "CONNECTION_FAILED");
    expect(failures.length).toBeGreaterThanOrEqual(4);
  });

  it("close() during reconnection stops everything and connect() starts again", async () => {
    const r = await rig();
    await r.client.connect();
    r.emulator.refuseConnections("forever");
    r.emulator.dropSocket();
    await r.advanceUntil(() => r.emulator.refusedConnections >= 2, 100);
    await r.client.close();
    expect(r.client.state).toBe("idle");
    expect(r.clock.pending()).toBe(0);
    r.emulator.refuseConnections(0);
    await r.client.connect();
    expect(r.client.state).toBe("connected");
  });

  it("close() while connecting rejects the pending connect()", async () => {
    const r = await rig();
    r.emulator.refuseConnections("forever");
    const pending = r.client.connect().catch((e: unknown) => e);
    await r.emulator.waitFor("refused");
    await r.client.close();
    expect(((await pending) as { code?: string }).code).toBe("CLIENT_CLOSED");
  });

  it("delivers events to the async iterator in order and ends it on close", async () => {
    const r = await rig();
    await r.client.connect();
    const received: string[] = [];
    const reading = (async () => {
      for await (const event of r.client.events()) received.push(event.event);
    })();
    r.emulator.emitEvent("meeting.started");
    r.emulator.emitEvent("meeting.ended");
    await r.waitForEvents(2);
    await r.client.close();
    await reading;
    expect(received).toEqual(["meeting.started", "meeting.ended"]);
  });
});
