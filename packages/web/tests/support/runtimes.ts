import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach } from "vitest";

const require = createRequire(import.meta.url);
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const runtimeDir = join(packageDir, "tests", "runtime");

/** A JavaScript runtime with the standard WebSocket, and how to run a script in it. */
export interface Runtime {
  readonly name: "deno" | "bun" | "node";
  readonly command: string;
  /** The arguments that run `script` (with extra runtime `flags`, e.g. Deno permissions) and pass it `args`. */
  argv(script: string, flags: readonly string[], args: readonly string[]): string[];
}

/** The binaries come from the `deno` and `bun` npm packages (their install scripts must run: onlyBuiltDependencies). */
function binary(pkg: string, ...path: string[]): string {
  const file = join(dirname(require.resolve(`${pkg}/package.json`)), ...path);
  if (!existsSync(file))
    throw new Error(
      `${file} is missing: the ${pkg} package's install script must run (onlyBuiltDependencies)`,
    );
  return file;
}

export const deno: Runtime = {
  name: "deno",
  command: binary("deno", process.platform === "win32" ? "deno.exe" : "deno"),
  // --no-lock: never write a deno.lock into the repository.
  argv: (script, flags, args) => ["run", "--no-lock", ...flags, script, ...args],
};

export const bun: Runtime = {
  name: "bun",
  command: binary("bun", "bin", "bun.exe"),
  argv: (script, flags, args) => ["run", ...flags, script, ...args],
};

/** Node's own standard WebSocket (undici): global from Node 22, behind a flag in Node 20. */
export const nodeStandard: Runtime = {
  name: "node",
  command: process.execPath,
  argv: (script, flags, args) => [
    "--no-warnings",
    ...("WebSocket" in globalThis ? [] : ["--experimental-websocket"]),
    ...flags,
    script,
    ...args,
  ],
};

/** The built files the runtimes load: `npm test` builds them first; a lone vitest run needs `pnpm turbo run build`. */
export function requireBuilt(): void {
  const files = [
    join(packageDir, "dist", "index.js"),
    join(dirname(require.resolve("@zoomws/testing/package.json")), "dist", "conformance.js"),
  ];
  for (const file of files)
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm turbo run build\` first`);
}

export interface RunningScript {
  /** Every JSON line printed so far (other stdout lines are kept as `{ text }`). */
  readonly lines: readonly Record<string, unknown>[];
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first line (already printed or still to come) that matches. */
  waitFor(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves when the process exited by itself (or was killed). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly child: ChildProcess;
}

const running = new Set<ChildProcess>();

/**
 * Spawns `script` in `runtime`. A process still running when its test ends (a failure or a timeout) is
 * killed by the afterEach below, so no runtime outlives the test run.
 */
export function runScript(
  runtime: Runtime,
  script: string,
  options: { args?: readonly string[]; flags?: readonly string[]; env?: Record<string, string> } = {},
): RunningScript {
  const child = spawn(runtime.command, runtime.argv(script, options.flags ?? [], options.args ?? []), {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...pick(process.env, ["PATH", "HOME", "TMPDIR", "XDG_CACHE_HOME", "DENO_DIR", "SYSTEMROOT"]),
      NO_COLOR: "1",
      DO_NOT_TRACK: "1",
      DENO_NO_UPDATE_CHECK: "1",
      ...options.env,
    },
  });
  running.add(child);
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let stdout = "";
  let stderr = "";
  let pending = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
      const text = pending.slice(0, end);
      pending = pending.slice(end + 1);
      lines.push(parse(text));
    }
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      for (const waiter of [...waiters]) waiter();
      resolve({ code, signal });
    }),
  );
  return {
    lines,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    child,
    waitFor(match) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(
              new Error(`${runtime.name} exited before printing the line awaited:\n${stdout}\n${stderr}`),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  return { text };
}

function killLeftovers(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
afterEach(killLeftovers);
afterAll(killLeftovers);
