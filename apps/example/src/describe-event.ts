import type { AnyZoomEvent } from "@zoomws/node";

const quoted = (topic: string | undefined, id: number | string) => (topic ? `“${topic}”` : String(id));

/**
 * One readable line for an event: who did what in which meeting. Comparing `event.event` with a
 * name from Zoom's catalog narrows the event to that type, so its fields are checked by TypeScript.
 * The client still delivers an event that does not match its schema (it warns), so a missing
 * field must not throw here.
 */
export function describeEvent(event: AnyZoomEvent): string {
  try {
    return describe(event);
  } catch {
    return "(not in the shape Zoom documents)"; // delivered anyway unless `validate: "strict"`
  }
}

function describe(event: AnyZoomEvent): string {
  switch (event.event) {
    case "meeting.started":
    case "meeting.ended": {
      const { topic, id } = event.payload.object;
      return `${quoted(topic, id)} ${event.event === "meeting.started" ? "started" : "ended"}`;
    }
    case "meeting.participant_joined":
    case "meeting.participant_left": {
      const { topic, id, participant } = event.payload.object;
      const who = participant.user_name || participant.email || "someone";
      return `${who} ${event.event === "meeting.participant_joined" ? "joined" : "left"} ${quoted(topic, id)}`;
    }
    case "recording.completed": {
      const { topic, id, recording_files: files } = event.payload.object;
      return `recording of ${quoted(topic, id)} completed (${files.length} file${files.length === 1 ? "" : "s"})`;
    }
    default: {
      // Any other event: its object's most telling field, if it has one.
      const object = (event.payload.object ?? {}) as Record<string, unknown>;
      const name = [
        object["email"],
        object["display_name"],
        object["topic"],
        object["name"],
        object["id"],
      ].find((v) => typeof v === "string" || typeof v === "number");
      return name === undefined ? "" : String(name);
    }
  }
}
