import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { afterEach, describe, expect, it } from "vitest";
import { emulatorEnv, expectNoSecrets, jsonLines, runCli, tempDir } from "./support.js";

let emulator: ZoomEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(): Promise<ZoomEmulator> {
  emulator = await startEmulator();
  return emulator;
}

describe("zoomws listen", () => {
  it("--json prints exactly the events sent, one JSON body per line, and exits 0 on Ctrl-C", async () => {
    const zoom = await start();
    const cli = runCli(["listen", "--json", "--verbose"], { env: emulatorEnv(zoom) });
    await zoom.waitForConnections(1);
    const types = [
      "meeting.started",
      "meeting.participant_joined",
      "recording.completed",
      "user.created",
    ] as const;
    for (const type of types) zoom.emitEvent(type);
    zoom.emit({ event: "some.future_event", event_ts: 1, payload: { object: { "multi\nline": "é ✓" } } });
    await cli.waitForStdout((out) => out.split("\n").length > types.length + 1);
    expect(await cli.interrupt()).toBe(0);
    expect(jsonLines(cli.stdout())).toEqual(zoom.eventsSent.map((sent) => JSON.parse(sent.content)));
    expect(cli.stderr()).toMatch(/connection connected/);
    expect(cli.stderr()).toMatch(/connection idle/);
    expectNoSecrets(cli.all(), zoom);
  }, 20_000);

  it("--filter keeps only the events whose names match one of the globs", async () => {
    const zoom = await start();
    const cli = runCli(
      ["listen", "--json", "--filter", "meeting.participant_*", "--filter", "user.created"],
      {
        env: emulatorEnv(zoom),
      },
    );
    await zoom.waitForConnections(1);
    for (const type of [
      "meeting.started",
      "meeting.participant_joined",
      "webinar.started",
      "user.created",
      "user.updated",
      "meeting.participant_left",
    ] as const)
      zoom.emitEvent(type);
    await cli.waitForStdout((out) => out.includes("meeting.participant_left"));
    expect(await cli.interrupt()).toBe(0);
    expect(jsonLines(cli.stdout()).map((e) => (e as { event: string }).event)).toEqual([
      "meeting.participant_joined",
      "user.created",
      "meeting.participant_left",
    ]);
  }, 20_000);

  it("prints events readably without colour when stdout is not a terminal, gaps on stderr; settings from ./.env", async () => {
    const zoom = await start();
    const cwd = tempDir();
    const env = emulatorEnv(zoom);
    writeFileSync(
      join(cwd, ".env"),
      Object.entries(env)
        .map(([key, value]) => `${key}=${value}\n`)
        .join(""),
    );
    // The environment wins over .env: a wrong id there would be rejected.
    writeFileSync(join(cwd, ".env"), "ZOOM_CLIENT_ID=wrong-id-in-dotenv\n", { flag: "a" });
    const cli = runCli(["listen"], { cwd, env: { ZOOM_CLIENT_ID: zoom.clientId } });
    await zoom.waitForConnections(1);
    zoom.emitEvent("meeting.participant_joined", {
      payload: { object: { topic: "Standup", participant: { user_name: "Ada" } } },
    });
    await cli.waitForStdout((out) => out.includes("\n"));
    // A lost connection: the client reconnects and the gap is reported on stderr.
    zoom.dropSocket();
    await cli.waitForStderr(
      /gap: no connection from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d .*Zoom does not resend/,
    );
    expect(await cli.interrupt()).toBe(0);
    expect(cli.stdout()).toMatch(/^\d\d:\d\d:\d\d {2}meeting\.participant_joined +Ada joined “Standup”\n$/);
    expect(cli.stdout()).not.toContain("\x1b[");
    expectNoSecrets(cli.all(), zoom);
  }, 20_000);

  it("a wrong secret ends it within seconds: exit 3 and a line naming the credentials", async () => {
    const zoom = await start();
    const wrong = "not-the-secret-0123456789";
    const cli = runCli(["listen", "--json", "--verbose"], {
      env: { ...emulatorEnv(zoom), ZOOM_CLIENT_SECRET: wrong },
    });
    expect(await cli.exit()).toBe(3);
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).toMatch(
      /zoomws: Zoom rejected the credentials .*ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET/,
    );
    expectNoSecrets(cli.all(), zoom, wrong);
  }, 20_000);

  it("a client secret file works in place of the environment", async () => {
    const zoom = await start();
    const file = join(tempDir(), "secret");
    writeFileSync(file, `${zoom.clientSecret}\n`);
    const { ZOOM_CLIENT_SECRET: _, ...env } = emulatorEnv(zoom);
    const cli = runCli(["listen", "--json", "--client-secret-file", file], { env });
    await zoom.waitForConnections(1);
    expect(await cli.interrupt()).toBe(0);
    expectNoSecrets(cli.all(), zoom);
  }, 20_000);

  it("exit 4 with advice when another consumer takes the subscription", async () => {
    const zoom = await start();
    const cli = runCli(["listen", "--json"], { env: emulatorEnv(zoom) });
    await zoom.waitForConnections(1);
    zoom.kick();
    expect(await cli.exit()).toBe(4);
    expect(cli.stderr()).toMatch(/zoomws: another consumer .* stop the other consumer/);
  }, 20_000);
});

describe("bad configuration: exit 2 with one line saying what to set", () => {
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ["no client id", ["listen"], { ZOOM_CLIENT_SECRET: "s3cret-value" }, /ZOOM_CLIENT_ID is not set/],
    [
      "no subscription",
      ["listen"],
      { ZOOM_CLIENT_ID: "id", ZOOM_CLIENT_SECRET: "s3cret-value" },
      /set ZOOM_SUBSCRIPTION_ID/,
    ],
    [
      "plain ws:// to a remote host",
      ["listen", "--ws-url", "ws://example.com/ws?subscriptionId=x"],
      { ZOOM_CLIENT_ID: "id", ZOOM_CLIENT_SECRET: "s3cret-value" },
      /ws:\/\/ is accepted only for loopback/,
    ],
    [
      "a secret on the command line",
      ["listen", "--client-secret=s3cret-value"],
      {},
      /--client-secret is not accepted: .*ZOOM_CLIENT_SECRET/,
    ],
    [
      "forward without the webhook secret token",
      ["forward", "--to", "http://127.0.0.1:9/hook"],
      { ZOOM_CLIENT_ID: "id", ZOOM_CLIENT_SECRET: "s3cret-value", ZOOM_SUBSCRIPTION_ID: "sub" },
      /ZOOM_WEBHOOK_SECRET_TOKEN is not set/,
    ],
    [
      "a misspelt secret flag, whose value is not echoed",
      ["listen", "--webhook-secret-tokn=s3cret-value"],
      {},
      /--webhook-secret-tokn is not accepted/,
    ],
    ["an unknown flag", ["listen", "--nope"], {}, /unknown option '--nope'/],
    [
      "an unknown flag with a value, which is not echoed",
      ["listen", "--client-secre=s3cret-value"],
      {},
      /unknown option '--client-secre=…'/,
    ],
    [
      "an unknown command that is the secret itself",
      ["s3cret-value"],
      { ZOOM_CLIENT_SECRET: "s3cret-value" },
      /unknown command '\[redacted\]'/,
    ],
    [
      "a --to that is not a URL, which may hold a password",
      ["forward", "--to", "http://user:s3cret-value@bad host/hook"],
      {
        ZOOM_CLIENT_ID: "id",
        ZOOM_CLIENT_SECRET: "client-secret",
        ZOOM_SUBSCRIPTION_ID: "sub",
        ZOOM_WEBHOOK_SECRET_TOKEN: "token",
      },
      /--to is not a URL/,
    ],
  ];
  it.each(cases)("%s", async (_, args, env, message) => {
    const cli = runCli(args, { env });
    expect(await cli.exit()).toBe(2);
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).toMatch(message);
    expect(cli.all()).not.toContain("s3cret-value");
  });
});
