import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

/** Runs the CLI from source in a real Node process (tsx as a loader keeps it one process, so signals reach it). */
function runCli(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, "exit");
  return code as number | null;
}

/** Resolves once stdout holds all six variables. */
async function readEnv(child: ChildProcess, stdout: () => string): Promise<Record<string, string>> {
  while ((stdout().match(/^ZOOM_\w+=/gm) ?? []).length < 6) await once(child.stdout!, "data");
  return Object.fromEntries(
    stdout()
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

describe("zoomws-emulator", () => {
  it("prints the env vars, serves clients and exits 0 on Ctrl-C", async () => {
    const { child, stdout, stderr } = runCli([
      "--port",
      "0",
      "--rate",
      "50",
      "--seed",
      "1",
      "--token-lifetime",
      "120",
    ]);
    try {
      const env = await readEnv(child, stdout);
      expect(Object.keys(env)).toEqual([
        "ZOOM_CLIENT_ID",
        "ZOOM_CLIENT_SECRET",
        "ZOOM_ACCOUNT_ID",
        "ZOOM_SUBSCRIPTION_ID",
        "ZOOM_WS_URL",
        "ZOOM_OAUTH_URL",
      ]);
      const response = await fetch(env["ZOOM_OAUTH_URL"]!, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(`${env["ZOOM_CLIENT_ID"]}:${env["ZOOM_CLIENT_SECRET"]}`).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: `grant_type=account_credentials&account_id=${env["ZOOM_ACCOUNT_ID"]}`,
      });
      const token = (await response.json()) as { access_token: string; expires_in: number };
      expect(token.expires_in).toBe(120);

      const ws = new WebSocket(
        `${env["ZOOM_WS_URL"]}?subscriptionId=${env["ZOOM_SUBSCRIPTION_ID"]}&access_token=${token.access_token}`,
      );
      const modules: string[] = [];
      await new Promise<void>((resolve) => {
        ws.on("message", (data: Buffer) => {
          modules.push((JSON.parse(data.toString()) as { module: string }).module);
          if (modules.includes("message")) resolve();
        });
      });
      expect(modules[0]).toBe("build_connection");
      ws.terminate();

      child.kill("SIGINT");
      expect(await exitCode(child)).toBe(0);
      expect(stderr()).toContain("stopped");
      expect(stderr()).not.toContain(token.access_token);
    } finally {
      child.kill("SIGKILL");
    }
  }, 20_000);

  it("prints help and exits 0", async () => {
    const { child, stdout } = runCli(["--help"]);
    expect(await exitCode(child)).toBe(0);
    expect(stdout()).toContain("--token-lifetime");
  }, 20_000);

  it("runs as installed: the package's bin, which exists before the build, starts the built command", async () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const bin = fileURLToPath(new URL(`../${manifest.bin["zoomws-emulator"]}`, import.meta.url));
    const child = spawn(process.execPath, [bin, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    expect(await exitCode(child)).toBe(0);
    expect(stdout).toContain("--token-lifetime");
  }, 20_000);

  it("exits 2 on a bad flag", async () => {
    const { child, stderr } = runCli(["--rate", "fast"]);
    expect(await exitCode(child)).toBe(2);
    expect(stderr()).toContain("--rate must be a number");
  }, 20_000);
});
