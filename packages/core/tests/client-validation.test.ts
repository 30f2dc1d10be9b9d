import { describe, expect, it } from "vitest";
import { createZoomClient, type ValidationPolicy, ZoomEventError, ZoomOptionsError } from "../src/index.js";
import { FakeClock, flush } from "./support/async-fake-clock.js";
import { connected, joined, scriptedTransport } from "./support/validation-rig.js";

describe("the validate option", () => {
  it("'warn' (the default) delivers an event that fails its schema, with a warning naming the field", async () => {
    const { client, wire, logs, delivered, named, errors } = await connected();
    wire.send(joined(42, { email: "secret-person@example.com" }));
    wire.send(joined("Jill Chill"));
    expect(delivered.map((e) => e.event)).toEqual([
      "meeting.participant_joined",
      "meeting.participant_joined",
    ]);
    expect(named).toEqual([42, "Jill Chill"]);
    expect(errors).toEqual([]);
    const warnings = logs.filter((line) => line.startsWith("warn"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"meeting.participant_joined"');
    expect(warnings[0]).toContain("payload.object.participant.user_name: expected string, got number");
    expect(logs.join("\n")).not.toContain("secret-person");
    await client.close();
  });

  it("'warn' warns once per type and field; repeats go to debug", async () => {
    const { client, wire, logs, delivered } = await connected("warn");
    for (let i = 0; i < 3; i++) wire.send(joined(i));
    expect(delivered).toHaveLength(3);
    expect(logs.filter((line) => line.startsWith("warn"))).toHaveLength(1);
    expect(logs.filter((line) => line.startsWith("debug") && line.includes("user_name"))).toHaveLength(2);
    await client.close();
  });

  it("'warn' on a flood of mismatches at ever new array positions: one warning, every event delivered", async () => {
    const { client, wire, logs, delivered } = await connected("warn");
    const file = { id: "f", recording_type: "shared_screen", file_type: "MP4", download_url: "https://x" };
    const n = 200;
    for (let i = 0; i < n; i++) {
      // The i-th file (a new index each time) lacks its download_url.
      const files = [...Array.from({ length: i }, () => file), { ...file, download_url: 7 }];
      wire.send({
        event: "recording.completed",
        event_ts: 1,
        payload: { account_id: "a", object: { id: 1, uuid: "u", recording_files: files } },
      });
    }
    expect(delivered).toHaveLength(n);
    const warnings = logs.filter((line) => line.startsWith("warn"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("payload.object.recording_files[0].download_url");
    await client.close();
  });

  it("'warn' never logs at warn level per event once it has warned about many distinct mismatches", async () => {
    const { client, wire, logs, delivered } = await connected("warn");
    const fields = ["user_id", "id", "participant_uuid", "join_time", "email", "registrant_id"];
    const more = ["participant_user_id", "customer_key", "host_id", "topic", "start_time", "timezone"];
    // Event i gets a number in each string field its bits name: a distinct set of mismatched fields.
    const mismatched = (i: number) => {
      const body = joined("Ada");
      const object = body.payload.object as Record<string, unknown>;
      const participant = object["participant"] as Record<string, unknown>;
      [...fields, ...more].forEach((field, bit) => {
        if ((i >> bit) & 1) (bit < 8 ? participant : object)[field] = 1; // the first eight are the participant's
      });
      return body;
    };
    for (let i = 1; i <= 1100; i++) wire.send(mismatched(i));
    const warned = logs.filter((line) => line.startsWith("warn")).length;
    expect(warned).toBeLessThanOrEqual(1000);
    for (let i = 1101; i <= 1400; i++) wire.send(mismatched(i));
    expect(logs.filter((line) => line.startsWith("warn")).length).toBe(warned);
    expect(delivered).toHaveLength(1400);
    await client.close();
  });

  it("'strict' does not deliver it and reports a ZoomEventError; later events still arrive", async () => {
    const { client, wire, delivered, named, errors } = await connected("strict");
    wire.send(joined(42));
    wire.send(joined("Jill Chill"));
    expect(named).toEqual(["Jill Chill"]);
    expect(delivered).toHaveLength(1);
    expect(errors).toHaveLength(1);
    const error = errors[0] as ZoomEventError;
    expect(error).toBeInstanceOf(ZoomEventError);
    expect(error.code).toBe("INVALID_EVENT");
    expect(error.fatal).toBe(false);
    expect(error.eventType).toBe("meeting.participant_joined");
    expect(error.issues).toEqual([
      {
        path: "payload.object.participant.user_name",
        code: "invalid_type",
        message: "expected string, got number",
      },
    ]);
    expect(client.state).toBe("connected");
    await client.close();
  });

  it("'strict' without an error listener logs the rejection: never silently dropped", async () => {
    const wire = scriptedTransport();
    const logs: string[] = [];
    const client = createZoomClient(
      {
        getToken: async () => "token-abcdef-0123456789",
        url: "wss://ws.zoom.us/ws?subscriptionId=sub",
        validate: "strict",
        logger: {
          debug() {},
          info() {},
          warn: (m) => logs.push(String(m)),
          error: (m) => logs.push(String(m)),
        },
      },
      { transport: wire.transport, fetch: () => Promise.reject(new Error("no")), clock: new FakeClock(0) },
    );
    const connecting = client.connect();
    await flush();
    await connecting;
    wire.send(joined(42));
    expect(logs.some((line) => line.includes("payload.object.participant.user_name"))).toBe(true);
    await client.close();
  });

  it("'off' delivers without checking", async () => {
    const { client, wire, logs, delivered, errors } = await connected("off");
    wire.send(joined(42));
    expect(delivered).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(logs.filter((line) => line.includes("schema"))).toEqual([]);
    await client.close();
  });

  it.each(["strict", "warn"] as const)("'%s' delivers unknown event types as they are", async (policy) => {
    const { client, wire, delivered, errors } = await connected(policy);
    const body = { event: "brand.new_event", event_ts: 1, payload: { whatever: [1] } };
    wire.send(body);
    expect(delivered).toEqual([body]);
    expect(errors).toEqual([]);
    await client.close();
  });

  it("rejects an unknown policy", () => {
    expect(() =>
      createZoomClient(
        { getToken: async () => "t", subscriptionId: "s", validate: "loose" as ValidationPolicy },
        {
          transport: scriptedTransport().transport,
          fetch: () => Promise.reject(new Error()),
          clock: new FakeClock(0),
        },
      ),
    ).toThrow(ZoomOptionsError);
  });
});
