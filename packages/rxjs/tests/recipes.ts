// The README's RxJS recipes, as functions of the event stream, so that they keep compiling and working.
import { type AnyZoomEvent, ZoomError } from "@zoomws/core";
import {
  concatMap,
  count,
  debounceTime,
  filter,
  groupBy,
  type MonoTypeOperatorFunction,
  map,
  merge,
  mergeMap,
  type Observable,
  retry,
  throwError,
  timer,
  toArray,
  windowTime,
} from "rxjs";
import { ofType } from "../src/index.js";

// ── Filter by type ──────────────────────────────────────────────────────────
export const meetingsStartedAndEnded = (events$: Observable<AnyZoomEvent>) =>
  events$.pipe(ofType("meeting.started", "meeting.ended"));

// ── Buffer per meeting ──────────────────────────────────────────────────────
// Every event of one meeting, as one batch once it has ended. Keyed by `uuid`, not `id`: a recurring
// meeting keeps its id across occurrences. A meeting whose end was missed (during a gap) is
// flushed after six hours without an event, so that groups never pile up.
export const batchPerMeeting = (events$: Observable<AnyZoomEvent>) =>
  events$.pipe(
    ofType("meeting.started", "meeting.participant_joined", "meeting.participant_left", "meeting.ended"),
    groupBy((event) => String(event.payload.object?.uuid), {
      duration: (meeting) =>
        merge(
          meeting.pipe(filter((event) => event.event === "meeting.ended")),
          meeting.pipe(debounceTime(6 * 60 * 60_000)),
        ),
    }),
    mergeMap((meeting) =>
      meeting.pipe(
        toArray(),
        map((events) => ({ uuid: meeting.key, events })),
      ),
    ),
  );

// ── A count per minute ──────────────────────────────────────────────────────
// windowTime keeps one counter per minute; bufferTime(60_000) would hold every event for a minute.
export const eventsPerMinute = (events$: Observable<AnyZoomEvent>) =>
  events$.pipe(
    windowTime(60_000),
    mergeMap((minute) => minute.pipe(count())),
  );

// ── Retry policies ──────────────────────────────────────────────────────────
// The client already recovers from every transient fault, so the stream only errors with a fatal
// one. Retry only what can heal by itself: Zoom refusing every connection at startup (an outage).
// Never retry wrong credentials, missing scopes or bad options. For takeovers, prefer the client's
// own `retryAfterReplacedMs`.
export function retryZoomOutages<T>(maxAttempts = 10): MonoTypeOperatorFunction<T> {
  return retry({
    resetOnSuccess: true,
    delay: (error: unknown, attempt) =>
      error instanceof ZoomError && error.code === "CONNECTION_REFUSED" && attempt <= maxAttempts
        ? timer(Math.min(60_000 * 2 ** (attempt - 1), 30 * 60_000))
        : throwError(() => error),
  });
}

// ── One at a time, in order ─────────────────────────────────────────────────
// concatMap starts the next event once the previous one's promise settled. A failure is handled per
// event: an error that reached the stream would end the subscription.
export const oneAtATime = (
  events$: Observable<AnyZoomEvent>,
  handle: (event: AnyZoomEvent) => Promise<void>,
  onFailure: (error: unknown, event: AnyZoomEvent) => void,
) =>
  events$.pipe(
    concatMap(async (event) => {
      try {
        await handle(event);
      } catch (error) {
        onFailure(error, event);
      }
    }),
  );
