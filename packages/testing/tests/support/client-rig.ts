// A deterministic rig for `createZoomClient`: memory transport + fake clock + scripted OAuth fetch, no sleeps.
import {
  type ClientOptions,
  type ConnectionState,
  createZoomClient,
  type FetchInit,
  type FetchLike,
  type FetchResponseLike,
  type Gap,
  type Logger,
  type ZoomClient,
  type ZoomError,
  type ZoomEvent,
} from "@zoomws/core";
import { afterEach, expect } from "vitest";
import {
  createFakeClock,
  createMemoryTransport,
  type FakeClock,
  type MemorySocket,
  type MemoryTransport,
  type MemoryTransportOptions,
} from "../../src/index.js";

// ── fixtures ────────────────────────────────────────────────────────────────

export const WS_URL = "ws://127.0.0.1:1/ws?subscriptionId=sub";
export const OAUTH_URL = "http://127.0.0.1:1/oauth/token";
export const CLIENT_ID = "client-id-1234";
export const CLIENT_SECRET = "very-secret-client-secret-5678";
export const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");

export const ESTABLISHED = '{"module":"build_connection","success":true,"content":"ok","header":{}}';
export const ACK = '{"module":"heartbeat","success":true,"content":"live"}';
export const KICK = '{"module":"build_connection","success":false,"content":"Connected in another place"}';
export const TOKEN_REJECTED = '{"module":"heartbeat","success":false,"content":"Token is invalid"}';

export function eventFrame(id: number, event = "meeting.started"): string {
  return JSON.stringify({
    module: "message",
    content: JSON.stringify({ event, event_ts: id, payload: { account_id: "a", object: { id } } }),
  });
}

export function idOf(event: ZoomEvent): number {
  return (event.payload.object as { id: number }).id;
}

/** Lets every pending promise chain run; no timers, no sleeping. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

// ── a scripted fetch ────────────────────────────────────────────────────────

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ScriptedFetch {
  fetch: FetchLike;
  calls: Array<{ url: string; init: FetchInit }>;
  /** Replies used before the default ones, first in first out. */
  script: Reply[];
  /** Every access token it issued. */
  issued: string[];
}

/** An OAuth endpoint that replies from `script` first, then issues tok-1, tok-2, … */
export function scriptedFetch(expiresIn = 3600): ScriptedFetch {
  const calls: ScriptedFetch["calls"] = [];
  const script: Reply[] = [];
  const issued: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    let reply = script.shift();
    if (!reply) {
      const token = `tok-${issued.length + 1}`;
      issued.push(token);
      reply = {
        status: 200,
        body: JSON.stringify({ access_token: token, token_type: "bearer", expires_in: expiresIn }),
      };
    }
    const headers = reply.headers ?? {};
    const response: FetchResponseLike = {
      status: reply.status,
      headers: { get: (name) => headers[name.toLowerCase()] ?? null },
      text: async () => reply.body,
    };
    return response;
  };
  return { fetch, calls, script, issued };
}

// ── what clients let out ────────────────────────────────────────────────────

export interface LogLine {
  level: string;
  text: string;
}

/**
 * Everything any client let out, and every token it saw, since the last check.
 * Recorded for every client; checked and cleared only in files that call `checkSecretsAfterEach()`.
 */
const exposed: { logs: LogLine[]; messages: string[] } = { logs: [], messages: [] };
/** Every token any client of the current test saw. */
export const afterEachTokens: Array<() => readonly string[]> = [];

export function capturingLogger(logs: LogLine[]): Logger {
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      const line = { level, text: args.map((arg) => String(arg)).join(" ") };
      logs.push(line);
      exposed.logs.push(line);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** No text mentions the client secret, its Basic header, an unredacted access_token or any of `tokens`. */
export function expectNoSecrets(texts: readonly string[], tokens: readonly string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain(BASIC);
    expect(text).not.toMatch(/access_token=(?!\[redacted\])/);
    for (const token of tokens) expect(text).not.toContain(token);
  }
}

/** After each test of the calling file: no client let a secret out through its logs or errors. */
export function checkSecretsAfterEach(): void {
  afterEach(() => {
    const tokens = afterEachTokens.flatMap((get) => get());
    expectNoSecrets([...exposed.logs.map((line) => line.text), ...exposed.messages], tokens);
    exposed.logs = [];
    exposed.messages = [];
    afterEachTokens.length = 0;
  });
}

// ── the harness ─────────────────────────────────────────────────────────────

export interface Harness {
  client: ZoomClient;
  clock: FakeClock;
  transport: MemoryTransport;
  oauth: ScriptedFetch;
  logs: LogLine[];
  errors: ZoomError[];
  states: Array<[ConnectionState, ConnectionState]>;
  gaps: Gap[];
}

export interface HarnessOptions {
  expiresIn?: number;
  transport?: MemoryTransportOptions;
  /** Replace the capturing logger (it is then not captured). */
  logger?: Logger;
  /** Skip the onError listener (errors then go to the logger). */
  noErrorListener?: boolean;
  /** Leave clientId and clientSecret out of the options. */
  noCredentials?: boolean;
}

export function setup(overrides: Partial<ClientOptions> = {}, options: HarnessOptions = {}): Harness {
  const clock = createFakeClock();
  const transport = createMemoryTransport(options.transport);
  const oauth = scriptedFetch(options.expiresIn);
  const logs: LogLine[] = [];
  const client = createZoomClient(
    {
      ...(!options.noCredentials && { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
      url: WS_URL,
      oauthUrl: OAUTH_URL,
      logger: options.logger ?? capturingLogger(logs),
      ...overrides,
    },
    { transport, fetch: oauth.fetch, clock },
  );
  // A live view on the issued tokens: later ones are added as they are minted.
  afterEachTokens.push(() => oauth.issued);
  const errors: ZoomError[] = [];
  const states: Array<[ConnectionState, ConnectionState]> = [];
  const gaps: Gap[] = [];
  if (!options.noErrorListener) {
    client.onError((error) => {
      errors.push(error);
      exposed.messages.push(error.message);
    });
  }
  client.onStateChange((state, previous) => states.push([state, previous]));
  client.onGap((gap) => gaps.push(gap));
  return { client, clock, transport, oauth, logs, errors, states, gaps };
}

/** Connects and completes the handshake on the first socket. */
export async function connectOn(h: Harness): Promise<MemorySocket> {
  const connected = h.client.connect();
  const socket = await h.transport.nextSocket();
  socket.server.accept();
  socket.server.send(ESTABLISHED);
  await connected;
  return socket;
}
