import { printable, type ZoomEvent } from "@zoomws/node";

type Fields = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === "string" || typeof value === "number" ? String(value) : "";

/** One readable line for an event: who did what where. Unknown types show their object's name or id. */
export function describeEvent(event: ZoomEvent): string {
  const object: Fields = event.payload.object ?? {};
  const topic = text(object["topic"]);
  const meeting = topic ? `“${topic}”` : text(object["id"]);
  const participant = (object["participant"] ?? {}) as Fields;
  const who = text(participant["user_name"]) || text(participant["email"]);
  switch (event.event) {
    case "meeting.started":
    case "webinar.started":
      return `${meeting} started`;
    case "meeting.ended":
    case "webinar.ended":
      return `${meeting} ended`;
    case "meeting.participant_joined":
    case "webinar.participant_joined":
      return `${who} joined ${meeting}`;
    case "meeting.participant_left":
    case "webinar.participant_left":
      return `${who} left ${meeting}`;
    case "recording.completed": {
      const files = Array.isArray(object["recording_files"]) ? object["recording_files"].length : 0;
      return `recording of ${meeting} completed (${files} file${files === 1 ? "" : "s"})`;
    }
    default:
      return (
        text(object["email"]) ||
        text(object["display_name"]) ||
        topic ||
        text(object["name"]) ||
        text(object["id"])
      );
  }
}

/** `HH:MM:SS  event.name                   description`, the name in colour when `paint` colours. */
export function eventLine(event: ZoomEvent, paint: (code: string, text: string) => string): string {
  // Zoom's event_ts, unless it is no time a Date can hold (past ±8.64e15 ms): then the time now.
  const stamped = new Date(Number.isFinite(event.event_ts) ? event.event_ts : Number.NaN);
  const time = (Number.isNaN(stamped.getTime()) ? new Date() : stamped).toISOString().slice(11, 19);
  // Names and topics are Zoom's text: one plain line, nothing a terminal would act on.
  return `${time}  ${paint("36", printable(event.event).padEnd(28))} ${printable(describeEvent(event))}`.trimEnd();
}
