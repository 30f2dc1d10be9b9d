#!/usr/bin/env node
// The two entry points a fresh clone needs: `npm test` and `npm run demo`.
// Only Node and npm are assumed; pnpm comes through npx at the pinned version.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split(
  "@",
)[1];
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  FORCE_COLOR: process.env.FORCE_COLOR ?? "1",
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(step, command, args) {
  console.error(`\n▶ ${step}`);
  const status = run(command, args);
  if (status !== 0) {
    console.error(`\n✖ ${step} failed (exit ${status})`);
    process.exit(status);
  }
}

/** pnpm at the version the repo pins: the one on PATH if it matches, else through npx. */
function pnpm() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${PNPM_VERSION}`]];
}

const [pnpmCommand, pnpmPrefix] = pnpm();
const p = (...args) => [pnpmCommand, [...pnpmPrefix, ...args]];

must("install dependencies", ...p("install", "--frozen-lockfile", "--prefer-offline"));

const task = process.argv[2];
if (task === "demo") {
  must("build", ...p("exec", "turbo", "run", "build", "--filter=example^..."));
  // The demo handles Ctrl-C itself (clean close, exit 0): wait for it rather than die first.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  const demo = [
    "--conditions=@zoomws/source",
    "--import",
    "tsx",
    "apps/example/src/main.ts",
    ...process.argv.slice(3),
  ];
  process.exit(run(process.execPath, demo));
}

if (task === "test") {
  must("build every package", ...p("exec", "turbo", "run", "build"));
  must("lint and format (Biome)", ...p("exec", "biome", "ci", "."));
  must("type-check every package", ...p("exec", "turbo", "run", "typecheck"));
  must(
    "check the packages as published (publint, attw)",
    ...p("exec", "turbo", "run", "check:package", "--concurrency=1"),
  );
  const results = join(root, ".vitest-results.json");
  rmSync(results, { force: true });
  console.error("\n▶ tests (vitest)");
  const status = run(
    ...p("exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}`),
  );
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, "utf8"));
    const skipped = summary.numPendingTests + summary.numTodoTests;
    console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
    if (summary.numTotalTests === 0) process.exit(1);
    // Every test passed, yet vitest failed: an error outside the tests (an unhandled rejection, say).
    if (status !== 0 && summary.numFailedTests === 0)
      console.log(`but vitest exited ${status}: see the errors above`);
  }
  process.exit(status);
}

console.error("usage: node scripts/run.mjs test|demo");
process.exit(2);
