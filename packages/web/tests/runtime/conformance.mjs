// Run by real Deno and real Bun (spawned by tests/runtimes.test.ts): the shared transport conformance
// cases against the built @zoomws/web. Prints one JSON line per result; exits by itself once every socket closed.
import { runConformance } from "@zoomws/testing/conformance";
import { webTransport } from "../../dist/index.js";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const { server, options } = JSON.parse(args[0]);
const line = (value) => console.log(JSON.stringify(value));

const version = globalThis.Deno
  ? `deno ${Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${Bun.version}`
    : `node ${process.version}`;
line({ type: "runtime", version });
await runConformance(webTransport, server, {
  ...options,
  onResult: (result) => line({ type: "result", ...result }),
});
line({ type: "done" });
