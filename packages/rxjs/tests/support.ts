import { createClient, type FetchLike, nodeTransport, type Transport, type ZoomClient } from "@zoomws/node";
import {
  createFakeClock,
  type EmulatorOptions,
  type FakeClock,
  startEmulator,
  type ZoomEmulator,
} from "@zoomws/testing";
import { afterEach, expect } from "vitest";

/** One macrotask turn: lets loopback I/O progress. No time passes on the fake clock. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Rig {
  emulator: ZoomEmulator;
  clock: FakeClock;
  client: ZoomClient;
  /** Every line the client logged, debug included. */
  logs: string[];
  /** Lets loopback I/O run (at least a few turns) until no token request or socket opening is under way. */
  settle(): Promise<void>;
  /** Advances the fake clock in steps, letting I/O run between them, until `done()` holds. */
  advanceUntil(done: () => boolean, stepMs?: number, maxSteps?: number): Promise<void>;
  /** Advances the fake clock by `ms` in steps, letting I/O run between them. */
  advance(ms: number, stepMs?: number): Promise<void>;
  /** Lets I/O run until `done()` holds, without moving the clock. */
  until(done: () => boolean): Promise<void>;
}

const rigs: Rig[] = [];

/**
 * An emulator on a fake clock and a Node client pointed at it. Fake time only moves while no
 * real I/O is under way, so that no deadline fires on a busy machine.
 */
export async function rig(
  options: { emulator?: EmulatorOptions; clientSecret?: string; retryAfterReplacedMs?: number } = {},
): Promise<Rig> {
  const clock = createFakeClock(Date.UTC(2026, 11, 4, 12));
  const emulator = await startEmulator({ clock, ...options.emulator });
  const logs: string[] = [];
  let busy = 0;
  // createClient hands this fetch a real AbortSignal (it bridges the core's minimal one).
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
          listener.onMessage(data);
        },
        onError: (error) => listener.onError(error),
        onClose: (code, reason) => {
          settle();
          listener.onClose(code, reason);
        },
      });
    },
  };
  const log = (level: string) => (message: unknown) => logs.push(`${level} ${String(message)}`);
  const client = createClient({
    clientId: emulator.clientId,
    clientSecret: options.clientSecret ?? emulator.clientSecret,
    accountId: emulator.accountId,
    url: emulator.endpointUrl,
    oauthUrl: emulator.oauthUrl,
    fetch,
    transport,
    clock,
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    ...(options.retryAfterReplacedMs !== undefined && { retryAfterReplacedMs: options.retryAfterReplacedMs }),
  });
  const settle = async () => {
    for (let j = 0; j < 3 || busy > 0; j++) await turn();
  };
  const r: Rig = {
    emulator,
    clock,
    client,
    logs,
    settle,
    async advanceUntil(done, stepMs = 100, maxSteps = 5000) {
      for (let i = 0; i < maxSteps && !done(); i++) {
        clock.advance(stepMs);
        for (let j = 0; (j < 5 || busy > 0) && !done(); j++) await turn();
      }
      expect(done(), "condition not reached while advancing the fake clock").toBe(true);
    },
    async advance(ms, stepMs = 1000) {
      for (let passed = 0; passed < ms; passed += stepMs) {
        clock.advance(Math.min(stepMs, ms - passed));
        await settle();
      }
    },
    async until(done) {
      for (let i = 0; i < 10_000 && !done(); i++) await turn();
      expect(done(), "condition not reached").toBe(true);
    },
  };
  rigs.push(r);
  return r;
}

// Every test: nothing left running, and no secret in anything the client logged.
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.client.close();
    const said = r.logs.join("\n");
    for (const secret of [r.emulator.clientSecret, ...r.emulator.issuedTokens]) {
      expect(said.includes(secret), "a secret leaked into the logs").toBe(false);
    }
    await r.emulator.close();
  }
});
