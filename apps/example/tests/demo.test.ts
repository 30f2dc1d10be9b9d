import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs");

it("the demo prints events from the emulator and exits 0 on Ctrl-C", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0" };
  for (const name of ["ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_SUBSCRIPTION_ID", "ZOOM_WS_URL"])
    delete env[name];
  const child = spawn(
    process.execPath,
    ["--conditions=@zoomws/source", "--import", tsx, join(root, "src", "main.ts")],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  // Ctrl-C once three events have been printed (the stream emits about two a second).
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if ((out.match(/meeting\.\w+/g) ?? []).length >= 3 && child.exitCode === null) child.kill("SIGINT");
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(err).toBe("");
  expect(code).toBe(0);
  expect(out).toContain("using the emulator");
  expect(out).toContain("connection connected");
  expect(out).toMatch(/^\d\d:\d\d:\d\d {2}meeting\.\w+ +\S/m);
  expect(out).not.toContain("\x1b["); // no colour when stdout is not a terminal
  expect(out).toContain("connection idle");
}, 30_000);
