import { WebSocket } from "ws";
import type { ZoomEmulator } from "../../src/emulator-types.js";

export type Received = { readonly text: string } | { readonly binary: Uint8Array };

/** A `ws` client that queues what it receives, so tests await frames instead of sleeping. */
export interface TestClient {
  readonly ws: WebSocket;
  /** Resolves with the next frame, in arrival order. */
  next(): Promise<Received>;
  /** The next frame, which must be text, parsed as JSON. */
  nextJson(): Promise<Record<string, unknown>>;
  readonly closed: Promise<{ code: number; reason: string }>;
  heartbeat(): void;
}

export function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const ws = new WebSocket(url, { headers });
  const queue: Received[] = [];
  const waiting: ((frame: Received) => void)[] = [];
  ws.on("message", (data, isBinary) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    const frame: Received = isBinary ? { binary: new Uint8Array(buffer) } : { text: buffer.toString("utf8") };
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else queue.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") })),
  );
  const next = (): Promise<Received> => {
    const frame = queue.shift();
    return frame ? Promise.resolve(frame) : new Promise((resolve) => waiting.push(resolve));
  };
  const client: TestClient = {
    ws,
    next,
    async nextJson() {
      const frame = await next();
      if (!("text" in frame)) throw new Error("expected a text frame, got a binary one");
      return JSON.parse(frame.text) as Record<string, unknown>;
    },
    closed,
    heartbeat: () => ws.send('{"module":"heartbeat"}'),
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    ws.once("error", reject);
  });
}

/** Attempts an upgrade that the server is expected to refuse; resolves with the HTTP status. */
export function connectExpectingRefusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on("error", () => {});
    ws.once("open", () => reject(new Error("the upgrade was accepted")));
  });
}

export interface TokenResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export async function requestToken(
  emulator: ZoomEmulator,
  init: {
    form?: Record<string, string>;
    json?: unknown;
    clientId?: string;
    clientSecret?: string;
    auth?: false;
  } = {},
): Promise<TokenResponse> {
  const headers: Record<string, string> = {};
  if (init.auth !== false) {
    const basic = `${init.clientId ?? emulator.clientId}:${init.clientSecret ?? emulator.clientSecret}`;
    headers["Authorization"] = `Basic ${Buffer.from(basic).toString("base64")}`;
  }
  let body: string;
  if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  } else {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form ?? { grant_type: "client_credentials" }).toString();
  }
  const response = await fetch(emulator.oauthUrl, { method: "POST", headers, body });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export async function mintToken(emulator: ZoomEmulator): Promise<string> {
  const { status, body } = await requestToken(emulator);
  if (status !== 200 || typeof body["access_token"] !== "string")
    throw new Error(`token request failed: ${status}`);
  return body["access_token"];
}

export function socketUrl(
  emulator: ZoomEmulator,
  token: string,
  subscriptionId = emulator.subscriptionId,
): string {
  return `${emulator.wsBaseUrl}?subscriptionId=${encodeURIComponent(subscriptionId)}&access_token=${encodeURIComponent(token)}`;
}

/** Mints a token, connects, and checks the connection was established. */
export async function connectEstablished(emulator: ZoomEmulator, token?: string): Promise<TestClient> {
  const client = await connect(socketUrl(emulator, token ?? (await mintToken(emulator))));
  const first = await client.nextJson();
  if (first["module"] !== "build_connection" || first["success"] !== true) {
    throw new Error(`connection was not established: ${JSON.stringify(first)}`);
  }
  return client;
}
