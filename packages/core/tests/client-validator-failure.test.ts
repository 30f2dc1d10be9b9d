import { describe, expect, it, vi } from "vitest";
import { connected, joined } from "./support/validation-rig.js";

// The validator is replaced by one that throws (as a bug in it would): this file only.
vi.mock("../src/validate.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/validate.js")>()),
  checkZoomEvent: vi.fn(() => {
    throw new Error("boom");
  }),
}));

describe("a validator that throws", () => {
  it("costs neither the event nor the connection", async () => {
    const { client, wire, logs, delivered, errors } = await connected("strict");
    wire.send(joined("Jill"));
    wire.send(joined("Jack"));
    expect(delivered).toHaveLength(2);
    expect(errors).toEqual([]);
    expect(logs.filter((line) => line.startsWith("error") && line.includes("boom"))).toHaveLength(2);
    expect(client.state).toBe("connected");
    await client.close();
  });
});
