import { messageFrame } from "./frames.js";
import { buildEvent } from "./templates.js";

/** The kinds of hostile or unexpected frames `sendMalformed` can send. */
export const malformedKinds = [
  "not-json",
  "binary",
  "bad-content",
  "unknown-module",
  "unknown-event",
  "proto-pollution",
] as const;

export type MalformedKind = (typeof malformedKinds)[number];

export const UNKNOWN_EVENT_TYPE = "zoomws.unknown_event_type";

// Spliced in as text: an object literal or JSON.stringify would turn `__proto__` into a prototype, not a key.
const POLLUTER = '"__proto__":{"polluted":true}';

/** The frame for `kind`: text, or bytes for a binary frame. */
export function malformedFrame(kind: MalformedKind, now: number, accountId: string): string | Uint8Array {
  switch (kind) {
    case "not-json":
      return "{oops";
    case "binary":
      return new Uint8Array([0x7b, 0x22, 0x6d, 0x6f, 0x64, 0x75, 0x6c, 0x65, 0x22, 0xff, 0x00, 0x7d]);
    case "bad-content":
      return JSON.stringify({ module: "message", content: "{not json" });
    case "unknown-module":
      return JSON.stringify({ module: "presence", success: true, content: "x" });
    case "unknown-event":
      return messageFrame(
        JSON.stringify({
          event: UNKNOWN_EVENT_TYPE,
          event_ts: now,
          payload: { account_id: accountId, object: { id: "zx81", note: "an event type no schema knows" } },
        }),
      );
    case "proto-pollution": {
      const { payload, ...rest } = buildEvent("meeting.started", { payload: { account_id: accountId } }, now);
      const withPolluter = (json: string) => `{${POLLUTER},${json.slice(1)}`;
      const content = withPolluter(
        JSON.stringify({ ...rest, payload: null }).replace(
          '"payload":null',
          `"payload":${withPolluter(JSON.stringify(payload))}`,
        ),
      );
      return messageFrame(content);
    }
  }
}
