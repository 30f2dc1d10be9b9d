import { ZoomOptionsError } from "@zoomws/core";
import { map } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { connectionState, gaps, ofType, zoomEvents } from "../src/index.js";
import { event, FakeClient } from "./fake-client.js";

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const values = {
  s: event("meeting.started", 1),
  e: event("meeting.ended", 2),
  j: event("meeting.participant_joined", 3),
  u: event("user.created", 4),
  x: event("an.unknown_event", 5),
};

describe("ofType", () => {
  it("lets through exactly the one event named", () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot("-s-j-e-u-x-s-|", values);
      expectObservable(source.pipe(ofType("meeting.started"))).toBe("-s---------s-|", values);
      expectSubscriptions(source.subscriptions).toBe("^------------!");
    });
  });

  it("lets through exactly the events named, in arrival order", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const source = hot("-s-j-e-u-x-s-|", values);
      expectObservable(source.pipe(ofType("meeting.started", "meeting.ended", "an.unknown_event"))).toBe(
        "-s---e---x-s-|",
        values,
      );
    });
  });

  it("passes errors and completion through", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const failure = new ZoomOptionsError("boom");
      expectObservable(hot("-s-j-#", values, failure).pipe(ofType("meeting.participant_joined"))).toBe(
        "---j-#",
        values,
        failure,
      );
    });
  });

  it("names nothing that never comes: no value, the source's end", () => {
    scheduler().run(({ hot, expectObservable }) => {
      expectObservable(hot("-s-e-|", values).pipe(ofType("recording.completed"))).toBe("-----|");
    });
  });

  it("refuses bad names with a typed error", () => {
    const call = ofType as (...names: unknown[]) => unknown;
    expect(() => call()).toThrow(ZoomOptionsError);
    expect(() => call("")).toThrow(/event names/);
    expect(() => call("meeting.started", 42)).toThrow(ZoomOptionsError);
    expect(() => call("*")).toThrow(/every event/);
  });
});

describe("connectionState", () => {
  it("reports the current state on subscribe, then every change", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient();
      client.state = "connected";
      cold("--a-b-c-d", {
        a: "reconnecting",
        b: "connected",
        c: "failed",
        d: "connecting",
      } as const).subscribe((state) => client.setState(state));
      expectObservable(connectionState(client)).toBe("c-r-c-f-C", {
        c: "connected",
        r: "reconnecting",
        f: "failed",
        C: "connecting",
      });
    });
  });

  it("gives each subscriber the state at its own subscription", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient();
      cold("-a--b", { a: "connecting", b: "connected" } as const).subscribe((state) =>
        client.setState(state),
      );
      const states = { i: "idle", g: "connecting", c: "connected" };
      expectObservable(connectionState(client)).toBe("ig--c", states);
      expectObservable(connectionState(client), "---^--").toBe("---gc", states);
    });
  });

  it("never connects the client, and lets go of it on unsubscribe", () => {
    const client = new FakeClient();
    const subscription = connectionState(client).subscribe();
    expect(client.calls).toEqual([]);
    subscription.unsubscribe();
    expect(client.listeners).toBe(0);
  });

  it("misses no change made while the subscriber handles the current state", () => {
    const client = new FakeClient();
    const seen: string[] = [];
    connectionState(client).subscribe((state) => {
      seen.push(state);
      if (state === "idle") void client.connect();
    });
    expect(seen).toEqual(["idle", "connecting"]);
  });
});

describe("gaps", () => {
  it("reports every gap as it is reported, and never connects", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient();
      const list = { a: { from: 1, to: 5 }, b: { from: 9, to: 12 } };
      cold("--a---b", list).subscribe((gap) => client.gap(gap));
      expectObservable(gaps(client)).toBe("--a---b", list);
      expect(client.calls).toEqual([]);
    });
  });
});

describe("zoomEvents in marbles", () => {
  it("is hot and shared: a late subscriber sees what arrives from then on", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient();
      cold("-s-j-e-u", values).subscribe((e) => client.emit(e));
      const names = zoomEvents(client).pipe(map((e) => e.event));
      const n = {
        s: "meeting.started",
        j: "meeting.participant_joined",
        e: "meeting.ended",
        u: "user.created",
      };
      expectObservable(names, "^-----!").toBe("-s-j-e-", n);
      expectObservable(names, "----^---").toBe("-----e-u", n);
    });
  });
});
