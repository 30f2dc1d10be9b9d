import {
  type AnyZoomEvent,
  type ZoomEvent,
  type ZoomEventName,
  type ZoomEventOf,
  ZoomOptionsError,
} from "@zoomws/core";
import { filter, type OperatorFunction } from "rxjs";

/**
 * Lets through the events named, typed by the event catalog: one name gives that event's type,
 * several give the union. Takes the events of `zoomEvents()` or any stream of Zoom events.
 *
 * ```ts
 * zoomEvents(client).pipe(ofType("meeting.started", "meeting.ended"))
 * ```
 */
export function ofType<Name extends ZoomEventName>(
  ...names: [Name, ...Name[]]
): OperatorFunction<AnyZoomEvent | ZoomEvent, ZoomEventOf<Name>> {
  if (names.length === 0) throw new ZoomOptionsError("ofType() needs at least one event name.");
  for (const name of names) {
    if (typeof name !== "string" || name === "") {
      throw new ZoomOptionsError(
        `ofType() takes event names such as "meeting.started", not ${String(name)}.`,
      );
    }
    if (name === "*") throw new ZoomOptionsError('ofType("*") would let every event through: leave it out.');
  }
  const wanted = new Set<string>(names);
  return filter((event): event is ZoomEventOf<Name> => wanted.has(event.event));
}
