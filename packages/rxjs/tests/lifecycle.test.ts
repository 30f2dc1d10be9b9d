import { ZoomAuthError, ZoomConnectionError, ZoomReplacedError } from "@zoomws/core";
import { config, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { zoomEvents } from "../src/index.js";
import { event, FakeClient, flush } from "./fake-client.js";

/** What one subscriber saw. */
function watch(client: FakeClient) {
  const seen = { events: [] as string[], error: undefined as unknown, completed: false };
  const subscription = zoomEvents(client).subscribe({
    next: (e) => seen.events.push(e.event),
    error: (error) => {
      seen.error = error;
    },
    complete: () => {
      seen.completed = true;
    },
  });
  return Object.assign(seen, { subscription });
}

const open: Subscription[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.unsubscribe();
  config.onUnhandledError = null;
});

describe("zoomEvents: one connection for every subscriber", () => {
  it("does nothing before the first subscriber", async () => {
    const client = new FakeClient();
    zoomEvents(client);
    await flush();
    expect(client.calls).toEqual([]);
    expect(client.listeners).toBe(0);
  });

  it("listens before it connects, so the first events are not lost", async () => {
    const client = new FakeClient();
    const a = watch(client);
    expect(client.listeners).toBeGreaterThan(0);
    await flush();
    expect(client.calls).toEqual(["connect"]);
    client.emit(event("meeting.started")); // arrives with Zoom's acceptance, before connect() resolves
    client.accept();
    client.emit(event("meeting.ended"));
    expect(a.events).toEqual(["meeting.started", "meeting.ended"]);
    a.subscription.unsubscribe();
  });

  it("connects once for every subscriber, through every call of zoomEvents()", async () => {
    const client = new FakeClient();
    expect(zoomEvents(client)).toBe(zoomEvents(client));
    const a = watch(client);
    const b = watch(client);
    await flush();
    client.accept();
    const c = watch(client);
    await flush();
    client.emit(event("user.created"));
    expect(client.calls).toEqual(["connect"]);
    for (const s of [a, b, c]) expect(s.events).toEqual(["user.created"]);
    for (const s of [a, b, c]) s.subscription.unsubscribe();
  });

  it("closes on the last unsubscribe only, and lets go of the client", async () => {
    const client = new FakeClient();
    const a = watch(client);
    const b = watch(client);
    await flush();
    client.accept();
    a.subscription.unsubscribe();
    expect(client.calls).toEqual(["connect"]);
    b.subscription.unsubscribe();
    expect(client.calls).toEqual(["connect", "close"]);
    expect(client.listeners).toBe(0);
    expect(client.state).toBe("idle");
  });

  it("closes when the last subscriber leaves while connect() is pending, and reports nothing", async () => {
    const client = new FakeClient();
    const unhandled: unknown[] = [];
    config.onUnhandledError = (error) => unhandled.push(error);
    const a = watch(client);
    await flush();
    a.subscription.unsubscribe(); // close() rejects the pending connect() with ZoomClosedError
    await flush();
    await flush();
    expect(client.calls).toEqual(["connect", "close"]);
    expect(a.error).toBeUndefined();
    expect(unhandled).toEqual([]);
  });

  it("connects again for a new subscriber, once the previous close() has finished", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    client.accept();
    a.subscription.unsubscribe();
    const b = watch(client);
    await flush();
    expect(client.calls).toEqual(["connect", "close"]); // the old sockets are still closing
    client.closed();
    await flush();
    expect(client.calls).toEqual(["connect", "close", "connect"]);
    client.accept();
    client.emit(event("meeting.started"));
    expect(b.events).toEqual(["meeting.started"]);
    expect(a.events).toEqual([]);
    b.subscription.unsubscribe();
  });

  it("neither connects nor closes for a subscriber that leaves while waiting for the previous close()", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    a.subscription.unsubscribe();
    const b = watch(client);
    b.subscription.unsubscribe();
    client.closed();
    await flush();
    expect(client.calls).toEqual(["connect", "close"]);
    expect(client.listeners).toBe(0);
  });
});

describe("zoomEvents: faults", () => {
  it("rides out transient faults", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    client.accept();
    client.reportError(new ZoomConnectionError("socket dropped", 1006));
    client.setState("reconnecting");
    client.setState("connected");
    client.reportError(new ZoomReplacedError(false)); // with retryAfterReplacedMs: not fatal
    client.emit(event("meeting.started"));
    expect(a.error).toBeUndefined();
    expect(a.completed).toBe(false);
    expect(a.events).toEqual(["meeting.started"]);
    expect(client.calls).toEqual(["connect"]);
    a.subscription.unsubscribe();
  });

  it("errors every subscriber with the typed fatal error, and leaves the failed client as it is", async () => {
    const client = new FakeClient();
    const a = watch(client);
    const b = watch(client);
    await flush();
    const fatal = new ZoomAuthError(401, "invalid_client", "Invalid client_id or client_secret");
    client.fail(fatal);
    await flush();
    expect(a.error).toBe(fatal);
    expect(b.error).toBe(fatal);
    expect(client.calls).toEqual(["connect"]);
    expect(client.state).toBe("failed");
    expect(client.error).toBe(fatal);
    expect(client.listeners).toBe(0);
  });

  it("errors the stream when a takeover stops a connected client", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    client.accept();
    const replaced = new ZoomReplacedError();
    client.fail(replaced);
    expect(a.error).toBe(replaced);
  });

  it("connects again for a subscriber after a fatal error (a retry)", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    client.fail(new ZoomReplacedError());
    const b = watch(client);
    await flush();
    expect(client.calls).toEqual(["connect", "connect"]);
    client.accept();
    client.emit(event("meeting.started"));
    expect(b.events).toEqual(["meeting.started"]);
    expect(a.events).toEqual([]);
    b.subscription.unsubscribe();
  });

  it("completes when the client is closed by someone else", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    client.accept();
    void client.close();
    expect(a.completed).toBe(true);
    expect(a.error).toBeUndefined();
  });

  it("completes when the client is closed before Zoom accepted", async () => {
    const client = new FakeClient();
    const a = watch(client);
    await flush();
    void client.close();
    await flush();
    expect(a.completed).toBe(true);
    expect(a.error).toBeUndefined();
  });

  it("keeps delivering to everyone when a subscriber throws", async () => {
    const client = new FakeClient();
    const reported = new Promise((resolve) => {
      config.onUnhandledError = resolve;
    });
    const thrower: string[] = [];
    const boom = new Error("subscriber bug");
    open.push(
      zoomEvents(client).subscribe((e) => {
        thrower.push(e.event);
        if (e.event === "meeting.started") throw boom;
      }),
    );
    const other = watch(client);
    await flush();
    client.accept();
    client.emit(event("meeting.started"));
    client.emit(event("meeting.ended"));
    expect(thrower).toEqual(["meeting.started", "meeting.ended"]);
    expect(other.events).toEqual(["meeting.started", "meeting.ended"]);
    expect(client.calls).toEqual(["connect"]);
    expect(await reported).toBe(boom); // RxJS reports a subscriber's exception asynchronously
    other.subscription.unsubscribe();
  });
});
