import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { propertyRuns } from "../tests/support/property.js";
import { decodeFrame, type ServerFrame } from "./codec.js";

// Bounded to a second or two; see propertyRuns for exploring with more runs and random seeds.
const runs = propertyRuns(400);
const KINDS = new Set<ServerFrame["kind"]>([
  "established",
  "heartbeatAck",
  "event",
  "tokenRejected",
  "replaced",
  "failed",
  "unknownModule",
  "malformed",
]);
const DANGEROUS = ["__proto__", "constructor", "prototype"];
const protoSnapshot = () => Object.getOwnPropertyNames(Object.prototype).sort();
const cleanProto = protoSnapshot();

/** Keys a polluter would use, mixed with ordinary ones. */
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...DANGEROUS, "event", "payload", "module", "content", "polluted"),
  },
);
/** JSON values whose objects often carry dangerous keys (as own data properties, like JSON.parse makes). */
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    ),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** A body shaped like an event, with arbitrary (and hostile) extra members. */
const eventBody = fc.record({
  event: fc.oneof(fc.constantFrom("meeting.started", "meeting.participant_joined"), fc.string()),
  event_ts: fc.oneof(fc.integer(), fc.string({ maxLength: 14 }), fc.constant("1626230691572")),
  payload: fc.oneof(fc.dictionary(key, json, { maxKeys: 5 }), json),
  extra: fc.dictionary(key, json, { maxKeys: 3 }),
});

/** JSON text with random `\uXXXX` escapes, as any JSON encoder may legally write it. */
function escapeSome(text: string, mask: number): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' && (i === 0 || text[i - 1] !== "\\")) inString = !inString;
    const escaped = inString && ch !== '"' && ch !== "\\" && /[a-z_]/.test(ch) && (mask >> (i % 31)) & 1;
    out += escaped ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}` : ch;
  }
  return out;
}

/** Builds the JSON text of an object whose own keys may be `__proto__` (JSON.stringify would drop the prototype link). */
function toJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Reflect.ownKeys(value).map(
      (k) => `${JSON.stringify(String(k))}:${toJson((value as Record<string, unknown>)[k as string])}`,
    );
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** An own `__proto__` key, or a `constructor` with an own `prototype`, anywhere in `value`. */
function findPollution(value: unknown, path = "$"): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== Array.prototype) {
    return `${path} has a foreign prototype`;
  }
  if (Object.hasOwn(value, "__proto__")) return `${path}.__proto__`;
  const ctor = (value as Record<string, unknown>)["constructor"];
  if (Object.hasOwn(value, "constructor") && ctor !== null && typeof ctor === "object") {
    if (Object.hasOwn(ctor, "prototype")) return `${path}.constructor.prototype`;
  }
  for (const k of Object.keys(value)) {
    const found = findPollution((value as Record<string, unknown>)[k], `${path}.${k}`);
    if (found) return found;
  }
  return undefined;
}

function check(frame: ServerFrame): void {
  expect(KINDS.has(frame.kind)).toBe(true);
  if (frame.kind === "event") {
    expect(findPollution(frame.event)).toBeUndefined();
    expect(typeof frame.event.event).toBe("string");
  }
  // Merging the event the way users do must not reach Object.prototype either.
  if (frame.kind === "event") Object.assign({}, frame.event, frame.event.payload);
  expect(protoSnapshot()).toEqual(cleanProto);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
}

describe("decodeFrame (property)", () => {
  afterEach(() => {
    // Belt and braces: a failure above must not leak into other tests.
    for (const name of protoSnapshot()) {
      if (!cleanProto.includes(name)) Reflect.deleteProperty(Object.prototype, name);
    }
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => check(decodeFrame(text))),
      runs,
    );
  });

  it("never throws on arbitrary bytes, and reports them as malformed", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const frame = decodeFrame(bytes);
        check(frame);
        expect(frame.kind).toBe("malformed");
      }),
      runs,
    );
  });

  it("never throws on arbitrary JSON frames", () => {
    const frame = fc.oneof(
      json,
      fc.record(
        {
          module: fc.oneof(fc.constantFrom("message", "heartbeat", "build_connection"), json),
          success: fc.oneof(fc.boolean(), json),
          content: fc.oneof(json, eventBody.map(toJson), eventBody),
          header: json,
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(frame, (value) => check(decodeFrame(toJson(value)))),
      runs,
    );
  });

  it("strips every prototype-polluting key from events, however the JSON is escaped or nested", () => {
    const hostile = fc.record({
      body: eventBody,
      mask: fc.integer({ min: 0, max: 0x7fffffff }),
      asObject: fc.boolean(),
    });
    fc.assert(
      fc.property(hostile, ({ body, mask, asObject }) => {
        const text = escapeSome(toJson(body), mask);
        // Leniently, content may be an object rather than a JSON string.
        const frame = asObject
          ? `{"module":"message","content":${text}}`
          : `{"module":"message","content":${JSON.stringify(text)}}`;
        check(decodeFrame(frame));
      }),
      runs,
    );
  });

  // Regression: stripping stopped at depth 64.
  it("strips a __proto__ key however deep it is nested", () => {
    let body = '{"__proto__":{"polluted":true}}';
    for (let i = 0; i < 200; i++) body = `{"a":${body}}`;
    const text = `{"event":"x","payload":${body}}`;
    const frame = decodeFrame(JSON.stringify({ module: "message", content: text }));
    expect(frame.kind).toBe("event");
    check(frame);
  });

  // Regression: the text was only scanned for the literal "__proto__", not its escaped spellings.
  it("strips a __proto__ key written with unicode escapes", () => {
    const text = '{"event":"x","payload":{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}}';
    const frame = decodeFrame(JSON.stringify({ module: "message", content: text }));
    expect(frame.kind).toBe("event");
    check(frame);
  });
});
