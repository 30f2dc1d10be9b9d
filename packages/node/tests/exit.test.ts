import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@zoomws/testing";
import { expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "cli.mjs");

it("close() leaves nothing running: the process exits by itself", async () => {
  const emulator = await startEmulator();
  try {
    const child = spawn(
      process.execPath,
      [
        tsx,
        "--conditions=@zoomws/source",
        join(here, "fixtures", "connect-and-close.ts"),
        emulator.endpointUrl,
        emulator.oauthUrl,
        emulator.clientId,
        emulator.clientSecret,
        emulator.accountId,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("connected\n") && emulator.eventsSent.length === 0)
        emulator.emitEvent("meeting.started");
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    // The child exits only if close() left no socket or timer behind; vitest's timeout is the backstop.
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe("connected\nmeeting.started\nclosed idle\n");
  } finally {
    await emulator.close();
  }
}, 20_000);
