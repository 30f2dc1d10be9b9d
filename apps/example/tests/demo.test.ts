/** `npm run demo` as users run it: the program in a child process, watched through its page's stream. */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { type AddressInfo, createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@zoomws/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { MonitorState } from "../src/monitor.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function startDemo(zoomEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", PORT: "0", ...zoomEnv };
  for (const name of Object.keys(env)) if (name.startsWith("ZOOM_") && !(name in zoomEnv)) delete env[name];
  const child = spawn(
    process.execPath,
    ["--conditions=@zoomws/source", "--import", tsx, join(root, "src", "main.ts")],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  const output = { out: "", err: "" };
  child.stderr!.on("data", (chunk: Buffer) => {
    output.err += chunk.toString();
  });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output.out += chunk.toString();
      const found = /live monitor: (http:\/\/\S+)/.exec(output.out);
      if (found) resolve(found[1]!);
    });
    child.on("exit", () =>
      reject(new Error(`the demo exited before serving a page:\n${output.out}${output.err}`)),
    );
  });
  url.catch(() => {}); // a test that expects the demo to stop awaits `exited`, not the URL
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, output, url, exited };
}

/** Reads the page's event stream until a state satisfies `until`; returns it and the raw text. */
async function watch(url: string, until: (state: MonitorState) => boolean) {
  const controller = new AbortController();
  const response = await fetch(new URL("/events", url), { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before the state looked right:\n${text.slice(-2000)}`);
      text += value;
      for (const [, data] of text.matchAll(/^data: (.*)$/gm)) {
        const state = JSON.parse(data!) as MonitorState;
        if (until(state)) return { state, text };
      }
    }
  } finally {
    controller.abort();
  }
}

describe("npm run demo", () => {
  it("serves a page that comes alive with the emulator's meetings, prints a line per event, and exits 0 on Ctrl-C", async () => {
    const demo = startDemo();
    const url = await demo.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const started = Date.now();
    const { state } = await watch(
      url,
      (s) =>
        s.connection.state === "connected" &&
        s.totalEvents >= 3 &&
        s.meetings.some((m) => m.participants.length > 0),
    );
    console.info(`demo page alive ${Date.now() - started} ms after its URL was printed`);
    expect(state.latest.length).toBeGreaterThanOrEqual(3);
    expect(state.perMinute).toBeGreaterThanOrEqual(3);

    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(0);
    const { out, err } = demo.output;
    expect(err).toBe("");
    expect(out).toContain("using the emulator");
    expect(out).toContain("connection connected");
    expect(out).toMatch(/^\d\d:\d\d:\d\d {2}meeting\.started +“.+” started$/m);
    expect(out).toMatch(/^\d\d:\d\d:\d\d {2}meeting\.participant_joined +\S.* joined “.+”$/m);
    expect(out).not.toContain("\x1b["); // no colour when stdout is not a terminal
    expect(out).toContain("closing");
  }, 30_000);

  it("with credentials in the environment it watches that account instead, and never shows a secret", async () => {
    const zoom = await startEmulator();
    try {
      const env = zoom.env();
      const demo = startDemo({
        ZOOM_CLIENT_ID: env.ZOOM_CLIENT_ID,
        ZOOM_CLIENT_SECRET: env.ZOOM_CLIENT_SECRET,
        ZOOM_ACCOUNT_ID: env.ZOOM_ACCOUNT_ID,
        ZOOM_SUBSCRIPTION_ID: env.ZOOM_SUBSCRIPTION_ID,
        ZOOM_WS_URL: env.ZOOM_WS_URL,
        ZOOM_OAUTH_URL: env.ZOOM_OAUTH_URL,
      });
      const url = await demo.url;
      await watch(url, (s) => s.connection.state === "connected");
      zoom.emitEvent("meeting.started", { payload: { object: { uuid: "acct-1", topic: "Board Meeting" } } });
      zoom.emitEvent("meeting.participant_joined", {
        payload: {
          object: { uuid: "acct-1", topic: "Board Meeting", participant: { user_id: "1", user_name: "Kim" } },
        },
      });
      const { state, text } = await watch(url, (s) => s.meetings.some((m) => m.participants.length === 1));
      expect(state.meetings).toMatchObject([
        { uuid: "acct-1", topic: "Board Meeting", participants: [{ name: "Kim" }] },
      ]);
      expect(zoom.connections).toHaveLength(1);

      demo.child.kill("SIGINT");
      expect(await demo.exited).toBe(0);
      const seen = demo.output.out + demo.output.err + text;
      expect(demo.output.out).toContain("watching your Zoom account");
      expect(demo.output.out).not.toContain("using the emulator");
      expect(zoom.issuedTokens.length).toBeGreaterThan(0);
      for (const secret of [env.ZOOM_CLIENT_SECRET, ...zoom.issuedTokens, "access_token"])
        expect(seen).not.toContain(secret);
    } finally {
      await zoom.close();
    }
  }, 30_000);

  it("survives events that lack the fields their type promises, and prints hostile text as one plain line", async () => {
    const zoom = await startEmulator();
    try {
      const demo = startDemo({ ...zoom.env() });
      const url = await demo.url;
      await watch(url, (s) => s.connection.state === "connected");
      const now = Date.now();
      zoom.emit({ event: "meeting.participant_joined", event_ts: now, payload: {} });
      zoom.emit({ event: "recording.completed", event_ts: now, payload: { object: { uuid: "r", id: 1 } } });
      zoom.emit({ event: "meeting.started", event_ts: "soon", payload: { object: { uuid: "x", id: 2 } } });
      zoom.emitEvent("meeting.started", {
        payload: {
          object: {
            uuid: "evil",
            topic: `\x1b[2J\x1b]0;owned\x07Evil\r\n00:00:00  forged ${"A".repeat(5000)}`,
          },
        },
      });
      const { state } = await watch(url, (s) => s.meetings.some((m) => m.uuid === "evil"));
      expect(state.totalEvents).toBe(4);
      expect(demo.child.exitCode).toBeNull();

      demo.child.kill("SIGINT");
      expect(await demo.exited).toBe(0);
      const { out } = demo.output;
      expect(out).not.toContain("\x1b");
      expect(out).not.toContain("\r");
      expect(out).not.toMatch(/^00:00:00 {2}forged/m);
      const line = out.split("\n").find((l) => l.includes("Evil"));
      expect(line?.length).toBeLessThan(300);
    } finally {
      await zoom.close();
    }
  }, 30_000);

  it("with a wrong secret it says so and exits 1, without the secret", async () => {
    const zoom = await startEmulator();
    try {
      const env = zoom.env();
      const wrong = "wrong-secret-7f3a9c";
      const demo = startDemo({ ...env, ZOOM_CLIENT_SECRET: wrong });
      expect(await demo.exited).toBe(1);
      const { out, err } = demo.output;
      expect(err).toContain("Zoom rejected the OAuth credentials");
      expect(err).toMatch(/^stopped: the Zoom connection failed for good \(AUTH_REJECTED\)$/m);
      expect(out + err).not.toContain(wrong);
      expect(zoom.connections).toHaveLength(0);
    } finally {
      await zoom.close();
    }
  }, 30_000);

  it("a Zoom setting that is no setting (a URL that is not ws://) is a one-line error and exit 2", async () => {
    const secret = "secret-4b1d9e";
    const demo = startDemo({
      ZOOM_CLIENT_ID: "id",
      ZOOM_CLIENT_SECRET: secret,
      ZOOM_ACCOUNT_ID: "account",
      ZOOM_WS_URL: "https://ws.zoom.us/ws?subscriptionId=abc",
    });
    expect(await demo.exited).toBe(2);
    const { out, err } = demo.output;
    expect(err).toMatch(/^cannot watch your Zoom account: url must be a ws:\/\/ or wss:\/\/ URL.*\n$/);
    expect(out + err).not.toContain(secret);
    expect(out).not.toContain("live monitor");
  }, 30_000);

  it("a PORT that is no port, or a port that is taken, is a one-line error and exit 2", async () => {
    const bad = startDemo({ PORT: "abc" });
    expect(await bad.exited).toBe(2);
    expect(bad.output.err).toBe('PORT must be a port number (0 for any free port), not "abc"\n');

    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((busy.address() as AddressInfo).port);
      const taken = startDemo({ PORT: port });
      expect(await taken.exited).toBe(2);
      expect(taken.output.err).toMatch(
        new RegExp(`^cannot serve the page on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`, "m"),
      );
      expect(taken.output.out).toContain("closing");
    } finally {
      busy.close();
    }
  }, 30_000);
});
