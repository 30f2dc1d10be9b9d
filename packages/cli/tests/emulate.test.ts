import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type ZoomEvent } from "@zoomws/node";
import { expect, it } from "vitest";
import { runCli, tempDir } from "./support.js";

const NAMES = [
  "ZOOM_CLIENT_ID",
  "ZOOM_CLIENT_SECRET",
  "ZOOM_ACCOUNT_ID",
  "ZOOM_SUBSCRIPTION_ID",
  "ZOOM_WS_URL",
  "ZOOM_OAUTH_URL",
];
// The shared sample events live beside the repository: <repo>/../shared/fixtures/zoom-events.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const samples = join(repoRoot, "..", "shared", "fixtures", "zoom-events");

it("emulate prints export lines that connect a client, sends a chosen event on demand, exits 0 on Ctrl-C", async () => {
  const saved = join(tempDir(), "emulator.env");
  const withSamples = existsSync(samples) ? ["--samples", samples] : [];
  const cli = runCli([
    "emulate",
    "--rate",
    "0",
    "--token-lifetime",
    "120",
    "--save-env",
    saved,
    ...withSamples,
  ]);
  const out = await cli.waitForStdout((text) => (text.match(/^export /gm) ?? []).length === NAMES.length);
  const env = Object.fromEntries(
    out
      .trim()
      .split("\n")
      .map((line) => /^export (\w+)=(.*)$/.exec(line)!)
      .map(([, key, value]) => [key!, value!.replace(/^'(.*)'$/, "$1")]),
  );
  expect(Object.keys(env)).toEqual(NAMES);
  expect(readFileSync(saved, "utf8")).toBe(NAMES.map((name) => `${name}=${env[name]}\n`).join(""));

  const client = createClient({
    clientId: env["ZOOM_CLIENT_ID"]!,
    clientSecret: env["ZOOM_CLIENT_SECRET"]!,
    accountId: env["ZOOM_ACCOUNT_ID"]!,
    subscriptionId: env["ZOOM_SUBSCRIPTION_ID"]!,
    url: env["ZOOM_WS_URL"]!,
    oauthUrl: env["ZOOM_OAUTH_URL"]!,
  });
  const events: ZoomEvent[] = [];
  const arrived = new Set<() => void>();
  client.on("*", (event) => {
    events.push(event);
    for (const wake of arrived) wake();
  });
  const nextEvent = () => new Promise<void>((resolve) => arrived.add(resolve));
  try {
    await client.connect();
    await cli.waitForStderr(/connection #1 established/);
    let got = nextEvent();
    cli.child.stdin.write("meeting.participant_joined\n");
    await got;
    expect(events[0]?.event).toBe("meeting.participant_joined"); // the sample's body if --samples has one
    if (withSamples.length > 0) {
      got = nextEvent();
      cli.child.stdin.write("phone.callee_missed\n"); // from the sample folder, not a template
      await got;
      expect(events[1]?.event).toBe("phone.callee_missed");
    }
    cli.child.stdin.write("no.such_event\n");
    await cli.waitForStderr(/unknown event "no\.such_event": type help/);
  } finally {
    await client.close();
  }
  expect(await cli.interrupt()).toBe(0);
  expect(cli.stderr()).toMatch(/sent meeting\.participant_joined to connection #1/);
  expect(cli.all()).not.toContain("access_token=");
}, 20_000);
