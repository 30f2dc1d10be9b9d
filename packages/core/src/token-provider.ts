import { Aborter } from "./abort.js";
import { type BackoffOptions, backoffDelay, mergeBackoff, nextRandom } from "./backoff.js";
import { encodeBase64Utf8 } from "./base64.js";
import type { Clock, TimerHandle } from "./clock.js";
import { ZoomAuthError, ZoomError, ZoomOptionsError, ZoomTokenUnavailableError } from "./errors.js";
import type { AbortSignalLike, FetchLike, FetchResponseLike } from "./fetch.js";
import { type Logger, silentLogger } from "./logger.js";
import { redact } from "./redact.js";
import type { AccessToken, TokenSource } from "./token.js";

export interface OAuthTokenProviderOptions {
  clientId: string;
  clientSecret: string;
  /** Set for Server-to-Server OAuth apps: selects the `account_credentials` grant. */
  accountId?: string;
  /** Default `https://zoom.us/oauth/token`. */
  oauthUrl?: string;
  fetch: FetchLike;
  clock: Clock;
  /** Default silent. Gets debug lines only; never a secret. */
  logger?: Logger;
  /** Attempts per `getToken` call for transient failures (429, 5xx, network, timeout). Default 4. */
  maxAttempts?: number;
  /** Delay between attempts. Default `{ initialMs: 500, maxMs: 10_000 }`. */
  backoff?: BackoffOptions;
  /** A number in [0, 1) for jitter. Default a deterministic PRNG seeded from `clock.now()`. */
  random?: () => number;
  /** A request (response body included) that takes longer counts as a network error. Default 10_000 ms. */
  requestTimeoutMs?: number;
}

export const DEFAULT_OAUTH_URL = "https://zoom.us/oauth/token";
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000 };
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** The longest `Retry-After` honoured between two attempts. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Used when a 200 response has no usable `expires_in` (Zoom documents 3600). */
const DEFAULT_EXPIRES_IN_S = 3600;
const MAX_REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * How long before its expiry a token counts as stale and is replaced:
 * a quarter of its lifetime, at most 5 minutes (3 s → 750 ms; 1 h → 5 min).
 */
export function refreshAheadMs(lifetimeMs: number): number {
  if (!(lifetimeMs > 0)) return 0;
  return Math.min(MAX_REFRESH_AHEAD_MS, Math.floor(lifetimeMs / 4));
}

/** True while `token` is neither expired nor inside its refresh-ahead window. */
export function isTokenFresh(token: AccessToken, now: number): boolean {
  return now < token.expiresAt - refreshAheadMs(token.expiresAt - token.issuedAt);
}

/**
 * Creates the built-in token source: Zoom's OAuth token endpoint with the
 * `client_credentials` grant, or `account_credentials` when `accountId` is set.
 * Throws `ZoomOptionsError` on unusable options.
 */
const sharedProviders = new WeakMap<Clock, Map<string, TokenSource>>();

/**
 * The OAuth provider for these credentials, shared by every client in the process that uses
 * the same endpoint, credentials and clock. Zoom can invalidate an S2S token when a new one is
 * minted, so two clients of one app (two subscriptions) must share one token, or each would
 * revoke the other's. The first client's fetch and logger serve them all.
 */
export function sharedOAuthTokenProvider(options: OAuthTokenProviderOptions): TokenSource {
  const key = JSON.stringify([
    options.oauthUrl ?? DEFAULT_OAUTH_URL,
    options.clientId,
    options.clientSecret,
    options.accountId ?? null,
  ]);
  let byKey = sharedProviders.get(options.clock);
  if (!byKey) {
    byKey = new Map();
    sharedProviders.set(options.clock, byKey);
  }
  let provider = byKey.get(key);
  if (!provider) {
    provider = createOAuthTokenProvider(options);
    byKey.set(key, provider);
  }
  return provider;
}

export function createOAuthTokenProvider(options: OAuthTokenProviderOptions): TokenSource {
  validateOptions(options);
  const { clientId, clientSecret, accountId, fetch, clock } = options;
  const oauthUrl = options.oauthUrl ?? DEFAULT_OAUTH_URL;
  const logger = options.logger ?? silentLogger;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = mergeBackoff(DEFAULT_BACKOFF, options.backoff);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const random = options.random ?? seededRandom(clock.now());

  const grant = accountId === undefined ? "client_credentials" : "account_credentials";
  const body =
    accountId === undefined
      ? "grant_type=client_credentials"
      : `grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`;
  const credentials = encodeBase64Utf8(`${clientId}:${clientSecret}`);
  const headers: Record<string, string> = {
    Authorization: `Basic ${credentials}`,
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };

  // Everything that must never leave this module: scrubbed from every log line and error message.
  // The latest access token is included too, though nothing should ever echo it.
  let latestToken = "";
  const scrub = (text: string): string => redact(text, [clientSecret, credentials, latestToken]);
  const debug = (message: string): void => logger.debug(scrub(message));
  const warn = (message: string): void => logger.warn(scrub(message));

  /** One HTTP exchange, raced against the timeout. Never rejects. */
  async function attempt(signal: AbortSignalLike): Promise<Outcome> {
    const sentAt = clock.now();
    let exchange: { response: FetchResponseLike; text: string } | typeof TIMED_OUT;
    try {
      exchange = await withTimeout(
        clock,
        (async () => {
          const response = await fetch(oauthUrl, { method: "POST", headers: { ...headers }, body, signal });
          return { response, text: await readText(response) };
        })(),
        requestTimeoutMs,
        signal,
      );
    } catch (error) {
      return { kind: "transient", detail: `network error: ${scrub(describeThrown(error))}` };
    }
    if (exchange === TIMED_OUT) {
      return { kind: "transient", detail: `timed out after ${requestTimeoutMs} ms` };
    }
    const { response, text } = exchange;
    const status = response.status;

    if (status >= 200 && status < 300) {
      const parsed = parseTokenResponse(text);
      if (parsed === undefined) {
        return { kind: "transient", status, detail: `${status} response without a usable access_token` };
      }
      latestToken = parsed.accessToken;
      if (parsed.expiresInS === undefined) {
        debug(`token response has no usable expires_in; assuming ${DEFAULT_EXPIRES_IN_S} s`);
      }
      const expiresInS = parsed.expiresInS ?? DEFAULT_EXPIRES_IN_S;
      // issuedAt is when the request was sent: the token cannot be older than that.
      return {
        kind: "ok",
        token: { value: parsed.accessToken, issuedAt: sentAt, expiresAt: sentAt + expiresInS * 1000 },
      };
    }

    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), clock.now());
    if (
      status === 429 ||
      status === 408 ||
      status >= 500 ||
      status < 200 ||
      (status >= 300 && status < 400)
    ) {
      return { kind: "transient", status, detail: `HTTP ${status}`, retryAfterMs };
    }
    // Any other 4xx: the credentials or the request are wrong; retrying cannot help.
    const { error, reason } = parseOAuthError(text);
    return {
      kind: "fatal",
      error: new ZoomAuthError(status, error ? scrub(error) : `http_${status}`, scrub(reason ?? "")),
    };
  }

  async function mint(flight: FlightControl): Promise<AccessToken> {
    let last: Extract<Outcome, { kind: "transient" }> | undefined;
    for (let index = 0; index < maxAttempts; index++) {
      debug(`requesting token (${grant})` + (index > 0 ? `, attempt ${index + 1} of ${maxAttempts}` : ""));
      const outcome = await attempt(flight.signal);
      if (outcome.kind === "ok") {
        const lifetimeS = Math.round((outcome.token.expiresAt - outcome.token.issuedAt) / 1000);
        debug(`token issued (${grant}), valid for ${lifetimeS} s`);
        return outcome.token;
      }
      if (outcome.kind === "fatal") {
        warn(
          `token request rejected with ${outcome.error.status} ${outcome.error.oauthError}; ` +
            "not retrying (check the credentials)",
        );
        throw outcome.error;
      }
      last = outcome;
      if (index + 1 >= maxAttempts) break;
      flight.stopIfAbandoned();
      const honoured = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
      const delay = Math.max(backoffDelay(index, clampRandom(random()), backoff), honoured);
      debug(`token request failed with ${outcome.status ?? outcome.detail}, retrying in ${delay} ms`);
      await flight.sleep(delay);
    }
    const detail = last ? last.detail : "no attempt made";
    warn(`token request failed ${maxAttempts} time(s), giving up (last: ${detail})`);
    throw new ZoomTokenUnavailableError(
      `Could not get an access token from Zoom's OAuth endpoint after ${maxAttempts} attempt(s) (last: ${detail}).`,
      last?.status,
      last?.retryAfterMs,
    );
  }

  return createCachedTokenSource({
    clock,
    logger: { debug, warn },
    mint,
    poisonOn: (error) => error instanceof ZoomAuthError,
  });
}

type Outcome =
  | { kind: "ok"; token: AccessToken }
  | { kind: "fatal"; error: ZoomAuthError }
  | { kind: "transient"; detail: string; status?: number; retryAfterMs?: number | undefined };

function validateOptions(options: OAuthTokenProviderOptions): void {
  const fail = (message: string): never => {
    throw new ZoomOptionsError(message);
  };
  if (typeof options !== "object" || options === null) fail("OAuth token provider options are required.");
  if (typeof options.clientId !== "string" || options.clientId === "")
    fail("clientId must be a non-empty string.");
  if (typeof options.clientSecret !== "string" || options.clientSecret === "") {
    fail("clientSecret must be a non-empty string.");
  }
  if (
    options.accountId !== undefined &&
    (typeof options.accountId !== "string" || options.accountId === "")
  ) {
    fail("accountId must be a non-empty string when given (omit it to use the client_credentials grant).");
  }
  if (options.oauthUrl !== undefined && (typeof options.oauthUrl !== "string" || options.oauthUrl === "")) {
    fail("oauthUrl must be a non-empty string when given.");
  }
  if (typeof options.fetch !== "function") fail("fetch must be a function (e.g. globalThis.fetch).");
  const clock = options.clock as Partial<Clock> | undefined;
  if (
    typeof clock !== "object" ||
    clock === null ||
    typeof clock.now !== "function" ||
    typeof clock.setTimeout !== "function" ||
    typeof clock.clearTimeout !== "function"
  ) {
    fail("clock must provide now(), setTimeout() and clearTimeout().");
  }
  const { maxAttempts, requestTimeoutMs, random } = options;
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    fail(`maxAttempts must be an integer >= 1 (got ${String(maxAttempts)}).`);
  }
  if (requestTimeoutMs !== undefined && !(typeof requestTimeoutMs === "number" && requestTimeoutMs > 0)) {
    fail(`requestTimeoutMs must be a number > 0 (got ${String(requestTimeoutMs)}).`);
  }
  if (random !== undefined && typeof random !== "function") fail("random must be a function.");
}

// ---------------------------------------------------------------------------------------------
// Response parsing

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseTokenResponse(
  text: string,
): { accessToken: string; expiresInS: number | undefined } | undefined {
  const json = parseJson(text);
  if (!isRecord(json)) return undefined;
  const accessToken = json["access_token"];
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  const raw = json["expires_in"];
  const expiresIn = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  return {
    accessToken,
    expiresInS:
      typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
  };
}

const MAX_REASON_LENGTH = 300;

function parseOAuthError(text: string): { error: string | undefined; reason: string | undefined } {
  const json = parseJson(text);
  if (!isRecord(json)) return { error: undefined, reason: undefined };
  const pick = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = json[key];
      if (typeof value === "string" && value.trim() !== "") return value.trim().slice(0, MAX_REASON_LENGTH);
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
    }
    return undefined;
  };
  return { error: pick("error"), reason: pick("reason", "error_description", "message") };
}

async function readText(response: FetchResponseLike): Promise<string> {
  try {
    return await response.text();
  } catch {
    return "";
  }
}

/**
 * `Retry-After` in milliseconds from `now`: delta-seconds or an HTTP date.
 * `undefined` when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Every HTTP-date form names the month; Date.parse alone would take "-3" as a year.
  if (!/[A-Za-z]{3}/.test(trimmed) || !/\d/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const TIMED_OUT: unique symbol = Symbol("timed out");

/** Races `promise` against a clock timer. The loser is left to settle on its own (and ignored). */
function withTimeout<T>(
  clock: Clock,
  promise: Promise<T>,
  ms: number,
  signal: AbortSignalLike,
): Promise<T | typeof TIMED_OUT> {
  let handle: TimerHandle;
  let onAbort = (): void => {};
  // An abandoned request stops waiting at once, so no timer outlives close().
  const timer = new Promise<typeof TIMED_OUT>((resolve) => {
    handle = clock.setTimeout(() => resolve(TIMED_OUT), ms);
    onAbort = () => resolve(TIMED_OUT);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, timer]).finally(() => {
    clock.clearTimeout(handle);
    signal.removeEventListener("abort", onAbort);
  });
}

function seededRandom(seed: number): () => number {
  let state = Number.isFinite(seed) ? (Math.floor(seed) % 0x1_0000_0000) | 0 : 0x2545f491;
  return () => {
    const [value, next] = nextRandom(state);
    state = next;
    return value;
  };
}

function clampRandom(value: number): number {
  if (!Number.isFinite(value)) return 0.5;
  return Math.min(Math.max(value, 0), 0.999_999);
}

/** `Name: message` of anything thrown, without ever throwing. */
export function describeThrown(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return String(value);
  } catch {
    return "unknown error";
  }
}

function abortReason(signal: AbortSignalLike): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error("aborted");
  error.name = "AbortError";
  return error;
}

// ---------------------------------------------------------------------------------------------
// Caching + single flight, shared with the user token source.

/** What a minting function gets from the cache around it. */
export interface FlightControl {
  /** Whether the caller asked for a new token. */
  readonly forceRefresh: boolean;
  /** Throws (and frees the slot for a new request) when every caller has gone away. */
  stopIfAbandoned(): void;
  /** Aborted once every caller has gone: pass it to fetch. */
  readonly signal: AbortSignalLike;
  /** Waits on the clock; rejects early when every caller has gone away. */
  sleep(ms: number): Promise<void>;
}

export interface CachedTokenSourceOptions {
  clock: Clock;
  logger: { debug(message: string): void; warn(message: string): void };
  /** Gets a new token. Called at most once at a time. */
  mint(flight: FlightControl): Promise<AccessToken>;
  /** Errors after which every later call fails the same way without minting again. */
  poisonOn?: (error: unknown) => boolean;
}

interface Flight {
  promise: Promise<AccessToken>;
  /** Aborted when every caller left: cancels the HTTP request itself. */
  aborter: Aborter;
  waiters: number;
  abandoned: boolean;
  cancelSleep: (() => void) | undefined;
}

/**
 * @internal The caching, refresh-ahead and single-flight logic behind both
 * token sources. Callers share one in-flight request; a caller whose signal
 * aborts leaves, and when the last one leaves, retries stop.
 */
export function createCachedTokenSource(options: CachedTokenSourceOptions): TokenSource {
  const { clock, logger, mint } = options;
  const poisonOn = options.poisonOn ?? (() => false);
  let cached: AccessToken | undefined;
  let flight: Flight | undefined;
  let poisoned: { error: unknown } | undefined;

  const abandonedError = (): ZoomTokenUnavailableError =>
    new ZoomTokenUnavailableError("The token request was abandoned: every caller went away.");

  function start(forceRefresh: boolean, previous: Flight | undefined): Flight {
    const current: Flight = {
      promise: Promise.resolve() as unknown as Promise<AccessToken>,
      aborter: new Aborter(),
      waiters: 0,
      abandoned: false,
      cancelSleep: undefined,
    };
    const detach = (): void => {
      if (flight === current) flight = undefined;
    };
    const control: FlightControl = {
      forceRefresh,
      signal: current.aborter.signal,
      stopIfAbandoned() {
        if (current.abandoned) {
          detach();
          logger.debug("token request abandoned: no caller is waiting any more");
          throw abandonedError();
        }
      },
      sleep(ms) {
        return new Promise<void>((resolve, reject) => {
          const handle = clock.setTimeout(() => {
            current.cancelSleep = undefined;
            resolve();
          }, ms);
          current.cancelSleep = () => {
            current.cancelSleep = undefined;
            clock.clearTimeout(handle);
            detach();
            logger.debug("token request abandoned: no caller is waiting any more");
            reject(abandonedError());
          };
        });
      },
    };
    const mintNow = (): Promise<AccessToken> => {
      try {
        return mint(control);
      } catch (error) {
        return Promise.reject(error);
      }
    };
    // An abandoned request may still be running (a user's function cannot be aborted):
    // never run two at once; its result may even make this one unnecessary.
    const minted = previous
      ? previous.promise
          .then(
            () => undefined,
            () => undefined,
          )
          .then(() =>
            !forceRefresh && cached !== undefined && isTokenFresh(cached, clock.now()) ? cached : mintNow(),
          )
      : mintNow();
    current.promise = minted.then(
      (token) => {
        detach();
        cached = token;
        return token;
      },
      (error: unknown) => {
        detach();
        if (poisonOn(error)) {
          poisoned = { error };
          cached = undefined;
        }
        throw error;
      },
    );
    // Nobody may be listening by the time it settles (every caller aborted).
    current.promise.catch(() => {});
    return current;
  }

  function leave(current: Flight): void {
    current.waiters--;
    if (current.waiters > 0) return;
    current.abandoned = true;
    current.cancelSleep?.();
    current.aborter.abort(abandonedError());
  }

  function join(
    current: Flight,
    forceRefresh: boolean,
    signal: AbortSignalLike | undefined,
  ): Promise<AccessToken> {
    current.waiters++;
    current.abandoned = false;
    // A token that is stale but not yet expired is still better than an error.
    const fallback = forceRefresh ? undefined : cached;
    return new Promise<AccessToken>((resolve, reject) => {
      let settled = false;
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        leave(current);
        reject(signal ? abortReason(signal) : new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        current.waiters--;
        return true;
      };
      current.promise.then(
        (token) => {
          if (finish()) resolve(token);
        },
        (error: unknown) => {
          if (!finish()) return;
          const fatal = poisoned !== undefined || (error instanceof ZoomError && error.fatal);
          if (!fatal && fallback !== undefined && cached === fallback && clock.now() < fallback.expiresAt) {
            logger.warn(
              `token refresh failed (${describeThrown(error)}); using the cached token until it expires in ` +
                `${fallback.expiresAt - clock.now()} ms`,
            );
            resolve(fallback);
            return;
          }
          reject(error);
        },
      );
    });
  }

  return {
    getToken(request = {}) {
      if (poisoned) return Promise.reject(poisoned.error);
      const { signal } = request;
      const forceRefresh = request.forceRefresh === true;
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (flight === undefined || flight.abandoned) {
        if (!forceRefresh && cached !== undefined && isTokenFresh(cached, clock.now())) {
          return Promise.resolve(cached);
        }
        flight = start(forceRefresh, flight);
      }
      return join(flight, forceRefresh, signal);
    },
    invalidate(token) {
      if (cached !== undefined && cached.value === token) {
        cached = undefined;
        logger.debug("cached token invalidated");
      }
    },
  };
}
