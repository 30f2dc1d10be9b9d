import { describe, expect, it } from "vitest";
import { ZoomOptionsError } from "../src/index.js";
import { fetchEmulatorToken, rig } from "./support.js";

describe("@zoomws/node options", () => {
  it("fetches a new token when the upgrade itself is refused with 401", async () => {
    const r = await rig();
    r.emulator.refuseConnections(1, 401);
    const connected = r.client.connect();
    await r.advanceUntil(() => r.client.state === "connected", 100);
    await connected;
    expect(r.emulator.tokenRequests).toHaveLength(2);
  });

  it("awaits the gate before every connection attempt", async () => {
    const attempts: number[] = [];
    let open = false;
    const r = await rig({
      client: {
        gate: async ({ attempt }) => {
          attempts.push(attempt);
          if (!open) throw new Error("another replica holds the connection");
        },
      },
    });
    const connected = r.client.connect();
    await r.advanceUntil(() => attempts.length >= 3, 100);
    expect(r.emulator.connections).toHaveLength(0);
    expect(r.errors.filter((e) => e.code === "GATE_FAILED").length).toBeGreaterThanOrEqual(2);
    open = true;
    await r.advanceUntil(() => r.client.state === "connected", 100);
    await connected;
    r.emulator.dropSocket();
    await r.advanceUntil(() => r.gaps.length === 1, 100);
    expect(attempts.length).toBeGreaterThanOrEqual(5);
  });

  it("uses the user's getToken instead of OAuth", async () => {
    let calls = 0;
    const r = await rig({
      client: {
        clientId: undefined,
        clientSecret: undefined,
        getToken: async () => {
          calls++;
          // The emulator's own grant, fetched the way a user's REST client would.
          return fetchEmulatorToken(r2.emulator);
        },
      } as never,
    });
    const r2 = r;
    await r.client.connect();
    expect(calls).toBe(1);
    r.emulator.emitEvent("meeting.started");
    await r.waitForEvents(1);
  });

  it("refuses options that cannot work, synchronously and typed", async () => {
    const { createClient } = await import("../src/index.js");
    expect(() => createClient({ clientId: "a", clientSecret: "b" })).toThrowError(ZoomOptionsError);
    expect(() =>
      createClient({ clientId: "a", clientSecret: "b", url: "ws://example.com/ws?subscriptionId=s" }),
    ).toThrowError(/loopback/);
    expect(() => createClient({ clientId: "a", subscriptionId: "s" })).toThrowError(/clientSecret/);
  });
});
