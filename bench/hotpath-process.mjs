// The client's hot path in process, without sockets: decodeFrame (both JSON.parse calls, the pollution
// check), the machine's step, and dispatch to a handler, fed through a stub transport. The floor is the
// two JSON.parse calls alone. CPU only, so much steadier than the socket benchmark: for profiling.
import { dist, median, now, participantJoined, serve } from "./lib.mjs";

const { createClient } = await import(dist.node);
const frame = JSON.stringify({
  module: "message",
  content: await participantJoined("Qk5d4XbXSCujZlfR1nQ7ZA"),
  header: {},
});

let listener;
const transport = {
  open(_url, l) {
    listener = l;
    queueMicrotask(() => {
      l.onOpen();
      l.onMessage(JSON.stringify({ module: "build_connection", success: true, content: "ok", header: {} }));
    });
    return { send() {}, close: () => queueMicrotask(() => l.onClose(1000, "")) };
  },
};
let handled = 0;
const client = createClient({
  url: "ws://127.0.0.1/ws?subscriptionId=bench",
  getToken: async () => ({ accessToken: "bench-token", expiresIn: 3600 }),
  transport,
});
client.on("meeting.participant_joined", () => {
  handled++;
});
await client.connect();

function zoomws(n) {
  const start = now();
  for (let i = 0; i < n; i++) listener.onMessage(frame);
  return ((now() - start) * 1e6) / n;
}

function floor(n) {
  const start = now();
  for (let i = 0; i < n; i++) {
    const f = JSON.parse(frame);
    if (f.module === "message" && JSON.parse(f.content) !== null) handled++;
  }
  return ((now() - start) * 1e6) / n;
}

serve({
  measure({ events = 200_000, rounds = 7 } = {}) {
    zoomws(events / 4);
    floor(events / 4);
    const z = [];
    const f = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        z.push(zoomws(events));
        f.push(floor(events));
      } else {
        f.push(floor(events));
        z.push(zoomws(events));
      }
    }
    return { zoomwsNs: median(z), floorNs: median(f), rounds: { zoomws: z, floor: f }, handled };
  },
  close: () => client.close(),
});
