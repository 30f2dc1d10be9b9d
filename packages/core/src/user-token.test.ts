import { describe, expect, it } from "vitest";
import { FakeClock, flush } from "../tests/support/async-fake-clock.js";
import { ZoomAuthError, ZoomOptionsError, ZoomTokenUnavailableError } from "./errors.js";
import type { AbortSignalLike } from "./fetch.js";
import type { Logger } from "./logger.js";
import type { UserTokenFunction, UserTokenResult } from "./token.js";
import { createUserTokenSource } from "./user-token.js";

const T0 = Date.parse("2030-01-01T00:00:00Z");

/** A user getToken that answers from a script and records its calls. */
function scripted(...results: (UserTokenResult | Error | Promise<UserTokenResult>)[]) {
  const calls: { forceRefresh: boolean }[] = [];
  const queue = [...results];
  const fn: UserTokenFunction = async (context) => {
    calls.push(context);
    const next = queue.shift();
    if (next === undefined) throw new Error("test: unexpected call");
    if (next instanceof Error) throw next;
    return next;
  };
  return { fn, calls };
}

function controller() {
  const listeners = new Set<() => void>();
  const signal: AbortSignalLike & { aborted: boolean; reason?: unknown } = {
    aborted: false,
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  return {
    signal,
    abort(reason: unknown) {
      signal.aborted = true;
      signal.reason = reason;
      for (const listener of [...listeners]) listener();
    },
  };
}

describe("createUserTokenSource", () => {
  it("caches a bare string for the default lifetime, refreshing 5 minutes ahead", async () => {
    const clock = new FakeClock(T0);
    const user = scripted("user-token-1", "user-token-2");
    const source = createUserTokenSource(user.fn, clock);
    const first = await source.getToken();
    expect(first).toEqual({ value: "user-token-1", issuedAt: T0, expiresAt: T0 + 3_600_000 });
    await clock.advance(3_299_999);
    expect(await source.getToken()).toBe(first);
    await clock.advance(1);
    expect((await source.getToken()).value).toBe("user-token-2");
    expect(user.calls).toEqual([{ forceRefresh: false }, { forceRefresh: false }]);
  });

  it("honours defaultLifetimeMs", async () => {
    const clock = new FakeClock(T0);
    const user = scripted("a", "b");
    const source = createUserTokenSource(user.fn, clock, { defaultLifetimeMs: 4000 });
    expect((await source.getToken()).expiresAt).toBe(T0 + 4000);
    await clock.advance(2999);
    expect((await source.getToken()).value).toBe("a");
    await clock.advance(1);
    expect((await source.getToken()).value).toBe("b");
  });

  it("uses expiresIn (seconds) and expiresAt (epoch ms, or seconds by mistake)", async () => {
    const clock = new FakeClock(T0);
    const user = scripted(
      { accessToken: "a", expiresIn: 60 },
      { accessToken: "b", expiresAt: T0 + 120_000 },
      { accessToken: "c", expiresAt: (T0 + 180_000) / 1000 },
      { accessToken: "d", expiresAt: T0 + 600_000, expiresIn: 30 },
      { accessToken: "e" },
    );
    const source = createUserTokenSource(user.fn, clock);
    const expiries: number[] = [];
    for (let i = 0; i < 5; i++) expiries.push((await source.getToken({ forceRefresh: true })).expiresAt);
    expect(expiries).toEqual([T0 + 60_000, T0 + 120_000, T0 + 180_000, T0 + 30_000, T0 + 3_600_000]);
  });

  it("shares one call between 5 concurrent callers", async () => {
    const clock = new FakeClock(T0);
    let release!: (value: UserTokenResult) => void;
    const user = scripted(new Promise<UserTokenResult>((resolve) => (release = resolve)));
    const source = createUserTokenSource(user.fn, clock);
    const promises = Array.from({ length: 5 }, () => source.getToken());
    await flush();
    expect(user.calls).toHaveLength(1);
    release("shared");
    const tokens = await Promise.all(promises);
    expect(new Set(tokens).size).toBe(1);
    expect(user.calls).toHaveLength(1);
  });

  it("passes forceRefresh to the user's function and bypasses the cache", async () => {
    const clock = new FakeClock(T0);
    const user = scripted("a", "b");
    const source = createUserTokenSource(user.fn, clock);
    await source.getToken();
    expect((await source.getToken({ forceRefresh: true })).value).toBe("b");
    expect(user.calls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
  });

  it("invalidate drops the cached token only if it is that token", async () => {
    const clock = new FakeClock(T0);
    const user = scripted("a", "b");
    const source = createUserTokenSource(user.fn, clock);
    await source.getToken();
    source.invalidate("zzz");
    expect((await source.getToken()).value).toBe("a");
    source.invalidate("a");
    expect((await source.getToken()).value).toBe("b");
  });

  it("keeps a ZoomError the user's function throws", async () => {
    const clock = new FakeClock(T0);
    const thrown = new ZoomAuthError(401, "invalid_client", "nope");
    const user = scripted(thrown, "a");
    const source = createUserTokenSource(user.fn, clock);
    await expect(source.getToken()).rejects.toBe(thrown);
    // The user's source is theirs to fix: it is asked again.
    expect((await source.getToken()).value).toBe("a");
  });

  it("wraps other errors in ZoomTokenUnavailableError, redacting credentials", async () => {
    const clock = new FakeClock(T0);
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXh5eg";
    const user = scripted(new TypeError(`vault said: Bearer abcdefgh12345678 and ${jwt}`));
    const source = createUserTokenSource(user.fn, clock);
    const error = await source.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTokenUnavailableError);
    expect(error).toMatchObject({ code: "TOKEN_UNAVAILABLE", fatal: false });
    const message = (error as Error).message;
    expect(message).toContain("getToken");
    expect(message).toContain("TypeError: vault said");
    expect(message).not.toContain("abcdefgh12345678");
    expect(message).not.toContain(jwt);
  });

  it("wraps a thrown non-Error value", async () => {
    const clock = new FakeClock(T0);
    const source = createUserTokenSource(() => Promise.reject("plain string"), clock);
    const error = await source.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTokenUnavailableError);
    expect((error as Error).message).toContain("plain string");
  });

  it("wraps a synchronous throw", async () => {
    const clock = new FakeClock(T0);
    const source = createUserTokenSource(() => {
      throw new Error("sync");
    }, clock);
    await expect(source.getToken()).rejects.toBeInstanceOf(ZoomTokenUnavailableError);
  });

  it.each([[""], [{ accessToken: "" }], [{ token: "x" }], [null], [42]])(
    "rejects an unusable result %j",
    async (result) => {
      const clock = new FakeClock(T0);
      const source = createUserTokenSource(async () => result as unknown as UserTokenResult, clock);
      await expect(source.getToken()).rejects.toBeInstanceOf(ZoomTokenUnavailableError);
    },
  );

  it("serves a stale but unexpired token when the user's function fails", async () => {
    const clock = new FakeClock(T0);
    const user = scripted({ accessToken: "a", expiresIn: 100 }, new Error("down"), new Error("down"));
    const source = createUserTokenSource(user.fn, clock);
    await source.getToken();
    await clock.advance(80_000);
    expect((await source.getToken()).value).toBe("a");
    await clock.advance(20_000);
    await expect(source.getToken()).rejects.toBeInstanceOf(ZoomTokenUnavailableError);
  });

  it("lets a caller abort its wait", async () => {
    const clock = new FakeClock(T0);
    let release!: (value: UserTokenResult) => void;
    const user = scripted(new Promise<UserTokenResult>((resolve) => (release = resolve)));
    const source = createUserTokenSource(user.fn, clock);
    const abort = controller();
    const waiting = source.getToken({ signal: abort.signal });
    const reason = new Error("cancelled");
    abort.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    // The call itself goes on; its result is cached for the next caller.
    release("late");
    await flush();
    expect((await source.getToken()).value).toBe("late");
    expect(user.calls).toHaveLength(1);
  });

  it("never logs the token", async () => {
    const clock = new FakeClock(T0);
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    const logger: Logger = { debug: capture, info: capture, warn: capture, error: capture };
    const user = scripted({ accessToken: "secret-token-value", expiresAt: T0 - 1 }, new Error("boom"));
    const source = createUserTokenSource(user.fn, clock, { logger });
    await source.getToken();
    source.invalidate("secret-token-value");
    await expect(source.getToken()).rejects.toThrow();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain("secret-token-value");
  });

  it("rejects unusable options", () => {
    const clock = new FakeClock(T0);
    expect(() => createUserTokenSource(async () => "a", clock, { defaultLifetimeMs: 0 })).toThrow(
      ZoomOptionsError,
    );
    expect(() => createUserTokenSource(undefined as unknown as UserTokenFunction, clock)).toThrow(
      ZoomOptionsError,
    );
  });
});
