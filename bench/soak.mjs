#!/usr/bin/env node
// `pnpm soak --minutes N`: the Node client against the emulator (in its own process) for N minutes,
// with a fault injected at random every few seconds. Checks that every event sent on a connection was
// delivered exactly once and in order (only a dropped TCP connection may lose what was in flight), and
// that the client's handles, timers, listeners and heap do not grow. Exits 1 on any violation.
//
//   pnpm soak [--minutes 1] [--rate 200] [--seed 42] [--no-build]
import { parseArgs } from "node:util";
import { build, dist, MB, spawnChild } from "./lib.mjs";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "1" },
    rate: { type: "string", default: "200" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    "no-build": { type: "boolean", default: false },
  },
});
const minutes = Number(args.minutes);
const seed = Number(args.seed);
const log = (message) =>
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** mulberry32: a reproducible fault schedule for a given --seed. */
function prng(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const pick = (items) => items[Math.floor(random() * items.length)];

if (!args["no-build"]) {
  log("building @zoomws/node and @zoomws/testing…");
  build();
}
const { createClient, nodeTransport } = await import(dist.node);
const { malformedKinds } = await import(dist.testing);

// Tokens live 20 s, so the client also rotates every ~15 s throughout.
process.env.BENCH_TOKEN_LIFETIME_S = "20";
const emulator = spawnChild("emulator-process.mjs");
const credentials = await emulator.call("credentials");
delete credentials.bodyBytes;

// Default options except a short heartbeat (a silenced connection is found in 4 s, not 50 s) and a
// shorter backoff ceiling, so that a few minutes see many recoveries rather than a few long waits.
const options = { heartbeatIntervalMs: 2000, backoff: { maxMs: 5000 }, stableAfterMs: 10_000 };
const delivered = [];
const stats = { events: 0, other: 0, errors: new Map(), gaps: 0, states: new Map() };
let markerWaiter;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
// The Node transport, counting the socket listeners the client holds: one per socket not yet closed.
let socketListeners = 0;
const transport = {
  open(url, listener) {
    socketListeners++;
    let closed = false;
    return nodeTransport.open(url, {
      onOpen: () => listener.onOpen(),
      onMessage: (data) => listener.onMessage(data),
      onError: (error) => listener.onError(error),
      onClose: (code, reason) => {
        if (!closed) socketListeners--;
        closed = true;
        listener.onClose(code, reason);
      },
    });
  },
};
const client = createClient({ ...credentials, ...options, transport, logger: quiet });
client.on("meeting.participant_joined", (event) => {
  const seq = Number(event.payload?.object?.participant?.user_id);
  if (!Number.isInteger(seq) || seq <= 0) {
    stats.other++;
    return;
  }
  stats.events++;
  delivered.push(seq);
  if (markerWaiter && seq === markerWaiter.seq) markerWaiter.resolve();
});
client.onError((error) => stats.errors.set(error.code, (stats.errors.get(error.code) ?? 0) + 1));
client.onGap(() => stats.gaps++);
client.onStateChange((state) => stats.states.set(state, (stats.states.get(state) ?? 0) + 1));

/** What the client holds: its timers and sockets (the IPC channel and stdio are the harness's). */
function resources() {
  return countBy(process.getActiveResourcesInfo());
}
/** Listeners: the client's socket listeners, and any it might leave on `process`. */
function listeners() {
  const onProcess = process.eventNames().reduce((n, name) => n + process.listenerCount(name), 0);
  return { sockets: socketListeners, process: onProcess };
}
function heapMB() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / MB;
}
const waitConnected = () =>
  client.state === "connected"
    ? Promise.resolve()
    : new Promise((resolve) => {
        const off = client.onStateChange((state) => {
          if (state === "connected") {
            off();
            resolve();
          }
        });
      });

log(`seed ${seed}, ${minutes} min, ${args.rate} events/s; options ${JSON.stringify(options)}`);
const idleResources = resources();
await client.connect();
await emulator.call("stream", { rate: Number(args.rate) });
const baseline = { resources: resources(), heapMB: heapMB(), listeners: listeners() };

const faults = {
  dropSocket: () => ({ fault: "dropSocket" }),
  goSilent: () => ({ fault: "goSilent" }),
  rejectToken: () => ({ fault: "rejectToken" }),
  revokeTokens: () => ({ fault: "revokeTokens" }),
  sendMalformed: () => ({ fault: "sendMalformed", detail: pick(malformedKinds) }),
  failTokenRequests: () => ({
    fault: "failTokenRequests",
    detail: {
      count: 1 + Math.floor(random() * 3),
      status: pick([429, 500, 503]),
      retryAfterSeconds: random() < 0.5 ? 1 : undefined,
    },
  }),
};
const injected = Object.fromEntries(Object.keys(faults).map((name) => [name, { injected: 0, noTarget: 0 }]));
const samples = [];
const end = Date.now() + minutes * 60_000;
while (Date.now() < end) {
  await new Promise((resolve) => setTimeout(resolve, 2000 + random() * 4000));
  if (Date.now() >= end) break;
  const name = pick(Object.keys(faults));
  const applied = await emulator.call("inject", faults[name]());
  injected[name][applied ? "injected" : "noTarget"]++;
  if (client.state === "connected")
    samples.push({ at: Date.now(), resources: resources(), heapMB: heapMB(), listeners: listeners() });
}

log("faults stopped; draining");
const lastStreamed = await emulator.call("stopStream");
await waitConnected();
// One last event: once it arrives, everything sent before it on that connection has arrived too.
const markerDelivered = new Promise((resolve) => {
  markerWaiter = { seq: 0, resolve };
});
markerWaiter.seq = await emulator.call("marker");
if (delivered.includes(markerWaiter.seq)) markerWaiter.resolve();
let deadline;
const drained = await Promise.race([
  markerDelivered.then(() => true),
  new Promise((resolve) => {
    deadline = setTimeout(() => resolve(false), 60_000);
  }),
]);
clearTimeout(deadline);
const final = { resources: resources(), heapMB: heapMB(), listeners: listeners() };
const report = await emulator.call("soakLog");
await client.close();
const afterClose = resources();
const listenersAfterClose = listeners();
await emulator.stop();

// ── checks ──────────────────────────────────────────────────────────────────
const problems = [];
const connectionEnd = new Map(report.connections.map((c) => [c.id, c]));
const sentOn = new Map();
for (let i = 0; i < report.sent.length; i += 2) sentOn.set(report.sent[i], report.sent[i + 1]);
const seen = new Set();
let duplicates = 0;
let outOfOrder = 0;
let previous = 0;
for (const seq of delivered) {
  if (seen.has(seq)) duplicates++;
  else if (seq < previous) outOfOrder++;
  seen.add(seq);
  previous = Math.max(previous, seq);
}
// A TCP connection destroyed mid-stream loses what was in flight, for Zoom's clients too (the gap is
// reported): only the tail of what was sent on a dropped connection, after the last event of it that was
// delivered. An event missing before a delivered one of the same connection was lost by the client.
const lastDeliveredOn = new Map();
for (const [seq, connectionId] of sentOn) {
  if (seen.has(seq)) lastDeliveredOn.set(connectionId, Math.max(lastDeliveredOn.get(connectionId) ?? 0, seq));
}
let lostLegitimately = 0;
const lost = [];
for (const [seq, connectionId] of sentOn) {
  if (seen.has(seq)) continue;
  const ended = connectionEnd.get(connectionId)?.endedBy;
  const inFlight = seq > (lastDeliveredOn.get(connectionId) ?? 0);
  if (ended === "dropped" && inFlight) lostLegitimately++;
  else
    lost.push({
      seq,
      connectionId,
      endedBy: ended,
      ...(ended === "dropped" && { beforeADeliveredOne: true }),
    });
}
if (!drained) problems.push("the final marker event was not delivered within 60 s");
if (duplicates > 0) problems.push(`${duplicates} events delivered more than once`);
if (outOfOrder > 0) problems.push(`${outOfOrder} events delivered out of order`);
if (lost.length > 0) {
  problems.push(
    `${lost.length} events sent on a connection that was not dropped were never delivered, e.g. ${JSON.stringify(lost.slice(0, 5))}`,
  );
}
for (const extra of [...seen].filter((seq) => !sentOn.has(seq)))
  problems.push(`event ${extra} delivered but never sent`);
// Not vacuous: the stream did reach the client, and the faults did hit live connections.
const offered = sentOn.size + report.unsent;
if (seen.size === 0) problems.push("no streamed event was delivered at all");
else if (sentOn.size < offered / 4) {
  problems.push(
    `only ${sentOn.size} of ${offered} events offered found a live connection: the client was mostly down`,
  );
}
const attempts = Object.values(injected).reduce((n, c) => n + c.injected + c.noTarget, 0);
if (attempts > 0 && Object.values(injected).every((c) => c.injected === 0))
  problems.push(`none of the ${attempts} faults found a live connection to hit`);

function countBy(names) {
  const counts = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const timers = (counts) => counts.Timeout ?? 0;
const maxTimers = Math.max(timers(baseline.resources), ...samples.map((s) => timers(s.resources)));
const maxResources = Math.max(total(baseline.resources), ...samples.map((s) => total(s.resources)));
// Bounded, not growing: a leak shows as a climb over the run, so compare the last quarter to the first.
const quarter = Math.max(1, Math.floor(samples.length / 4));
const avg = (list, f) => list.reduce((a, s) => a + f(s), 0) / Math.max(1, list.length);
const early = samples.slice(0, quarter);
const late = samples.slice(-quarter);
const resourceGrowth = avg(late, (s) => total(s.resources)) - avg(early, (s) => total(s.resources));
const heapGrowth = final.heapMB - baseline.heapMB;
if (total(final.resources) > total(baseline.resources)) {
  problems.push(`handles grew: ${JSON.stringify(baseline.resources)} → ${JSON.stringify(final.resources)}`);
}
if (resourceGrowth >= 1)
  problems.push(`handles climbed by ${resourceGrowth.toFixed(1)} on average over the run`);
// At most the current socket, a rotation's next one and one still closing; none after close().
const maxSocketListeners = Math.max(...[baseline, ...samples, final].map((s) => s.listeners.sockets));
if (maxSocketListeners > 3) problems.push(`the client held ${maxSocketListeners} socket listeners at once`);
if (listenersAfterClose.sockets !== 0)
  problems.push(`after close() ${listenersAfterClose.sockets} socket listeners were never closed`);
const maxProcessListeners = Math.max(...[...samples, final].map((s) => s.listeners.process));
if (
  maxProcessListeners > baseline.listeners.process ||
  listenersAfterClose.process > baseline.listeners.process
)
  problems.push(`listeners on process grew: ${baseline.listeners.process} → max ${maxProcessListeners}`);
if (heapGrowth > 10) problems.push(`heap grew by ${heapGrowth.toFixed(1)} MB`);
if (total(afterClose) > total(idleResources)) {
  problems.push(
    `after close() the client left ${JSON.stringify(afterClose)} (before connect: ${JSON.stringify(idleResources)})`,
  );
}

// ── summary ─────────────────────────────────────────────────────────────────
console.log(`\nsoak: ${minutes} min, seed ${seed}, ${args.rate} events/s`);
console.log("\nfault               injected  no live connection");
for (const [name, c] of Object.entries(injected)) {
  console.log(`${name.padEnd(20)}${String(c.injected).padStart(8)}  ${String(c.noTarget).padStart(18)}`);
}
console.log(
  `\nevents sent on a live connection  ${sentOn.size} (${report.unsent} offered while none was live)`,
);
console.log(
  `delivered                        ${seen.size} (${stats.other} other events, e.g. malformed-fault ones)`,
);
console.log(`lost with a dropped TCP socket   ${lostLegitimately}`);
console.log(`duplicates / out of order        ${duplicates} / ${outOfOrder}`);
console.log(
  `connections                      ${report.connections.length}; token requests ${report.tokenRequests}; heartbeats ${report.heartbeats}`,
);
console.log(
  `connection endings                ${JSON.stringify(
    countBy(report.connections.map((c) => c.endedBy ?? "open")),
  )}`,
);
console.log(`gaps reported                    ${stats.gaps}`);
console.log(`errors reported (by code)        ${JSON.stringify(Object.fromEntries(stats.errors))}`);
console.log(`client states entered            ${JSON.stringify(Object.fromEntries(stats.states))}`);
console.log(
  `handles (timers) while connected  start ${total(baseline.resources)} (${timers(baseline.resources)}), max ${maxResources} (${maxTimers}), end ${total(final.resources)} (${timers(final.resources)}); after close ${total(afterClose)} (idle ${total(idleResources)})`,
);
console.log(
  `listeners                        sockets max ${maxSocketListeners}, after close ${listenersAfterClose.sockets}; on process ${baseline.listeners.process} → max ${maxProcessListeners}, after close ${listenersAfterClose.process}`,
);
console.log(
  `heap                             ${baseline.heapMB.toFixed(1)} MB → ${final.heapMB.toFixed(1)} MB${globalThis.gc ? "" : " (without --expose-gc: noisy)"}`,
);
console.log(`last event streamed              ${lastStreamed}`);
if (problems.length > 0) {
  console.log(`\nFAILED:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("\nclean: every event sent on a live connection was delivered once, in order; nothing grew.");
process.exit(0);
