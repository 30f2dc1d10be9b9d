import type { ZoomEvent } from "./event.js";

/** Every server frame decodes to one of these; decoding never throws. */
export type ServerFrame =
  | { readonly kind: "established"; readonly content: string }
  | { readonly kind: "heartbeatAck" }
  | { readonly kind: "event"; readonly event: ZoomEvent }
  /** `success:false` whose text mentions the token, on any module: refresh the token and reconnect. */
  | { readonly kind: "tokenRejected"; readonly module: string; readonly content: string }
  /** Another connection took the subscription ("Connected in another place"). */
  | { readonly kind: "replaced"; readonly module: string; readonly content: string }
  /** Any other `success:false`, e.g. a refused `build_connection`. */
  | { readonly kind: "failed"; readonly module: string; readonly content: string }
  | { readonly kind: "unknownModule"; readonly module: string }
  | { readonly kind: "malformed"; readonly reason: string };

export const HEARTBEAT_FRAME = '{"module":"heartbeat"}';

/** The only frame a client sends. */
export function encodeHeartbeat(): string {
  return HEARTBEAT_FRAME;
}

const TOKEN_TEXT = /token/i;
const REPLACED_TEXT = /another place/i;

/** Decodes one server frame. Binary frames are malformed: Zoom only sends JSON text. */
export function decodeFrame(data: string | Uint8Array): ServerFrame {
  if (typeof data !== "string") return malformed(`binary frame of ${data.byteLength} bytes`);
  const frame = parseJson(data);
  if (!isRecord(frame)) return malformed("frame is not a JSON object");
  const module = frame["module"];
  if (typeof module !== "string") return malformed("frame has no module");
  const rawContent = frame["content"];
  if (frame["success"] === false) {
    const content = typeof rawContent === "string" ? rawContent : "";
    if (REPLACED_TEXT.test(content)) return { kind: "replaced", module, content };
    if (TOKEN_TEXT.test(content)) return { kind: "tokenRejected", module, content };
    return { kind: "failed", module, content };
  }
  switch (module) {
    case "message":
      return decodeEvent(rawContent);
    case "heartbeat":
      return { kind: "heartbeatAck" };
    case "build_connection": {
      const content = typeof rawContent === "string" ? rawContent : "";
      // Established only on an explicit success: anything else is a refusal.
      if (frame["success"] === true) return { kind: "established", content };
      return { kind: "failed", module, content };
    }
    default:
      return { kind: "unknownModule", module };
  }
}

/** Parses a `message` frame's content, a JSON string (or, leniently, an object). */
export function decodeEvent(content: unknown): ServerFrame {
  const body = readEventBody(content);
  return typeof body === "string" ? malformed(body) : { kind: "event", event: body };
}

/**
 * The envelope path shared by the client and `parseZoomEvent`: parses a JSON string (an object
 * is used as is), strips prototype-polluting keys, checks that there is an `event` name and a
 * `payload` object, and normalises a numeric-string `event_ts` to a number. Nothing else is
 * touched. Returns the event, or why the envelope is unusable.
 */
export function readEventBody(content: unknown): ZoomEvent | string {
  let body: unknown = content;
  if (typeof content === "string") {
    body = parseJson(content);
    if (body === undefined) return "event content is not valid JSON";
    if (mayPollute(content)) stripPollution(body);
  } else if (isRecord(content)) {
    stripPollution(content);
  }
  if (!isRecord(body)) return "event content is not a JSON object";
  const name = body["event"];
  if (typeof name !== "string" || name.length === 0) return "event has no name";
  if (!isRecord(body["payload"])) return `event "${safeName(name)}" has no payload object`;
  const ts = body["event_ts"];
  if (typeof ts === "string" && ts.trim() !== "" && Number.isFinite(Number(ts)))
    body["event_ts"] = Number(ts);
  return body as ZoomEvent;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function malformed(reason: string): ServerFrame {
  return { kind: "malformed", reason };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Event names appear in logs: keep them short and printable. */
export function safeName(name: string): string {
  return name.replace(/[^\w.:-]/g, "?").slice(0, 80);
}

/**
 * Whether JSON text can hold a `__proto__` or `constructor.prototype` key: both contain `proto`, and
 * as the keys are ASCII, an escaped spelling (`"\u005f_proto__"`) always contains `\u00`. Two scans
 * of the text cost far less than walking the parsed body (this runs for every event).
 */
function mayPollute(text: string): boolean {
  return text.includes("proto") || text.includes("\\u00");
}

const PROTO = "__proto__";

/**
 * Removes own `__proto__` keys and `constructor.prototype` chains at any depth, so that no later
 * merge by a user (`Object.assign`, lodash.merge) can pollute prototypes. Iterative: a deeply
 * nested body cannot overflow the stack. Each object is visited once: an object given to
 * `parseZoomEvent` may be cyclic or share sub-objects (JSON.parse output never does).
 */
function stripPollution(root: unknown): void {
  const stack: unknown[] = [root];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    // An own data property named __proto__ (JSON.parse makes one); deleting it touches no prototype.
    if (Object.hasOwn(record, PROTO)) Reflect.deleteProperty(record, PROTO);
    const ctor = record["constructor"];
    if (Object.hasOwn(record, "constructor") && isRecord(ctor) && Object.hasOwn(ctor, "prototype")) {
      delete record["constructor"];
    }
    for (const key of Object.keys(record)) stack.push(record[key]);
  }
}
