// A consumer in its own process: `zoomws` (the @zoomws/node client, default options) or `floor` (a bare
// `ws` socket doing only the two JSON.parse calls Zoom's double encoding needs). Driven over IPC.
import { dist, loadWs, now, serve } from "./lib.mjs";

const kind = process.argv[2];
if (kind !== "zoomws" && kind !== "floor") throw new Error(`unknown consumer ${kind}`);

let received = 0;
/** What the current measurement waits for. */
let target = Number.POSITIVE_INFINITY;
let onTarget = () => {};
let first = 0;
let times; // Float64Array while recording receive times
let recordFrom = 0;
let client;
let socket;
let reconnects = 0;
const connectedWaiters = [];
let measured = Promise.resolve(undefined);

/** The handler both consumers run for every event: count it, and time it when asked. */
function handle(event) {
  const n = received++;
  if (n === recordFrom) first = now();
  if (times !== undefined && n >= recordFrom && n - recordFrom < times.length) times[n - recordFrom] = now();
  if (received === target) onTarget(event);
}

async function connectZoomws(credentials, options) {
  const { createClient } = await import(dist.node);
  // `quiet`: the fault sections expect the warnings the default logger prints on every drop.
  const { quiet, ...rest } = options;
  const logger = { debug() {}, info() {}, warn() {}, error: (...a) => console.error(...a) };
  client = createClient({ ...credentials, ...rest, ...(quiet && { logger }) });
  client.on("meeting.participant_joined", handle);
  client.onStateChange((state) => {
    if (state !== "connected") return;
    reconnects++;
    for (const resolve of connectedWaiters.splice(0)) resolve();
  });
  client.onError((error) => {
    if (error.code !== "CONNECTION_LOST" && !/lost|attempt failed/i.test(error.message))
      process.stderr.write(`[zoomws consumer] ${error.code}: ${error.message}\n`);
  });
  await client.connect();
}

async function connectFloor({ clientId, clientSecret, accountId, url, oauthUrl }) {
  const { WebSocket } = loadWs();
  const response = await fetch(oauthUrl, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "account_credentials", account_id: accountId }).toString(),
  });
  const { access_token: token } = await response.json();
  socket = new WebSocket(`${url}&access_token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.on("message", (data) => {
      // The floor: the two JSON.parse calls and nothing else.
      const frame = JSON.parse(data.toString());
      if (frame.module === "message") handle(JSON.parse(frame.content));
      else if (frame.module === "build_connection") resolve();
    });
    socket.once("error", reject);
  });
}

serve({
  async connect({ credentials, options = {} }) {
    if (kind === "zoomws") await connectZoomws(credentials, options);
    else await connectFloor(credentials);
    return true;
  },

  /** Arms a measurement of the next `count` events (and records each one's receive time if asked). */
  arm({ count, record = false }) {
    recordFrom = received;
    target = received + count;
    times = record ? new Float64Array(count) : undefined;
    measured = new Promise((resolve) => {
      onTarget = () => {
        onTarget = () => {};
        const result = { count, first, last: now(), times: times ? Array.from(times) : undefined };
        times = undefined;
        resolve(result);
      };
    });
    return true;
  },

  /** Resolves once the armed measurement is complete: first and last receive times. */
  done: () => measured,

  /** Resolves at the next transition to connected (zoomws only). */
  connected() {
    if (client?.state === "connected") return true;
    return new Promise((resolve) => connectedWaiters.push(() => resolve(true)));
  },

  /** close() then connect(): a fresh start, so the backoff starts over (zoomws only). */
  async restart() {
    await client.close();
    await client.connect();
    return true;
  },

  /** Heap after a full GC (needs --expose-gc), and what keeps the process alive. */
  memory() {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    const usage = process.memoryUsage();
    return {
      heapUsed: usage.heapUsed,
      rss: usage.rss,
      resources: process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap"),
      gc: typeof globalThis.gc === "function",
      reconnects,
    };
  },

  received: () => received,
  async close() {
    await client?.close();
    socket?.terminate();
  },
});
