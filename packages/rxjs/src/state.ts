import type { ConnectionState, Gap, ZoomClient } from "@zoomws/core";
import { Observable } from "rxjs";

/** The client's connection state now, on subscribe, then every change. Subscribing does not connect. */
export function connectionState(client: ZoomClient): Observable<ConnectionState> {
  return new Observable<ConnectionState>((subscriber) => {
    // Listen first: a change caused by the subscriber's own reaction to the current state is not missed.
    const off = client.onStateChange((state) => subscriber.next(state));
    subscriber.next(client.state);
    return off;
  });
}

/**
 * Every time the client was without a connection, reported once it is connected again: Zoom never
 * replays those events, so backfill them through its REST API. Subscribing does not connect.
 */
export function gaps(client: ZoomClient): Observable<Gap> {
  return new Observable<Gap>((subscriber) => client.onGap((gap) => subscriber.next(gap)));
}
