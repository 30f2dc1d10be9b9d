import { type AnyZoomEvent, ZoomAuthError, type ZoomEvent, ZoomRefusedError } from "@zoomws/core";
import { Subject } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { zoomEvents } from "../src/index.js";
import { FakeClient, flush } from "./fake-client.js";
import {
  batchPerMeeting,
  eventsPerMinute,
  meetingsStartedAndEnded,
  oneAtATime,
  retryZoomOutages,
} from "./recipes.js";

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const meetingEvent = (type: string, uuid: string, n = 0) => {
  const body: ZoomEvent = {
    event: type,
    event_ts: 1_700_000_000_000 + n,
    payload: { object: { id: 42, uuid } },
  };
  return body as AnyZoomEvent;
};

/** Reads the meeting uuid of any event, whatever type the catalog gives it. */
const uuidOf = (event: AnyZoomEvent) => String((event as ZoomEvent).payload.object?.["uuid"]);

afterEach(() => {
  vi.useRealTimers();
});

describe("README recipes", () => {
  it("filter by type", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const v = {
        s: meetingEvent("meeting.started", "A"),
        j: meetingEvent("meeting.participant_joined", "A"),
        e: meetingEvent("meeting.ended", "A"),
      };
      expectObservable(meetingsStartedAndEnded(hot("-s-j-j-e-|", v))).toBe("-s-----e-|", v);
    });
  });

  it("buffer per meeting: one batch per occurrence at its end, a missed end flushed after six hours", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const v = {
        a: meetingEvent("meeting.started", "A"),
        b: meetingEvent("meeting.started", "B"),
        j: meetingEvent("meeting.participant_joined", "A"),
        k: meetingEvent("meeting.participant_joined", "B"),
        u: meetingEvent("user.created", "A"),
        e: meetingEvent("meeting.ended", "A"),
        // The same recurring meeting id, a new occurrence that reuses nothing of A's batch.
        n: meetingEvent("meeting.started", "A2"),
        f: meetingEvent("meeting.ended", "A2"),
      };
      const source = hot("-a-b-j-k-u-e-n-f 360m -", v);
      // B's last event came at frame 7: it is flushed six hours (21 600 000 ms) later.
      expectObservable(batchPerMeeting(source)).toBe("-----------x---y 21599991ms z", {
        x: { uuid: "A", events: [v.a, v.j, v.e] },
        y: { uuid: "A2", events: [v.n, v.f] },
        z: { uuid: "B", events: [v.b, v.k] },
      });
    });
  });

  it("a count per minute", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const e = meetingEvent("meeting.participant_joined", "A");
      //                  0ms  30 s    ~60 s       60–120 s: none   120–180 s: three
      const source = hot("e 29999ms e 29998ms e 1ms 60s e 1ms e 1ms e 59996ms |", { e });
      expectObservable(eventsPerMinute(source), "^ 180000ms !").toBe("60s a 59999ms b 59999ms c", {
        a: 3,
        b: 0,
        c: 3,
      });
    });
  });

  it("retry policy: rides out an outage at startup, but not wrong credentials", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const client = new FakeClient();
    const seen: string[] = [];
    let failure: unknown;
    const subscription = zoomEvents(client)
      .pipe(retryZoomOutages())
      .subscribe({ next: (e) => seen.push(e.event), error: (error) => (failure = error) });
    await flush();
    client.fail(new ZoomRefusedError("503 Service Unavailable"));
    await flush();
    expect(failure).toBeUndefined();
    expect(client.calls).toEqual(["connect"]);
    vi.advanceTimersByTime(59_999);
    await flush();
    expect(client.calls).toEqual(["connect"]);
    vi.advanceTimersByTime(1);
    await flush();
    expect(client.calls).toEqual(["connect", "connect"]);
    client.accept();
    client.emit(meetingEvent("meeting.started", "A"));
    expect(seen).toEqual(["meeting.started"]);

    const wrong = new ZoomAuthError(401, "invalid_client", "Invalid client_id or client_secret");
    client.fail(wrong);
    expect(failure).toBe(wrong);
    vi.advanceTimersByTime(60 * 60_000);
    await flush();
    expect(client.calls).toEqual(["connect", "connect"]);
    subscription.unsubscribe();
  });

  it("one at a time: in order, and a failing event does not stop the next ones", async () => {
    const events$ = new Subject<AnyZoomEvent>();
    const done: string[] = [];
    const failed: string[] = [];
    let running = 0;
    const gates: Array<() => void> = [];
    const subscription = oneAtATime(
      events$,
      async (event) => {
        running++;
        expect(running).toBe(1);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        if (uuidOf(event) === "bad") throw new Error("handler bug");
        done.push(uuidOf(event));
      },
      (_error, event) => failed.push(uuidOf(event)),
    ).subscribe();
    for (const uuid of ["1", "bad", "3"]) events$.next(meetingEvent("meeting.started", uuid));
    for (let i = 0; i < 3; i++) {
      await flush();
      expect(gates).toHaveLength(i + 1); // the next handler starts only once the previous one settled
      gates[i]!();
    }
    await flush();
    expect(done).toEqual(["1", "3"]);
    expect(failed).toEqual(["bad"]);
    subscription.unsubscribe();
  });
});
