import { join } from "node:path";
import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  bun,
  deno,
  nodeStandard,
  type Runtime,
  requireBuilt,
  runScript,
  runtimeDir,
} from "./support/runtimes.js";

// End to end in each runtime: the built @zoomws/web, loaded from dist by real Deno and real Bun, against an
// emulator started here in Node. The script closes the client after "meeting.ended" and must exit by itself.

const targets: Array<[string, Runtime, string[]]> = [
  ["in Deno", deno, ["--allow-net=127.0.0.1"]],
  ["in Bun", bun, []],
  ["in Node's standard WebSocket", nodeStandard, []],
];

let emulator: ZoomEmulator | undefined;
beforeAll(requireBuilt);
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe.each(targets)("%s", (_label, runtime, flags) => {
  it("connects, receives events, rejects a binary frame, survives a dropped socket, closes and exits by itself", async () => {
    const zoom = await startEmulator();
    emulator = zoom;
    const script = runScript(runtime, join(runtimeDir, "e2e.mjs"), {
      flags,
      args: [
        JSON.stringify({
          clientId: zoom.clientId,
          clientSecret: zoom.clientSecret,
          accountId: zoom.accountId,
          url: zoom.endpointUrl,
          oauthUrl: zoom.oauthUrl,
        }),
      ],
    });
    const event = (name: string) => script.waitFor((l) => l.type === "event" && l.event === name);

    await script.waitFor((l) => l.type === "connected");
    zoom.emitEvent("meeting.started", { payload: { object: { id: 111 } } });
    expect(await event("meeting.started")).toMatchObject({ id: 111 });

    // A binary frame is rejected by the core (the transport hands it over as bytes); the connection stays up.
    expect(zoom.sendMalformed("binary")).toBe(true);
    await script.waitFor((l) => l.type === "error" && l.code === "MALFORMED_FRAME");

    const first = zoom.liveConnection!;
    const reconnected = zoom.nextConnection();
    expect(zoom.dropSocket()).toBe(true);
    expect((await reconnected).id).not.toBe(first.id);
    await script.waitFor((l) => l.type === "gap");
    zoom.emitEvent("meeting.participant_joined", { payload: { object: { id: 222 } } });
    expect(await event("meeting.participant_joined")).toMatchObject({ id: 222 });

    zoom.emitEvent("meeting.ended", { payload: { object: { id: 333 } } });
    expect(await script.waitFor((l) => l.type === "closed")).toEqual({ type: "closed", state: "idle" });
    const { code, signal } = await script.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(script.stderr).toBe("");

    const events = script.lines.filter((l) => l.type === "event").map((l) => l.event);
    expect(events).toEqual(["meeting.started", "meeting.participant_joined", "meeting.ended"]);
    expect(zoom.connections.filter((c) => c.established)).toHaveLength(2);
    // The emulator may learn of the close after the runtime exited: wait for it rather than race it.
    expect((await zoom.waitForClose(zoom.connections.at(-1)!)).endedBy).toBe("client");
    // The dropped socket was reported (as a lost connection), and nothing the client said holds a secret.
    const errors = script.lines.filter((l) => l.type === "error");
    expect(errors.map((l) => l.code)).toEqual(["MALFORMED_FRAME", "CONNECTION_FAILED"]);
    for (const secret of [zoom.clientSecret, ...zoom.issuedTokens])
      expect(script.stdout).not.toContain(secret);
    expect(script.stdout).not.toMatch(/access_token=(?!\[redacted\])/);
  }, 30_000);
});
