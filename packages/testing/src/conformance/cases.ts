import type { Transport, TransportSocket } from "@zoomws/core";
import {
  AFTER_BINARY,
  BEFORE_VANISHING,
  BINARY_FRAME,
  type ConformanceServerInfo,
  GREETING,
} from "./script.js";

// Runtime-agnostic: this module runs in Node, Deno and Bun, so it uses only the standard globals below.
const globals = globalThis as unknown as {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  TextEncoder: new () => { encode(text: string): Uint8Array };
};

/** One call a transport made on its listener. */
export type ListenerCall =
  | { readonly type: "open" }
  | { readonly type: "message"; readonly data: string | Uint8Array }
  | { readonly type: "error"; readonly message: string; readonly httpStatus: number | undefined }
  | { readonly type: "close"; readonly code: number; readonly reason: string };

type Close = Extract<ListenerCall, { type: "close" }>;

export interface ConformanceOptions {
  /** The transport sets `httpStatus` on the error of a refused upgrade. Default true. */
  reportsHttpStatus?: boolean;
  /** How long a case waits for the transport's next call before it fails. Default 5000 ms. */
  waitMs?: number;
}

export interface ConformanceResult {
  readonly name: string;
  readonly ok: boolean;
  /** Why the case failed. */
  readonly error?: string;
  readonly durationMs: number;
}

/** The token every case puts in its URLs: no error message may contain it. */
const SECRET = "conformance-secret-token-5f1d";

/**
 * Opens a socket and records every listener call, checking the Transport contract as calls arrive:
 * `onOpen` at most once and first, messages only while open, `onClose` exactly once and last, and no
 * error message that quotes the URL or the token.
 */
export class Recording {
  readonly calls: ListenerCall[] = [];
  readonly violations: string[] = [];
  readonly socket: TransportSocket;
  readonly #waiters = new Set<() => void>();
  readonly #waitMs: number;

  constructor(transport: Transport, url: string, waitMs: number) {
    this.#waitMs = waitMs;
    this.socket = transport.open(url, {
      onOpen: () => this.#record({ type: "open" }),
      onMessage: (data) => this.#record({ type: "message", data }),
      onError: (error) =>
        this.#record({ type: "error", message: String(error?.message), httpStatus: error?.httpStatus }),
      onClose: (code, reason) => this.#record({ type: "close", code, reason }),
    });
  }

  get isClosed(): boolean {
    return this.calls.some((call) => call.type === "close");
  }

  /** Resolves with what `find` picks from the calls so far, once it picks something; rejects after `waitMs`. */
  next(
    what: string,
    find: (calls: readonly ListenerCall[]) => ListenerCall | undefined,
  ): Promise<ListenerCall> {
    return new Promise((resolve, reject) => {
      // Settles once `find` picks a call, or fails at once when the socket closed without it.
      const check = (): boolean => {
        const found = find(this.calls);
        if (!found && !this.isClosed) return false;
        this.#waiters.delete(waiter);
        globals.clearTimeout(timer);
        if (found) resolve(found);
        else reject(new Error(`closed before ${what}; calls: ${describeCalls(this.calls)}`));
        return true;
      };
      const waiter = () => void check();
      const timer = globals.setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no ${what} within ${this.#waitMs} ms; calls: ${describeCalls(this.calls)}`));
      }, this.#waitMs);
      if (!check()) this.#waiters.add(waiter);
    });
  }

  opened(): Promise<ListenerCall> {
    return this.next("onOpen", (calls) => calls.find((call) => call.type === "open"));
  }

  async closed(): Promise<Close> {
    return (await this.next("onClose", (calls) => calls.find((call) => call.type === "close"))) as Close;
  }

  /** The `n`th message (from 1), once it arrived. */
  async message(n: number): Promise<string | Uint8Array> {
    const call = await this.next(`message ${n}`, (calls) => calls.filter((c) => c.type === "message")[n - 1]);
    return (call as Extract<ListenerCall, { type: "message" }>).data;
  }

  get errors(): Extract<ListenerCall, { type: "error" }>[] {
    return this.calls.filter((call) => call.type === "error");
  }

  #record(call: ListenerCall): void {
    const before = this.calls;
    const violate = (text: string) =>
      this.violations.push(`${text} (calls: ${describeCalls([...before, call])})`);
    if (this.isClosed) violate(`${call.type} after onClose`);
    if (call.type === "open" && before.length > 0) violate("onOpen not first");
    if (call.type === "message" && !before.some((c) => c.type === "open")) violate("a message before onOpen");
    if (call.type === "error" && (call.message.includes(SECRET) || /wss?:\/\//i.test(call.message)))
      violate("an error message that quotes the URL or the token");
    this.calls.push(call);
    for (const waiter of [...this.#waiters]) waiter();
  }
}

export interface CaseContext {
  readonly server: ConformanceServerInfo;
  readonly options: Required<ConformanceOptions>;
  /** Opens a scripted `path` of the conformance server (a secret token in the query), recording every call. */
  open(path: string): Recording;
  /** Opens any URL (a secret token is added to the query), recording every call. */
  openUrl(url: string): Recording;
}

export interface ConformanceCase {
  readonly name: string;
  run(context: CaseContext): Promise<void>;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  check(Object.is(actual, expected), `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function isBytes(data: unknown): data is Uint8Array {
  return typeof data === "object" && data !== null && ArrayBuffer.isView(data);
}

async function expectText(recording: Recording, n: number, expected: string): Promise<void> {
  const data = await recording.message(n);
  check(typeof data === "string", `message ${n} should be text, got ${show(data)}`);
  equal(data, expected, `message ${n}`);
}

function noErrors(recording: Recording): void {
  check(recording.errors.length === 0, `unexpected onError: ${describeCalls(recording.errors)}`);
}

/** A close the client asked for: the server echoes the code and reason back. */
async function closeAndExpect(recording: Recording, code: number, reason: string): Promise<Close> {
  recording.socket.close(code, reason);
  return recording.closed();
}

/** An attempt that must fail before open: errors then a 1006 close, never onOpen. */
async function expectFailedAttempt(recording: Recording): Promise<Close> {
  const close = await recording.closed();
  check(!recording.calls.some((c) => c.type === "open"), "onOpen was called on a failed attempt");
  check(recording.errors.length > 0, `no onError before onClose: ${describeCalls(recording.calls)}`);
  equal(close.code, 1006, "close code of a connection that never opened");
  return close;
}

export const conformanceCases: readonly ConformanceCase[] = [
  {
    name: "opens: onOpen once, then a clean client close (1000)",
    async run({ open }) {
      const r = open("/echo");
      await r.opened();
      const close = await closeAndExpect(r, 1000, "");
      equal(close.code, 1000, "close code");
      equal(r.calls.length, 2, "number of listener calls (open, close)");
      noErrors(r);
    },
  },
  {
    name: "text frames both ways, in order and unchanged (unicode, empty, 256 KiB)",
    async run({ open }) {
      const r = open("/echo");
      await r.opened();
      const texts = ['{"module":"heartbeat"}', "ünïcödé ✓ 🎉 \u0000 end", "", "z".repeat(256 * 1024)];
      for (const text of texts) r.socket.send(text);
      for (const [i, text] of texts.entries()) await expectText(r, i + 1, text);
      await closeAndExpect(r, 1000, "");
      noErrors(r);
    },
  },
  {
    name: "a text frame the server sends first arrives as a string",
    async run({ open }) {
      const r = open("/greet");
      await expectText(r, 1, GREETING);
      await closeAndExpect(r, 1000, "");
      noErrors(r);
    },
  },
  {
    name: "send() before open and after close neither throws nor reaches the server early",
    async run({ open }) {
      const r = open("/echo");
      r.socket.send("sent before open");
      await r.opened();
      r.socket.send("sent after open");
      await expectText(r, 1, "sent after open");
      await closeAndExpect(r, 1000, "");
      r.socket.send("sent after close");
      noErrors(r);
    },
  },
  {
    name: "a binary frame arrives as bytes (for the core to reject) and the socket stays open",
    async run({ open }) {
      const r = open("/binary");
      const data = await r.message(1);
      check(isBytes(data), `the binary frame should arrive as bytes, got ${show(data)}`);
      equal(show(Array.from(data)), show(BINARY_FRAME), "binary frame bytes");
      await expectText(r, 2, AFTER_BINARY);
      r.socket.send("still open");
      await expectText(r, 3, "still open");
      await closeAndExpect(r, 1000, "");
      noErrors(r);
    },
  },
  {
    name: "the server's close code and reason reach onClose (4001, unicode reason)",
    async run({ open }) {
      const r = open(`/close/4001/${encodeURIComponent("going away ✓")}`);
      const close = await r.closed();
      equal(close.code, 4001, "close code");
      equal(close.reason, "going away ✓", "close reason");
      noErrors(r);
    },
  },
  {
    name: "Zoom's own close, 1000 Bye, reaches onClose",
    async run({ open }) {
      const r = open("/close/1000/Bye");
      await r.opened();
      const close = await r.closed();
      equal(close.code, 1000, "close code");
      equal(close.reason, "Bye", "close reason");
      noErrors(r);
    },
  },
  {
    name: "the client's close code and reason reach the server (echoed back)",
    async run({ open }) {
      const r = open("/echo");
      await r.opened();
      const close = await closeAndExpect(r, 4321, "client done");
      equal(close.code, 4321, "close code");
      equal(close.reason, "client done", "close reason");
      noErrors(r);
    },
  },
  {
    name: "a close reason over 123 bytes is clipped on a character boundary, not thrown",
    async run({ open }) {
      const r = open("/echo");
      await r.opened();
      const close = await closeAndExpect(r, 4000, "é".repeat(100));
      equal(close.code, 4000, "close code");
      equal(close.reason, "é".repeat(61), "clipped close reason (122 bytes of UTF-8)");
      noErrors(r);
    },
  },
  {
    name: "a close code a client may not send (1006) becomes 1000, not a throw",
    async run({ open }) {
      const r = open("/echo");
      await r.opened();
      const close = await closeAndExpect(r, 1006, "bad code");
      equal(close.code, 1000, "close code");
      noErrors(r);
    },
  },
  {
    name: "close() twice gives one onClose",
    async run({ open }) {
      const r = open("/echo");
      await r.opened();
      r.socket.close(1000, "first");
      r.socket.close(4000, "second");
      const close = await r.closed();
      equal(close.reason, "first", "close reason");
      noErrors(r);
    },
  },
  {
    name: "close() before open: one onClose, no onOpen",
    async run({ open }) {
      const r = open("/echo");
      r.socket.close(1000, "never mind");
      await r.closed();
      check(!r.calls.some((c) => c.type === "open"), "onOpen after close() before open");
    },
  },
  {
    name: "a refused upgrade (503): onError with the HTTP status, then onClose 1006",
    async run({ open, options }) {
      const r = open("/refuse/503");
      await expectFailedAttempt(r);
      if (options.reportsHttpStatus) equal(r.errors[0]?.httpStatus, 503, "httpStatus");
      else
        check(
          r.errors.every((e) => e.httpStatus === undefined || e.httpStatus === 503),
          "wrong httpStatus",
        );
    },
  },
  {
    name: "an upgrade refused with 401 reports httpStatus 401 (the core then drops the token)",
    async run({ open, options }) {
      const r = open("/refuse/401");
      await expectFailedAttempt(r);
      if (options.reportsHttpStatus) equal(r.errors[0]?.httpStatus, 401, "httpStatus");
      else
        check(
          r.errors.every((e) => e.httpStatus === undefined || e.httpStatus === 401),
          "wrong httpStatus",
        );
    },
  },
  {
    name: "an unreachable server: onError then onClose 1006, no status, no URL in the message",
    async run({ openUrl, server }) {
      const r = openUrl(`${server.unreachableUrl}/ws`);
      await expectFailedAttempt(r);
      check(
        r.errors.every((e) => e.httpStatus === undefined),
        "httpStatus set for an unreachable server",
      );
    },
  },
  {
    name: "a server that drops the handshake: onError then onClose 1006",
    async run({ open }) {
      await expectFailedAttempt(open("/drop-handshake"));
    },
  },
  {
    name: "a server that vanishes after open (no close frame): onClose 1006 after its last frame",
    async run({ open }) {
      const r = open("/vanish");
      await expectText(r, 1, BEFORE_VANISHING);
      const close = await r.closed();
      equal(close.code, 1006, "close code");
    },
  },
  {
    name: "a protocol error after open fails the connection: onClose with an abnormal code",
    async run({ open }) {
      const r = open("/protocol-error");
      await r.opened();
      const close = await r.closed();
      check(close.code !== 1000, `close code should not be 1000 (normal), got ${close.code}`);
    },
  },
];

/** The last case: no recording saw a contract violation at any time, including after its case ended. */
export const CONTRACT_CASE = "the listener contract held on every socket, to the end";

/** Every case name, in order, including the final contract check. */
export const conformanceCaseNames: readonly string[] = [
  ...conformanceCases.map((c) => c.name),
  CONTRACT_CASE,
];

/**
 * Runs the conformance cases, one after another, against `transport` and a conformance server
 * (started in Node with `startConformanceServer()` from `@zoomws/testing`). Never throws: each case
 * yields a result, reported to `onResult` as soon as it is known.
 */
export async function runConformance(
  transport: Transport,
  server: ConformanceServerInfo,
  options: ConformanceOptions & { onResult?: (result: ConformanceResult) => void } = {},
): Promise<ConformanceResult[]> {
  const resolved: Required<ConformanceOptions> = {
    reportsHttpStatus: options.reportsHttpStatus ?? true,
    waitMs: options.waitMs ?? 5000,
  };
  const results: ConformanceResult[] = [];
  const all: Recording[] = [];
  const report = (result: ConformanceResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  for (const testCase of conformanceCases) {
    const recordings: Recording[] = [];
    const openUrl = (url: string) => {
      const separator = url.includes("?") ? "&" : "?";
      const recording = new Recording(transport, `${url}${separator}access_token=${SECRET}`, resolved.waitMs);
      recordings.push(recording);
      all.push(recording);
      return recording;
    };
    const context: CaseContext = {
      server,
      options: resolved,
      openUrl,
      open: (path) => openUrl(`${server.url}${path}`),
    };
    const started = Date.now();
    let error: string | undefined;
    try {
      await testCase.run(context);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    // Leave nothing open for the next case (or to keep the runtime alive).
    for (const recording of recordings) {
      if (recording.isClosed) continue;
      recording.socket.close(1000, "");
      await recording.closed().catch((caught: Error) => {
        error ??= `a socket left open did not close: ${caught.message}`;
      });
    }
    const violations = recordings.flatMap((recording) => recording.violations);
    if (!error && violations.length > 0) error = `contract violated: ${violations.join("; ")}`;
    report({ name: testCase.name, ok: !error, ...(error && { error }), durationMs: Date.now() - started });
  }
  // Calls that came after a case ended (a second onClose, a late message) show up only now.
  const late = all.flatMap((recording) => recording.violations);
  report({
    name: CONTRACT_CASE,
    ok: late.length === 0,
    ...(late.length > 0 && { error: `contract violated: ${late.join("; ")}` }),
    durationMs: 0,
  });
  return results;
}

function describeCalls(calls: readonly ListenerCall[]): string {
  return calls
    .map((call) => {
      switch (call.type) {
        case "open":
          return "open";
        case "message":
          return `message(${show(call.data)})`;
        case "error":
          return `error(${call.message}${call.httpStatus === undefined ? "" : `, ${call.httpStatus}`})`;
        default:
          return `close(${call.code}, ${show(call.reason)})`;
      }
    })
    .join(", ");
}

function show(value: unknown): string {
  if (isBytes(value)) return `bytes[${Array.from(value).join(",")}]`;
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return JSON.stringify(value) ?? String(value);
}
