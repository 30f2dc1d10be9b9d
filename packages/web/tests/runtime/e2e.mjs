// Run by real Deno and real Bun (spawned by tests/e2e.test.ts): the built @zoomws/web against the emulator.
// Prints JSON lines; closes after "meeting.ended" and must then exit by itself (no process.exit, no Deno.exit).
import { createClient } from "../../dist/index.js";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const options = JSON.parse(args[0]);
const line = (value) => console.log(JSON.stringify(value));
const log = (level) => (message) => line({ type: "log", level, message: String(message) });

const client = createClient({
  ...options,
  logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
});
client.onStateChange((state) => line({ type: "state", state }));
client.onGap((gap) => line({ type: "gap", from: gap.from, to: gap.to }));
client.onError((error) =>
  line({ type: "error", code: error.code, message: error.message, stack: error.stack }),
);
client.on("*", async (event) => {
  line({ type: "event", event: event.event, id: event.payload.object?.id });
  if (event.event === "meeting.ended") {
    await client.close();
    line({ type: "closed", state: client.state });
  }
});
await client.connect();
line({ type: "connected" });
