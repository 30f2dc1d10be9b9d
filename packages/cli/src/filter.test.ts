import { describe, expect, it } from "vitest";
import { eventFilter } from "./filter.js";

describe("eventFilter", () => {
  it("matches everything without patterns", () => {
    expect(eventFilter([])("anything.at_all")).toBe(true);
  });

  it("matches globs against the whole name; several patterns are alternatives", () => {
    const wanted = eventFilter(["meeting.*", "user.create?", "recording.completed"]);
    expect(wanted("meeting.started")).toBe(true);
    expect(wanted("meeting.participant_joined")).toBe(true);
    expect(wanted("user.created")).toBe(true);
    expect(wanted("recording.completed")).toBe(true);
    expect(wanted("webinar.started")).toBe(false);
    expect(wanted("user.updated")).toBe(false);
    expect(wanted("xmeeting.started")).toBe(false);
    expect(wanted("recording.completed_x")).toBe(false);
  });

  it("takes regex characters literally", () => {
    const wanted = eventFilter(["a.b"]);
    expect(wanted("a.b")).toBe(true);
    expect(wanted("axb")).toBe(false);
  });
});
