import type { CatalogEventMap } from "./catalog/index.js";
import type { ZoomEvent } from "./event.js";

/**
 * Event name → typed event. Filled by the generated catalog (`src/catalog/`); an application
 * may add its own entries through declaration merging:
 *
 * ```ts
 * declare module "@zoomws/core" {
 *   interface ZoomEventMap { "my.custom_event": MyEvent }
 * }
 * ```
 */
export interface ZoomEventMap extends CatalogEventMap {}

/** Every event name the catalog knows. */
export type KnownEventName = keyof ZoomEventMap & string;

/** A known event name, with completion, or any other string. */
export type ZoomEventName = KnownEventName | (string & {});

/** Any event of a known type. */
export type KnownZoomEvent = ZoomEventMap[KnownEventName];

/**
 * The name of an event the catalog does not know. At run time it is any other string. TypeScript
 * has no "string except these names", so the type is a template-literal pattern that no catalogued
 * name matches: comparing `event.event` with a known name then narrows an {@link AnyZoomEvent} to
 * that name's type. Read it as a string.
 */
export type UnknownEventName = `${string}\u0000`;

/** An event of a type the catalog does not know: the generic {@link ZoomEvent}. */
export interface UnknownZoomEvent extends ZoomEvent {
  event: UnknownEventName;
}

/**
 * The event type delivered for `name`: its catalog type for a known name, the generic
 * {@link UnknownZoomEvent} (a {@link ZoomEvent}) for any other literal, and
 * {@link AnyZoomEvent} for a name only known as `string`.
 */
export type ZoomEventOf<Name extends string> = string extends Name
  ? AnyZoomEvent
  : Name extends KnownEventName
    ? ZoomEventMap[Name]
    : UnknownZoomEvent;

/**
 * Any event the client can deliver: a known one, or the generic shape. `switch (e.event)`
 * and `if (e.event === "meeting.started")` narrow it to the named type.
 */
export type AnyZoomEvent = KnownZoomEvent | UnknownZoomEvent;
