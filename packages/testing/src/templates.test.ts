import { describe, expect, it } from "vitest";
import { deepMerge } from "./deep-merge.js";
import { buildEvent, type EventTemplateType, eventTemplateTypes, zoomTime } from "./templates.js";

const NOW = Date.UTC(2026, 4, 12, 14, 5, 9, 123);

describe("buildEvent", () => {
  it.each(eventTemplateTypes)("builds a webhook-shaped %s body stamped now", (type) => {
    const body = buildEvent(type, {}, NOW);
    expect(body).toMatchObject({
      event: type,
      event_ts: NOW,
      payload: { account_id: expect.stringMatching(/^[\w-]{22}$/), object: expect.any(Object) },
    });
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it("gives meetings numeric ids and base64 uuids, and times in Zoom's format", () => {
    const object = buildEvent("meeting.ended", {}, NOW).payload.object;
    expect(object["id"]).toEqual(expect.any(Number));
    expect(object["uuid"]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(object["end_time"]).toBe("2026-05-12T14:05:09Z");
    expect(zoomTime(NOW)).toBe("2026-05-12T14:05:09Z");
  });

  it("adds a download token to recording.completed and keeps its sizes consistent", () => {
    const body = buildEvent("recording.completed", {}, NOW);
    expect(body.download_token).toEqual(expect.any(String));
    const object = body.payload.object as { recording_files: { file_size: number }[]; total_size: number };
    expect(object.total_size).toBe(object.recording_files.reduce((sum, f) => sum + f.file_size, 0));
  });

  it("merges overrides deeply; arrays and scalars replace", () => {
    const body = buildEvent(
      "meeting.participant_left",
      {
        payload: {
          account_id: "acct",
          object: { topic: "Retro", participant: { user_name: "Ada Lovelace" } },
        },
      },
      NOW,
    );
    expect(body.payload.account_id).toBe("acct");
    expect(body.payload.object).toMatchObject({
      id: 85746065432,
      topic: "Retro",
      participant: { user_name: "Ada Lovelace", email: "priya.raman@example.com", leave_time: zoomTime(NOW) },
    });
    const files = buildEvent("recording.completed", { payload: { object: { recording_files: [] } } }, NOW);
    expect(files.payload.object["recording_files"]).toEqual([]);
  });

  it("returns a fresh object every time", () => {
    const a = buildEvent("user.created", {}, NOW);
    (a.payload.object as Record<string, unknown>)["email"] = "changed@example.com";
    expect(buildEvent("user.created", {}, NOW).payload.object["email"]).toBe("tomas.herrera@example.com");
  });

  it("throws on a type it has no template for", () => {
    expect(() => buildEvent("meeting.unknown" as EventTemplateType)).toThrow(/No template/);
  });
});

describe("deepMerge", () => {
  it("skips prototype-reaching keys from parsed JSON", () => {
    const hostile = JSON.parse(
      '{"__proto__":{"polluted":true},"a":{"constructor":{"prototype":{"polluted":true}}}}',
    );
    const merged = deepMerge({ a: { b: 1 } }, hostile) as Record<string, unknown>;
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged).toEqual({ a: { b: 1 } });
  });

  it("keeps the base value for undefined and replaces with null", () => {
    expect(deepMerge({ a: 1, b: 2 }, { a: undefined, b: null })).toEqual({ a: 1, b: null });
  });
});
