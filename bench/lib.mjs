// Shared by the benchmark and soak processes. Plain ESM over the built packages (dist/), so what is
// measured is what users install.
import { fork, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const dist = {
  node: pathToFileURL(join(root, "packages/node/dist/index.js")).href,
  testing: pathToFileURL(join(root, "packages/testing/dist/index.js")).href,
};

/** `ws`, resolved the way @zoomws/node resolves it: the bare floor uses the very same library. */
export function loadWs() {
  return createRequire(join(root, "packages/node/package.json"))("ws");
}

/**
 * Milliseconds on CLOCK_MONOTONIC (process.hrtime). On Linux that clock is shared by every process on
 * the machine, so a time taken in the emulator's process and one taken in the client's compare
 * directly, with nanosecond resolution and no wall-clock adjustments (unlike Date.now() or
 * performance.timeOrigin, which is sampled separately in each process).
 */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Builds what the benchmark runs: the packages' dist/ (turbo caches an unchanged build). */
export function build(filters = ["@zoomws/node", "@zoomws/testing"]) {
  const args = [
    "exec",
    "turbo",
    "run",
    "build",
    ...filters.map((f) => `--filter=${f}`),
    "--output-logs=errors-only",
  ];
  const result = spawnSync("pnpm", args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`the build failed (exit ${result.status})`);
  }
}

/** Starts a child process and talks to it by request/response over IPC. */
export function spawnChild(script, args = [], execArgv = []) {
  const child = fork(join(root, "bench", script), args, {
    cwd: root,
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 0;
  const pending = new Map();
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      for (const { reject } of pending.values()) {
        reject(new Error(`${script} exited (${signal ?? code}) before answering`));
      }
      pending.clear();
      resolve(code);
    });
  });
  child.on("message", (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if ("error" in message) waiter.reject(new Error(`${script}: ${message.error}`));
    else waiter.resolve(message.result);
  });
  return {
    call(method, params = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, method, params });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          await this.call("exit");
        } catch {
          // It exited while answering: that is what we asked for.
        }
      }
      await exited;
    },
    kill() {
      child.kill("SIGKILL");
      return exited;
    },
  };
}

/** In a child: answers the parent's calls with `handlers[method](params)`. */
export function serve(handlers) {
  const all = {
    ...handlers,
    exit: async () => {
      await handlers.close?.();
      setImmediate(() => process.exit(0));
      return true;
    },
  };
  process.on("message", async ({ id, method, params }) => {
    try {
      const handler = all[method];
      if (!handler) throw new Error(`unknown method ${method}`);
      const result = await handler(params);
      process.send({ id, result: result ?? null });
    } catch (error) {
      process.send({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  // The parent died: do not linger.
  process.on("disconnect", () => process.exit(0));
}

/** The event body every benchmark sends: a realistic meeting.participant_joined (the emulator's template). */
export async function participantJoined(accountId) {
  const { buildEvent } = await import(dist.testing);
  return JSON.stringify(
    buildEvent("meeting.participant_joined", { payload: { account_id: accountId } }, Date.now()),
  );
}

export function median(values) {
  return quantile(values, 0.5);
}

export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export const MB = 1024 * 1024;
