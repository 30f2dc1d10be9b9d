// Type tests: checked by `tsc -p tsconfig.tools.json` (the package's typecheck); at run time
// expectTypeOf does nothing, so each test also parses a body to keep them honest.
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  AnyZoomEvent,
  KnownEventName,
  MeetingParticipantJoinedEvent,
  RecordingCompletedEvent,
  UnknownZoomEvent,
  ZoomClient,
  ZoomEvent,
  ZoomEventMap,
  ZoomEventOf,
} from "../src/index.js";
import { knownEventTypes, parseZoomEvent } from "../src/index.js";

type Of<N extends KnownEventName> = ZoomEventMap[N];
type Obj<N extends KnownEventName> = Of<N>["payload"] extends { object: infer O } ? O : never;

describe("the catalog's types", () => {
  it("types a dozen common events across meetings, webinars, recordings, users, phone and team chat", () => {
    // Meetings
    expectTypeOf<Of<"meeting.started">["event"]>().toEqualTypeOf<"meeting.started">();
    expectTypeOf<Obj<"meeting.started">["id"]>().toEqualTypeOf<number | string>();
    expectTypeOf<Obj<"meeting.started">["uuid"]>().toEqualTypeOf<string>();
    expectTypeOf<Obj<"meeting.started">["topic"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Obj<"meeting.ended">["duration"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Obj<"meeting.participant_joined">["participant"]["user_name"]>().toEqualTypeOf<
      string | undefined
    >();
    expectTypeOf<Obj<"meeting.participant_left">["participant"]["leave_time"]>().toEqualTypeOf<
      string | undefined
    >();
    // Webinars
    expectTypeOf<Obj<"webinar.started">["id"]>().toEqualTypeOf<number | string>();
    expectTypeOf<Obj<"webinar.participant_joined">["participant"]["email"]>().toEqualTypeOf<
      string | undefined
    >();
    // Recordings: the files define recording.completed.
    type File = Obj<"recording.completed">["recording_files"][number];
    expectTypeOf<File["download_url"]>().toEqualTypeOf<string>();
    expectTypeOf<File["file_type"]>().toEqualTypeOf<string>();
    expectTypeOf<File["file_size"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Of<"recording.completed">["download_token"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Obj<"recording.transcript_completed">["recording_files"]>().toBeArray();
    // Users
    expectTypeOf<Obj<"user.created">["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Obj<"user.created">["email"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<Of<"user.updated">["payload"]["old_object"]>["email"]>().toEqualTypeOf<
      string | undefined
    >();
    // Phone: extension numbers are numbers in one event and strings in another.
    expectTypeOf<Obj<"phone.callee_answered">["call_id"]>().toEqualTypeOf<number | string>();
    expectTypeOf<NonNullable<Obj<"phone.callee_answered">["callee"]>["extension_number"]>().toEqualTypeOf<
      number | string | undefined
    >();
    expectTypeOf<NonNullable<Obj<"phone.caller_ringing">["caller"]>["phone_number"]>().toEqualTypeOf<
      string | undefined
    >();
    // Team chat
    expectTypeOf<Obj<"team_chat.channel_message_posted">["message"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Obj<"chat_message.sent">["message"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Of<"chat_channel.created">["payload"]["account_id"]>().toEqualTypeOf<string>();

    // The event keeps unknown top-level fields, typed unknown; the payload names only known fields.
    expectTypeOf<Of<"meeting.started">["brand_new_field"]>().toEqualTypeOf<unknown>();
    expectTypeOf<Obj<"meeting.started">>().toExtend<Record<string, unknown>>();
    expectTypeOf<Of<"meeting.started">["event_ts"]>().toEqualTypeOf<number>();
    expectTypeOf<ReturnType<typeof parseZoomEvent>>().toEqualTypeOf<AnyZoomEvent>();
    expectTypeOf(knownEventTypes).toEqualTypeOf<readonly KnownEventName[]>();
  });

  it("narrows an AnyZoomEvent by its name", () => {
    const handle = (e: AnyZoomEvent) => {
      switch (e.event) {
        case "meeting.participant_joined":
          expectTypeOf(e).toEqualTypeOf<MeetingParticipantJoinedEvent>();
          return e.payload.object.participant.user_name;
        case "recording.completed":
          expectTypeOf(e).toEqualTypeOf<RecordingCompletedEvent>();
          return e.payload.object.recording_files[0]?.download_url;
        default:
          expectTypeOf(e.event).toExtend<string>();
          return undefined;
      }
    };
    expectTypeOf(handle).returns.toEqualTypeOf<string | undefined>();
    const joined = parseZoomEvent(
      '{"event":"meeting.participant_joined","event_ts":"1","payload":{"object":{"participant":{"user_name":"Jill"}}}}',
    );
    expect(handle(joined)).toBe("Jill");
    expect(handle(parseZoomEvent({ event: "x.y", payload: {} }))).toBeUndefined();
    if (false as boolean) {
      const e = {} as AnyZoomEvent;
      if (e.event === "user.created") expectTypeOf(e.payload.object.id).toEqualTypeOf<string>();
    }
  });

  it("gives unknown names the generic event, and every event is a ZoomEvent", () => {
    expectTypeOf<ZoomEventOf<"brand.new_event">>().toEqualTypeOf<UnknownZoomEvent>();
    expectTypeOf<UnknownZoomEvent>().toExtend<ZoomEvent>();
    expectTypeOf<UnknownZoomEvent["payload"]>().toExtend<Record<string, unknown>>();
    expectTypeOf<ZoomEventOf<string>>().toEqualTypeOf<AnyZoomEvent>();
    expectTypeOf<ZoomEventOf<"meeting.started">>().toEqualTypeOf<ZoomEventMap["meeting.started"]>();
    expectTypeOf<AnyZoomEvent>().toExtend<ZoomEvent>();
  });

  it("types on() handlers by name, and a wrong field does not compile", () => {
    const subscribe = (client: ZoomClient) => {
      client.on("meeting.participant_joined", (e) => {
        expectTypeOf(e.payload.object.participant?.user_name).toEqualTypeOf<string | undefined>();
        // @ts-expect-error: no such field on a participant
        e.payload.object.participant.user_nme;
        // @ts-expect-error: no such field on the object
        e.payload.object.topik;
        // @ts-expect-error: ids may be numbers
        e.payload.object.id.toUpperCase();
      });
      client.on("*", (e) => expectTypeOf(e).toEqualTypeOf<AnyZoomEvent>());
      client.on("brand.new_event", (e) => {
        expectTypeOf(e.payload).toExtend<Record<string, unknown>>();
        expectTypeOf(e.payload.object?.["anything"]).toEqualTypeOf<unknown>();
      });
    };
    expectTypeOf(subscribe).toBeFunction();
  });
});
