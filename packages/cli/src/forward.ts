import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { ZoomEvent } from "@zoomws/node";
import {
  ConfigError,
  type ConnectionFlags,
  errnoText,
  loadEnvironment,
  readSecretFile,
  zoomConfig,
} from "./config.js";
import type { Outcome } from "./exit.js";
import { eventFilter } from "./filter.js";
import { type DeliveryReport, Forwarder, type RejectPolicy } from "./forwarder.js";
import { acquireLock } from "./lock.js";
import type { Output } from "./output.js";
import { runSession } from "./session.js";
import { Spool } from "./spool.js";
import { stdoutClosed } from "./stdio.js";

export interface ForwardFlags extends ConnectionFlags {
  to: string;
  spool?: string;
  webhookSecretFile?: string;
  filter?: string[];
  timeout?: number;
  retryMax?: number;
  onReject?: RejectPolicy;
}

/** `zoomws forward --to URL`: every event into the spool, then POSTed to the handler as a Zoom webhook. */
export async function forward(flags: ForwardFlags, output: Output): Promise<Outcome> {
  const env = loadEnvironment(flags);
  const config = zoomConfig(flags, env);
  const target = handlerUrl(flags.to);
  const secretToken =
    flags.webhookSecretFile !== undefined
      ? readSecretFile(flags.webhookSecretFile, "--webhook-secret-file")
      : env["ZOOM_WEBHOOK_SECRET_TOKEN"]?.trim();
  if (!secretToken)
    throw new ConfigError(
      "ZOOM_WEBHOOK_SECRET_TOKEN is not set: set it to your webhook app's secret token (the one the handler " +
        "verifies x-zm-signature with) in the environment or .env, or pass --webhook-secret-file <path>",
    );
  output.addSecret(secretToken);
  // The URL may carry credentials (user:password@, a ?key=): keep them out of every line printed.
  if (target.username || target.password || target.search) {
    output.addSecret(flags.to);
    output.addSecret(target.href);
    output.addSecret(target.password);
    output.addSecret(decoded(target.password));
    output.addSecret(target.search.slice(1));
  }
  const authorization = target.username
    ? `Basic ${Buffer.from(`${decoded(target.username)}:${decoded(target.password)}`).toString("base64")}`
    : undefined;
  const url = new URL(target.href);
  url.username = "";
  url.password = "";
  const wanted = eventFilter(flags.filter ?? []);

  const dir = resolve(flags.spool ?? defaultSpoolDir(config.subscription));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigError(`cannot create the spool folder ${dir} (${errnoText(error)}): check --spool`);
  }
  // The lock first: recovery may cut the journal, which must not happen under a live forwarder.
  const lock = acquireLock(dir);
  let spool: Spool;
  try {
    spool = Spool.open(dir);
  } catch (error) {
    lock.release();
    throw new ConfigError(`cannot open the spool in ${dir} (${errnoText(error)}): check --spool`);
  }
  try {
    const { pending, tornBytes, corruptLines } = spool.recovery;
    output.status(`spool ${dir}: ${waiting(pending)}${pending ? " from an earlier run" : ""}`);
    if (tornBytes) output.status(`spool: cut off a torn last record (${tornBytes} bytes) left by a crash`);
    if (corruptLines) output.status(`spool: skipped ${corruptLines} damaged record(s)`);
    output.status(`forwarding to ${describeUrl(target)}`);

    const report = reporter(output, spool, flags.retryMax ?? 30);
    const forwarder = new Forwarder({
      spool,
      url: url.href,
      secretToken,
      ...(authorization !== undefined && { authorization }),
      ...(flags.timeout !== undefined && { timeoutMs: flags.timeout * 1000 }),
      ...(flags.retryMax !== undefined && {
        retryMaxMs: flags.retryMax * 1000,
        retryInitialMs: Math.min(500, flags.retryMax * 1000),
      }),
      ...(flags.onReject !== undefined && { onReject: flags.onReject }),
      report,
    });
    // The backlog while the handler fails: at most a line a second (the latest count always shows).
    const backlog = throttled(1000, () => {
      if (forwarder.failing) output.status(`${waiting(spool.size)} in the spool`);
    });
    const running = forwarder.start();
    const outcome = await runSession({
      config,
      output,
      // A closed stdout (`zoomws forward | head`) stops it cleanly; the spool keeps what is undelivered.
      until: Promise.race([running.then(() => new Promise<Outcome>(() => {})), stdoutClosed()]),
      onEvent: (event: ZoomEvent) => {
        if (!wanted(event.event)) return;
        spool.append(JSON.stringify(event));
        if (forwarder.failing) backlog.call();
        forwarder.notify();
      },
    });
    backlog.cancel();
    await forwarder.stop();
    if (spool.size > 0)
      output.status(`${waiting(spool.size)} in the spool; the next zoomws forward delivers them`);
    return outcome;
  } finally {
    spool.close();
    lock.release();
  }
}

/** One line per delivery on stdout; failures and the spool's backlog on stderr, once per change. */
function reporter(output: Output, spool: Spool, retryMaxSeconds: number): (report: DeliveryReport) => void {
  let lastFailure = "";
  return (report) => {
    switch (report.kind) {
      case "delivered": {
        output.data(`${time()}  ${eventName(report.body).padEnd(28)} → ${report.status} (${report.ms} ms)`);
        if (lastFailure) {
          output.status(`the handler is back (${report.status}); ${waiting(spool.size)} in the spool`);
          lastFailure = "";
        }
        return;
      }
      case "set-aside":
        output.status(
          `the handler refused ${eventName(report.body)} with ${report.status}: set aside in ${report.file}; ` +
            "delivering the next event (pass --on-reject retry to retry such events instead)",
        );
        return;
      case "failed": {
        // Once per kind of failure; the growing backlog is reported as events arrive.
        if (report.reason === lastFailure) return;
        lastFailure = report.reason;
        output.status(
          `${report.reason}${report.hint ? ` (${report.hint})` : ""}; ${waiting(spool.size)} in the spool; ` +
            `retrying with backoff (at most ${retryMaxSeconds} s apart)`,
        );
        return;
      }
    }
  };
}

/** Runs `fn` at once, then at most once per `ms`, with a last run for calls made in between. */
function throttled(ms: number, fn: () => void): { call(): void; cancel(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    call() {
      if (timer) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

function waiting(n: number): string {
  return `${n} event${n === 1 ? "" : "s"} waiting`;
}

function eventName(body: string): string {
  try {
    const name = (JSON.parse(body) as { event?: unknown }).event;
    return typeof name === "string" ? name : "event";
  } catch {
    return "event";
  }
}

function time(): string {
  return new Date().toISOString().slice(11, 19);
}

function handlerUrl(to: string): URL {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    // Not echoed: a URL that failed to parse may still hold a password or a key.
    throw new ConfigError(
      "--to is not a URL: give the handler's, e.g. http://localhost:3000/webhook (with user:password@ if it needs basic auth)",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(`--to must be an http:// or https:// URL, got ${url.protocol}`);
  return url;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The handler's URL without credentials or query (either may hold a secret). */
function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? "?…" : ""}`;
}

/** `$XDG_STATE_HOME/zoomws/spool/<subscription>` (else `~/.local/state/…`; `%LOCALAPPDATA%` on Windows). */
export function defaultSpoolDir(subscription: string, env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env["XDG_STATE_HOME"] ||
    (process.platform === "win32" && env["LOCALAPPDATA"]) ||
    join(homedir(), ".local", "state");
  const name = /^[\w-]{1,100}$/.test(subscription)
    ? subscription
    : createHash("sha256").update(subscription).digest("hex").slice(0, 24);
  return join(base, "zoomws", "spool", name);
}
