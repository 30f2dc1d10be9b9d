import { randomBytes, randomUUID } from "node:crypto";

/** Zoom's OAuth error body: `{"reason": …, "error": …}`. */
export interface OAuthErrorBody {
  reason: string;
  error: string;
}

export type Grant = "client_credentials" | "account_credentials";

export interface OAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: string;
}

/** What the emulator needs to know about one `POST /oauth/token`. */
export interface TokenRequestInput {
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: string;
}

export type TokenRequestVerdict =
  | { readonly ok: true; readonly grant: Grant; readonly clientId: string }
  | {
      readonly ok: false;
      readonly status: number;
      readonly error: OAuthErrorBody;
      readonly grant: string | undefined;
      readonly clientId: string | undefined;
    };

export const OAUTH_ERRORS = {
  unsupportedGrant: { reason: "unsupported grant type", error: "unsupported_grant_type" },
  invalidClient: { reason: "Invalid client_id or client_secret", error: "invalid_client" },
  missingAccountId: { reason: "Missing account_id", error: "invalid_request" },
  invalidAccountId: { reason: "Invalid account_id", error: "invalid_request" },
} as const satisfies Record<string, OAuthErrorBody>;

/** The scopes a WebSocket-subscribed S2S app typically holds; the first one is what the socket needs. */
export const TOKEN_SCOPE = [
  "marketplace:write:websocket_connection",
  "marketplace:read:list_event_subscriptions",
  "meeting:read:meeting:admin",
  "meeting:read:list_meetings:admin",
  "user:read:user:admin",
  "cloud_recording:read:list_recording_files:admin",
].join(" ");

/** Checks a token request the way Zoom does: form body, Basic credentials, then grant-specific parameters. */
export function checkTokenRequest(
  input: TokenRequestInput,
  credentials: OAuthCredentials,
): TokenRequestVerdict {
  // Only a form body carries parameters; Zoom answers a JSON body as if the grant were missing.
  const isForm = (input.contentType ?? "").toLowerCase().includes("application/x-www-form-urlencoded");
  const form = isForm ? new URLSearchParams(input.body) : new URLSearchParams();
  const grant = form.get("grant_type") ?? undefined;
  const basic = parseBasic(input.authorization);
  const clientId = basic?.clientId;
  const fail = (error: OAuthErrorBody): TokenRequestVerdict => ({
    ok: false,
    status: 400,
    error,
    grant,
    clientId,
  });

  if (!isForm) return fail(OAUTH_ERRORS.unsupportedGrant);
  if (!basic || basic.clientId !== credentials.clientId || basic.clientSecret !== credentials.clientSecret) {
    return fail(OAUTH_ERRORS.invalidClient);
  }
  if (grant === "client_credentials") return { ok: true, grant, clientId: basic.clientId };
  if (grant !== "account_credentials") return fail(OAUTH_ERRORS.unsupportedGrant);
  const accountId = form.get("account_id");
  if (!accountId) return fail(OAUTH_ERRORS.missingAccountId);
  if (accountId !== credentials.accountId) return fail(OAUTH_ERRORS.invalidAccountId);
  return { ok: true, grant, clientId: basic.clientId };
}

function parseBasic(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/**
 * A JWT-shaped opaque token like Zoom's (`eyJ…`), unique per call, so tests can check
 * that the credential-shaped patterns in logs are redacted.
 */
export function mintAccessToken(
  clientId: string,
  accountId: string,
  issuedAtMs: number,
  lifetimeSeconds: number,
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const iat = Math.floor(issuedAtMs / 1000);
  const header = { sv: "0.0.1", alg: "HS512", v: "2.0", kid: randomUUID() };
  const payload = {
    aud: "https://oauth.zoom.us",
    uid: accountId,
    ver: 10,
    auid: randomBytes(32).toString("hex"),
    nbf: iat,
    code: randomBytes(16).toString("base64url"),
    iss: `zm:cid:${clientId}`,
    gno: 0,
    exp: iat + Math.ceil(lifetimeSeconds),
    type: 3,
    iat,
    aid: accountId,
  };
  return `${encode(header)}.${encode(payload)}.${randomBytes(64).toString("base64url")}`;
}

export function tokenResponseBody(accessToken: string, lifetimeSeconds: number): Record<string, unknown> {
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: lifetimeSeconds,
    scope: TOKEN_SCOPE,
    api_url: "https://api.zoom.us",
  };
}

/** A plausible body for an injected failure, shaped like what Zoom returns for that status. */
export function failureBody(status: number): Record<string, unknown> {
  if (status === 429) {
    return {
      code: 429,
      message: "You have reached the maximum per-second rate limit for this API. Try again later.",
    };
  }
  if (status === 503) return { reason: "Service temporarily unavailable", error: "temporarily_unavailable" };
  if (status >= 500) return { reason: "Internal server error", error: "server_error" };
  if (status === 401) return { ...OAUTH_ERRORS.invalidClient };
  return { reason: "Invalid request", error: "invalid_request" };
}
