import type { AnyZoomEvent, ConnectionState, Gap, ZoomEvent, ZoomEventOf } from "@zoomws/core";
import { type Observable, of } from "rxjs";
import { describe, expectTypeOf, it } from "vitest";
import { connectionState, gaps, ofType, zoomEvents } from "../src/index.js";
import { FakeClient } from "./fake-client.js";

// Two catalog entries of our own, as the generated catalog (or an application) adds them. The names
// are made up so that they never clash with the real catalog.
interface ProbeStarted extends ZoomEvent {
  event: "rxjs_probe.started";
  payload: { object: { probe_id: string; started_at: string } };
}
interface ProbeEnded extends ZoomEvent {
  event: "rxjs_probe.ended";
  payload: { object: { probe_id: string; duration: number } };
}
declare module "@zoomws/core" {
  interface ZoomEventMap {
    "rxjs_probe.started": ProbeStarted;
    "rxjs_probe.ended": ProbeEnded;
  }
}

describe("types", () => {
  const client = new FakeClient();
  const events$ = zoomEvents(client);

  it("zoomEvents gives any event; the state streams their own types", () => {
    expectTypeOf(events$).toEqualTypeOf<Observable<AnyZoomEvent>>();
    expectTypeOf(connectionState(client)).toEqualTypeOf<Observable<ConnectionState>>();
    expectTypeOf(gaps(client)).toEqualTypeOf<Observable<Gap>>();
  });

  it("ofType narrows one name to its catalog type", () => {
    const started$ = events$.pipe(ofType("rxjs_probe.started"));
    expectTypeOf(started$).toEqualTypeOf<Observable<ProbeStarted>>();
    started$.subscribe((e) => expectTypeOf(e.payload.object.started_at).toEqualTypeOf<string>());
  });

  it("ofType narrows several names to the union, discriminated by `event`", () => {
    const both$ = events$.pipe(ofType("rxjs_probe.started", "rxjs_probe.ended"));
    expectTypeOf(both$).toEqualTypeOf<Observable<ProbeStarted | ProbeEnded>>();
    both$.subscribe((e) => {
      if (e.event === "rxjs_probe.ended") expectTypeOf(e.payload.object.duration).toEqualTypeOf<number>();
      else expectTypeOf(e).toEqualTypeOf<ProbeStarted>();
    });
  });

  it("ofType keeps the generic shape for a name the catalog does not know", () => {
    // The generic shape is the core's to define (ZoomEventOf of an unknown name): a ZoomEvent.
    type Custom = ZoomEventOf<"my.custom_event">;
    expectTypeOf<Custom>().toExtend<ZoomEvent>();
    expectTypeOf<Custom>().not.toExtend<ProbeEnded>();
    expectTypeOf(events$.pipe(ofType("my.custom_event"))).toEqualTypeOf<Observable<Custom>>();
    expectTypeOf(events$.pipe(ofType("rxjs_probe.ended", "my.custom_event"))).toEqualTypeOf<
      Observable<ProbeEnded | Custom>
    >();
  });

  it("ofType applies to any stream of events, and needs a name", () => {
    const generic$ = of<ZoomEvent>({ event: "rxjs_probe.ended", event_ts: 0, payload: {} });
    expectTypeOf(generic$.pipe(ofType("rxjs_probe.ended"))).toEqualTypeOf<Observable<ProbeEnded>>();
    const misuse = () => {
      // @ts-expect-error: at least one name
      ofType();
      // @ts-expect-error: names are strings
      ofType(42);
    };
    expectTypeOf(misuse).toBeFunction();
  });
});
