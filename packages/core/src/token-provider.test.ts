import { describe, expect, it } from "vitest";
import { FakeClock, flush } from "../tests/support/async-fake-clock.js";
import { encodeBase64Utf8 } from "./base64.js";
import { ZoomAuthError, ZoomOptionsError, ZoomTokenUnavailableError } from "./errors.js";
import type { AbortSignalLike, FetchInit, FetchLike, FetchResponseLike } from "./fetch.js";
import type { Logger } from "./logger.js";
import {
  createOAuthTokenProvider,
  type OAuthTokenProviderOptions,
  parseRetryAfter,
  refreshAheadMs,
} from "./token-provider.js";

// ---------------------------------------------------------------------------------------------
// Test doubles: a fake clock, a scripted fetch, an abort controller, a capturing logger.

const T0 = Date.parse("2030-01-01T00:00:00Z");
const CLIENT_ID = "client-id";
const SECRET = "client-secret-S3cr3t";
const BASIC = encodeBase64Utf8(`${CLIENT_ID}:${SECRET}`);

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function response(status: number, body = "", headers: Record<string, string> = {}): FetchResponseLike {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    text: async () => body,
  };
}

function tokenResponse(token: string, expiresIn = 3600): FetchResponseLike {
  return response(
    200,
    JSON.stringify({
      access_token: token,
      token_type: "bearer",
      expires_in: expiresIn,
      scope: "marketplace:read:websocket_connection",
      api_url: "https://api.zoom.us",
    }),
    { "content-type": "application/json" },
  );
}

type Step = FetchResponseLike | Error | Deferred<FetchResponseLike>;

/** A fetch that answers from a script, one step per request, and records every request. */
class FakeServer {
  readonly calls: { url: string; init: FetchInit }[] = [];
  readonly #steps: Step[];
  constructor(steps: Step[] = []) {
    this.#steps = [...steps];
  }
  push(...steps: Step[]): void {
    this.#steps.push(...steps);
  }
  readonly fetch: FetchLike = (url, init) => {
    this.calls.push({ url, init });
    const step = this.#steps.shift();
    if (step === undefined) return Promise.reject(new Error("test: unexpected request"));
    if (step instanceof Error) return Promise.reject(step);
    if ("promise" in step) return step.promise;
    return Promise.resolve(step);
  };
}

class FakeAbortController {
  readonly #listeners = new Set<() => void>();
  readonly signal: AbortSignalLike & { aborted: boolean; reason?: unknown };
  constructor() {
    const listeners = this.#listeners;
    this.signal = {
      aborted: false,
      addEventListener: (_type, listener) => listeners.add(listener),
      removeEventListener: (_type, listener) => listeners.delete(listener),
    };
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }
  abort(reason?: unknown): void {
    this.signal.aborted = true;
    if (reason !== undefined) this.signal.reason = reason;
    for (const listener of [...this.#listeners]) listener();
    this.#listeners.clear();
  }
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (...args: unknown[]): void => {
      lines.push(`${level} ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
    };
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Marks a promise as handled now, so that rejecting before the assertion is not reported. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

function setup(steps: Step[] = [], overrides: Partial<OAuthTokenProviderOptions> = {}) {
  const clock = new FakeClock(T0);
  const server = new FakeServer(steps);
  const provider = createOAuthTokenProvider({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    accountId: "acc-123",
    fetch: server.fetch,
    clock,
    random: () => 0, // backoff delays: 250, 500, 1000, … ms
    ...overrides,
  });
  return { clock, server, provider };
}

// ---------------------------------------------------------------------------------------------

describe("refreshAheadMs", () => {
  it("is a quarter of the lifetime, at most five minutes", () => {
    expect(refreshAheadMs(3000)).toBe(750);
    expect(refreshAheadMs(60_000)).toBe(15_000);
    expect(refreshAheadMs(1_200_000)).toBe(300_000);
    expect(refreshAheadMs(3_600_000)).toBe(300_000);
  });
  it("is zero for empty or invalid lifetimes", () => {
    expect(refreshAheadMs(0)).toBe(0);
    expect(refreshAheadMs(-5)).toBe(0);
    expect(refreshAheadMs(Number.NaN)).toBe(0);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("2", T0)).toBe(2000);
    expect(parseRetryAfter(" 0 ", T0)).toBe(0);
  });
  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter(new Date(T0 + 7000).toUTCString(), T0)).toBe(7000);
    expect(parseRetryAfter(new Date(T0 - 7000).toUTCString(), T0)).toBe(0);
  });
  it("ignores absent or garbage values", () => {
    expect(parseRetryAfter(null, T0)).toBeUndefined();
    expect(parseRetryAfter("", T0)).toBeUndefined();
    expect(parseRetryAfter("soon", T0)).toBeUndefined();
    expect(parseRetryAfter("-3", T0)).toBeUndefined();
  });
});

describe("createOAuthTokenProvider: the request", () => {
  it("sends the account_credentials grant when accountId is set", async () => {
    const { server, provider } = setup([tokenResponse("tok-1")], { accountId: "acc 1&x=y" });
    const token = await provider.getToken();
    expect(server.calls).toHaveLength(1);
    const call = server.calls[0]!;
    expect(call.url).toBe("https://zoom.us/oauth/token");
    expect(call.init.method).toBe("POST");
    expect(call.init.headers).toEqual({
      Authorization: "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQtUzNjcjN0",
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
    });
    expect(call.init.body).toBe("grant_type=account_credentials&account_id=acc%201%26x%3Dy");
    expect(token).toEqual({ value: "tok-1", issuedAt: T0, expiresAt: T0 + 3_600_000 });
  });

  it("sends the client_credentials grant without accountId, to a custom URL", async () => {
    const clock = new FakeClock(T0);
    const server = new FakeServer([tokenResponse("tok-1")]);
    const provider = createOAuthTokenProvider({
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      oauthUrl: "http://127.0.0.1:9999/oauth/token",
      fetch: server.fetch,
      clock,
    });
    await provider.getToken();
    expect(server.calls[0]?.url).toBe("http://127.0.0.1:9999/oauth/token");
    expect(server.calls[0]?.init.body).toBe("grant_type=client_credentials");
    expect(server.calls[0]?.init.headers["Authorization"]).toBe(`Basic ${BASIC}`);
  });

  it("dates the token from when the request was sent", async () => {
    const pending = deferred<FetchResponseLike>();
    const { clock, provider } = setup([pending]);
    const promise = provider.getToken();
    await clock.advance(400);
    pending.resolve(tokenResponse("tok-1", 60));
    expect(await promise).toEqual({ value: "tok-1", issuedAt: T0, expiresAt: T0 + 60_000 });
  });

  it("accepts expires_in as a numeric string and defaults a missing one to 3600 s", async () => {
    const { clock, provider } = setup([
      response(200, JSON.stringify({ access_token: "tok-1", expires_in: "120" })),
      response(200, JSON.stringify({ access_token: "tok-2" })),
    ]);
    expect((await provider.getToken()).expiresAt).toBe(T0 + 120_000);
    expect((await provider.getToken({ forceRefresh: true })).expiresAt).toBe(clock.now() + 3_600_000);
  });

  it("rejects unusable options with ZoomOptionsError, without echoing the secret", () => {
    const base: OAuthTokenProviderOptions = {
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      fetch: new FakeServer().fetch,
      clock: new FakeClock(T0),
    };
    const bad: Partial<Record<keyof OAuthTokenProviderOptions, unknown>>[] = [
      { clientId: "" },
      { clientSecret: "" },
      { accountId: "" },
      { oauthUrl: "" },
      { fetch: undefined },
      { clock: {} },
      { maxAttempts: 0 },
      { maxAttempts: 1.5 },
      { requestTimeoutMs: 0 },
    ];
    for (const patch of bad) {
      const options = { ...base, ...patch } as OAuthTokenProviderOptions;
      let thrown: unknown;
      try {
        createOAuthTokenProvider(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(patch)).toBeInstanceOf(ZoomOptionsError);
      expect((thrown as Error).message).not.toContain(SECRET);
    }
  });
});

describe("createOAuthTokenProvider: caching", () => {
  it("returns the cached token while it is fresh", async () => {
    const { clock, server, provider } = setup([tokenResponse("tok-1"), tokenResponse("tok-2")]);
    const first = await provider.getToken();
    await clock.advance(3_299_999); // 1 h token: refreshed 5 min before expiry
    expect(await provider.getToken()).toBe(first);
    expect(server.calls).toHaveLength(1);
    await clock.advance(1);
    expect((await provider.getToken()).value).toBe("tok-2");
    expect(server.calls).toHaveLength(2);
  });

  it("refreshes a short-lived token a quarter of its lifetime ahead", async () => {
    const { clock, server, provider } = setup([tokenResponse("tok-1", 3), tokenResponse("tok-2", 3)]);
    await provider.getToken();
    await clock.advance(2249);
    expect((await provider.getToken()).value).toBe("tok-1");
    await clock.advance(1);
    expect((await provider.getToken()).value).toBe("tok-2");
    expect(server.calls).toHaveLength(2);
  });

  it("shares one request between 5 concurrent callers", async () => {
    const pending = deferred<FetchResponseLike>();
    const { server, provider } = setup([pending]);
    const promises = Array.from({ length: 5 }, () => provider.getToken());
    await flush();
    expect(server.calls).toHaveLength(1);
    pending.resolve(tokenResponse("tok-1"));
    const tokens = await Promise.all(promises);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]?.value).toBe("tok-1");
    expect(server.calls).toHaveLength(1);
  });

  it("forceRefresh fetches a new token even while the cached one is fresh", async () => {
    const { server, provider } = setup([tokenResponse("tok-1"), tokenResponse("tok-2")]);
    expect((await provider.getToken()).value).toBe("tok-1");
    expect((await provider.getToken({ forceRefresh: true })).value).toBe("tok-2");
    expect((await provider.getToken()).value).toBe("tok-2");
    expect(server.calls).toHaveLength(2);
  });

  it("a forceRefresh caller arriving during a request shares it", async () => {
    const pending = deferred<FetchResponseLike>();
    const { server, provider } = setup([pending]);
    const plain = provider.getToken();
    const forced = provider.getToken({ forceRefresh: true });
    await flush();
    pending.resolve(tokenResponse("tok-1"));
    expect(await forced).toBe(await plain);
    expect(server.calls).toHaveLength(1);
  });

  it("invalidate drops the cached token only if it is that token", async () => {
    const { server, provider } = setup([tokenResponse("tok-1"), tokenResponse("tok-2")]);
    await provider.getToken();
    provider.invalidate("some-other-token");
    expect((await provider.getToken()).value).toBe("tok-1");
    provider.invalidate("tok-1");
    expect((await provider.getToken()).value).toBe("tok-2");
    expect(server.calls).toHaveLength(2);
  });
});

describe("createOAuthTokenProvider: transient failures", () => {
  it("retries 503 with backoff, then honours Retry-After: 2 on a 429", async () => {
    const { clock, server, provider } = setup([
      response(503, "Service Unavailable"),
      response(429, '{"error":"rate_limited"}', { "Retry-After": "2" }),
      tokenResponse("tok-1"),
    ]);
    let token: string | undefined;
    void provider.getToken().then((t) => {
      token = t.value;
    });
    await flush();
    expect(server.calls).toHaveLength(1);
    await clock.advance(249); // backoff after the 1st failure: 250 ms
    expect(server.calls).toHaveLength(1);
    await clock.advance(1);
    expect(server.calls).toHaveLength(2);
    await clock.advance(1999); // Retry-After 2 s beats the 500 ms backoff
    expect(server.calls).toHaveLength(2);
    expect(token).toBeUndefined();
    await clock.advance(1);
    expect(server.calls).toHaveLength(3);
    expect(token).toBe("tok-1");
  });

  it("honours an HTTP-date Retry-After", async () => {
    const { clock, server, provider } = setup([
      response(503, "", { "retry-after": new Date(T0 + 7000).toUTCString() }),
      tokenResponse("tok-1"),
    ]);
    const promise = provider.getToken();
    await clock.advance(6999);
    expect(server.calls).toHaveLength(1);
    await clock.advance(1);
    expect(server.calls).toHaveLength(2);
    expect((await promise).value).toBe("tok-1");
  });

  it("caps a huge Retry-After at 5 minutes but reports the server's value", async () => {
    const { clock, server, provider } = setup(
      [response(429, "", { "Retry-After": "86400" }), response(429, "", { "Retry-After": "86400" })],
      { maxAttempts: 2 },
    );
    const promise = quiet(provider.getToken());
    await clock.advance(299_999);
    expect(server.calls).toHaveLength(1);
    await clock.advance(1);
    expect(server.calls).toHaveLength(2);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTokenUnavailableError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 86_400_000 });
  });

  it("retries network errors", async () => {
    const { clock, server, provider } = setup([new TypeError("fetch failed"), tokenResponse("tok-1")]);
    const promise = provider.getToken();
    await clock.advance(250);
    expect(server.calls).toHaveLength(2);
    expect((await promise).value).toBe("tok-1");
  });

  it("retries a 200 without a usable access_token", async () => {
    const { clock, server, provider } = setup([
      response(200, "<html>oops</html>"),
      response(200, '{"token_type":"bearer"}'),
      tokenResponse("tok-1"),
    ]);
    const promise = provider.getToken();
    await clock.advance(250 + 500);
    expect(server.calls).toHaveLength(3);
    expect((await promise).value).toBe("tok-1");
  });

  it("gives up after maxAttempts with ZoomTokenUnavailableError carrying the status", async () => {
    const { clock, server, provider } = setup(
      [response(503), response(502), response(503, "", { "Retry-After": "1" }), tokenResponse("tok-1")],
      { maxAttempts: 3 },
    );
    const promise = quiet(provider.getToken());
    await clock.advance(60_000);
    expect(server.calls).toHaveLength(3);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTokenUnavailableError);
    expect(error).toMatchObject({ code: "TOKEN_UNAVAILABLE", fatal: false, status: 503, retryAfterMs: 1000 });
    expect(clock.pendingTimers).toBe(0);
    // Not fatal: the next call tries again.
    expect((await provider.getToken()).value).toBe("tok-1");
    expect(server.calls).toHaveLength(4);
  });

  it("reports no status when the last failure was a network error", async () => {
    const { clock, provider } = setup([response(500), new TypeError("fetch failed")], { maxAttempts: 2 });
    const promise = quiet(provider.getToken());
    await clock.advance(1000);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTokenUnavailableError);
    expect((error as ZoomTokenUnavailableError).status).toBeUndefined();
    expect((error as Error).message).toContain("fetch failed");
  });

  it("treats a hung request as a network error after requestTimeoutMs", async () => {
    const hung = deferred<FetchResponseLike>();
    const { clock, server, provider } = setup([hung, tokenResponse("tok-2")], { requestTimeoutMs: 1000 });
    const promise = provider.getToken();
    await clock.advance(999);
    expect(server.calls).toHaveLength(1);
    await clock.advance(1); // timed out; retry after 250 ms
    expect(server.calls).toHaveLength(1);
    await clock.advance(250);
    expect(server.calls).toHaveLength(2);
    expect((await promise).value).toBe("tok-2");
    // The late answer to the abandoned request is ignored.
    hung.resolve(tokenResponse("tok-late"));
    await flush();
    expect((await provider.getToken()).value).toBe("tok-2");
    expect(clock.pendingTimers).toBe(0);
  });

  it("reports a timeout when every attempt hangs", async () => {
    const { clock, provider } = setup([deferred(), deferred()], { requestTimeoutMs: 1000, maxAttempts: 2 });
    const promise = quiet(provider.getToken());
    await clock.advance(1000 + 250 + 1000);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTokenUnavailableError);
    expect((error as Error).message).toMatch(/timed out after 1000 ms/);
    expect(clock.pendingTimers).toBe(0);
  });

  it("keeps serving a stale but unexpired token when its refresh fails, never an expired one", async () => {
    const { clock, server, provider } = setup([tokenResponse("tok-1", 3600)], { maxAttempts: 2 });
    await provider.getToken();
    await clock.advance(3_300_000); // in the refresh-ahead window
    server.push(response(503), response(503));
    const promise = provider.getToken();
    await clock.advance(250);
    expect((await promise).value).toBe("tok-1");
    expect(server.calls).toHaveLength(3);
    // A forced refresh wants a new token: no fallback.
    server.push(response(503), response(503));
    const forced = quiet(provider.getToken({ forceRefresh: true }));
    await clock.advance(250);
    await expect(forced).rejects.toBeInstanceOf(ZoomTokenUnavailableError);
    // Once expired, no fallback either.
    await clock.advance(300_000);
    server.push(response(503), response(503));
    const late = quiet(provider.getToken());
    await clock.advance(250);
    await expect(late).rejects.toBeInstanceOf(ZoomTokenUnavailableError);
  });
});

describe("createOAuthTokenProvider: fatal failures", () => {
  const invalidClient = () =>
    response(400, JSON.stringify({ reason: "Invalid client_id or client_secret", error: "invalid_client" }), {
      "content-type": "application/json",
    });

  it("rejects invalid_client at once with ZoomAuthError and never asks again", async () => {
    const { clock, server, provider } = setup([invalidClient(), tokenResponse("tok-1")]);
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomAuthError);
    expect(error).toMatchObject({
      code: "AUTH_REJECTED",
      fatal: true,
      status: 400,
      oauthError: "invalid_client",
    });
    expect((error as Error).message).toContain("Invalid client_id or client_secret");
    expect(server.calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
    // Poisoned: the same error, with no request.
    await expect(provider.getToken()).rejects.toBe(error);
    await expect(provider.getToken({ forceRefresh: true })).rejects.toBe(error);
    await clock.advance(3_600_000);
    await expect(provider.getToken()).rejects.toBe(error);
    expect(server.calls).toHaveLength(1);
  });

  it("rejects every concurrent caller with the fatal error", async () => {
    const pending = deferred<FetchResponseLike>();
    const { provider } = setup([pending]);
    const promises = [quiet(provider.getToken()), quiet(provider.getToken())];
    await flush();
    pending.resolve(invalidClient());
    const errors = await Promise.all(promises.map((p) => p.catch((e: unknown) => e)));
    expect(errors[0]).toBeInstanceOf(ZoomAuthError);
    expect(errors[1]).toBe(errors[0]);
  });

  it.each([
    [400, "<html><body>Bad Request</body></html>", "http_400", ""],
    [401, "", "http_401", ""],
    [403, '{"reason":"Forbidden"}', "http_403", "Forbidden"],
    [
      400,
      '{"reason":"unsupported grant type","error":"unsupported_grant_type"}',
      "unsupported_grant_type",
      "unsupported grant type",
    ],
    [400, '{"error":"invalid_request"}', "invalid_request", ""],
  ])("maps %i %j to oauthError %j", async (status, body, oauthError, reason) => {
    const { server, provider } = setup([response(status, body)]);
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomAuthError);
    expect(error).toMatchObject({ status, oauthError });
    if (reason) expect((error as Error).message).toContain(reason);
    expect(server.calls).toHaveLength(1);
  });
});

describe("createOAuthTokenProvider: abort signals", () => {
  it("rejects at once with no request when the signal is already aborted", async () => {
    const { server, provider } = setup([tokenResponse("tok-1")]);
    const controller = new FakeAbortController();
    const reason = new Error("shutting down");
    controller.abort(reason);
    await expect(provider.getToken({ signal: controller.signal })).rejects.toBe(reason);
    expect(server.calls).toHaveLength(0);
  });

  it("stops retrying when the only waiter aborts", async () => {
    const { clock, server, provider } = setup([
      response(503),
      tokenResponse("tok-1"),
      tokenResponse("tok-2"),
    ]);
    const controller = new FakeAbortController();
    const promise = quiet(provider.getToken({ signal: controller.signal }));
    await flush();
    expect(server.calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(1); // the backoff wait
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(promise).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(60_000);
    expect(server.calls).toHaveLength(1);
    // A later caller starts afresh.
    expect((await provider.getToken()).value).toBe("tok-1");
    expect(server.calls).toHaveLength(2);
  });

  it("rejects with an Error 'aborted' when the signal has no reason", async () => {
    const pending = deferred<FetchResponseLike>();
    const { provider } = setup([pending]);
    const controller = new FakeAbortController();
    const promise = quiet(provider.getToken({ signal: controller.signal }));
    controller.abort();
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("aborted");
  });

  it("keeps retrying for the callers still waiting", async () => {
    const { clock, server, provider } = setup([response(503), tokenResponse("tok-1")]);
    const controller = new FakeAbortController();
    const leaving = quiet(provider.getToken({ signal: controller.signal }));
    const staying = provider.getToken();
    await flush();
    controller.abort(new Error("bye"));
    await expect(leaving).rejects.toThrow("bye");
    await clock.advance(250);
    expect((await staying).value).toBe("tok-1");
    expect(server.calls).toHaveLength(2);
    expect(controller.listenerCount).toBe(0);
  });

  it("does not retry a request whose only waiter left while it was in flight", async () => {
    const pending = deferred<FetchResponseLike>();
    const { clock, server, provider } = setup([pending, tokenResponse("tok-1")]);
    const controller = new FakeAbortController();
    const promise = quiet(provider.getToken({ signal: controller.signal }));
    await flush();
    controller.abort(new Error("bye"));
    await expect(promise).rejects.toThrow("bye");
    pending.resolve(response(503));
    await clock.advance(60_000);
    expect(server.calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it("aborts the HTTP request once every caller left, and starts afresh for a new caller", async () => {
    const pending = deferred<FetchResponseLike>();
    const { clock, server, provider } = setup([pending, tokenResponse("tok-2")]);
    const controller = new FakeAbortController();
    const leaving = quiet(provider.getToken({ signal: controller.signal }));
    await flush();
    controller.abort(new Error("bye"));
    await expect(leaving).rejects.toThrow("bye");
    expect(server.calls[0]?.init.signal?.aborted).toBe(true);
    await flush();
    expect(clock.pendingTimers).toBe(0); // no request timeout left behind
    const joining = provider.getToken();
    expect((await joining).value).toBe("tok-2");
    expect(server.calls).toHaveLength(2);
  });

  it("removes its abort listener once the token arrives", async () => {
    const { provider } = setup([tokenResponse("tok-1")]);
    const controller = new FakeAbortController();
    await provider.getToken({ signal: controller.signal });
    expect(controller.listenerCount).toBe(0);
  });
});

describe("createOAuthTokenProvider: secrets", () => {
  it("never logs or reports the client secret, the Basic credentials or a token", async () => {
    const logger = capturingLogger();
    const token = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const { clock, provider } = setup(
      [
        new Error(`connect ECONNREFUSED (Authorization: Basic ${BASIC}; secret ${SECRET})`),
        response(503, `upstream said ${SECRET}`),
        tokenResponse(token),
        new Error(`socket hang up after ${token}`),
        response(
          400,
          JSON.stringify({
            error: "invalid_client",
            reason: `bad secret ${SECRET} for Basic ${BASIC} ${token}`,
          }),
        ),
      ],
      { logger },
    );
    const first = provider.getToken();
    await clock.advance(250 + 500);
    expect((await first).value).toBe(token);
    const second = quiet(provider.getToken({ forceRefresh: true }));
    await clock.advance(250);
    const error = await second.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomAuthError);

    const everything = [...logger.lines, (error as Error).message, String(error)].join("\n");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(BASIC);
    expect(everything).not.toContain(token);
    expect(logger.lines.some((line) => line.includes("requesting token (account_credentials)"))).toBe(true);
    expect(logger.lines.some((line) => /token request failed with 503, retrying in \d+ ms/.test(line))).toBe(
      true,
    );
    expect(logger.lines.some((line) => line.includes("network error"))).toBe(true);
  });
});
