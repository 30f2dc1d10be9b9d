import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { afterEach, expect, it } from "vitest";
import { emulatorEnv, runCli, tempDir } from "./support.js";

// `zoomws … | head` closes the pipe under the command: a normal way to stop, never a crash.

let emulator: ZoomEmulator | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  for (const close of closers.splice(0)) await close();
});

/** A webhook handler that accepts everything; counts requests. */
async function acceptingHandler() {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      res.writeHead(200).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests: () => requests,
  };
}

const emitMany = (zoom: ZoomEmulator, n: number) => {
  for (let i = 0; i < n; i++) zoom.emitEvent("meeting.started");
};

it("forward whose stdout is closed (| head) stops cleanly with exit 0, no stack trace", async () => {
  emulator = await startEmulator();
  const zoom = emulator;
  const hook = await acceptingHandler();
  const cli = runCli(["forward", "--to", hook.url, "--spool", tempDir()], {
    env: { ...emulatorEnv(zoom), ZOOM_WEBHOOK_SECRET_TOKEN: "webhook-secret-token-1234" },
  });
  await zoom.waitForConnections(1);
  zoom.emitEvent("meeting.started");
  await cli.waitForStdout((out) => out.includes("→ 200"));
  cli.child.stdout.destroy();
  // Deliveries go on being reported on stdout, which now fails with EPIPE.
  emitMany(zoom, 3);
  expect(await cli.exit()).toBe(0);
  expect(cli.stderr()).not.toMatch(/EPIPE|Unhandled|unexpected failure|\n\s+at /);
}, 20_000);

it("listen whose stderr is closed (2>&1 | head) is not killed by its status lines", async () => {
  emulator = await startEmulator();
  const zoom = emulator;
  const cli = runCli(["listen", "--json"], { env: emulatorEnv(zoom) });
  await zoom.waitForConnections(1);
  await cli.waitForStderr(/receiving events/);
  cli.child.stderr.destroy();
  // A dropped connection prints status lines (to the closed stderr) and reconnects.
  zoom.dropSocket();
  await Promise.race([
    zoom.waitForConnections(2),
    cli.exit().then((code) => {
      throw new Error(`the CLI exited (${code})`);
    }),
  ]);
  zoom.emitEvent("meeting.started");
  await cli.waitForStdout((out) => out.includes("meeting.started"));
  expect(await cli.interrupt()).toBe(0);
}, 20_000);
