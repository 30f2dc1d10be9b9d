// The emulator, in its own process: the benchmark's server side. Driven over IPC by run.mjs.
import { dist, now, participantJoined, serve } from "./lib.mjs";

const { startEmulator } = await import(dist.testing);
const lifetime = Number(process.env.BENCH_TOKEN_LIFETIME_S ?? 3600);
const zoom = await startEmulator({ tokenLifetimeSeconds: lifetime });
const body = await participantJoined(zoom.accountId);

const soak = { timer: undefined, next: 1, sent: [], unsent: 0 };

/** Resolves once a connection is live (and speaking). */
async function live() {
  if (!zoom.liveConnection) await zoom.waitFor("established");
}

serve({
  credentials: () => ({
    clientId: zoom.clientId,
    clientSecret: zoom.clientSecret,
    accountId: zoom.accountId,
    url: zoom.endpointUrl,
    oauthUrl: zoom.oauthUrl,
    bodyBytes: Buffer.byteLength(body),
  }),

  /** `count` frames as fast as the socket takes them. */
  async blast({ count }) {
    await live();
    const start = now();
    const sent = await zoom.blast(body, { count });
    return { sent, start, end: now() };
  },

  /**
   * A steady `rate` events/s for `durationMs`: every millisecond, the frames due so far. Returns the
   * time each frame was handed to the socket, in order.
   */
  async steady({ rate, durationMs }) {
    await live();
    const total = Math.round((rate * durationMs) / 1000);
    const times = new Float64Array(total);
    const start = now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((now() - start) * rate) / 1000) + 1);
      if (due > sent) {
        const at = now();
        const n = await zoom.blast(body, { count: due - sent });
        if (n !== due - sent) throw new Error("the connection ended during the steady stream");
        times.fill(at, sent, due);
        sent = due;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // When each frame was due by the schedule: a latency measured from there also counts any time the
    // sender itself fell behind (e.g. held up by back-pressure), which measuring from the write hides.
    const scheduled = Array.from({ length: total }, (_, i) => start + (i * 1000) / rate);
    return { times: Array.from(times), scheduled, elapsedMs: now() - start };
  },

  /**
   * Injects a fault on the live connection, then sends one event as soon as a new connection is
   * established: the client's first event after the fault measures its recovery.
   */
  async fault({ kind }) {
    await live();
    const connections = zoom.connections.length;
    const established = zoom.waitFor("established", (c) => c.id > connections);
    const at = now();
    if (kind === "drop") zoom.dropSocket();
    else if (kind === "rejectToken") zoom.rejectToken();
    else throw new Error(`unknown fault ${kind}`);
    await established;
    const up = now();
    await zoom.blast(body, { count: 1 });
    return { at, up };
  },

  async waitForConnections({ n }) {
    await zoom.waitForConnections(n);
    return zoom.connections.length;
  },

  // ── soak ──────────────────────────────────────────────────────────────────

  /** A steady stream of events numbered from 1 (in `payload.object.participant.user_id`). */
  stream({ rate }) {
    const template = JSON.parse(body);
    template.payload.object.participant.user_id = "__SEQ__";
    const text = JSON.stringify(template);
    const perTick = Math.max(1, Math.round(rate / 100));
    clearInterval(soak.timer);
    soak.timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) {
        const seq = soak.next;
        // Only an event a live connection took counts as sent: Zoom drops the rest.
        if (zoom.emit(text.replace("__SEQ__", String(seq)))) {
          soak.sent.push(seq, zoom.liveConnection.id);
          soak.next++;
        } else soak.unsent++;
      }
    }, 10);
    return true;
  },

  stopStream() {
    clearInterval(soak.timer);
    return soak.next - 1;
  },

  /** One more numbered event, once a connection is live: its delivery proves the stream drained. */
  async marker() {
    for (;;) {
      await live();
      const seq = soak.next;
      const id = zoom.liveConnection?.id;
      if (id !== undefined && zoom.emit(body.replace(/"user_id":"[^"]*"/, `"user_id":"${seq}"`))) {
        soak.sent.push(seq, id);
        soak.next++;
        return seq;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },

  inject({ fault, detail }) {
    switch (fault) {
      case "dropSocket":
        return zoom.dropSocket();
      case "goSilent":
        return zoom.goSilent();
      case "rejectToken":
        return zoom.rejectToken();
      case "revokeTokens":
        return zoom.revokeTokens() > 0;
      case "sendMalformed":
        return zoom.sendMalformed(detail);
      case "failTokenRequests":
        zoom.failTokenRequests(detail.count, detail.status, { retryAfterSeconds: detail.retryAfterSeconds });
        return true;
      default:
        throw new Error(`unknown fault ${fault}`);
    }
  },

  /** What was sent on which connection, and how each connection ended. */
  soakLog: () => ({
    sent: soak.sent,
    unsent: soak.unsent,
    connections: zoom.connections.map((c) => ({ id: c.id, endedBy: c.endedBy ?? null, silent: c.silent })),
    tokenRequests: zoom.tokenRequests.length,
    heartbeats: zoom.heartbeats,
  }),

  dropSocket: () => zoom.dropSocket(),
  rejectToken: () => zoom.rejectToken(),
  connections: () => zoom.connections.length,
  close: () => {
    clearInterval(soak.timer);
    return zoom.close();
  },
});
