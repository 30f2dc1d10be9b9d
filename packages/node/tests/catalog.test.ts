import { eventTemplateTypes } from "@zoomws/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type AnyZoomEvent, type ZoomError, ZoomEventError } from "../src/index.js";
import { rig } from "./support.js";

describe("typed, validated events through @zoomws/node", () => {
  it("types a meeting.participant_joined handler by the catalog; a wrong field does not compile", async () => {
    const r = await rig();
    const names: (string | undefined)[] = [];
    r.client.on("meeting.participant_joined", (e) => {
      expectTypeOf(e.event).toEqualTypeOf<"meeting.participant_joined">();
      expectTypeOf(e.payload.object.participant?.user_name).toEqualTypeOf<string | undefined>();
      names.push(e.payload.object.participant?.user_name);
      if (names.length > 99) {
        // @ts-expect-error: participants have no user_nme
        names.push(e.payload.object.participant.user_nme);
        // @ts-expect-error: a user_name is a string, not a number
        const n: number = e.payload.object.participant.user_name;
        names.push(String(n));
      }
    });
    await r.client.connect();
    r.emulator.emitEvent("meeting.participant_joined", {
      payload: { object: { participant: { user_name: "Jill Chill" } } },
    });
    await r.waitForEvents(1);
    expect(names).toEqual(["Jill Chill"]);
    expect(r.logs.filter((line) => line.startsWith("warn"))).toEqual([]);
  });

  it("every emulator template matches its catalog schema", async () => {
    const r = await rig({ client: { validate: "strict" } });
    await r.client.connect();
    for (const type of eventTemplateTypes) r.emulator.emitEvent(type);
    await r.waitForEvents(eventTemplateTypes.length);
    expect(r.events.map((e) => e.event)).toEqual([...eventTemplateTypes]);
    expect(r.errors).toEqual([]);
  });

  it("'warn' (the default) delivers an event that fails its schema and logs the field", async () => {
    const r = await rig();
    await r.client.connect();
    r.emulator.emitEvent("meeting.participant_joined", {
      payload: { object: { participant: { user_name: 7 } } },
    });
    await r.waitForEvents(1);
    expect(r.events[0]?.event).toBe("meeting.participant_joined");
    const warnings = r.logs.filter((line) => line.startsWith("warn"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("payload.object.participant.user_name: expected string, got number");
    expect(r.errors).toEqual([]);
  });

  it("'strict' rejects it with a ZoomEventError to onError and goes on delivering", async () => {
    const r = await rig({ client: { validate: "strict" } });
    const seen: AnyZoomEvent[] = [];
    r.client.on("meeting.participant_joined", (e) => seen.push(e));
    await r.client.connect();
    r.emulator.emitEvent("meeting.participant_joined", {
      payload: { object: { participant: { user_name: 7 } } },
    });
    r.emulator.emitEvent("meeting.participant_joined", {
      payload: { object: { participant: { user_name: "ok" } } },
    });
    await r.waitForEvents(1);
    expect(seen).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
    const error: ZoomError | undefined = r.errors[0];
    expect(error).toBeInstanceOf(ZoomEventError);
    expect((error as ZoomEventError).issues[0]?.path).toBe("payload.object.participant.user_name");
    expect(r.client.state).toBe("connected");
  });
});
