import type { ClientOptions } from "./client.js";
import type { Clock } from "./clock.js";
import type { AbortSignalLike, FetchLike } from "./fetch.js";
import type { Logger } from "./logger.js";
import { printable } from "./printable.js";
import type { Transport } from "./transport.js";

/** What every adapter's `createClient` takes: the client's options, plus the runtime pieces it may override. */
export interface AdapterClientOptions extends ClientOptions {
  /** Override the clock (tests). Default: the system clock. */
  clock?: Clock | undefined;
  /** Override fetch (proxies, tests). Default: `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Override the WebSocket transport (proxies, instrumentation, tests). Default: the adapter's own. */
  transport?: Transport | undefined;
}

/** The standard `AbortController`, as far as {@link withRealAbortSignal} needs it. */
export type AbortControllerConstructor = new () => { readonly signal: object; abort(reason?: unknown): void };

/**
 * The core passes its own minimal abort signal; `fetch` implementations (undici, node-fetch, the
 * runtimes' own) want a real `AbortSignal`, so adapters bridge it with the runtime's `AbortController`.
 */
export function withRealAbortSignal(
  fetch: FetchLike,
  AbortController: AbortControllerConstructor,
): FetchLike {
  return (url, init) => {
    const { signal, ...rest } = init;
    if (!signal) return fetch(url, rest);
    const controller = new AbortController();
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return fetch(url, { ...rest, signal: controller.signal as AbortSignalLike });
  };
}

/** The default logger of the adapters: warnings and errors to the console, nothing below. */
const safe = (arg: unknown) => (typeof arg === "string" ? printable(arg) : arg);

export function consoleLogger(console: {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}): Logger {
  return {
    debug() {},
    info() {},
    // Log lines carry text from the server (close reasons, error bodies): one safe line each.
    warn: (...args) => console.warn(...args.map(safe)),
    error: (...args) => console.error(...args.map(safe)),
  };
}
