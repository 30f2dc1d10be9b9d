import { join } from "node:path";
import { type ConformanceServer, startConformanceServer } from "@zoomws/testing";
import { type ConformanceResult, conformanceCaseNames } from "@zoomws/testing/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bun,
  deno,
  nodeStandard,
  type Runtime,
  requireBuilt,
  runScript,
  runtimeDir,
} from "./support/runtimes.js";

// The shared transport conformance suite, run by real Deno and real Bun (and Node's own standard WebSocket)
// against the built @zoomws/web: tests/runtime/conformance.mjs prints one JSON line per case, and each
// becomes a test here. The same cases run against @zoomws/node in packages/node/tests/conformance.test.ts.

const targets: Array<[string, { runtime: Runtime; flags: string[]; reportsHttpStatus: boolean }]> = [
  ["in Deno", { runtime: deno, flags: ["--allow-net=127.0.0.1"], reportsHttpStatus: true }],
  ["in Bun", { runtime: bun, flags: [], reportsHttpStatus: true }],
  // undici's WebSocket, like a browser's, does not say why an upgrade failed.
  ["in Node's standard WebSocket", { runtime: nodeStandard, flags: [], reportsHttpStatus: false }],
];

let server: ConformanceServer;
beforeAll(async () => {
  requireBuilt();
  server = await startConformanceServer();
});
afterAll(() => server?.close());

describe.each(targets)("%s", (_label, { runtime, flags, reportsHttpStatus }) => {
  const results = new Map<string, ConformanceResult>();
  let version = "";

  beforeAll(async () => {
    const info = { url: server.url, unreachableUrl: server.unreachableUrl };
    const script = runScript(runtime, join(runtimeDir, "conformance.mjs"), {
      flags,
      args: [JSON.stringify({ server: info, options: { reportsHttpStatus } })],
    });
    // The runtime must finish by itself: every socket closed, nothing left to keep it alive.
    const { code } = await script.exited;
    for (const line of script.lines) {
      if (line.type === "runtime") version = String(line.version);
      if (line.type === "result") results.set(String(line.name), line as unknown as ConformanceResult);
    }
    expect(script.stderr).toBe("");
    expect(code).toBe(0);
    expect(script.lines.at(-1)).toEqual({ type: "done" });
  }, 60_000);

  it("runs in the real runtime", () => {
    expect(version).toMatch(runtime.name === "node" ? /^node v\d+/ : new RegExp(`^${runtime.name} \\d+\\.`));
  });

  it.each(conformanceCaseNames)("%s", (name) => {
    const result = results.get(name);
    expect(result, `${runtime.name} reported no result for this case`).toBeDefined();
    expect(result?.error).toBeUndefined();
    expect(result?.ok).toBe(true);
  });
});
