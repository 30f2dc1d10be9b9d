import { describe, expect, it } from "vitest";
import { decodeFrame, encodeHeartbeat, readEventBody } from "./codec.js";

const event = {
  event: "meeting.started",
  event_ts: 1626230691572,
  payload: { account_id: "A", object: { id: 1 } },
};

describe("decodeFrame", () => {
  it("decodes build_connection success as established", () => {
    expect(decodeFrame('{"module":"build_connection","success":true,"content":"abc","header":{}}')).toEqual({
      kind: "established",
      content: "abc",
    });
  });

  it("decodes the heartbeat ack", () => {
    expect(decodeFrame('{"module":"heartbeat","success":true,"content":"live","header":{}}')).toEqual({
      kind: "heartbeatAck",
    });
  });

  it("parses the event content a second time", () => {
    const frame = decodeFrame(
      JSON.stringify({ module: "message", content: JSON.stringify(event), header: {} }),
    );
    expect(frame).toEqual({ kind: "event", event });
  });

  it("accepts already-parsed content", () => {
    expect(decodeFrame(JSON.stringify({ module: "message", content: event }))).toEqual({
      kind: "event",
      event,
    });
  });

  it("normalises a numeric-string event_ts", () => {
    const body = { ...event, event_ts: "1626230691572" };
    const frame = decodeFrame(JSON.stringify({ module: "message", content: JSON.stringify(body) }));
    expect(frame.kind === "event" && frame.event.event_ts).toBe(1626230691572);
  });

  it.each([
    ["Invalid Token", "build_connection"],
    ["Token is invalid", "heartbeat"],
    ["token is empty", "build_connection"],
    ["TOKEN EXPIRED", "message"],
  ])("matches token rejection loosely: %s on %s", (content, module) => {
    expect(decodeFrame(JSON.stringify({ module, success: false, content }))).toEqual({
      kind: "tokenRejected",
      module,
      content,
    });
  });

  it("recognises a takeover", () => {
    const frame = decodeFrame(
      '{"module":"build_connection","success":false,"content":"Connected in another place"}',
    );
    expect(frame.kind).toBe("replaced");
  });

  it("keeps other refusals apart", () => {
    expect(
      decodeFrame('{"module":"build_connection","success":false,"content":"Invalid subscriptionId"}'),
    ).toEqual({
      kind: "failed",
      module: "build_connection",
      content: "Invalid subscriptionId",
    });
  });

  it("reports unknown modules", () => {
    expect(decodeFrame('{"module":"presence","success":true}')).toEqual({
      kind: "unknownModule",
      module: "presence",
    });
  });

  it.each([
    ["not JSON", "{oops"],
    ["an array", "[1,2]"],
    ["a number", "42"],
    ["no module", '{"content":"x"}'],
    ["content that is not JSON", '{"module":"message","content":"{not json"}'],
    ["content without an event name", '{"module":"message","content":"{\\"payload\\":{}}"}'],
    ["content without a payload", '{"module":"message","content":"{\\"event\\":\\"a.b\\"}"}'],
    ["content that is a string", '{"module":"message","content":"\\"hello\\""}'],
    ["content missing", '{"module":"message"}'],
  ])("reports %s as malformed", (_name, text) => {
    expect(decodeFrame(text).kind).toBe("malformed");
  });

  it("reports binary frames as malformed", () => {
    expect(decodeFrame(new Uint8Array([1, 2, 3]))).toEqual({
      kind: "malformed",
      reason: "binary frame of 3 bytes",
    });
  });

  it("strips __proto__ keys and never pollutes prototypes", () => {
    const content = `{"event":"a.b","event_ts":1,"__proto__":{"polluted":true},"payload":{"__proto__":{"polluted":true},"object":{"constructor":{"prototype":{"polluted":true}}}}}`;
    const frame = decodeFrame(JSON.stringify({ module: "message", content }));
    expect(frame.kind).toBe("event");
    if (frame.kind !== "event") return;
    expect(Object.hasOwn(frame.event, "__proto__")).toBe(false);
    expect(Object.hasOwn(frame.event.payload, "__proto__")).toBe(false);
    const merged = Object.assign({}, frame.event.payload, frame.event.payload.object);
    expect((merged as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("strips an object body that is cyclic or shares sub-objects, visiting each object once", () => {
    // parseZoomEvent accepts objects: a cycle used to loop forever, a shared chain to blow up exponentially.
    const cyclic: Record<string, unknown> = { event: "a.b", event_ts: 1 };
    const object: Record<string, unknown> = { constructor: { prototype: { polluted: true } }, back: cyclic };
    cyclic["payload"] = { account_id: "A", object };
    let shared: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 64; i++) shared = { left: shared, right: shared };
    object["shared"] = shared;
    const body = readEventBody(cyclic);
    expect(body).toBe(cyclic);
    expect(Object.hasOwn(object, "constructor")).toBe(false);
    expect(object["back"]).toBe(cyclic);
  });

  it("encodes the heartbeat", () => {
    expect(JSON.parse(encodeHeartbeat())).toEqual({ module: "heartbeat" });
  });
});
