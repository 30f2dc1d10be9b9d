import {
  type AdapterClientOptions,
  type Clock,
  consoleLogger,
  createZoomClient,
  type FetchLike,
  withRealAbortSignal,
  type ZoomClient,
} from "@zoomws/core";
import { nodeTransport } from "./transport.js";

export * from "@zoomws/core";
export { nodeTransport } from "./transport.js";

/** The options of {@link createClient}; `transport` defaults to {@link nodeTransport}. */
export type NodeClientOptions = AdapterClientOptions;

/** The system clock. Its timers keep the process alive while reconnecting; close() clears them all. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
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
    fetch: withRealAbortSignal(fetch, AbortController),
    clock,
    random: Math.random,
    defaultLogger: consoleLogger(console),
  });
}

const globalFetch: FetchLike = (url, init) => globalThis.fetch(url, init as RequestInit);
