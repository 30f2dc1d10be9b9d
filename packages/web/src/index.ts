import {
  type AbortSignalLike,
  type ClientOptions,
  type Clock,
  createZoomClient,
  type FetchLike,
  type Logger,
  type Transport,
  type ZoomClient,
  ZoomOptionsError,
} from "@zoomws/core";
import { web } from "./globals.js";
import { noWebSocket, webTransport } from "./transport.js";

export * from "@zoomws/core";
export type { WebSocketConstructor, WebSocketLike } from "./globals.js";
export { createWebTransport, webTransport } from "./transport.js";

export interface WebClientOptions extends ClientOptions {
  /** Override the clock (tests). Default: the system clock. */
  clock?: Clock;
  /** Override fetch (proxies, tests). Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Override the WebSocket transport (proxies, instrumentation, tests). Default: {@link webTransport}. */
  transport?: Transport;
}

/** The system clock. Its timers keep the runtime alive while reconnecting; close() clears them all. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => web.setTimeout(callback, ms),
  clearTimeout: (handle) => web.clearTimeout(handle),
};

/** Warnings and errors go to the console unless a logger is given. */
const consoleLogger: Logger = {
  debug() {},
  info() {},
  warn: (...args) => web.console.warn(...args),
  error: (...args) => web.console.error(...args),
};

/**
 * A Zoom WebSocket event client for runtimes with the standard `WebSocket` and `fetch`:
 * Deno, Bun, Cloudflare Workers, browsers, Node.js 22+.
 *
 * ```ts
 * const client = createClient({ clientId, clientSecret, accountId, subscriptionId });
 * client.on("meeting.started", (e) => console.log(e.payload.object));
 * await client.connect();
 * ```
 *
 * Throws ZoomOptionsError at once where the runtime has no global `WebSocket` (Node.js 20: use `@zoomws/node`).
 */
export function createClient(options: WebClientOptions): ZoomClient {
  const { clock = systemClock, fetch = globalFetch, transport, ...rest } = options;
  if (!transport && !web.WebSocket) throw noWebSocket();
  if (!options.fetch && !web.fetch)
    throw new ZoomOptionsError("This runtime has no global fetch: pass fetch to createClient.");
  return createZoomClient(rest, {
    transport: transport ?? webTransport,
    fetch: withRealSignal(fetch),
    clock,
    random: Math.random,
    defaultLogger: consoleLogger,
  });
}

const globalFetch: FetchLike = (url, init) => web.fetch!(url, init);

/**
 * The core passes its own minimal abort signal; `fetch` implementations want a real
 * `AbortSignal`, so bridge it (for the user's fetch too).
 */
const withRealSignal =
  (fetch: FetchLike): FetchLike =>
  (url, init) => {
    const { signal, ...rest } = init;
    if (!signal) return fetch(url, rest);
    const controller = new web.AbortController();
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return fetch(url, { ...rest, signal: controller.signal as AbortSignalLike });
  };
