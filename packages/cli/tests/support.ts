import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ZoomEmulator } from "@zoomws/testing";
import { afterEach } from "vitest";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs");
const CLI = join(packageRoot, "src", "cli.ts");

export interface Cli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Both streams, for scanning for secrets. */
  all(): string;
  /** Resolves once `predicate` holds for what stdout (or stderr) has printed so far. */
  waitForStdout(predicate: (text: string) => boolean): Promise<string>;
  /** Resolves once stderr (from character `since` on) matches `pattern`. */
  waitForStderr(pattern: RegExp, since?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exit(): Promise<number | string>;
  interrupt(): Promise<number | string>;
}

const running = new Set<Cli>();
const folders: string[] = [];

afterEach(() => {
  for (const cli of running) cli.child.kill("SIGKILL");
  running.clear();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh empty folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "zoomws-cli-"));
  folders.push(dir);
  return dir;
}

/**
 * Runs the CLI from source in one real Node process (tsx as a loader, so signals reach it),
 * with only the given environment (no ZOOM_* from the outer one) in `cwd` (default: a fresh folder).
 */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Cli {
  const env: NodeJS.ProcessEnv = { PATH: process.env["PATH"], HOME: tempDir(), NO_COLOR: "1" };
  Object.assign(env, options.env);
  const child = spawn(process.execPath, ["--conditions=@zoomws/source", "--import", tsx, CLI, ...args], {
    cwd: options.cwd ?? tempDir(),
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  const waitOn = async (stream: NodeJS.ReadableStream, text: () => string, ok: (t: string) => boolean) => {
    while (!ok(text())) {
      const data = once(stream, "data");
      const ended = exited.then((code) => {
        if (!ok(text())) throw new Error(`the CLI exited (${code}) first.\nstdout:\n${out}\nstderr:\n${err}`);
      });
      await Promise.race([data, ended]);
    }
    return text();
  };
  const cli: Cli = {
    child,
    stdout: () => out,
    stderr: () => err,
    all: () => out + err,
    waitForStdout: (predicate) => waitOn(child.stdout, () => out, predicate),
    waitForStderr: (pattern, since = 0) =>
      waitOn(
        child.stderr,
        () => err,
        (t) => pattern.test(t.slice(since)),
      ),
    exit: () => exited,
    interrupt: () => {
      child.kill("SIGINT");
      return exited;
    },
  };
  running.add(cli);
  exited.then(() => running.delete(cli));
  return cli;
}

/** The environment that points the CLI at `emulator`. */
export function emulatorEnv(emulator: ZoomEmulator): Record<string, string> {
  return { ...emulator.env() };
}

/** Every secret the emulator handed out: none may appear in the CLI's output. */
export function expectNoSecrets(text: string, emulator: ZoomEmulator, ...more: string[]): void {
  const secrets = [emulator.clientSecret, ...emulator.issuedTokens, ...more];
  for (const secret of secrets) if (text.includes(secret)) throw new Error("a secret appeared in the output");
  if (text.includes("access_token=")) throw new Error("a connection URL appeared in the output");
}

/** Parses every stdout line as JSON. */
export function jsonLines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}
