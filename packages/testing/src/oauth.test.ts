import { afterEach, describe, expect, it } from "vitest";
import { connect, mintToken, requestToken, socketUrl } from "../tests/support/ws-client.js";
import { startEmulator } from "./emulator.js";
import type { ZoomEmulator } from "./emulator-types.js";
import { createFakeClock } from "./fake-clock.js";
import { checkTokenRequest } from "./oauth.js";

let emulator: ZoomEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<ZoomEmulator> {
  emulator = await startEmulator(options);
  return emulator;
}

describe("POST /oauth/token", () => {
  it("grants client_credentials with Zoom's response shape", async () => {
    const zoom = await start();
    const { status, headers, body } = await requestToken(zoom);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: "bearer",
      expires_in: 3600,
      scope: expect.stringContaining("marketplace:write:websocket_connection"),
      api_url: "https://api.zoom.us",
    });
    expect(zoom.issuedTokens).toEqual([body["access_token"]]);
    expect(zoom.tokenRequests).toEqual([
      expect.objectContaining({
        grant: "client_credentials",
        ok: true,
        status: 200,
        clientId: zoom.clientId,
      }),
    ]);
  });

  it("grants account_credentials with the right account_id", async () => {
    const zoom = await start({ accountId: "VjZoEArIT5y-HlWxkV-tVA" });
    const { status, body } = await requestToken(zoom, {
      form: { grant_type: "account_credentials", account_id: "VjZoEArIT5y-HlWxkV-tVA" },
    });
    expect(status).toBe(200);
    expect(body["token_type"]).toBe("bearer");
    expect(zoom.tokenRequests[0]?.grant).toBe("account_credentials");
  });

  it("mints a different token each time", async () => {
    const zoom = await start();
    const a = await mintToken(zoom);
    const b = await mintToken(zoom);
    expect(a).not.toBe(b);
    expect(zoom.issuedTokens).toEqual([a, b]);
  });

  it.each([
    [
      "a JSON body",
      { json: { grant_type: "client_credentials" } },
      "unsupported grant type",
      "unsupported_grant_type",
    ],
    [
      "an unknown grant",
      { form: { grant_type: "password" } },
      "unsupported grant type",
      "unsupported_grant_type",
    ],
    ["no grant", { form: {} }, "unsupported grant type", "unsupported_grant_type"],
    ["a wrong secret", { clientSecret: "nope" }, "Invalid client_id or client_secret", "invalid_client"],
    ["a wrong client id", { clientId: "nope" }, "Invalid client_id or client_secret", "invalid_client"],
    [
      "no Authorization header",
      { auth: false as const },
      "Invalid client_id or client_secret",
      "invalid_client",
    ],
    [
      "account_credentials without account_id",
      { form: { grant_type: "account_credentials" } },
      "Missing account_id",
      "invalid_request",
    ],
    [
      "account_credentials with another account_id",
      { form: { grant_type: "account_credentials", account_id: "someone-else" } },
      "Invalid account_id",
      "invalid_request",
    ],
  ])("rejects %s with 400 and Zoom's error body", async (_, init, reason, error) => {
    const zoom = await start();
    const response = await requestToken(zoom, init);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ reason, error });
    expect(zoom.tokenRequests).toEqual([
      expect.objectContaining({ ok: false, status: 400, error, injected: false }),
    ]);
    expect(zoom.issuedTokens).toEqual([]);
  });

  it("never records the client secret", async () => {
    const zoom = await start();
    await requestToken(zoom);
    await requestToken(zoom, { clientSecret: "wrong-secret-value" });
    const recorded = JSON.stringify(zoom.tokenRequests);
    expect(recorded).not.toContain(zoom.clientSecret);
    expect(recorded).not.toContain("wrong-secret-value");
  });

  it("uses tokenLifetimeSeconds for expires_in", async () => {
    const zoom = await start({ tokenLifetimeSeconds: 3 });
    expect((await requestToken(zoom)).body["expires_in"]).toBe(3);
  });

  it("answers other methods with 405", async () => {
    const zoom = await start();
    expect((await fetch(zoom.oauthUrl)).status).toBe(405);
  });
});

describe("failTokenRequests", () => {
  it("fails the next n requests with Retry-After, then recovers", async () => {
    const zoom = await start();
    zoom.failTokenRequests(2, 429, { retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const response = await requestToken(zoom);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("7");
      expect(response.body).toEqual({ code: 429, message: expect.stringContaining("rate limit") });
    }
    expect((await requestToken(zoom)).status).toBe(200);
    expect(zoom.tokenRequests.map((r) => [r.status, r.injected])).toEqual([
      [429, true],
      [429, true],
      [200, false],
    ]);
  });

  it("sends a Zoom-like 5xx body, or the body given, without Retry-After unless asked", async () => {
    const zoom = await start();
    zoom.failTokenRequests(1, 503);
    zoom.failTokenRequests(1, 500, { body: { reason: "custom", error: "server_error" } });
    zoom.failTokenRequests(1, 502, { body: "<html>Bad Gateway</html>" });
    const first = await requestToken(zoom);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBeNull();
    expect(first.body).toEqual({ reason: expect.any(String), error: "temporarily_unavailable" });
    expect((await requestToken(zoom)).body).toEqual({ reason: "custom", error: "server_error" });
    const raw = await fetch(zoom.oauthUrl, { method: "POST" });
    expect(raw.status).toBe(502);
    expect(await raw.text()).toBe("<html>Bad Gateway</html>");
  });

  it("is cancelled by a count of 0", async () => {
    const zoom = await start();
    zoom.failTokenRequests(3, 500);
    zoom.failTokenRequests(0, 500);
    expect((await requestToken(zoom)).status).toBe(200);
  });
});

describe("mintInvalidatesPrevious", () => {
  it("revokes the earlier token when a new one is minted", async () => {
    const clock = createFakeClock();
    const zoom = await start({ clock, mintInvalidatesPrevious: true });
    const first = await mintToken(zoom);
    await mintToken(zoom);
    const client = await connect(socketUrl(zoom, first));
    expect(await client.nextJson()).toEqual({
      module: "build_connection",
      success: false,
      content: "Invalid Token",
      header: {},
    });
  });

  it("leaves earlier tokens valid by default", async () => {
    const zoom = await start();
    const first = await mintToken(zoom);
    await mintToken(zoom);
    const client = await connect(socketUrl(zoom, first));
    expect(await client.nextJson()).toMatchObject({ module: "build_connection", success: true });
  });
});

describe("checkTokenRequest", () => {
  const credentials = { clientId: "id", clientSecret: "secret", accountId: "acct" };
  const basic = `Basic ${Buffer.from("id:secret").toString("base64")}`;

  it("accepts a secret that contains a colon", () => {
    const verdict = checkTokenRequest(
      {
        contentType: "application/x-www-form-urlencoded; charset=utf-8",
        authorization: `Basic ${Buffer.from("id:se:cret").toString("base64")}`,
        body: "grant_type=client_credentials",
      },
      { ...credentials, clientSecret: "se:cret" },
    );
    expect(verdict).toEqual({ ok: true, grant: "client_credentials", clientId: "id" });
  });

  it("ignores grant parameters in a body that is not a form", () => {
    const verdict = checkTokenRequest(
      { contentType: "text/plain", authorization: basic, body: "grant_type=client_credentials" },
      credentials,
    );
    expect(verdict).toMatchObject({ ok: false, error: { error: "unsupported_grant_type" } });
  });
});
