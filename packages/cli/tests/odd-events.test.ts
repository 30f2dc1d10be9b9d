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

it("listen prints names and topics as plain text: one line per event, nothing a terminal acts on", async () => {
  emulator = await startEmulator();
  const zoom = emulator;
  const cli = runCli(["listen"], { env: emulatorEnv(zoom) });
  await zoom.waitForConnections(1);
  zoom.emitEvent("meeting.participant_joined", {
    payload: {
      object: {
        topic: "Sync\x1b]0;owned\x07\x1b[2J",
        participant: { user_name: "Eve\r\n12:00:00  meeting.ended                fake line" },
      },
    },
  });
  zoom.emit({ event: "odd.\x1b[31mevent", event_ts: 1_700_000_000_000, payload: { object: { id: "last" } } });
  await cli.waitForStdout((out) => out.includes("last"));
  expect(await cli.interrupt()).toBe(0);
  const lines = cli.stdout().trimEnd().split("\n");
  expect(lines).toHaveLength(2);
  expect(cli.stdout().replaceAll("\n", "")).not.toMatch(/\p{Cc}/u);
  expect(lines[0]).toContain("Eve??12:00:00  meeting.ended");
  expect(lines[0]).toContain("“Sync?]0;owned??[2J”");
  expect(lines[1]).toMatch(/odd\.\?\[31mevent +last$/);
}, 20_000);
