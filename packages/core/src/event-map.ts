import type { ZoomEvent } from "./event.js";

/**
 * Event name → typed event. Filled by the generated catalog; an application
 * may add its own entries through declaration merging:
 *
 * ```ts
 * declare module "@zoomws/core" {
 *   interface ZoomEventMap { "my.custom_event": MyEvent }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the catalog and by declaration merging.
export interface ZoomEventMap {}

/** Every event name the catalog knows. */
export type KnownEventName = keyof ZoomEventMap & string;

/** A known event name, with completion, or any other string. */
export type ZoomEventName = KnownEventName | (string & {});

/** The event type delivered for `name`: its catalog type, or the generic `ZoomEvent`. */
export type ZoomEventOf<Name extends string> = string extends Name
  ? ZoomEvent
  : Name extends KnownEventName
    ? ZoomEventMap[Name]
    : ZoomEvent;

/** Any event the client can deliver: a known one, or the generic shape. */
export type AnyZoomEvent = ZoomEventMap[KnownEventName] | ZoomEvent;
