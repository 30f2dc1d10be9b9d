import type { Clock } from "./clock.js";
import { ZoomError, ZoomOptionsError, ZoomTokenUnavailableError } from "./errors.js";
import type { Logger } from "./logger.js";
import { silentLogger } from "./logger.js";
import { redact } from "./redact.js";
import type { AccessToken, TokenSource, UserTokenFunction, UserTokenResult } from "./token.js";
import { createCachedTokenSource, describeThrown } from "./token-provider.js";

export interface UserTokenSourceOptions {
  /** Lifetime assumed for a token returned without `expiresAt`/`expiresIn`. Default 3_600_000 ms (Zoom's 1 h). */
  defaultLifetimeMs?: number;
  /** Default silent. */
  logger?: Logger;
}

const DEFAULT_LIFETIME_MS = 3_600_000;
/**
 * An `expiresAt` below this is taken as epoch *seconds*, not milliseconds
 * (1e11 ms is March 1973; 1e11 s is the year 5138).
 */
const SECONDS_THRESHOLD = 1e11;

/**
 * Wraps the user's own `getToken` function in a `TokenSource`: the result is
 * cached with the same refresh-ahead rule as the OAuth provider, concurrent
 * callers share one call, and `forceRefresh` is passed on to the function.
 * Errors the function throws are kept if they are `ZoomError`s, otherwise
 * wrapped in a (transient) `ZoomTokenUnavailableError` with a redacted message.
 */
export function createUserTokenSource(
  getToken: UserTokenFunction,
  clock: Clock,
  options: UserTokenSourceOptions = {},
): TokenSource {
  if (typeof getToken !== "function") throw new ZoomOptionsError("getToken must be a function.");
  const defaultLifetimeMs = options.defaultLifetimeMs ?? DEFAULT_LIFETIME_MS;
  if (
    !(typeof defaultLifetimeMs === "number" && defaultLifetimeMs > 0 && Number.isFinite(defaultLifetimeMs))
  ) {
    throw new ZoomOptionsError(
      `defaultLifetimeMs must be a finite number > 0 (got ${String(defaultLifetimeMs)}).`,
    );
  }
  const logger = options.logger ?? silentLogger;
  let latestToken = "";
  const scrub = (text: string): string => redact(text, [latestToken]);

  // Set when Zoom rejected the token this function gave us: the next call must ask it for a new one.
  let refreshNext = false;

  async function mint({ forceRefresh }: { forceRefresh: boolean }): Promise<AccessToken> {
    refreshNext = false;
    let result: UserTokenResult;
    try {
      result = await getToken({ forceRefresh });
    } catch (error) {
      if (error instanceof ZoomError) throw error;
      throw new ZoomTokenUnavailableError(
        `The getToken function you supplied failed: ${scrub(describeThrown(error))}`,
      );
    }
    const now = clock.now();
    const token = toAccessToken(result, now, defaultLifetimeMs);
    if (token === undefined) {
      throw new ZoomTokenUnavailableError(
        "The getToken function you supplied returned no access token: expected a non-empty string " +
          "or { accessToken: string, expiresAt?: number, expiresIn?: number }.",
      );
    }
    latestToken = token.value;
    if (token.expiresAt <= now) {
      logger.warn("the getToken function you supplied returned a token that has already expired");
    }
    return token;
  }

  const source = createCachedTokenSource({
    clock,
    logger: {
      debug: (message) => logger.debug(scrub(message)),
      warn: (message) => logger.warn(scrub(message)),
    },
    mint,
  });
  return {
    getToken: (request = {}) => source.getToken(refreshNext ? { ...request, forceRefresh: true } : request),
    invalidate(token) {
      if (token === latestToken) refreshNext = true;
      source.invalidate(token);
    },
  };
}

function toAccessToken(
  result: UserTokenResult,
  now: number,
  defaultLifetimeMs: number,
): AccessToken | undefined {
  if (typeof result === "string") {
    return result === "" ? undefined : { value: result, issuedAt: now, expiresAt: now + defaultLifetimeMs };
  }
  if (typeof result !== "object" || result === null) return undefined;
  const { accessToken, expiresAt, expiresIn } = result as {
    accessToken?: unknown;
    expiresAt?: unknown;
    expiresIn?: unknown;
  };
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  const candidates: number[] = [];
  if (typeof expiresAt === "number" && Number.isFinite(expiresAt)) {
    candidates.push(expiresAt < SECONDS_THRESHOLD ? expiresAt * 1000 : expiresAt);
  }
  if (typeof expiresIn === "number" && Number.isFinite(expiresIn)) {
    candidates.push(now + expiresIn * 1000);
  }
  // Both given: trust the earlier one.
  const expiry = candidates.length > 0 ? Math.min(...candidates) : now + defaultLifetimeMs;
  return { value: accessToken, issuedAt: now, expiresAt: expiry };
}
