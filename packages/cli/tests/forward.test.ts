import { createHmac } from "node:crypto";
import { EventEmitter, once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { afterEach, expect, it } from "vitest";
import { emulatorEnv, expectNoSecrets, runCli, tempDir } from "./support.js";

const SECRET_TOKEN = "webhook-secret-token-9f8e7d";

interface Delivery {
  readonly body: string;
  readonly n: number;
  readonly status: number;
  /** content-type, timestamp and signature all as Zoom sends them. */
  readonly verified: boolean;
  readonly authorization: string | undefined;
}

/** A webhook handler that checks every request as a Zoom webhook app would, answering 503 while down. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const changed = new EventEmitter();
  const state = { up: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const timestamp = String(req.headers["x-zm-request-timestamp"]);
      const expected = `v0=${createHmac("sha256", SECRET_TOKEN).update(`v0:${timestamp}:${body}`).digest("hex")}`;
      const verified =
        req.method === "POST" &&
        req.headers["content-type"] === "application/json" &&
        /^\d+$/.test(timestamp) &&
        Math.abs(Date.now() / 1000 - Number(timestamp)) < 300 &&
        req.headers["x-zm-signature"] === expected;
      const status = state.up ? 200 : 503;
      const n = (JSON.parse(body) as { payload: { object: { n: number } } }).payload.object.n;
      deliveries.push({ body, n, status, verified, authorization: req.headers.authorization });
      res.writeHead(status).end();
      changed.emit("delivery");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zoom`,
    deliveries,
    state,
    accepted: () => deliveries.filter((d) => d.status === 200).map((d) => d.n),
    async waitFor(predicate: () => boolean): Promise<void> {
      while (!predicate()) await once(changed, "delivery");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let emulator: ZoomEmulator | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await emulator?.close();
  await receiver?.close();
  emulator = receiver = undefined;
});

async function setup() {
  emulator = await startEmulator();
  receiver = await startReceiver();
  return { zoom: emulator, hook: receiver };
}

it("delivers every event in order, signed, across a handler outage and a killed and restarted forwarder", async () => {
  const { zoom, hook } = await setup();
  const spool = tempDir();
  const env = { ...emulatorEnv(zoom), ZOOM_WEBHOOK_SECRET_TOKEN: SECRET_TOKEN };
  const args = ["forward", "--to", hook.url, "--spool", spool, "--retry-max", "0.05"];
  const emit = (from: number, to: number) => {
    for (let n = from; n <= to; n++)
      zoom.emitEvent("meeting.participant_joined", { payload: { object: { n } } });
  };

  // The handler is down at first: events wait in the spool, then flow once it is up.
  let cli = runCli(args, { env });
  await zoom.waitForConnections(1);
  expect(cli.stderr()).toContain(`forwarding to ${hook.url}\n`);
  emit(1, 3);
  await cli.waitForStderr(/3 events waiting in the spool/);
  expect(cli.stderr()).toMatch(
    /the handler answered 503; \d events? waiting in the spool; retrying with backoff/,
  );
  hook.state.up = true;
  await hook.waitFor(() => hook.accepted().includes(3));

  // Down again; three more events are spooled, and the forwarder is killed.
  hook.state.up = false;
  let since = cli.stderr().length;
  emit(4, 6);
  await cli.waitForStderr(/3 events waiting in the spool/, since);
  const firstRun = cli.all();
  cli.child.kill("SIGKILL");
  expect(await cli.exit()).toBe("SIGKILL");

  // Restarted, it delivers what was spooled, in order, then what arrives meanwhile.
  cli = runCli([...args, "--verbose"], { env });
  await cli.waitForStderr(/3 events waiting from an earlier run/);
  await zoom.waitForConnections(2);
  since = cli.stderr().length;
  emit(7, 9);
  await cli.waitForStderr(/6 events waiting in the spool/, since);
  hook.state.up = true;
  await hook.waitFor(() => hook.accepted().includes(9));
  expect(await cli.interrupt()).toBe(0);

  expect(hook.deliveries.every((d) => d.verified)).toBe(true);
  const accepted = hook.accepted();
  expect([...new Set(accepted)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(accepted).toEqual([...accepted].sort((a, b) => a - b)); // in order, duplicates adjacent
  expect(accepted.length).toBeLessThanOrEqual(11);
  // The very bodies Zoom sent.
  const sent = zoom.eventsSent.map((e) => JSON.parse(e.content));
  const bodies = hook.deliveries.filter((d) => d.status === 200).map((d) => JSON.parse(d.body));
  expect([...new Map(bodies.map((b) => [b.payload.object.n, b])).values()]).toEqual(sent);
  // Nothing left behind: the journal is empty and the lock released.
  expect(readFileSync(join(spool, "journal.log"), "utf8")).toBe("");
  expect(existsSync(join(spool, "lock"))).toBe(false);
  expectNoSecrets(firstRun + cli.all(), zoom, SECRET_TOKEN);
}, 30_000);

it("refuses a second forwarder on the same spool (exit 2), and takes over a dead one's lock", async () => {
  const { zoom, hook } = await setup();
  hook.state.up = true;
  const spool = tempDir();
  const env = { ...emulatorEnv(zoom), ZOOM_WEBHOOK_SECRET_TOKEN: SECRET_TOKEN };
  // A handler behind basic auth: the credentials in the URL become the authorization header.
  const to = hook.url.replace("http://", "http://zoom:hook-password-77@");
  const args = ["forward", "--to", to, "--spool", spool];
  const first = runCli(args, { env });
  await zoom.waitForConnections(1);
  const second = runCli(args, { env });
  expect(await second.exit()).toBe(2);
  expect(second.stderr()).toMatch(/zoomws: the spool is in use: .*pid \d+.*another --spool/);
  first.child.kill("SIGKILL");
  await first.exit();
  const third = runCli(args, { env });
  await zoom.waitForConnections(2);
  zoom.emitEvent("meeting.started", { payload: { object: { n: 1 } } });
  await hook.waitFor(() => hook.accepted().length === 1);
  expect(await third.interrupt()).toBe(0);
  expect(hook.deliveries[0]?.authorization).toBe(
    `Basic ${Buffer.from("zoom:hook-password-77").toString("base64")}`,
  );
  expect(hook.deliveries[0]?.verified).toBe(true);
  for (const cli of [first, second, third])
    expectNoSecrets(cli.all(), zoom, SECRET_TOKEN, "hook-password-77");
}, 30_000);
