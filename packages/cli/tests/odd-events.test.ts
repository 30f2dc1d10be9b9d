import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { afterEach, expect, it } from "vitest";
import { emulatorEnv, runCli } from "./support.js";

let emulator: ZoomEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

it("listen prints an event whose event_ts is out of the Date range, and keeps going", async () => {
  emulator = await startEmulator();
  const zoom = emulator;
  const cli = runCli(["listen"], { env: emulatorEnv(zoom) });
  await zoom.waitForConnections(1);
  zoom.emit({ event: "odd.event", event_ts: 1e20, payload: { object: { id: "first" } } });
  zoom.emit({ event: "odd.event", event_ts: -1e20, payload: { object: { id: "second" } } });
  zoom.emit({ event: "odd.event", event_ts: 1_700_000_000_000, payload: { object: { id: "third" } } });
  await cli.waitForStdout((out) => out.includes("third"));
  expect(await cli.interrupt()).toBe(0);
  expect(cli.stdout()).toMatch(
    /^\d\d:\d\d:\d\d {2}odd\.event +first\n\d\d:\d\d:\d\d {2}odd\.event +second\n/,
  );
}, 20_000);
