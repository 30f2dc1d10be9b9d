import { type ConformanceServer, startConformanceServer } from "@zoomws/testing";
import { type ConformanceResult, conformanceCaseNames, runConformance } from "@zoomws/testing/conformance";
import { afterAll, beforeAll, expect, it } from "vitest";
import { nodeTransport, type Transport, type TransportListener } from "../src/index.js";

// The shared transport conformance suite (also run against @zoomws/web in real Deno and Bun), one test per case.
let server: ConformanceServer;
let results: Map<string, ConformanceResult>;

beforeAll(async () => {
  server = await startConformanceServer();
  const list = await runConformance(nodeTransport, server, { reportsHttpStatus: true });
  results = new Map(list.map((result) => [result.name, result]));
}, 60_000);

afterAll(() => server?.close());

it.each(conformanceCaseNames)("%s", (name) => {
  const result = results.get(name);
  expect(result, "the case produced no result").toBeDefined();
  expect(result?.error).toBeUndefined();
  expect(result?.ok).toBe(true);
});

// The suite is only worth something if it catches a broken transport: each mutant must fail (at least) the cases
// that match `fails`.
const mutants: Array<{
  name: string;
  fails: RegExp;
  wrap: (listener: TransportListener, url: string) => TransportListener;
}> = [
  {
    name: "quotes the URL in its errors",
    fails: /unreachable server|drops the handshake|refused upgrade/,
    wrap: (l, url) => ({
      ...l,
      onError: (error) => l.onError(Object.assign(new Error(`${url} failed`), error)),
    }),
  },
  {
    name: "calls onClose twice",
    fails: /listener contract held/,
    wrap: (l) => ({
      ...l,
      onClose(code, reason) {
        l.onClose(code, reason);
        l.onClose(code, reason);
      },
    }),
  },
  {
    name: "turns binary frames into text",
    fails: /binary frame arrives as bytes/,
    wrap: (l) => ({ ...l, onMessage: (data) => l.onMessage(typeof data === "string" ? data : "binary") }),
  },
  {
    name: "loses the HTTP status of a refused upgrade",
    fails: /refused upgrade \(503\)|refused with 401/,
    wrap: (l) => ({ ...l, onError: (error) => l.onError(new Error(error.message)) }),
  },
  {
    name: "reports an abnormal closure as code 0",
    fails: /vanishes after open/,
    wrap: (l) => ({ ...l, onClose: (code, reason) => l.onClose(code === 1006 ? 0 : code, reason) }),
  },
];

it.each(mutants)("the suite catches a transport that $name", async ({ fails, wrap }) => {
  const mutant: Transport = { open: (url, listener) => nodeTransport.open(url, wrap(listener, url)) };
  const failed = (await runConformance(mutant, server, { waitMs: 2000 }))
    .filter((r) => !r.ok)
    .map((r) => r.name);
  const mustFail = conformanceCaseNames.filter((name) => fails.test(name));
  expect(mustFail.length).toBeGreaterThan(0);
  expect(failed).toEqual(expect.arrayContaining(mustFail));
});
