import type { AnyZoomEvent, ZoomClient, ZoomError } from "@zoomws/core";
import { Observable, share } from "rxjs";

/** The last close() made on behalf of a client's stream: the next connect() waits for it. */
interface Closing {
  last: Promise<void>;
}

const sharedByClient = new WeakMap<ZoomClient, Observable<AnyZoomEvent>>();

/**
 * Every event the client receives, as one hot, shared `Observable`.
 *
 * The first subscriber connects the client; later subscribers share that one connection
 * (Zoom allows one per subscription) and see the events from when they subscribed; the last
 * unsubscribe closes the client. A subscriber after that connects it again. Drops, token rotations
 * and reconnections never end the stream: the client recovers by itself (see `gaps()` for what was
 * missed). A fatal error (wrong credentials, taken over by another consumer, …) errors the stream
 * with the typed `ZoomError`; closing the client yourself completes it.
 *
 * The stream owns the client's connection: don't call `connect()`/`close()` yourself while subscribed.
 */
export function zoomEvents(client: ZoomClient): Observable<AnyZoomEvent> {
  let events$ = sharedByClient.get(client);
  if (!events$) {
    events$ = connection(client, { last: Promise.resolve() }).pipe(share());
    sharedByClient.set(client, events$);
  }
  return events$;
}

/** One connection's lifetime: subscribing connects, unsubscribing closes. `share()` makes it one for all. */
function connection(client: ZoomClient, closing: Closing): Observable<AnyZoomEvent> {
  return new Observable<AnyZoomEvent>((subscriber) => {
    let active = true;
    let connecting = false;
    // Listen before connecting: events that arrive as soon as Zoom accepts are not lost.
    const offEvent = client.on("*", (event) => subscriber.next(event));
    // Fatal errors are read from the state, not through onError: an error listener would take over
    // the client's own reporting, and its non-fatal errors (a failing handler, a rejected event
    // under validate "strict") would then be logged at debug level only.
    const offState = client.onStateChange((state) => {
      // Someone closed the client: the stream ends.
      if (state === "idle" && connecting) subscriber.complete();
      else if (state === "failed") subscriber.error(client.error);
    });

    // A close() still closing sockets finishes first, so the old connection never overlaps the new one.
    closing.last.then(() => {
      if (!active) return;
      connecting = true;
      client.connect().catch((error: unknown) => {
        if (!active) return;
        if ((error as Partial<ZoomError> | undefined)?.code === "CLIENT_CLOSED") subscriber.complete();
        else subscriber.error(error);
      });
    });

    return () => {
      active = false;
      offEvent();
      offState();
      // A failed client has already closed everything and keeps its error for inspection.
      if (connecting && client.state !== "failed") {
        closing.last = client.close().catch(() => undefined);
      }
    };
  });
}
