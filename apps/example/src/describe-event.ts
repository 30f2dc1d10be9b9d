import type { ZoomEvent } from "@zoomws/node";

type Fields = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === "string" || typeof value === "number" ? String(value) : "";

/** One readable line for an event: who did what in which meeting. */
export function describeEvent(event: ZoomEvent): string {
  const object: Fields = event.payload.object ?? {};
  const topic = text(object["topic"]);
  const meeting = topic ? `“${topic}”` : text(object["id"]);
  const participant = (object["participant"] ?? {}) as Fields;
  const who = text(participant["user_name"]) || text(participant["email"]);
  switch (event.event) {
    case "meeting.started":
      return `${meeting} started`;
    case "meeting.ended":
      return `${meeting} ended`;
    case "meeting.participant_joined":
      return `${who} joined ${meeting}`;
    case "meeting.participant_left":
      return `${who} left ${meeting}`;
    case "recording.completed": {
      const files = Array.isArray(object["recording_files"]) ? object["recording_files"].length : 0;
      return `recording of ${meeting} completed (${files} file${files === 1 ? "" : "s"})`;
    }
    default: {
      const name = text(object["email"]) || text(object["display_name"]) || topic || text(object["id"]);
      return name ? `${event.event} (${name})` : event.event;
    }
  }
}
