/**
 * The zoomws live meeting monitor: `npm run demo`.
 *
 * With ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_ACCOUNT_ID and ZOOM_SUBSCRIPTION_ID (or
 * ZOOM_WS_URL) in the environment it watches your Zoom account; otherwise it starts the emulator
 * from @zoomws/testing with a stream of meetings, participants and recordings. Either way it
 * serves a live page (PORT, default 3000; HOST, default 127.0.0.1) and prints a line per event.
 */
import {
  createClient,
  type NodeClientOptions,
  printable,
  type ZoomClient,
  type ZoomError,
} from "@zoomws/node";
import { connectionState, gaps, zoomEvents } from "@zoomws/rxjs";
import { startEmulator, startEventStream } from "@zoomws/testing";
import { shareReplay, skip } from "rxjs";
import { describeEvent } from "./describe-event.js";
import { monitor } from "./monitor.js";
import { type MonitorServer, startMonitorServer } from "./server.js";

const env = process.env;
const useZoom = Boolean(
  env.ZOOM_CLIENT_ID && env.ZOOM_CLIENT_SECRET && (env.ZOOM_SUBSCRIPTION_ID || env.ZOOM_WS_URL),
);

const host = env.HOST || "127.0.0.1";
const port = env.PORT ? Number(env.PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
  console.error(`PORT must be a port number (0 for any free port), not "${env.PORT}"`);
  process.exit(2);
}

const color = Boolean(process.stdout.isTTY) && !env.NO_COLOR;
const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const time = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 19) : "--:--:--");
const status = (line: string) => console.log(paint("2", `${time(Date.now())}  ${line}`));

let stopEmulator = async () => {};
let options: NodeClientOptions;
if (useZoom) {
  options = {
    clientId: env.ZOOM_CLIENT_ID!,
    clientSecret: env.ZOOM_CLIENT_SECRET!,
    accountId: env.ZOOM_ACCOUNT_ID,
    subscriptionId: env.ZOOM_SUBSCRIPTION_ID,
    url: env.ZOOM_WS_URL,
    oauthUrl: env.ZOOM_OAUTH_URL,
  };
  status("watching your Zoom account (credentials from the environment)");
} else {
  const emulator = await startEmulator();
  const stream = startEventStream(emulator, { ratePerSecond: 3, maxMeetings: 4 });
  options = {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    accountId: emulator.accountId,
    url: emulator.endpointUrl,
    oauthUrl: emulator.oauthUrl,
  };
  stopEmulator = async () => {
    stream.stop();
    await emulator.close();
  };
  status(`no Zoom credentials in the environment: using the emulator on port ${emulator.port}`);
}

let client: ZoomClient;
try {
  client = createClient(options);
} catch (error) {
  // A setting the client refuses (a URL that is not ws://, no subscription): its message says which.
  console.error(`cannot watch your Zoom account: ${(error as Error).message}`);
  await stopEmulator();
  process.exit(2);
}

let server: MonitorServer | undefined;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  status("closing");
  await server?.close();
  await client.close();
  await stopEmulator();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

// The terminal: a line per state change, gap, problem and event.
connectionState(client)
  .pipe(skip(1))
  .subscribe((state) => status(`connection ${state}`));
gaps(client).subscribe((gap) =>
  status(`gap without connection: ${time(gap.from)}–${time(gap.to)} (backfill via the REST API)`),
);
// Problems the client recovers from by itself; a fatal one ends the event stream below.
client.onError((error) => error.fatal || status(`${error.code}: ${error.message}`));

// One shared state for every browser. Subscribing connects the client; the event lines share
// the same connection.
const state$ = monitor(client).pipe(shareReplay({ bufferSize: 1, refCount: false }));
state$.subscribe();
zoomEvents(client).subscribe({
  next: (event) =>
    console.log(
      // Names and topics are Zoom's text: one short plain line, nothing a terminal would act on.
      `${time(event.event_ts)}  ${paint("36", printable(event.event, 60).padEnd(28))} ${printable(describeEvent(event), 160)}`,
    ),
  // The client has logged why (to stderr); say what that means for the demo.
  error: (error: ZoomError) => {
    console.error(`stopped: the Zoom connection failed for good (${error.code})`);
    void stop(1);
  },
});

try {
  server = await startMonitorServer(state$, { host, port: port ?? 3000 }).catch(
    (error: NodeJS.ErrnoException) => {
      // The default port is taken: any free one will do. A port asked for is a port to get.
      if (error.code !== "EADDRINUSE" || port !== undefined) throw error;
      return startMonitorServer(state$, { host, port: 0 });
    },
  );
} catch (error) {
  console.error(`cannot serve the page on ${host}:${port ?? 3000}: ${(error as Error).message}`);
  await stop(2);
}
if (server && !stopping) status(`live monitor: ${paint("1", server.url)}  (Ctrl-C to stop)`);
