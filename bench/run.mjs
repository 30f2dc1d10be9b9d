#!/usr/bin/env node
// `pnpm bench`: builds the packages, then measures throughput, latency, memory, recovery and the core's
// cost side by side in one invocation. Prints a table and writes bench/results/latest.json.
//
//   pnpm bench [--rounds 5] [--events 100000] [--only throughput,hotpath,latency,memory,recovery,core]
//              [--profile]   (CPU profiles of the zoomws consumer into bench/results/profiles/)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build, MB, median, quantile, root, spawnChild } from "./lib.mjs";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    events: { type: "string", default: "100000" },
    "latency-rate": { type: "string", default: "10000" },
    "latency-seconds": { type: "string", default: "3" },
    "memory-events": { type: "string", default: "1000000" },
    "recovery-samples": { type: "string", default: "10" },
    cycles: { type: "string", default: "200" },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
  },
});
const sections = new Set((args.only ?? "throughput,hotpath,latency,memory,recovery,core").split(","));
const resultsDir = join(root, "bench", "results");
const profileDir = join(resultsDir, "profiles");
mkdirSync(resultsDir, { recursive: true });
const consumerArgv = (extra = []) =>
  args.profile ? [...extra, "--cpu-prof", `--cpu-prof-dir=${profileDir}`] : extra;

const log = (message) => process.stderr.write(`${message}\n`);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadAverageAtStart: loadavg(),
};
const rows = [];
const row = (section, metric, value, goal = "", ok = undefined) =>
  rows.push({ section, metric, value, goal, verdict: ok === undefined ? "" : ok ? "ok" : "MISSED" });
const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "n/a";

/** One emulator process and one consumer process, connected; always torn down. */
async function withPair(kind, fn, { execArgv = [], env = {} } = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const emulator = spawnChild("emulator-process.mjs");
  const consumer = spawnChild("consumer-process.mjs", [kind], execArgv);
  process.env = saved;
  try {
    const credentials = await emulator.call("credentials");
    return await fn({ emulator, consumer, credentials });
  } finally {
    await consumer.stop();
    await emulator.stop();
  }
}

/** Sends `count` frames and waits until the consumer's handler saw them all. */
async function measureBlast(emulator, consumer, count, record = false) {
  await consumer.call("arm", { count, record });
  const sent = await emulator.call("blast", { count });
  if (sent.sent !== count) throw new Error(`the emulator sent ${sent.sent} of ${count} frames`);
  const got = await consumer.call("done");
  return { ...got, sentStart: sent.start, perSecond: ((count - 1) * 1000) / (got.last - got.first) };
}

// ── throughput ─────────────────────────────────────────────────────────────

async function throughput() {
  const rounds = Number(args.rounds);
  const events = Number(args.events);
  const warmup = Math.min(20_000, events);
  const rates = { zoomws: [], floor: [] };
  for (let round = 0; round < rounds; round++) {
    // Alternate who goes first, so drift in the machine's load hits both alike.
    const order = round % 2 === 0 ? ["zoomws", "floor"] : ["floor", "zoomws"];
    for (const kind of order) {
      const rate = await withPair(
        kind,
        async ({ emulator, consumer, credentials }) => {
          await consumer.call("connect", { credentials });
          await measureBlast(emulator, consumer, warmup); // lets the JIT settle on both sides
          return (await measureBlast(emulator, consumer, events)).perSecond;
        },
        { execArgv: kind === "zoomws" ? consumerArgv() : [] },
      );
      rates[kind].push(rate);
      log(`  throughput round ${round + 1}/${rounds} ${kind}: ${fmt(rate)} events/s`);
    }
  }
  const zoomws = median(rates.zoomws);
  const floor = median(rates.floor);
  const ratio = zoomws / floor;
  results.throughput = { events, rounds, rates, medianZoomws: zoomws, medianFloor: floor, ratio };
  row("throughput", "@zoomws/node, median events/s", fmt(zoomws));
  row("throughput", "bare ws + 2×JSON.parse (floor), median events/s", fmt(floor));
  if (args.profile)
    row("throughput", "ratio of medians (only @zoomws/node was profiled: not comparable)", fmt(ratio, 3));
  else row("throughput", "ratio of medians", fmt(ratio, 3), "≥ 0.8", ratio >= 0.8);
}

// ── the hot path, in process ───────────────────────────────────────────────

async function hotpath() {
  const child = spawnChild("hotpath-process.mjs", [], consumerArgv());
  try {
    const figures = await child.call("measure", { events: Number(args.events) * 2 });
    results.hotpath = figures;
    row("hot path", "in process, no sockets: @zoomws/node, ns per event (median)", fmt(figures.zoomwsNs));
    row("hot path", "in process: 2×JSON.parse alone, ns per event (median)", fmt(figures.floorNs));
    row(
      "hot path",
      "overhead of decode + machine + dispatch",
      `${fmt(figures.zoomwsNs - figures.floorNs)} ns`,
    );
  } finally {
    await child.stop();
  }
}

// ── latency ────────────────────────────────────────────────────────────────

async function latency() {
  const rate = Number(args["latency-rate"]);
  const seconds = Number(args["latency-seconds"]);
  results.latency = {};
  for (const kind of ["zoomws", "floor"]) {
    const figures = await withPair(kind, async ({ emulator, consumer, credentials }) => {
      await consumer.call("connect", { credentials });
      const run = async (durationMs, record) => {
        const count = Math.round((rate * durationMs) / 1000);
        await consumer.call("arm", { count, record });
        const sent = await emulator.call("steady", { rate, durationMs });
        const got = await consumer.call("done");
        return { sent, got };
      };
      await run(1000, false); // warm-up
      const { sent, got } = await run(seconds * 1000, true);
      const delays = got.times.map((t, i) => t - sent.times[i]);
      const fromSchedule = got.times.map((t, i) => t - sent.scheduled[i]);
      return {
        p50: quantile(delays, 0.5),
        p99: quantile(delays, 0.99),
        scheduleP99: quantile(fromSchedule, 0.99),
        scheduleMax: fromSchedule.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
        max: delays.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
        events: delays.length,
        achievedRate: (delays.length * 1000) / sent.elapsedMs,
      };
    });
    results.latency[kind] = figures;
    log(`  latency ${kind}: p50 ${fmt(figures.p50, 3)} ms, p99 ${fmt(figures.p99, 3)} ms`);
  }
  const z = results.latency.zoomws;
  const f = results.latency.floor;
  row(
    "latency",
    `@zoomws/node at ${fmt(rate)} events/s (${fmt(z.achievedRate)} achieved): p50`,
    `${fmt(z.p50, 3)} ms`,
  );
  row("latency", "@zoomws/node p99", `${fmt(z.p99, 3)} ms`, "< 2 ms", z.p99 < 2);
  row("latency", "@zoomws/node max", `${fmt(z.max, 3)} ms`);
  row("latency", "floor p50 / p99 / max", `${fmt(f.p50, 3)} / ${fmt(f.p99, 3)} / ${fmt(f.max, 3)} ms`);
  row(
    "latency",
    "p99 / max from when each frame was due (counts the sender falling behind): @zoomws/node; floor",
    `${fmt(z.scheduleP99, 3)} / ${fmt(z.scheduleMax, 3)} ms; ${fmt(f.scheduleP99, 3)} / ${fmt(f.scheduleMax, 3)} ms`,
  );
}

// ── memory ─────────────────────────────────────────────────────────────────

async function memory() {
  const total = Number(args["memory-events"]);
  const cycles = Number(args.cycles);
  results.memory = {};
  const execArgv = ["--expose-gc"];

  // Per event: the heap after 10,000 events and after 1,000,000.
  await withPair(
    "zoomws",
    async ({ emulator, consumer, credentials }) => {
      await consumer.call("connect", { credentials });
      await measureBlast(emulator, consumer, 10_000);
      const after10k = await consumer.call("memory");
      // Without a forced GC the heap figures are whatever garbage happens to be uncollected.
      if (!after10k.gc) throw new Error("the memory consumer runs without --expose-gc");
      let left = total - 10_000;
      while (left > 0) {
        const chunk = Math.min(left, 200_000);
        await measureBlast(emulator, consumer, chunk);
        left -= chunk;
      }
      const after1m = await consumer.call("memory");
      const growth = (after1m.heapUsed - after10k.heapUsed) / MB;
      results.memory.events = { after10k, after1m, growthMB: growth };
      row("memory", "heap after 10,000 events", `${fmt(after10k.heapUsed / MB, 2)} MB`);
      row("memory", `heap after ${fmt(total)} events`, `${fmt(after1m.heapUsed / MB, 2)} MB`);
      row(
        "memory",
        `heap growth over the ${fmt(total - 10_000)} events after the first 10,000`,
        `${fmt(growth, 2)} MB`,
        "< 10 MB",
        growth < 10,
      );
    },
    { execArgv },
  );
  log("  memory: events done");

  // Per reconnect: drops and token rejections, each answered at once (stableAfterMs 1 keeps the first
  // retry immediate, so cycles are fast; the paths exercised are the default ones).
  await withPair(
    "zoomws",
    async ({ emulator, consumer, credentials }) => {
      await consumer.call("connect", { credentials, options: { stableAfterMs: 1, quiet: true } });
      const cycle = async (n) => {
        for (let i = 0; i < n; i++) {
          await emulator.call("fault", { kind: i % 2 === 0 ? "drop" : "rejectToken" });
          await consumer.call("connected");
        }
      };
      await cycle(20);
      const before = await consumer.call("memory");
      await cycle(cycles / 2);
      const middle = await consumer.call("memory");
      await cycle(cycles / 2);
      const after = await consumer.call("memory");
      const growth = (after.heapUsed - before.heapUsed) / MB;
      const halves = [(middle.heapUsed - before.heapUsed) / MB, (after.heapUsed - middle.heapUsed) / MB];
      results.memory.reconnects = { cycles, before, middle, after, growthMB: growth, halvesMB: halves };
      row(
        "memory",
        `heap growth over ${cycles} reconnects (drops, token rejections; 1st half + 2nd half)`,
        `${fmt(growth, 2)} MB (${fmt(halves[0], 2)} + ${fmt(halves[1], 2)})`,
        "< 10 MB",
        growth < 10,
      );
      row(
        "memory",
        "active handles before / after the reconnects",
        `${before.resources.length} / ${after.resources.length}`,
        "no growth",
        after.resources.length <= before.resources.length,
      );
    },
    { execArgv },
  );
  log("  memory: reconnects done");

  // Per token rotation: 1-second tokens make the client rotate about every 0.75 s.
  await withPair(
    "zoomws",
    async ({ emulator, consumer, credentials }) => {
      await consumer.call("connect", { credentials, options: { quiet: true } });
      await emulator.call("waitForConnections", { n: 5 });
      const before = await consumer.call("memory");
      const rotations = 40;
      await emulator.call("waitForConnections", { n: 5 + rotations / 2 });
      const middle = await consumer.call("memory");
      await emulator.call("waitForConnections", { n: 5 + rotations });
      const after = await consumer.call("memory");
      const growth = (after.heapUsed - before.heapUsed) / MB;
      const halves = [(middle.heapUsed - before.heapUsed) / MB, (after.heapUsed - middle.heapUsed) / MB];
      results.memory.rotations = { rotations, before, middle, after, growthMB: growth, halvesMB: halves };
      row(
        "memory",
        `heap growth over ${rotations} token rotations (1st half + 2nd half)`,
        `${fmt(growth, 2)} MB (${fmt(halves[0], 2)} + ${fmt(halves[1], 2)})`,
        "< 10 MB",
        growth < 10,
      );
    },
    { execArgv, env: { BENCH_TOKEN_LIFETIME_S: "1" } },
  );
  log("  memory: rotations done");
}

// ── recovery ───────────────────────────────────────────────────────────────

async function recovery() {
  const samples = Number(args["recovery-samples"]);
  const times = { drop: [], rejectToken: [] };
  await withPair("zoomws", async ({ emulator, consumer, credentials }) => {
    await consumer.call("connect", { credentials, options: { quiet: true } });
    for (let i = 0; i < samples; i++) {
      for (const kind of ["drop", "rejectToken"]) {
        await consumer.call("arm", { count: 1 });
        const fault = await emulator.call("fault", { kind });
        const got = await consumer.call("done");
        times[kind].push(got.last - fault.at);
        // A fresh start, so that every sample sees the default first retry (immediate) and not backoff.
        await consumer.call("restart");
      }
    }
  });
  results.recovery = {
    samples,
    dropMs: times.drop,
    rejectTokenMs: times.rejectToken,
    medianDropMs: median(times.drop),
    medianRejectTokenMs: median(times.rejectToken),
  };
  row(
    "recovery",
    "dropped socket → events flowing, median (max)",
    `${fmt(median(times.drop), 1)} (${fmt(Math.max(...times.drop), 1)}) ms`,
  );
  row(
    "recovery",
    "rejected token → events flowing, median (max)",
    `${fmt(median(times.rejectToken), 1)} (${fmt(Math.max(...times.rejectToken), 1)}) ms`,
  );
}

// ── cost of the core ───────────────────────────────────────────────────────

/** Pluggable: the event catalog provides packages/core/bench/core-cost.ts; without it this section says so. */
async function coreCost() {
  const module = join(root, "packages/core/bench/core-cost.ts");
  if (!existsSync(module)) {
    results.core = "n/a (catalog not present)";
    row("core", "parse + validate vs JSON.parse, import time, bundle size", "n/a (catalog not present)");
    return;
  }
  const child = spawnChild("core-cost-process.mjs", [module], ["--import", "tsx"]);
  try {
    const figures = await child.call("measure");
    results.core = figures;
    for (const [metric, value] of Object.entries(figures)) {
      const text = typeof value === "number" ? fmt(value, value < 100 ? 3 : 0) : String(value);
      // A metric that names its goal ("(goal <= 1)") gets a verdict like the other sections' goals.
      const goal = /\(goal <= ([\d.]+)\)/.exec(metric);
      if (goal && typeof value === "number")
        row("core", metric, text, `≤ ${goal[1]}`, value <= Number(goal[1]));
      else row("core", metric, text);
    }
  } finally {
    await child.stop();
  }
}

// ── main ───────────────────────────────────────────────────────────────────

if (!args["no-build"]) {
  log("building @zoomws/node and @zoomws/testing…");
  build();
}
const started = Date.now();
for (const [name, run] of [
  ["throughput", throughput],
  ["hotpath", hotpath],
  ["latency", latency],
  ["memory", memory],
  ["recovery", recovery],
  ["core", coreCost],
]) {
  if (!sections.has(name)) continue;
  log(`▶ ${name}`);
  await run();
}
results.loadAverageAtEnd = loadavg();
results.durationS = (Date.now() - started) / 1000;

const file = join(resultsDir, "latest.json");
writeFileSync(file, `${JSON.stringify({ ...results, table: rows }, null, 2)}\n`);

const widths = ["section", "metric", "value", "goal", "verdict"].map((k) =>
  Math.max(k.length, ...rows.map((r) => String(r[k]).length)),
);
const line = (cells) =>
  cells
    .map((c, i) => String(c).padEnd(widths[i]))
    .join("  ")
    .trimEnd();
console.log();
console.log(line(["section", "metric", "value", "goal", "verdict"]));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line([r.section, r.metric, r.value, r.goal, r.verdict]));
console.log(
  `\n${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; ${results.durationS.toFixed(0)} s. Written to ${file}`,
);
if (args.profile) console.log(`CPU profiles of the zoomws consumer: ${profileDir}`);
