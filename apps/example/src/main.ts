/**
 * The zoomws demo: receive Zoom events over a WebSocket and print them.
 *
 * With ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_ACCOUNT_ID and ZOOM_SUBSCRIPTION_ID (or
 * ZOOM_WS_URL) in the environment it watches your Zoom account; otherwise it starts the
 * emulator from @zoomws/testing with a stream of meetings, participants and recordings.
 */
import { createClient, type NodeClientOptions } from "@zoomws/node";
import { startEmulator, startEventStream } from "@zoomws/testing";
import { describeEvent } from "./describe-event.js";

const env = process.env;
const useZoom = Boolean(
  env.ZOOM_CLIENT_ID && env.ZOOM_CLIENT_SECRET && (env.ZOOM_SUBSCRIPTION_ID || env.ZOOM_WS_URL),
);

const color = Boolean(process.stdout.isTTY) && !env.NO_COLOR;
const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const status = (line: string) => console.log(paint("2", `${time(Date.now())}  ${line}`));

let shutdown: () => Promise<void> = async () => {};
let options: NodeClientOptions;

if (useZoom) {
  options = {
    clientId: env.ZOOM_CLIENT_ID!,
    clientSecret: env.ZOOM_CLIENT_SECRET!,
    ...(env.ZOOM_ACCOUNT_ID && { accountId: env.ZOOM_ACCOUNT_ID }),
    ...(env.ZOOM_SUBSCRIPTION_ID && { subscriptionId: env.ZOOM_SUBSCRIPTION_ID }),
    ...(env.ZOOM_WS_URL && { url: env.ZOOM_WS_URL }),
    ...(env.ZOOM_OAUTH_URL && { oauthUrl: env.ZOOM_OAUTH_URL }),
  };
  status("watching your Zoom account (credentials from the environment)");
} else {
  const emulator = await startEmulator();
  const stream = startEventStream(emulator, { ratePerSecond: 2 });
  options = {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    accountId: emulator.accountId,
    url: emulator.endpointUrl,
    oauthUrl: emulator.oauthUrl,
  };
  shutdown = async () => {
    stream.stop();
    await emulator.close();
  };
  status(`no Zoom credentials in the environment: using the emulator on port ${emulator.port}`);
}

const client = createClient(options);
client.onStateChange((state) => status(`connection ${state}`));
client.onGap((gap) =>
  status(`gap without connection: ${time(gap.from)}–${time(gap.to)} (backfill via the REST API)`),
);
client.onError((error) => status(`${error.code}: ${error.message}`));
client.on("*", (event) => {
  console.log(`${time(event.event_ts)}  ${paint("36", event.event.padEnd(28))} ${describeEvent(event)}`);
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  status("closing");
  await client.close();
  await shutdown();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

try {
  await client.connect();
  status("press Ctrl-C to stop");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown();
  process.exit(1);
}
