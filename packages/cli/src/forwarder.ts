import { webhookHeaders } from "./signature.js";
import type { Spool } from "./spool.js";

/** What to do with an event the handler refuses with a 4xx that retrying cannot fix. */
export type RejectPolicy = "set-aside" | "retry";

export interface ForwarderOptions {
  spool: Spool;
  /** The webhook handler's URL. */
  url: string;
  /** An `authorization` header for a handler behind basic auth (from `user:password@` in --to). */
  authorization?: string;
  /** ZOOM_WEBHOOK_SECRET_TOKEN: the key of the `x-zm-signature` HMAC. */
  secretToken: string;
  /** Per request. Default 10000. */
  timeoutMs?: number;
  /** First retry delay. Default 500. */
  retryInitialMs?: number;
  /** Longest retry delay. Default 30000. */
  retryMaxMs?: number;
  /** Default "set-aside". */
  onReject?: RejectPolicy;
  report(report: DeliveryReport): void;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}

export type DeliveryReport =
  | { kind: "delivered"; seq: number; body: string; status: number; ms: number }
  | { kind: "failed"; seq: number; reason: string; hint?: string; retryInMs: number }
  | { kind: "set-aside"; seq: number; body: string; status: number; file: string };

type Verdict = "ok" | "retry" | "reject";

/**
 * Delivers the spool's events to the handler one at a time, oldest first, as Zoom's webhooks
 * would: retried with capped exponential backoff until a 2xx, and only then removed. A
 * 4xx other than 401/403/404/405/408/409/425/429 means the handler refused this very event:
 * retrying the same bytes cannot help, so it is set aside in the spool's `rejected.jsonl`
 * (or, with `onReject: "retry"`, retried like the rest).
 */
export class Forwarder {
  readonly #options: ForwarderOptions;
  readonly #fetch: typeof globalThis.fetch;
  readonly #now: () => number;
  readonly #stop = new AbortController();
  #wake: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #failures = 0;

  constructor(options: ForwarderOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? Date.now;
  }

  /** True while the last attempt failed and no later one succeeded. */
  get failing(): boolean {
    return this.#failures > 0;
  }

  /** Starts delivering; the promise settles when stopped, or rejects if the spool fails. */
  start(): Promise<void> {
    this.#running ??= this.#loop();
    return this.#running;
  }

  /** A new event is in the spool. */
  notify(): void {
    this.#wake?.();
  }

  /** Aborts the request in flight (its event stays spooled) and ends the loop. */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#wake?.();
    await this.#running?.catch(() => {});
  }

  async #loop(): Promise<void> {
    const { spool } = this.#options;
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      const entry = spool.peek();
      if (!entry) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      const started = this.#now();
      const attempt = await this.#post(entry.body, signal);
      if (signal.aborted) {
        // The handler took it just as we were stopped: remove it, or the next run sends it again.
        if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300)
          spool.ack(entry.seq);
        return;
      }
      const verdict = attempt.status === undefined ? "retry" : this.#verdict(attempt.status);
      if (verdict === "ok") {
        spool.ack(entry.seq);
        this.#failures = 0;
        const ms = this.#now() - started;
        this.#options.report({
          kind: "delivered",
          seq: entry.seq,
          body: entry.body,
          status: attempt.status!,
          ms,
        });
        continue;
      }
      if (verdict === "reject") {
        const status = attempt.status!;
        const file = spool.setAside(entry.seq, `the handler answered ${status}`);
        this.#options.report({ kind: "set-aside", seq: entry.seq, body: entry.body, status, file });
        continue;
      }
      this.#failures++;
      const retryInMs = this.#delay(attempt.retryAfterMs);
      this.#options.report({
        kind: "failed",
        seq: entry.seq,
        reason: attempt.reason,
        ...(attempt.hint !== undefined && { hint: attempt.hint }),
        retryInMs,
      });
      await this.#sleep(retryInMs, signal);
    }
  }

  #verdict(status: number): Verdict {
    if (status >= 200 && status < 300) return "ok";
    if (status < 400 || status >= 500 || RETRYABLE_4XX.has(status)) return "retry";
    return this.#options.onReject === "retry" ? "retry" : "reject";
  }

  async #post(
    body: string,
    stop: AbortSignal,
  ): Promise<{ status?: number; reason: string; hint?: string; retryAfterMs?: number }> {
    const timestamp = Math.floor(this.#now() / 1000);
    const timeoutMs = this.#options.timeoutMs ?? 10_000;
    const signal = AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]);
    try {
      const response = await this.#fetch(this.#options.url, {
        method: "POST",
        headers: {
          ...webhookHeaders(body, timestamp, this.#options.secretToken),
          "user-agent": "zoomws-forward",
          ...(this.#options.authorization !== undefined && { authorization: this.#options.authorization }),
        },
        body,
        redirect: "manual",
        signal,
      });
      await response.body?.cancel().catch(() => {});
      const status = response.status;
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        status,
        reason: `the handler answered ${status}`,
        ...hintFor(status),
        ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
      };
    } catch (error) {
      if (stop.aborted) return { reason: "stopped" };
      if ((error as Error).name === "TimeoutError")
        return { reason: `the handler did not answer within ${timeoutMs} ms` };
      return { reason: `the handler is unreachable (${networkReason(error)})` };
    }
  }

  /** Exponential from retryInitialMs, capped at retryMaxMs, ±20 % jitter; Retry-After (capped) when given. */
  #delay(retryAfterMs: number | undefined): number {
    const initial = this.#options.retryInitialMs ?? 500;
    const max = this.#options.retryMaxMs ?? 30_000;
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
    const base = Math.min(max, initial * 2 ** Math.min(this.#failures - 1, 30));
    return Math.round(Math.min(max, base * (0.8 + Math.random() * 0.4)));
  }

  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

/** 4xx answers that say "not now" or "wrong setup" rather than "not this event": keep retrying. */
const RETRYABLE_4XX = new Set([401, 403, 404, 405, 408, 409, 425, 429]);

function hintFor(status: number): { hint?: string } {
  if (status === 401 || status === 403)
    return { hint: "check that ZOOM_WEBHOOK_SECRET_TOKEN is the secret token the handler verifies with" };
  if (status === 404 || status === 405) return { hint: "check the --to URL and that it accepts POST" };
  if (status >= 300 && status < 400) return { hint: "the handler redirects: point --to at the final URL" };
  return {};
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
