import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { overrides } from "../scripts/catalog-overrides.js";
import { catalogDir, generateCatalog } from "../scripts/generate-catalog.js";
import {
  eventSchema,
  knownEventTypes,
  parseZoomEvent,
  validateZoomEvent,
  ZoomEventError,
} from "../src/index.js";
import { describeWithSamples, expectedEvent, samples } from "./samples-support.js";

describeWithSamples("the generated catalog", () => {
  it("is what the generator makes of the samples, byte for byte", () => {
    const files = generateCatalog(samples);
    expect(readdirSync(catalogDir).sort()).toEqual([...files.keys()].sort());
    for (const [name, text] of files) {
      expect(readFileSync(path.join(catalogDir, name), "utf8"), `src/catalog/${name}`).toBe(text);
    }
    // And a second run gives the same bytes.
    expect(generateCatalog(samples)).toEqual(files);
  });

  it("knows at least 95% of the sample event types, and says why it leaves the others out", () => {
    const known = new Set<string>(knownEventTypes);
    const fileTypes = new Set(samples.map((s) => s.type));
    const missing = [...fileTypes].filter((type) => !known.has(type));
    expect(missing.sort()).toEqual(Object.keys(overrides.exclude).sort());
    expect(1 - missing.length / fileTypes.size).toBeGreaterThanOrEqual(0.95);
    // Counted by the samples' own event fields too (a few differ from the file names).
    const declared = new Set(samples.map((s) => String(s.value["event"])));
    const knownDeclared = [...declared].filter((type) => known.has(type));
    expect(knownDeclared.length / declared.size).toBeGreaterThanOrEqual(0.95);
    expect([...knownEventTypes]).toEqual([...knownEventTypes].sort());
  });

  it("reads every sample, and names the ones that needed more than comments stripped", () => {
    expect(samples.length).toBeGreaterThanOrEqual(569);
    expect(
      Object.fromEntries(samples.filter((s) => s.repairs.length > 0).map((s) => [s.type, s.repairs])),
    ).toMatchInlineSnapshot(`
        {
          "contact_center.message_status": [
            "over-escaped quote in a string",
          ],
          "team_chat.bookmark_added": [
            "line continuation in a string",
          ],
          "team_chat.bookmark_removed": [
            "line continuation in a string",
          ],
          "team_chat.channel_pin_added": [
            "line continuation in a string",
          ],
          "team_chat.channel_pin_removed": [
            "line continuation in a string",
          ],
        }
      `);
  });
});

describeWithSamples("every sample", () => {
  it.each(samples.map((s) => [s.type, s] as const))("%s parses intact from JSON text", (_type, sample) => {
    const event = parseZoomEvent(sample.text, { validate: "strict" });
    expect(event).toStrictEqual(expectedEvent(sample));
    expect(typeof event.event_ts === "number" || event.event_ts === undefined).toBe(true);
  });

  it.each(samples.map((s) => [s.type, s] as const))("%s parses intact from an object", (_type, sample) => {
    const value = structuredClone(sample.value);
    expect(parseZoomEvent(value)).toStrictEqual(expectedEvent(sample));
  });

  it.each(samples.map((s) => [s.type, s] as const))("%s matches its own type's schema", (type, sample) => {
    const schema = eventSchema(type);
    if (overrides.exclude[type] !== undefined) {
      expect(schema).toBeUndefined();
      return;
    }
    const result = schema!.safeParse(expectedEvent(sample));
    expect(result.error?.issues).toBeUndefined();
    // A schema passes unknown fields through: its output is the input, field for field.
    expect(result.data).toStrictEqual(expectedEvent(sample));
  });
});

describe("parseZoomEvent", () => {
  const joined = () => ({
    event: "meeting.participant_joined",
    event_ts: "1626230691572",
    payload: {
      account_id: "AAAAAABBBB",
      object: {
        id: 1234567890,
        uuid: "4444AAAiAAAAAiAiAiiAii==",
        participant: { user_name: "Jill Chill", brand_new_field: { nested: [1, 2] } },
        not_in_any_sample: true,
      },
    },
    unknown_top_level: "kept",
  });

  it("returns the event typed by its name, event_ts normalised, unknown fields kept", () => {
    const event = parseZoomEvent(JSON.stringify(joined()));
    expect(event).toStrictEqual({ ...joined(), event_ts: 1626230691572 });
  });

  it("accepts a meeting id as a number or as a numeric string", () => {
    const body = joined();
    body.payload.object.id = "1234567890" as unknown as number;
    expect(validateZoomEvent(parseZoomEvent(body))).toEqual([]);
  });

  it("names the field that does not match, and no value from the event", () => {
    const body = joined() as unknown as { payload: { object: Record<string, unknown> } };
    body.payload.object["participant"] = { user_name: 987654321 };
    body.payload.object["uuid"] = undefined;
    const event = parseZoomEvent(body, { validate: "off" });
    expect(validateZoomEvent(event)).toEqual([
      { path: "payload.object.uuid", code: "invalid_type", message: "required, missing (expected string)" },
      {
        path: "payload.object.participant.user_name",
        code: "invalid_type",
        message: "expected string, got number",
      },
    ]);
    let reported: ZoomEventError | undefined;
    expect(parseZoomEvent(body, { onInvalid: (error) => (reported = error) })).toBe(body);
    expect(reported).toBeInstanceOf(ZoomEventError);
    expect(reported?.message).toContain("payload.object.participant.user_name: expected string, got number");
    expect(reported?.message).not.toContain("987654321");
    expect(() => parseZoomEvent(body, { validate: "strict" })).toThrow(
      expect.objectContaining({
        code: "INVALID_EVENT",
        eventType: "meeting.participant_joined",
        issues: expect.arrayContaining([
          expect.objectContaining({ path: "payload.object.participant.user_name" }),
        ]),
      }),
    );
  });

  it("describes a wrong id type as the union it expects", () => {
    const body = joined() as unknown as { payload: { object: Record<string, unknown> } };
    body.payload.object["id"] = true;
    expect(validateZoomEvent(parseZoomEvent(body, { validate: "off" }))).toEqual([
      { path: "payload.object.id", code: "invalid_union", message: "expected number or string, got boolean" },
    ]);
  });

  it("names array items by index", () => {
    const event = parseZoomEvent({
      event: "recording.completed",
      event_ts: 1,
      payload: {
        account_id: "a",
        object: { id: 1, uuid: "u", recording_files: [{ id: "f", file_type: "MP4", recording_type: "x" }] },
      },
    });
    expect(validateZoomEvent(event)).toEqual([
      {
        path: "payload.object.recording_files[0].download_url",
        code: "invalid_type",
        message: "required, missing (expected string)",
      },
    ]);
  });

  it("delivers an unknown event type as it is, without validation", () => {
    const body = { event: "brand.new_event", event_ts: 5, payload: { anything: [1, { two: 2 }] } };
    expect(parseZoomEvent(JSON.stringify(body), { validate: "strict" })).toStrictEqual(body);
    expect(validateZoomEvent(body)).toBeUndefined();
  });

  it.each([
    ["not JSON", "{nope", "not valid JSON"],
    ["not an object", "[1,2]", "not a JSON object"],
    ["no name", { payload: {} }, "has no name"],
    ["no payload", { event: "meeting.started", payload: "x" }, "has no payload object"],
    ["null", null, "not a JSON object"],
  ])("throws ZoomEventError when the envelope is unusable: %s", (_name, value, text) => {
    expect(() => parseZoomEvent(value)).toThrow(ZoomEventError);
    expect(() => parseZoomEvent(value)).toThrow(text);
  });

  it("strips prototype-polluting keys like the client does", () => {
    const event = parseZoomEvent(
      '{"event":"meeting.started","event_ts":1,"payload":{"object":{"__proto__":{"polluted":true},"id":1,"uuid":"u"}}}',
    );
    expect(Object.hasOwn(event.payload["object"] as object, "__proto__")).toBe(false);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("schemas are built lazily", () => {
  it("importing the core builds none; a type's schema is built on first use, once", async () => {
    vi.resetModules();
    const kit = await import("../src/schema-kit.js");
    const calls = vi.spyOn(kit, "event");
    const core = await import("../src/index.js");
    expect(calls).not.toHaveBeenCalled();
    const first = core.eventSchema("meeting.started");
    expect(first).toBeDefined();
    expect(calls).toHaveBeenCalledTimes(1);
    expect(core.eventSchema("meeting.started")).toBe(first);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(core.eventSchema("no.such_event")).toBeUndefined();
    expect(core.eventSchema("constructor")).toBeUndefined();
  });

  it("a shape several events share is built once, on first use, and serves each of them", async () => {
    // meeting.permanently_deleted and meeting.recovered share `payload.object` (`MeetingObject`).
    vi.resetModules();
    const kit = await import("../src/schema-kit.js");
    const objects = vi.spyOn(kit, "object");
    const core = await import("../src/index.js");
    expect(objects).not.toHaveBeenCalled();
    const objectOf = (type: string) => {
      const schema = core.eventSchema(type) as unknown as ZodShapes;
      return schema._zod.def.shape["payload"]!._zod.def.shape["object"];
    };
    const first = objectOf("meeting.permanently_deleted");
    expect(objects).toHaveBeenCalled();
    const built = objects.mock.calls.length;
    expect(objectOf("meeting.recovered")).toBe(first);
    expect(objects).toHaveBeenCalledTimes(built);
    // An event whose object differs gets its own.
    expect(objectOf("meeting.started")).not.toBe(first);
  });
});

/** The part of a zod object schema's internals the sharing test reads. */
interface ZodShapes {
  _zod: { def: { shape: Record<string, ZodShapes | undefined> } };
}
