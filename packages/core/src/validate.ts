import { catalogEventTypes, catalogSchemas } from "./catalog/index.js";
import { readEventBody, safeName } from "./codec.js";
import { ZoomEventError, type ZoomEventIssue } from "./errors.js";
import type { ZoomEvent } from "./event.js";
import type { AnyZoomEvent, KnownEventName } from "./event-map.js";
import { compiled, type Schema } from "./schema-kit.js";

/**
 * What to do with an event that does not match its type's schema. `"warn"`: deliver it and
 * warn, naming the field; `"strict"`: do not deliver it, report a `ZoomEventError`; `"off"`:
 * no schema validation. Unknown event types are always delivered.
 */
export type ValidationPolicy = "strict" | "warn" | "off";

/** Every event type the catalog knows, sorted. */
export const knownEventTypes: readonly KnownEventName[] = Object.freeze(catalogEventTypes.slice());

const built = new Map<string, Schema>();

/**
 * The zod schema of a known event type, or `undefined`. Schemas are built (and compiled) on
 * first use and kept: importing the core builds none.
 */
export function eventSchema(type: string): Schema | undefined {
  const cached = built.get(type);
  if (cached) return cached;
  if (!Object.hasOwn(catalogSchemas, type)) return undefined;
  const schema = compiled(catalogSchemas[type]!());
  built.set(type, schema);
  return schema;
}

/**
 * Checks an event against its type's schema. Returns the mismatches (empty when it matches), or
 * `undefined` for a type the catalog does not know. The event is not changed.
 */
export function validateZoomEvent(event: ZoomEvent): ZoomEventIssue[] | undefined {
  const schema = eventSchema(event.event);
  if (!schema) return undefined;
  const result = schema.safeParse(event);
  if (result.success) return [];
  return result.error.issues.map((issue) => describeIssue(issue, event));
}

/** The `ZoomEventError` for an event that does not match its schema, or `undefined` if it does. */
export function checkZoomEvent(event: ZoomEvent): ZoomEventError | undefined {
  const issues = validateZoomEvent(event);
  if (!issues || issues.length === 0) return undefined;
  return invalidEventError(event.event, issues);
}

export interface ParseZoomEventOptions {
  /** Default `"warn"`: return an event that fails its schema (and tell `onInvalid`); `"strict"` throws. */
  validate?: ValidationPolicy;
  /** Called with the mismatches of an event that fails its schema under `"warn"`. */
  onInvalid?: (error: ZoomEventError) => void;
}

/**
 * Reads one Zoom event body (a JSON string, or a parsed object, used as is) along the client's
 * own path: polluting keys stripped, a numeric-string `event_ts` normalised to a number, nothing
 * else changed, unknown fields kept. Returns the event typed by its name. Throws a
 * `ZoomEventError` when the envelope is unusable (not an object, no `event` name, no `payload`
 * object), and, under `validate: "strict"`, when the event fails its type's schema.
 */
export function parseZoomEvent(value: unknown, options: ParseZoomEventOptions = {}): AnyZoomEvent {
  const body = readEventBody(value);
  if (typeof body === "string") throw new ZoomEventError(`Unusable Zoom event: ${body}.`);
  const policy = options.validate ?? "warn";
  if (policy !== "off") {
    const error = checkZoomEvent(body);
    if (error) {
      if (policy === "strict") throw error;
      options.onInvalid?.(error);
    }
  }
  return body as AnyZoomEvent;
}

/** At most this many mismatches are named in a message; the error's `issues` has them all. */
const MESSAGE_ISSUES = 3;

export function invalidEventError(type: string, issues: ZoomEventIssue[]): ZoomEventError {
  const named = issues
    .slice(0, MESSAGE_ISSUES)
    .map((issue) => `${issue.path || "(the event)"}: ${issue.message}`)
    .join("; ");
  const more = issues.length > MESSAGE_ISSUES ? ` (and ${issues.length - MESSAGE_ISSUES} more)` : "";
  return new ZoomEventError(`Event "${safeName(type)}" does not match its schema: ${named}${more}.`, {
    eventType: type,
    issues,
  });
}

interface RawIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: string;
  readonly errors?: readonly (readonly RawIssue[])[];
}

/** A mismatch in words, with types only: no value from the event (it may hold personal data or tokens). */
function describeIssue(issue: RawIssue, event: ZoomEvent): ZoomEventIssue {
  const path = formatPath(issue.path);
  const received = kindOf(valueAt(event, issue.path));
  const expected = expectedOf(issue);
  const message =
    received === "missing"
      ? `required, missing${expected ? ` (expected ${expected})` : ""}`
      : expected
        ? `expected ${expected}, got ${received}`
        : `invalid ${received} (${issue.code})`;
  return { path, code: issue.code, message };
}

function expectedOf(issue: RawIssue): string | undefined {
  if (issue.expected) return issue.expected;
  if (issue.code === "invalid_union" && issue.errors) {
    const options = issue.errors.map((branch) => branch.find((i) => i.path.length === 0)?.expected);
    if (options.every((o) => o !== undefined)) return [...new Set(options)].join(" or ");
  }
  return undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += `${out ? "." : ""}${safeName(String(segment))}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
