import {
  createFakeClock,
  type EmulatorOptions,
  type FakeClock,
  startEmulator,
  type ZoomEmulator,
} from "@zoomws/testing";
import { afterEach, expect } from "vitest";
import {
  type ConnectionState,
  createClient,
  type FetchLike,
  type Gap,
  type NodeClientOptions,
  nodeTransport,
  type Transport,
  type ZoomClient,
  type ZoomError,
  type ZoomEvent,
} from "../src/index.js";

/** One macrotask turn: lets loopback I/O progress. Not a sleep: no time passes on the fake clock. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Rig {
  emulator: ZoomEmulator;
  clock: FakeClock;
  client: ZoomClient;
  events: ZoomEvent[];
  errors: ZoomError[];
  states: ConnectionState[];
  gaps: Gap[];
  /** Every line the client logged, at every level (debug included). */
  logs: string[];
  /** Resolves once `n` events have arrived in total. */
  waitForEvents(n: number): Promise<void>;
  waitForState(state: ConnectionState): Promise<void>;
  /** Resolves once the client has received `n` frames in total, on all its sockets. */
  waitForFrames(n: number): Promise<void>;
  /** Frames the client has received so far. */
  readonly frames: number;
  /** Lets loopback I/O run until no token request or socket opening is under way. */
  settle(): Promise<void>;
  /** Advances the fake clock in steps, letting I/O run between them, until `done()` holds. */
  advanceUntil(done: () => boolean, stepMs?: number, maxSteps?: number): Promise<void>;
}

const rigs: Rig[] = [];

/** The options that point a client at `emulator`: its app's credentials, endpoint and OAuth URL. */
export function emulatorCredentials(emulator: ZoomEmulator) {
  return {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    accountId: emulator.accountId,
    url: emulator.endpointUrl,
    oauthUrl: emulator.oauthUrl,
  };
}

export async function rig(
  options: { emulator?: EmulatorOptions; client?: Partial<NodeClientOptions>; fakeClock?: boolean } = {},
): Promise<Rig> {
  const clock = createFakeClock(Date.UTC(2026, 11, 4, 12));
  const emulator = await startEmulator({ clock, ...options.emulator });
  const logs: string[] = [];
  const capture =
    (level: string) =>
    (...args: unknown[]) =>
      logs.push(`${level} ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
  let frames = 0;
  // Fake time may only move while no real I/O is under way, or timeouts would fire on a busy machine.
  let busy = 0;
  const fetch: FetchLike = async (url, init) => {
    busy++;
    try {
      const response = await globalThis.fetch(url, init as RequestInit);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text: async () => text };
    } finally {
      busy--;
    }
  };
  const transport: Transport = {
    open(url, listener) {
      busy++;
      let opening = true;
      const settle = () => {
        if (opening) busy--;
        opening = false;
      };
      return nodeTransport.open(url, {
        onOpen: () => listener.onOpen(),
        onMessage: (data) => {
          settle();
          frames++;
          listener.onMessage(data);
          notify();
        },
        onError: (error) => listener.onError(error),
        onClose: (code, reason) => {
          settle();
          listener.onClose(code, reason);
        },
      });
    },
  };
  const client = createClient({
    fetch,
    transport,
    ...emulatorCredentials(emulator),
    clock,
    logger: {
      debug: capture("debug"),
      info: capture("info"),
      warn: capture("warn"),
      error: capture("error"),
    },
    ...options.client,
  });
  const events: ZoomEvent[] = [];
  const errors: ZoomError[] = [];
  const states: ConnectionState[] = [];
  const gaps: Gap[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      if (done()) return resolve();
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  client.on("*", (event) => {
    events.push(event);
    notify();
  });
  client.onError((error) => {
    errors.push(error);
    notify();
  });
  client.onStateChange((state) => {
    states.push(state);
    notify();
  });
  client.onGap((gap) => {
    gaps.push(gap);
    notify();
  });
  const r: Rig = {
    emulator,
    clock,
    client,
    events,
    errors,
    states,
    gaps,
    logs,
    waitForEvents: (n) => until(() => events.length >= n),
    waitForState: (state) => until(() => client.state === state),
    waitForFrames: (n) => until(() => frames >= n),
    get frames() {
      return frames;
    },
    async settle() {
      for (let j = 0; j < 3 || busy > 0; j++) await turn();
    },
    async advanceUntil(done, stepMs = 100, maxSteps = 5000) {
      for (let i = 0; i < maxSteps && !done(); i++) {
        clock.advance(stepMs);
        for (let j = 0; (j < 5 || busy > 0) && !done(); j++) await turn();
      }
      expect(done(), "condition not reached while advancing the fake clock").toBe(true);
    },
  };
  rigs.push(r);
  return r;
}

/**
 * Fetches a token from the emulator's OAuth endpoint the way a user's REST client would (Basic auth, form
 * body), for use in a user `getToken`.
 */
export async function fetchEmulatorToken(
  emulator: ZoomEmulator,
  grant: Record<string, string> = { grant_type: "client_credentials" },
): Promise<{ accessToken: string; expiresIn: number }> {
  const response = await fetch(emulator.oauthUrl, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(grant).toString(),
  });
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { accessToken: body.access_token, expiresIn: body.expires_in };
}

/** Everything a client let out: logs, error messages and stacks. */
export function everythingSaid(r: Rig): string {
  return [
    ...r.logs,
    ...r.errors.flatMap((e) => [e.message, e.stack ?? ""]),
    r.client.error?.stack ?? "",
  ].join("\n");
}

export function assertNoSecrets(r: Rig): void {
  const said = everythingSaid(r);
  const secrets = [r.emulator.clientSecret, ...r.emulator.issuedTokens];
  for (const secret of secrets)
    expect(said.includes(secret), "a secret leaked into logs or errors").toBe(false);
  expect(said).not.toMatch(/access_token=(?!\[redacted\])/);
}

// Every test: no secret in anything the client said, and nothing left running.
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.client.close();
    assertNoSecrets(r);
    await r.emulator.close();
  }
});
