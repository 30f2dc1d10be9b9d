#!/usr/bin/env node
// Summarises V8 CPU profiles (from `pnpm bench --profile`): self time per function, heaviest first.
//   node bench/profile-summary.mjs bench/results/profiles/*.cpuprofile [--top 25]
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { root } from "./lib.mjs";

const files = process.argv.slice(2).filter((a) => a.endsWith(".cpuprofile"));
const topIndex = process.argv.indexOf("--top");
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
const self = new Map();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000;
  for (const [id, count] of counts) {
    const { callFrame } = byId.get(id);
    let where = callFrame.url;
    try {
      if (where.startsWith("file:")) where = relative(root, fileURLToPath(where));
    } catch {}
    const key = `${callFrame.functionName || "(anonymous)"}  ${where}:${callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + count * interval);
    total += count * interval;
  }
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [key, ms] of rows) {
  console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`);
}
console.log(`${total.toFixed(1).padStart(9)} ms total in ${files.length} profile(s)`);
