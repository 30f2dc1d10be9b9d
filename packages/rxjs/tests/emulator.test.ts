import type { AnyZoomEvent, ConnectionState, Gap, ZoomError, ZoomEvent } from "@zoomws/core";
import { eventTemplateTypes } from "@zoomws/testing";
import { concatMap, config, firstValueFrom, map, mergeMap, type Observable, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { connectionState, gaps, ofType, zoomEvents } from "../src/index.js";
import { type Rig, rig } from "./support.js";

const open: Subscription[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.unsubscribe();
  config.onUnhandledError = null;
});

/** Subscribes and records; unsubscribed after the test. */
function record<T>(source: Observable<T>) {
  const seen = { values: [] as T[], error: undefined as unknown, completed: false };
  const subscription = source.subscribe({
    next: (value) => seen.values.push(value),
    error: (error) => {
      seen.error = error;
    },
    complete: () => {
      seen.completed = true;
    },
  });
  open.push(subscription);
  return Object.assign(seen, { subscription });
}

/** A small event of our own whose `seq` tells the order it was sent in. */
const numbered = (seq: number) => ({
  event: "rxjs_test.numbered",
  event_ts: 1_700_000_000_000 + seq,
  payload: { object: { seq } },
});
const seqOf = (e: AnyZoomEvent) => (e as ZoomEvent).payload.object?.["seq"] as number;

async function connected(r: Rig): Promise<void> {
  await r.until(() => r.client.state === "connected");
}

describe("zoomEvents against the emulator", () => {
  it("opens no connection before the first subscriber", async () => {
    const r = await rig();
    const events$ = zoomEvents(r.client).pipe(ofType("meeting.started"));
    record(connectionState(r.client));
    record(gaps(r.client));
    await r.advance(5 * 60_000, 10_000);
    expect(r.emulator.tokenRequests).toHaveLength(0);
    expect(r.emulator.connections).toHaveLength(0);
    expect(r.client.state).toBe("idle");

    const started = record(events$);
    await connected(r);
    expect(r.emulator.connections).toHaveLength(1);
    r.emulator.emitEvent("meeting.started");
    await r.until(() => started.values.length === 1);
  });

  it("delivers an event Zoom sends the moment it accepts the connection", async () => {
    const r = await rig();
    r.emulator.on("established", () => r.emulator.emit(numbered(0)));
    const seen = record(zoomEvents(r.client));
    await r.until(() => seen.values.length === 1);
    expect(seqOf(seen.values[0]!)).toBe(0);
  });

  it("shares one connection between subscribers", async () => {
    const r = await rig();
    const a = record(zoomEvents(r.client));
    const b = record(zoomEvents(r.client).pipe(map((e) => e.event)));
    await connected(r);
    const c = record(zoomEvents(r.client)); // joins a live connection
    for (const type of ["meeting.started", "user.created", "meeting.ended"] as const)
      r.emulator.emitEvent(type);
    await r.until(() => a.values.length === 3 && b.values.length === 3 && c.values.length === 3);
    expect(b.values).toEqual(["meeting.started", "user.created", "meeting.ended"]);
    expect(r.emulator.connections).toHaveLength(1);
    expect(r.emulator.tokenRequests).toHaveLength(1);
  });

  it("ofType lets through exactly the events named", async () => {
    const r = await rig();
    const all = record(zoomEvents(r.client));
    const meetings = record(zoomEvents(r.client).pipe(ofType("meeting.started", "meeting.ended")));
    const custom = record(zoomEvents(r.client).pipe(ofType("rxjs_test.numbered")));
    await connected(r);
    const sent: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const type of eventTemplateTypes) {
        r.emulator.emitEvent(type);
        sent.push(type);
      }
      r.emulator.emit(numbered(round));
      sent.push("rxjs_test.numbered");
    }
    await r.until(() => all.values.length === sent.length);
    expect(all.values.map((e) => e.event)).toEqual(sent);
    expect(meetings.values.map((e) => e.event)).toEqual(
      sent.filter((type) => type === "meeting.started" || type === "meeting.ended"),
    );
    expect(custom.values.map(seqOf)).toEqual([0, 1, 2]);
  });

  it("closes the connection on the last unsubscribe, and never reconnects after it", async () => {
    const r = await rig();
    const a = record(zoomEvents(r.client));
    const b = record(zoomEvents(r.client));
    await connected(r);
    const connection = r.emulator.liveConnection!;
    a.subscription.unsubscribe();
    await r.settle();
    expect(r.emulator.liveConnection).toBe(connection);

    b.subscription.unsubscribe();
    const closed = await r.emulator.waitForClose(connection);
    expect(closed.endedBy).toBe("client");
    expect(r.client.state).toBe("idle");
    const heartbeats = r.emulator.heartbeats;
    // Well past the backoff ceiling, the heartbeat period and the token's lifetime (1 h).
    await r.advance(2 * 60 * 60_000, 10_000);
    expect(r.emulator.connections).toHaveLength(1);
    expect(r.emulator.tokenRequests).toHaveLength(1);
    expect(r.emulator.heartbeats).toBe(heartbeats);
    expect(r.client.state).toBe("idle");
    expect(a.error ?? b.error).toBeUndefined();
  });

  it("connects again for a subscriber after the last one left", async () => {
    const r = await rig();
    const a = record(zoomEvents(r.client));
    await connected(r);
    const first = r.emulator.liveConnection!;
    a.subscription.unsubscribe();
    const b = record(zoomEvents(r.client));
    await r.emulator.waitForConnections(2);
    await connected(r);
    expect(first.closedAt).toBeDefined(); // closed before the new one opened
    expect(first.endedBy).toBe("client");
    expect(r.emulator.connections).toHaveLength(2);
    r.emulator.emitEvent("meeting.started");
    await r.until(() => b.values.length === 1);
    expect(a.values).toEqual([]);
  });

  it("closes for a subscriber that leaves before Zoom accepted, with no error and no retry", async () => {
    const r = await rig();
    const unhandled: unknown[] = [];
    config.onUnhandledError = (error) => unhandled.push(error);
    const errors: unknown[] = [];
    r.client.onError((error) => errors.push(error));
    const a = record(zoomEvents(r.client));
    await r.emulator.waitForTokenRequests(1);
    a.subscription.unsubscribe();
    await r.settle();
    await r.advance(10 * 60_000, 10_000);
    expect(r.emulator.liveConnection).toBeUndefined();
    expect(r.emulator.connections.every((c) => c.closedAt !== undefined)).toBe(true);
    expect(r.emulator.tokenRequests).toHaveLength(1);
    expect(r.client.state).toBe("idle");
    expect([a.error, ...errors, ...unhandled]).toEqual([undefined]);
  });

  it("firstValueFrom takes one event and closes; the next call connects again", async () => {
    const r = await rig();
    r.emulator.on("established", () => r.emulator.emit(numbered(r.emulator.connections.length)));
    const first = await firstValueFrom(zoomEvents(r.client));
    expect(seqOf(first)).toBe(1);
    await r.emulator.waitForClose(r.emulator.connections[0]!);
    const second = await firstValueFrom(zoomEvents(r.client));
    expect(seqOf(second)).toBe(2);
    await r.emulator.waitForClose(r.emulator.connections[1]!);
    expect(r.emulator.connections.map((c) => c.endedBy)).toEqual(["client", "client"]);
  });

  it("rides out a dropped socket: the stream goes on, gaps() reports the time without a connection", async () => {
    const r = await rig();
    const events = record(zoomEvents(r.client));
    const reported = record(gaps(r.client));
    await connected(r);
    r.emulator.emit(numbered(1));
    await r.until(() => events.values.length === 1);

    const droppedAt = r.clock.now();
    r.emulator.refuseConnections(2); // the immediate retry and the next fail: time passes in backoff
    r.emulator.dropSocket();
    await r.until(() => r.client.state === "reconnecting");
    await r.advanceUntil(() => r.client.state === "connected");
    await r.until(() => reported.values.length === 1);
    const gap = reported.values[0] as Gap;
    expect(gap.from).toBe(droppedAt);
    expect(gap.to).toBeGreaterThan(gap.from);
    expect(gap.to).toBeLessThanOrEqual(r.clock.now());

    r.emulator.emit(numbered(2));
    await r.until(() => events.values.length === 2);
    expect(events.values.map(seqOf)).toEqual([1, 2]);
    expect(events.error).toBeUndefined();
    expect(events.completed).toBe(false);
  });

  it("keeps the connection and later events when a subscriber throws", async () => {
    const r = await rig();
    const reported: unknown[] = [];
    config.onUnhandledError = (error) => reported.push(error);
    const thrower: number[] = [];
    open.push(
      zoomEvents(r.client).subscribe((e) => {
        thrower.push(seqOf(e));
        throw new Error(`subscriber bug on ${seqOf(e)}`);
      }),
    );
    const other = record(zoomEvents(r.client));
    await connected(r);
    for (let i = 1; i <= 3; i++) r.emulator.emit(numbered(i));
    await r.until(() => other.values.length === 3 && reported.length === 3);
    expect(thrower).toEqual([1, 2, 3]);
    expect(r.emulator.connections).toHaveLength(1);
    expect(r.client.state).toBe("connected");
  });
});

describe("zoomEvents leaves the client's own error reporting alone", () => {
  it("a failing client.on handler is still logged at error level while the stream is subscribed", async () => {
    const r = await rig();
    r.client.on("rxjs_test.numbered", () => {
      throw new Error("handler bug");
    });
    const events = record(zoomEvents(r.client));
    await connected(r);
    r.emulator.emit(numbered(1));
    await r.until(() => events.values.length === 1);
    expect(r.logs.filter((line) => line.startsWith("error") && line.includes("handler bug"))).toHaveLength(1);
  });

  it("a fatal error still errors the stream, with the client's typed error", async () => {
    const r = await rig({ clientSecret: "not-the-secret-0123456789" });
    const events = record(zoomEvents(r.client));
    await r.until(() => events.error !== undefined);
    expect((events.error as ZoomError).code).toBe("AUTH_REJECTED");
    expect(events.error).toBe(r.client.error);
  });
});

describe("connectionState against the emulator", () => {
  it("reports the current state on subscribe, then every change", async () => {
    const r = await rig();
    const states = record(connectionState(r.client));
    expect(states.values).toEqual(["idle"]);
    const events = record(zoomEvents(r.client));
    await connected(r);
    r.emulator.dropSocket();
    await r.advanceUntil(() => r.client.state === "connected" && r.emulator.connections.length === 2);
    const late = record(connectionState(r.client));
    events.subscription.unsubscribe();
    await r.settle();
    const expected: ConnectionState[] = [
      "idle",
      "connecting",
      "connected",
      "reconnecting",
      "connected",
      "idle",
    ];
    expect(states.values).toEqual(expected);
    expect(late.values).toEqual(["connected", "idle"]);
  });
});

describe("fatal errors", () => {
  it("wrong credentials error the stream with ZoomAuthError, and nothing retries", async () => {
    const r = await rig({ clientSecret: "not-the-secret-0123456789abcdef" });
    const states = record(connectionState(r.client));
    const error = (await firstValueFrom(zoomEvents(r.client)).catch((e: unknown) => e)) as ZoomError;
    expect(error.name).toBe("ZoomAuthError");
    expect(error.code).toBe("AUTH_REJECTED");
    expect(error.fatal).toBe(true);
    expect(error.message).not.toContain("not-the-secret");
    expect(r.client.error).toBe(error);
    await r.advance(10 * 60_000, 10_000);
    expect(r.emulator.tokenRequests).toHaveLength(1);
    expect(r.emulator.connections).toHaveLength(0);
    expect(states.values).toEqual(["idle", "connecting", "failed"]);
  });

  it("a takeover by another consumer errors the stream with ZoomReplacedError", async () => {
    const r = await rig();
    const events = record(zoomEvents(r.client));
    await connected(r);
    r.emulator.kick();
    await r.until(() => events.error !== undefined);
    expect((events.error as ZoomError).code).toBe("REPLACED");
    expect((events.error as ZoomError).name).toBe("ZoomReplacedError");
    await r.advance(10 * 60_000, 10_000);
    expect(r.emulator.connections).toHaveLength(1);
  });

  it("with retryAfterReplacedMs a takeover is transient: the stream goes on", async () => {
    const r = await rig({ retryAfterReplacedMs: 60_000 });
    const events = record(zoomEvents(r.client));
    await connected(r);
    r.emulator.kick();
    await r.advanceUntil(() => r.emulator.connections.length === 2 && r.client.state === "connected", 1000);
    r.emulator.emit(numbered(1));
    await r.until(() => events.values.length === 1);
    expect(events.error).toBeUndefined();
  });
});

describe("an async consumer", () => {
  /** A handler that takes longer for early events than for later ones: concurrency would reorder them. */
  function slowHandler(log: { done: number[]; active: number; maxActive: number }) {
    return async (e: AnyZoomEvent) => {
      const seq = seqOf(e);
      log.active++;
      log.maxActive = Math.max(log.maxActive, log.active);
      for (let i = 0; i < 20 - seq; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      log.done.push(seq);
      log.active--;
    };
  }

  it("processes events one at a time, in order, with concatMap", async () => {
    const r = await rig();
    const log = { done: [] as number[], active: 0, maxActive: 0 };
    open.push(
      zoomEvents(r.client)
        .pipe(ofType("rxjs_test.numbered"), concatMap(slowHandler(log)))
        .subscribe(),
    );
    await connected(r);
    const sent = Array.from({ length: 20 }, (_, i) => i);
    for (const seq of sent) r.emulator.emit(numbered(seq));
    await r.until(() => log.done.length === sent.length);
    expect(log.done).toEqual(sent);
    expect(log.maxActive).toBe(1);
  });

  it("(the same handler under mergeMap finishes out of order: the test above can tell)", async () => {
    const r = await rig();
    const log = { done: [] as number[], active: 0, maxActive: 0 };
    open.push(
      zoomEvents(r.client)
        .pipe(ofType("rxjs_test.numbered"), mergeMap(slowHandler(log)))
        .subscribe(),
    );
    await connected(r);
    const sent = Array.from({ length: 20 }, (_, i) => i);
    for (const seq of sent) r.emulator.emit(numbered(seq));
    await r.until(() => log.done.length === sent.length);
    expect(log.done).not.toEqual(sent);
    expect(log.maxActive).toBeGreaterThan(1);
  });
});
