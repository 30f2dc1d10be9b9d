/**
 * Just enough WebDriver BiDi to drive a stock Firefox (Debian's firefox-esr) from a test, with no
 * geckodriver: Firefox started with --remote-debugging-port speaks BiDi over a WebSocket itself.
 *
 * playwright-core 1.65 has a BiDi Firefox mode (`firefox.launch({ channel: "moz-firefox" })`), but
 * every new context sends `emulation.setMediaFeaturesOverride`, which Firefox ESR 153 doesn't know
 * ("unknown command"), so it can't open a page there.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** A remote value as BiDi serialises it: primitives carry `value`. */
interface RemoteValue {
  type: string;
  value?: unknown;
}

export interface Firefox {
  version: string;
  /** What the page logged so far: console messages and uncaught errors, as "level: text". */
  logs: string[];
  /** Loads `url` in the one tab and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Evaluates `expression` in the page; primitives only. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /**
   * Resolves when `predicate` (the source of a function of no argument, run in the page) returns
   * true: checked now and on every DOM change, so nothing polls. Rejects after `timeoutMs`.
   */
  waitFor(predicate: string, timeoutMs?: number): Promise<void>;
  /** A PNG of the whole page. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

export async function launchFirefox(executable: string): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), "zoomws-firefox-"));
  const child: ChildProcess = spawn(
    executable,
    ["--headless", "--no-remote", "--remote-debugging-port=0", "--profile", profile, "about:blank"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" } },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    return await connect(child, exited, profile);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The endpoint Firefox prints once it listens. */
function endpointOf(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (!match?.[1]) return;
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      // Keep draining the output so Firefox never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(match[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`Firefox exited (${code}) before listening:\n${log}`)));
  });
}

async function connect(child: ChildProcess, exited: Promise<void>, profile: string): Promise<Firefox> {
  const endpoint = await endpointOf(child);
  const socket = new WebSocket(`${endpoint}/session`);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 1;
  const logs: string[] = [];
  const pending = new Map<number, Pending>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as {
      id?: number;
      type: string;
      method?: string;
      params?: { level?: string; text?: string | null };
      result?: unknown;
      error?: string;
      message?: string;
    };
    if (message.method === "log.entryAdded") logs.push(`${message.params?.level}: ${message.params?.text}`);
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === "error") waiter?.reject(new Error(`${message.error}: ${message.message}`));
    else waiter?.resolve(message.result);
  });
  socket.on("close", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("Firefox closed the BiDi connection"));
    pending.clear();
  });
  const send = <T>(method: string, params: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  const session = await send<{ capabilities: { browserVersion: string } }>("session.new", {
    capabilities: {},
  });
  await send("session.subscribe", { events: ["log.entryAdded"] });
  const tree = await send<{ contexts: { context: string }[] }>("browsingContext.getTree", {});
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error("Firefox has no tab");
  await send("browsingContext.setViewport", { context, viewport: { width: 1280, height: 900 } });

  const call = async (functionDeclaration: string, args: unknown[] = []) => {
    const result = await send<{ type: string; result?: RemoteValue; exceptionDetails?: { text: string } }>(
      "script.callFunction",
      {
        functionDeclaration,
        arguments: args.map((value) =>
          typeof value === "number" ? { type: "number", value } : { type: "string", value: String(value) },
        ),
        target: { context },
        awaitPromise: true,
      },
    );
    if (result.type === "exception")
      throw new Error(result.exceptionDetails?.text ?? "exception in the page");
    return result.result?.value;
  };

  return {
    version: session.capabilities.browserVersion,
    logs,
    async goto(url) {
      await send("browsingContext.navigate", { context, url, wait: "complete" });
    },
    async evaluate<T>(expression: string) {
      return (await call(`() => (${expression})`)) as T;
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      await call(
        `(timeoutMs) => new Promise((resolve, reject) => {
          const predicate = (${predicate});
          const observer = new MutationObserver(check);
          const timer = setTimeout(() => {
            observer.disconnect();
            reject(new Error("timed out after " + timeoutMs + " ms waiting for " + predicate));
          }, timeoutMs);
          function check() {
            if (!predicate()) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(true);
          }
          observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          check();
        })`,
        [timeoutMs],
      );
    },
    async screenshot() {
      const { data } = await send<{ data: string }>("browsingContext.captureScreenshot", {
        context,
        origin: "document",
      });
      return Buffer.from(data, "base64");
    },
    async close() {
      await send("browser.close", {}).catch(() => {});
      socket.close();
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
