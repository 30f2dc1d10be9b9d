import {
  type ClientOptions,
  type Clock,
  createZoomClient,
  type FetchLike,
  type Logger,
  type Transport,
  type ZoomClient,
} from "@zoomws/core";
import { nodeTransport } from "./transport.js";

export * from "@zoomws/core";
export { nodeTransport } from "./transport.js";

export interface NodeClientOptions extends ClientOptions {
  /** Override the clock (tests). Default: the system clock. */
  clock?: Clock;
  /** Override fetch (proxies, tests). Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Override the WebSocket transport (proxies, instrumentation, tests). Default: {@link nodeTransport}. */
  transport?: Transport;
}

/** The system clock. Its timers keep the process alive while reconnecting; close() clears them all. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Warnings and errors go to the console unless a logger is given. */
const consoleLogger: Logger = {
  debug() {},
  info() {},
  warn: (...args) => console.warn(...args),
  error: (...args) => console.error(...args),
};

/**
 * A Zoom WebSocket event client for Node.js.
 *
 * ```ts
 * const client = createClient({ clientId, clientSecret, accountId, subscriptionId });
 * client.on("meeting.started", (e) => console.log(e.payload.object));
 * await client.connect();
 * ```
 */
export function createClient(options: NodeClientOptions): ZoomClient {
  const { clock = systemClock, fetch = globalFetch, transport = nodeTransport, ...rest } = options;
  return createZoomClient(rest, {
    transport,
    fetch: withRealSignal(fetch),
    clock,
    random: Math.random,
    defaultLogger: consoleLogger,
  });
}

const globalFetch: FetchLike = (url, init) => globalThis.fetch(url, init as RequestInit);

/**
 * The core passes its own minimal abort signal; fetch implementations (undici, node-fetch)
 * want a real `AbortSignal`, so bridge it.
 */
const withRealSignal =
  (fetch: FetchLike): FetchLike =>
  (url, init) => {
    const { signal, ...rest } = init;
    if (!signal) return fetch(url, rest);
    const controller = new AbortController();
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return fetch(url, { ...rest, signal: controller.signal });
  };
