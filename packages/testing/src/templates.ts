import { deepMerge } from "./deep-merge.js";

/** A Zoom event body, as carried JSON-encoded in a `message` frame's `content`. */
export interface ZoomEventBody {
  event: string;
  /** Epoch milliseconds. */
  event_ts: number;
  download_token?: string;
  payload: {
    account_id: string;
    object: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Partial fields merged over a template: objects merge key by key, arrays and scalars replace. */
export type EventOverrides = { [key: string]: unknown };

export const eventTemplateTypes = [
  "meeting.started",
  "meeting.ended",
  "meeting.participant_joined",
  "meeting.participant_left",
  "recording.completed",
  "user.created",
  "user.updated",
  "webinar.started",
  "webinar.ended",
] as const;

export type EventTemplateType = (typeof eventTemplateTypes)[number];

// One consistent fictional account, so events built separately still refer to each other.
export const TEMPLATE_ACCOUNT_ID = "Qk5d4XbXSCujZlfR1nQ7ZA";
const ADMIN = { id: "Zp0vLx8PRa6H1Jc2bYq9Tg", email: "it-admin@example.com" };
const HOST = { id: "KDcuGIm1QgePTO8WbOqwIQ", email: "dana.whitfield@example.com" };
const MEETING = {
  id: 85746065432,
  uuid: "tH8BfVxkQ0mz4OCWe/Bb7A==",
  host_id: HOST.id,
  topic: "Weekly Product Sync",
  type: 2,
  timezone: "Europe/Berlin",
  duration: 45,
};
const WEBINAR = {
  id: 91234509876,
  uuid: "0xR8pW7nRtq+5Lk2vY9cgA==",
  host_id: HOST.id,
  topic: "Quarterly Customer Webinar",
  type: 5,
  timezone: "America/New_York",
  duration: 60,
};
const PARTICIPANT = {
  user_id: "16778240",
  user_name: "Priya Raman",
  id: "rV3-yQJtTBeVz2c8sYkUqA",
  participant_uuid: "6C1A6D0E-2F7B-4B8E-9C3A-1E5D7F9A2B4C",
  email: "priya.raman@example.com",
  participant_user_id: "rV3-yQJtTBeVz2c8sYkUqA",
};

const MINUTE = 60_000;

/** Zoom writes times as ISO-8601 in UTC without milliseconds. */
export function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function envelope(
  event: string,
  now: number,
  payload: { object: Record<string, unknown>; [key: string]: unknown },
): ZoomEventBody {
  return { event, event_ts: now, payload: { account_id: TEMPLATE_ACCOUNT_ID, ...payload } };
}

const templates: Record<EventTemplateType, (now: number) => ZoomEventBody> = {
  "meeting.started": (now) =>
    envelope("meeting.started", now, { object: { ...MEETING, start_time: zoomTime(now) } }),
  "meeting.ended": (now) =>
    envelope("meeting.ended", now, {
      object: { ...MEETING, start_time: zoomTime(now - 42 * MINUTE), end_time: zoomTime(now) },
    }),
  "meeting.participant_joined": (now) =>
    envelope("meeting.participant_joined", now, {
      object: {
        ...MEETING,
        start_time: zoomTime(now - 3 * MINUTE),
        participant: { ...PARTICIPANT, join_time: zoomTime(now) },
      },
    }),
  "meeting.participant_left": (now) =>
    envelope("meeting.participant_left", now, {
      object: {
        ...MEETING,
        start_time: zoomTime(now - 30 * MINUTE),
        participant: {
          ...PARTICIPANT,
          leave_time: zoomTime(now),
          leave_reason: `${PARTICIPANT.user_name} left the meeting.<br>Reason: left the meeting`,
        },
      },
    }),
  "recording.completed": (now) => {
    const start = now - 50 * MINUTE;
    const end = now - 8 * MINUTE;
    const file = (id: string, type: string, ext: string, size: number) => ({
      id,
      meeting_id: MEETING.uuid,
      recording_start: zoomTime(start),
      recording_end: zoomTime(end),
      file_type: ext,
      file_extension: ext,
      file_size: size,
      play_url: `https://zoom.us/rec/play/${id.replaceAll("-", "")}`,
      download_url: `https://zoom.us/rec/download/${id.replaceAll("-", "")}`,
      status: "completed",
      recording_type: type,
    });
    const files = [
      file("5f0e6c8a-93b1-4d2e-a7c4-0b8d1e2f3a4b", "shared_screen_with_speaker_view", "MP4", 48_213_337),
      file("a1d7b2c9-4e6f-4a8b-9c0d-e1f2a3b4c5d6", "audio_only", "M4A", 9_870_112),
    ];
    return {
      ...envelope("recording.completed", now, {
        object: {
          ...MEETING,
          account_id: TEMPLATE_ACCOUNT_ID,
          host_email: HOST.email,
          start_time: zoomTime(start),
          share_url: "https://zoom.us/rec/share/Jq8vVbq0n3Z5dXk4T1hXy2wq",
          total_size: files.reduce((sum, f) => sum + f.file_size, 0),
          recording_count: files.length,
          recording_files: files,
        },
      }),
      download_token: "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ3ZWIifQ.c2lnbmF0dXJlLW5vdC1yZWFs",
    };
  },
  "user.created": (now) =>
    envelope("user.created", now, {
      operator: ADMIN.email,
      operator_id: ADMIN.id,
      creation_type: "create",
      object: {
        id: "mW2cT7yKQdu3Xn0aHs5L8g",
        first_name: "Tomás",
        last_name: "Herrera",
        display_name: "Tomás Herrera",
        email: "tomas.herrera@example.com",
        type: 1,
      },
    }),
  "user.updated": (now) =>
    envelope("user.updated", now, {
      operator: ADMIN.email,
      operator_id: ADMIN.id,
      time_stamp: now,
      object: { id: PARTICIPANT.id, dept: "Platform Engineering", job_title: "Staff Engineer" },
      old_object: { id: PARTICIPANT.id, dept: "Engineering", job_title: "Senior Engineer" },
    }),
  "webinar.started": (now) =>
    envelope("webinar.started", now, { object: { ...WEBINAR, start_time: zoomTime(now) } }),
  "webinar.ended": (now) =>
    envelope("webinar.ended", now, {
      object: { ...WEBINAR, start_time: zoomTime(now - 58 * MINUTE), end_time: zoomTime(now) },
    }),
};

/** A realistic event body of `type` stamped at `now`, with `overrides` merged over it. */
export function buildEvent(
  type: EventTemplateType,
  overrides: EventOverrides = {},
  now: number = Date.now(),
): ZoomEventBody {
  const template = templates[type];
  if (!template)
    throw new RangeError(`No template for event "${String(type)}"; known: ${eventTemplateTypes.join(", ")}`);
  return deepMerge(template(now), overrides);
}
