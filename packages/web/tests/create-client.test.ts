import { createClient as createNodeClient, type NodeClientOptions, nodeTransport } from "@zoomws/node";
import { startEmulator } from "@zoomws/testing";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  createClient,
  systemClock,
  type WebClientOptions,
  ZoomError,
  ZoomOptionsError,
} from "../src/index.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

const options = {
  clientId: "id",
  clientSecret: "secret",
  subscriptionId: "JVcwQpcpS1GqNtkp5YBv_g",
};

describe("createClient", () => {
  it("takes exactly the options of @zoomws/node", () => {
    expectTypeOf<WebClientOptions>().toEqualTypeOf<NodeClientOptions>();
  });

  it("fails at once, with a typed error naming @zoomws/node, where there is no global WebSocket (Node 20)", () => {
    vi.stubGlobal("WebSocket", undefined);
    let thrown: unknown;
    try {
      createClient(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ZoomOptionsError);
    expect(thrown).toBeInstanceOf(ZoomError);
    expect(thrown).toMatchObject({ code: "INVALID_OPTIONS", fatal: true });
    expect((thrown as Error).message).toContain("@zoomws/node");
  });

  it("needs no global WebSocket when given a transport; fetch and clock default to the runtime's", async () => {
    vi.stubGlobal("WebSocket", undefined);
    const zoom = await startEmulator();
    const client = createClient({
      clientId: zoom.clientId,
      clientSecret: zoom.clientSecret,
      accountId: zoom.accountId,
      url: zoom.endpointUrl,
      oauthUrl: zoom.oauthUrl,
      transport: nodeTransport,
    });
    try {
      await client.connect();
      const received = new Promise((resolve) => client.on("meeting.started", resolve));
      zoom.emitEvent("meeting.started");
      await expect(received).resolves.toMatchObject({ event: "meeting.started" });
      expect(zoom.tokenRequests).toMatchObject([{ ok: true, grant: "account_credentials" }]);
    } finally {
      await client.close();
      await zoom.close();
    }
  });

  it("rejects bad options as @zoomws/node does", () => {
    const bad = { ...options, url: "ws://example.com/ws" };
    expect(() => createClient({ ...bad, transport: nodeTransport })).toThrow(ZoomOptionsError);
    expect(() => createNodeClient(bad)).toThrow(ZoomOptionsError);
  });

  it("fails at once where there is no global fetch and none is given", () => {
    vi.stubGlobal("fetch", undefined);
    expect(() => createClient({ ...options, transport: nodeTransport })).toThrow(/fetch/);
  });

  it("has a system clock on the runtime's timers", () => {
    vi.useFakeTimers({ now: 1_000 });
    try {
      const fired = vi.fn();
      expect(systemClock.now()).toBe(1_000);
      const handle = systemClock.setTimeout(fired, 50);
      systemClock.setTimeout(fired, 100);
      systemClock.clearTimeout(handle);
      vi.advanceTimersByTime(100);
      expect(fired).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
