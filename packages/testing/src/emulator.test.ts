import { afterEach, describe, expect, it } from "vitest";
import {
  connect,
  connectEstablished,
  connectExpectingRefusal,
  mintToken,
  socketUrl,
  type TestClient,
} from "../tests/support/ws-client.js";
import { startEmulator } from "./emulator.js";
import type { EmulatorOptions, ZoomEmulator } from "./emulator-types.js";
import { createFakeClock, type FakeClock } from "./fake-clock.js";

let emulator: ZoomEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<ZoomEmulator> {
  emulator = await startEmulator(options);
  return emulator;
}

const BYE = { code: 1000, reason: "Bye" };
const ACK = { module: "heartbeat", success: true, content: "live", header: {} };
const KICKED = { module: "build_connection", success: false, content: "Connected in another place" };

/** Sends a heartbeat and waits until the emulator has handled it. */
async function beat(zoom: ZoomEmulator, client: TestClient): Promise<void> {
  const handled = zoom.waitForHeartbeats(zoom.heartbeats + 1);
  client.heartbeat();
  await handled;
}

describe("startEmulator", () => {
  it("listens on an OS-chosen loopback port and describes itself", async () => {
    const zoom = await start();
    expect(zoom.port).toBeGreaterThan(0);
    expect(zoom.oauthUrl).toBe(`http://127.0.0.1:${zoom.port}/oauth/token`);
    expect(zoom.wsBaseUrl).toBe(`ws://127.0.0.1:${zoom.port}/ws`);
    expect(zoom.endpointUrl).toBe(`${zoom.wsBaseUrl}?subscriptionId=${zoom.subscriptionId}`);
    expect(zoom.subscriptionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(zoom.accountId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(zoom.clientId).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(zoom.clientSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(zoom.env()).toEqual({
      ZOOM_CLIENT_ID: zoom.clientId,
      ZOOM_CLIENT_SECRET: zoom.clientSecret,
      ZOOM_ACCOUNT_ID: zoom.accountId,
      ZOOM_SUBSCRIPTION_ID: zoom.subscriptionId,
      ZOOM_WS_URL: zoom.wsBaseUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
    });
  });

  it("uses the credentials it is given", async () => {
    const zoom = await start({
      clientId: "cid",
      clientSecret: "sec",
      accountId: "acc",
      subscriptionId: "sub",
    });
    expect([zoom.clientId, zoom.clientSecret, zoom.accountId, zoom.subscriptionId]).toEqual([
      "cid",
      "sec",
      "acc",
      "sub",
    ]);
  });

  it("rejects nonsense options", async () => {
    await expect(startEmulator({ tokenLifetimeSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ idleTimeoutMs: -1 })).rejects.toThrow(RangeError);
  });

  it("closes cleanly, terminating sockets and rejecting waiters", async () => {
    const zoom = await startEmulator();
    const client = await connectEstablished(zoom);
    const waiting = zoom.waitForConnections(5);
    await zoom.close();
    await expect(waiting).rejects.toThrow(/closed/);
    expect((await client.closed).code).toBe(1006);
    expect(zoom.connections[0]?.endedBy).toBe("emulator-closed");
    await zoom.close(); // idempotent
  });
});

describe("build_connection", () => {
  it("accepts a valid token and subscription with success as the very first frame", async () => {
    const zoom = await start();
    const client = await connect(socketUrl(zoom, await mintToken(zoom)));
    expect(await client.nextJson()).toEqual({
      module: "build_connection",
      success: true,
      content: expect.any(String),
      header: {},
    });
    const connection = await zoom.waitForConnections(1);
    expect(connection).toMatchObject({ id: 1, subscriptionId: zoom.subscriptionId, established: true });
    expect(zoom.liveConnection).toBe(connection);
  });

  it("accepts the Marketplace endpoint URL with the token appended", async () => {
    const zoom = await start();
    const client = await connect(`${zoom.endpointUrl}&access_token=${await mintToken(zoom)}`);
    expect(await client.nextJson()).toMatchObject({ success: true });
  });

  it.each([
    ["no token", (zoom: ZoomEmulator) => `${zoom.endpointUrl}`, "token is empty"],
    ["an empty token", (zoom: ZoomEmulator) => `${zoom.endpointUrl}&access_token=`, "token is empty"],
    ["an unknown token", (zoom: ZoomEmulator) => `${zoom.endpointUrl}&access_token=eyJnope`, "Invalid Token"],
  ])("refuses %s, then closes 1000 Bye", async (_, url, content) => {
    const zoom = await start();
    const client = await connect(url(zoom));
    expect(await client.nextJson()).toEqual({
      module: "build_connection",
      success: false,
      content,
      header: {},
    });
    expect(await client.closed).toEqual(BYE);
    expect(zoom.connections[0]).toMatchObject({
      established: false,
      rejectedWith: content,
      endedBy: "rejected",
    });
  });

  it("ignores a token sent in the Authorization header", async () => {
    const zoom = await start();
    const client = await connect(zoom.endpointUrl, { Authorization: `Bearer ${await mintToken(zoom)}` });
    expect(await client.nextJson()).toMatchObject({ success: false, content: "token is empty" });
  });

  it("refuses an expired token", async () => {
    const clock = createFakeClock();
    const zoom = await start({ clock, tokenLifetimeSeconds: 60 });
    const token = await mintToken(zoom);
    clock.advance(60_000);
    const client = await connect(socketUrl(zoom, token));
    expect(await client.nextJson()).toMatchObject({ success: false, content: "Invalid Token" });
    expect(await client.closed).toEqual(BYE);
  });

  it("refuses an unknown or missing subscription id", async () => {
    const zoom = await start();
    const token = await mintToken(zoom);
    for (const url of [
      socketUrl(zoom, token, "AAAAAAAAAAAAAAAAAAAAAA"),
      `${zoom.wsBaseUrl}?access_token=${token}`,
    ]) {
      const client = await connect(url);
      expect(await client.nextJson()).toEqual({
        module: "build_connection",
        success: false,
        content: "Invalid subscriptionId",
        header: {},
      });
      expect(await client.closed).toEqual(BYE);
    }
  });

  it("answers other paths with 404", async () => {
    const zoom = await start();
    expect(await connectExpectingRefusal(`ws://127.0.0.1:${zoom.port}/elsewhere`)).toBe(404);
  });
});

describe("one connection per subscription", () => {
  it("kicks the older connection when a newer one is established", async () => {
    const zoom = await start();
    const token = await mintToken(zoom);
    const first = await connectEstablished(zoom, token);
    const second = await connectEstablished(zoom, token);
    expect(await first.nextJson()).toEqual(KICKED);
    expect(await first.closed).toEqual(BYE);
    expect(zoom.connections.map((c) => c.endedBy)).toEqual(["replaced", undefined]);
    expect(zoom.liveConnection?.id).toBe(2);

    expect(zoom.emitEvent("meeting.started")).toBe(true);
    expect(await second.nextJson()).toMatchObject({ module: "message" });
    expect(zoom.eventsSent.map((e) => e.connectionId)).toEqual([2]);
  });

  it("keeps one live connection per subscription when there are several", async () => {
    const zoom = await start({ subscriptionIds: ["subscriptionAAAAAAAAAA", "subscriptionBBBBBBBBBB"] });
    expect(zoom.subscriptionId).toBe("subscriptionAAAAAAAAAA");
    const token = await mintToken(zoom);
    const a = await connect(socketUrl(zoom, token, "subscriptionAAAAAAAAAA"));
    const b = await connect(socketUrl(zoom, token, "subscriptionBBBBBBBBBB"));
    expect(await a.nextJson()).toMatchObject({ success: true });
    expect(await b.nextJson()).toMatchObject({ success: true });
    expect(zoom.emit({ event: "x" }, { subscriptionId: "subscriptionBBBBBBBBBB" })).toBe(true);
    expect(await b.nextJson()).toMatchObject({ content: '{"event":"x"}' });
    expect(zoom.liveConnectionFor("subscriptionAAAAAAAAAA")?.id).toBe(1);
    expect(zoom.liveConnectionFor("subscriptionBBBBBBBBBB")?.id).toBe(2);
  });
});

describe("heartbeats", () => {
  it("acknowledges each heartbeat and counts it", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    client.heartbeat();
    expect(await client.nextJson()).toEqual(ACK);
    client.ws.send(JSON.stringify({ module: "heartbeat", extra: 1 }));
    expect(await client.nextJson()).toEqual(ACK);
    expect(await zoom.waitForHeartbeats(2)).toBe(2);
    expect(zoom.liveConnection?.heartbeats).toBe(2);
  });

  it("records and ignores anything else the client sends", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    const frames: unknown[] = [];
    zoom.on("frame", ({ data }) => frames.push(data));
    client.ws.send("hello");
    client.ws.send(JSON.stringify({ module: "presence" }));
    client.ws.send(Buffer.from([1, 2, 3]));
    client.heartbeat();
    expect(await client.nextJson()).toEqual(ACK); // no answer to the others, and the socket lives on
    expect(zoom.liveConnection?.ignoredFrames).toEqual([
      "hello",
      '{"module":"presence"}',
      new Uint8Array([1, 2, 3]),
    ]);
    expect(frames).toHaveLength(3);
  });

  it.each([
    [undefined, "Token is invalid"],
    ["2025" as const, "Token is invalid"],
    ["2023" as const, "Invalid Token"],
  ])("rejects the next heartbeat once the token expired (wording %s)", async (wording, content) => {
    const clock = createFakeClock();
    const zoom = await start({
      clock,
      tokenLifetimeSeconds: 60,
      ...(wording ? { tokenInvalidWording: wording } : {}),
    });
    const client = await connectEstablished(zoom);
    clock.advance(59_999);
    client.heartbeat();
    expect(await client.nextJson()).toEqual(ACK);
    clock.advance(1);
    client.heartbeat();
    expect(await client.nextJson()).toEqual({ module: "heartbeat", success: false, content });
    expect(await client.closed).toEqual(BYE);
    expect(zoom.connections[0]?.endedBy).toBe("token-invalid");
  });

  it("rejects a heartbeat on a token superseded by a newer one when minting invalidates", async () => {
    const zoom = await start({ mintInvalidatesPrevious: true });
    const client = await connectEstablished(zoom);
    await mintToken(zoom);
    client.heartbeat();
    expect(await client.nextJson()).toEqual({
      module: "heartbeat",
      success: false,
      content: "Token is invalid",
    });
    expect(await client.closed).toEqual(BYE);
  });
});

describe("idle timeout", () => {
  async function idleSetup(): Promise<{ zoom: ZoomEmulator; clock: FakeClock; client: TestClient }> {
    const clock = createFakeClock();
    const zoom = await start({ clock, idleTimeoutMs: 90_000 });
    return { zoom, clock, client: await connectEstablished(zoom) };
  }

  it("closes 1000 Bye a connection without a heartbeat for 90 s", async () => {
    const { zoom, clock, client } = await idleSetup();
    clock.advance(89_999);
    expect(zoom.liveConnection).toBeDefined();
    clock.advance(1);
    expect(zoom.liveConnection).toBeUndefined();
    expect(await client.closed).toEqual(BYE);
    expect(zoom.connections[0]?.endedBy).toBe("idle-timeout");
  });

  it("restarts the countdown on every heartbeat", async () => {
    const { zoom, clock, client } = await idleSetup();
    clock.advance(60_000);
    await beat(zoom, client);
    clock.advance(89_999);
    expect(zoom.liveConnection).toBeDefined();
    clock.advance(1);
    expect(await client.closed).toEqual(BYE);
  });

  it("clears its timer when the connection closes", async () => {
    const { zoom, clock, client } = await idleSetup();
    expect(clock.pending()).toBe(1);
    client.ws.close(1000);
    await zoom.waitForClose(zoom.connections[0]!);
    expect(clock.pending()).toBe(0);
    expect(zoom.connections[0]).toMatchObject({ endedBy: "client", closeCode: 1000 });
  });
});

describe("events", () => {
  it("sends an object as a JSON string in content", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    const body = { event: "meeting.started", event_ts: 1, payload: { account_id: "a", object: { id: 1 } } };
    expect(zoom.emit(body)).toBe(true);
    expect(await client.nextJson()).toEqual({ module: "message", content: JSON.stringify(body), header: {} });
    expect(zoom.eventsSent).toEqual([
      { time: expect.any(Number), connectionId: 1, content: JSON.stringify(body) },
    ]);
  });

  it("puts a string in content verbatim", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    zoom.emit("anything at all");
    expect(await client.nextJson()).toEqual({ module: "message", content: "anything at all", header: {} });
  });

  it("builds realistic events with this emulator's account and the overrides", async () => {
    const clock = createFakeClock(Date.UTC(2026, 2, 4, 9, 30));
    const zoom = await start({ clock });
    const client = await connectEstablished(zoom);
    zoom.emitEvent("meeting.participant_joined", {
      payload: { object: { participant: { user_name: "Ada" } } },
    });
    const frame = await client.nextJson();
    const body = JSON.parse(frame["content"] as string);
    expect(body).toMatchObject({
      event: "meeting.participant_joined",
      event_ts: clock.now(),
      payload: {
        account_id: zoom.accountId,
        object: { participant: { user_name: "Ada", join_time: "2026-03-04T09:30:00Z" } },
      },
    });
  });

  it("keeps only the most recent events in eventsSent when bounded", async () => {
    const zoom = await start({ eventsSentLimit: 3 });
    const client = await connectEstablished(zoom);
    for (let i = 1; i <= 10; i++) zoom.emit({ event: "x.y", event_ts: i, payload: { object: {} } });
    for (let i = 1; i <= 10; i++) await client.nextJson();
    expect(zoom.eventsSent.map((e) => JSON.parse(e.content).event_ts)).toEqual([8, 9, 10]);
    await expect(start({ eventsSentLimit: -1 })).rejects.toThrow(RangeError);
  });

  it("drops events when no connection is live, as Zoom does", async () => {
    const zoom = await start();
    expect(zoom.emitEvent("meeting.started")).toBe(false);
    expect(zoom.eventsSent).toEqual([]);
  });
});

describe("blast", () => {
  it("sends count message frames cycling through the bodies, in order, without recording them", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    const bodies = ['{"event":"a","payload":{}}', '{"event":"b","payload":{}}', '{"event":"c","payload":{}}'];
    expect(await zoom.blast(bodies, { count: 7 })).toBe(7);
    const contents: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      const frame = await client.nextJson();
      expect(frame).toMatchObject({ module: "message", header: {} });
      contents.push(frame["content"]);
    }
    expect(contents).toEqual([...bodies, ...bodies, bodies[0]]);
    expect(zoom.eventsSent).toEqual([]);
  });

  it("sends more than one batch, paced by the socket", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    const body = JSON.stringify({ event: "x", payload: { pad: "p".repeat(4000) } });
    const count = 300; // over 1 MB: several batches
    const received = new Promise<number>((resolve) => {
      let n = 0;
      client.ws.on("message", () => {
        if (++n === count) resolve(n);
      });
    });
    expect(await zoom.blast(body, { count })).toBe(count);
    expect(await received).toBe(count);
  });

  it("sends one frame per body by default, and nothing without a live, speaking connection", async () => {
    const zoom = await start();
    expect(await zoom.blast(["{}", "{}"])).toBe(0);
    const client = await connectEstablished(zoom);
    expect(await zoom.blast(["{}", "[]"])).toBe(2);
    expect(await client.nextJson()).toMatchObject({ content: "{}" });
    expect(await client.nextJson()).toMatchObject({ content: "[]" });
    zoom.goSilent();
    expect(await zoom.blast("{}", { count: 5 })).toBe(0);
  });

  it("stops when the connection ends meanwhile", async () => {
    const zoom = await start();
    await connectEstablished(zoom);
    const body = JSON.stringify({ event: "x", payload: { pad: "p".repeat(4000) } });
    const blasting = zoom.blast(body, { count: 100_000 });
    zoom.dropSocket();
    expect(await blasting).toBeLessThan(100_000);
  });

  it("rejects a count that is not a whole number", async () => {
    const zoom = await start();
    await expect(zoom.blast("{}", { count: -1 })).rejects.toThrow(RangeError);
    await expect(zoom.blast("{}", { count: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe("controls", () => {
  it("dropSocket() kills the TCP connection without a close frame", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    expect(zoom.dropSocket()).toBe(true);
    expect((await client.closed).code).toBe(1006);
    expect(zoom.connections[0]?.endedBy).toBe("dropped");
    expect(zoom.dropSocket()).toBe(false);
  });

  it("goSilent() stops acks and events but keeps counting heartbeats", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    expect(zoom.goSilent()).toBe(true);
    await beat(zoom, client);
    expect(zoom.emitEvent("meeting.started")).toBe(false);
    expect(zoom.sendMalformed("not-json")).toBe(false);
    expect(zoom.liveConnection).toMatchObject({ silent: true, heartbeats: 1 });
    zoom.goSilent(false);
    zoom.emit("after");
    // The first frame since going silent is the one sent after speaking again: nothing leaked.
    expect(await client.nextJson()).toMatchObject({ content: "after" });
  });

  it("a silent connection the emulator ends is abandoned, not closed", async () => {
    const zoom = await start();
    const token = await mintToken(zoom);
    const first = await connectEstablished(zoom, token);
    zoom.goSilent();
    const second = await connectEstablished(zoom, token);
    expect(zoom.connections[0]).toMatchObject({ endedBy: "replaced", closedAt: undefined });
    expect(zoom.liveConnection?.id).toBe(2);
    first.ws.close(4000, "gave up");
    expect(await first.closed).toEqual({ code: 4000, reason: "gave up" });
    await zoom.waitForClose(zoom.connections[0]!);
    expect(zoom.connections[0]).toMatchObject({ endedBy: "replaced", closeCode: 4000 });
    second.heartbeat();
    expect(await second.nextJson()).toEqual(ACK);
  });

  it("refuseConnections(n) answers n upgrades with an HTTP error, then accepts", async () => {
    const zoom = await start();
    const token = await mintToken(zoom);
    zoom.refuseConnections(2);
    expect(await connectExpectingRefusal(socketUrl(zoom, token))).toBe(503);
    expect(await connectExpectingRefusal(socketUrl(zoom, token))).toBe(503);
    await connectEstablished(zoom, token);
    expect(zoom.refusedConnections).toBe(2);
    expect(zoom.connections).toHaveLength(1);
  });

  it("refuseConnections('forever') refuses until refuseConnections(0)", async () => {
    const zoom = await start();
    const token = await mintToken(zoom);
    zoom.refuseConnections("forever", 502);
    for (let i = 0; i < 3; i++) expect(await connectExpectingRefusal(socketUrl(zoom, token))).toBe(502);
    zoom.refuseConnections(0);
    await connectEstablished(zoom, token);
  });

  it("kick() sends 'Connected in another place' then closes 1000 Bye", async () => {
    const zoom = await start();
    const client = await connectEstablished(zoom);
    expect(zoom.kick()).toBe(true);
    expect(await client.nextJson()).toEqual(KICKED);
    expect(await client.closed).toEqual(BYE);
    expect(zoom.kicks).toBe(1);
    expect(zoom.connections[0]?.endedBy).toBe("kicked");
    expect(zoom.kick()).toBe(false);
  });

  it("rejectToken() rejects the live connection's token on the spot", async () => {
    const zoom = await start();
    const token = await mintToken(zoom);
    const client = await connectEstablished(zoom, token);
    expect(zoom.rejectToken()).toBe(true);
    expect(await client.nextJson()).toEqual({
      module: "heartbeat",
      success: false,
      content: "Token is invalid",
    });
    expect(await client.closed).toEqual(BYE);
    const again = await connect(socketUrl(zoom, token));
    expect(await again.nextJson()).toMatchObject({ success: false, content: "Invalid Token" });
    await connectEstablished(zoom); // a fresh token works
  });

  it("revokeTokens() invalidates every token issued so far", async () => {
    const zoom = await start({ tokenInvalidWording: "2023" });
    const spare = await mintToken(zoom);
    const client = await connectEstablished(zoom);
    expect(zoom.revokeTokens()).toBe(1);
    expect(await client.nextJson()).toEqual({
      module: "heartbeat",
      success: false,
      content: "Invalid Token",
    });
    expect(await client.closed).toEqual(BYE);
    const withSpare = await connect(socketUrl(zoom, spare));
    expect(await withSpare.nextJson()).toMatchObject({ success: false, content: "Invalid Token" });
    expect(zoom.connections[0]?.endedBy).toBe("token-revoked");
  });

  describe("sendMalformed", () => {
    it.each([
      ["not-json", "{oops"],
      ["bad-content", '{"module":"message","content":"{not json"}'],
      ["unknown-module", '{"module":"presence","success":true,"content":"x"}'],
    ] as const)("%s sends %s", async (kind, text) => {
      const zoom = await start();
      const client = await connectEstablished(zoom);
      expect(zoom.sendMalformed(kind)).toBe(true);
      expect(await client.next()).toEqual({ text });
    });

    it("binary sends a binary frame", async () => {
      const zoom = await start();
      const client = await connectEstablished(zoom);
      zoom.sendMalformed("binary");
      expect(await client.next()).toEqual({ binary: expect.any(Uint8Array) });
    });

    it("unknown-event sends a well-formed event of an unknown type", async () => {
      const zoom = await start();
      const client = await connectEstablished(zoom);
      zoom.sendMalformed("unknown-event");
      const body = JSON.parse((await client.nextJson())["content"] as string);
      expect(body).toMatchObject({
        event: "zoomws.unknown_event_type",
        event_ts: expect.any(Number),
        payload: { account_id: zoom.accountId, object: expect.any(Object) },
      });
    });

    it("proto-pollution sends own __proto__ keys at top level and in payload", async () => {
      const zoom = await start();
      const client = await connectEstablished(zoom);
      zoom.sendMalformed("proto-pollution");
      const frame = await client.nextJson();
      const body = JSON.parse(frame["content"] as string) as Record<string, unknown>;
      const payload = body["payload"] as Record<string, unknown>;
      expect(Object.hasOwn(body, "__proto__")).toBe(true);
      expect(Object.hasOwn(payload, "__proto__")).toBe(true);
      expect(body["event"]).toBe("meeting.started");
      expect(payload["object"]).toMatchObject({ id: expect.any(Number) });
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    });
  });
});

describe("inspection", () => {
  it("nextConnection() resolves with the next connection established after the call", async () => {
    const zoom = await start();
    await connectEstablished(zoom);
    const next = zoom.nextConnection();
    await connectEstablished(zoom);
    expect((await next).id).toBe(2);
    expect((await zoom.waitForConnections(1)).id).toBe(1);
  });

  it("waitForTokenRequests(n) resolves with the nth request", async () => {
    const zoom = await start();
    const second = zoom.waitForTokenRequests(2);
    await mintToken(zoom);
    await mintToken(zoom);
    expect(await second).toBe(zoom.tokenRequests[1]);
  });

  it("on() returns an unsubscribe function", async () => {
    const zoom = await start();
    const seen: number[] = [];
    const off = zoom.on("tokenRequest", (r) => seen.push(r.status));
    await mintToken(zoom);
    off();
    await mintToken(zoom);
    expect(seen).toEqual([200]);
  });

  it("records each connection's life", async () => {
    const clock = createFakeClock();
    const zoom = await start({ clock });
    const client = await connectEstablished(zoom);
    await beat(zoom, client);
    clock.advance(5_000);
    client.ws.close(1000, "done");
    const record = await zoom.waitForClose(zoom.connections[0]!);
    expect(record).toEqual({
      id: 1,
      subscriptionId: zoom.subscriptionId,
      openedAt: Date.UTC(2026, 0, 1),
      established: true,
      establishedAt: Date.UTC(2026, 0, 1),
      rejectedWith: undefined,
      silent: false,
      heartbeats: 1,
      ignoredFrames: [],
      endedBy: "client",
      closedAt: Date.UTC(2026, 0, 1) + 5_000,
      closeCode: 1000,
      closeReason: "done",
    });
  });
});
