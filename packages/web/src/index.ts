import {
  type AdapterClientOptions,
  type Clock,
  consoleLogger,
  createZoomClient,
  type FetchLike,
  withRealAbortSignal,
  type ZoomClient,
  ZoomOptionsError,
} from "@zoomws/core";
import { web } from "./globals.js";
import { noWebSocket, webTransport } from "./transport.js";

export * from "@zoomws/core";
export type { WebSocketConstructor, WebSocketLike } from "./globals.js";
export { createWebTransport, webTransport } from "./transport.js";

/** The options of {@link createClient}; `transport` defaults to {@link webTransport}. */
export type WebClientOptions = AdapterClientOptions;

/** The system clock. Its timers keep the runtime alive while reconnecting; close() clears them all. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => web.setTimeout(callback, ms),
  clearTimeout: (handle) => web.clearTimeout(handle),
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
    fetch: withRealAbortSignal(fetch, web.AbortController),
    clock,
    random: Math.random,
    defaultLogger: consoleLogger(web.console),
  });
}

const globalFetch: FetchLike = (url, init) => web.fetch!(url, init);
