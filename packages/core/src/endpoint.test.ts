import { describe, expect, it } from "vitest";
import { resolveEndpoint, withAccessToken } from "./endpoint.js";
import { ZoomOptionsError } from "./errors.js";

describe("resolveEndpoint", () => {
  it("builds the default endpoint from a subscription id", () => {
    expect(resolveEndpoint({ subscriptionId: "JVcwQpcpS1GqNtkp5YBv_g" })).toBe(
      "wss://ws.zoom.us/ws?subscriptionId=JVcwQpcpS1GqNtkp5YBv_g",
    );
  });

  it("accepts the Marketplace URL as it is", () => {
    expect(resolveEndpoint({ url: "wss://ws.zoom.us/ws?subscriptionId=abc" })).toBe(
      "wss://ws.zoom.us/ws?subscriptionId=abc",
    );
  });

  it("drops a pasted access_token", () => {
    expect(resolveEndpoint({ url: "wss://ws.zoom.us/ws?subscriptionId=abc&access_token=secret" })).toBe(
      "wss://ws.zoom.us/ws?subscriptionId=abc",
    );
  });

  it("adds the subscription id to a base URL", () => {
    expect(resolveEndpoint({ url: "ws://127.0.0.1:8080/ws", subscriptionId: "s" })).toBe(
      "ws://127.0.0.1:8080/ws?subscriptionId=s",
    );
  });

  it.each(["ws://localhost:1/ws", "ws://127.0.0.2/ws", "ws://[::1]:9/ws"])(
    "accepts plain ws:// on loopback: %s",
    (url) => {
      expect(() => resolveEndpoint({ url, subscriptionId: "s" })).not.toThrow();
    },
  );

  it.each([
    [{ url: "ws://ws.zoom.us/ws?subscriptionId=s" }, /loopback/],
    [{ url: "ws://10.0.0.1/ws?subscriptionId=s" }, /loopback/],
    [{ url: "https://ws.zoom.us/ws?subscriptionId=s" }, /ws:\/\/ or wss:\/\//],
    [{ url: "wss://ws.zoom.us/ws" }, /subscription/],
    [{}, /subscription/],
    [{ url: "wss://ws.zoom.us/ws?subscriptionId=a", subscriptionId: "b" }, /differs/],
  ])("rejects %j", (options, message) => {
    expect(() => resolveEndpoint(options)).toThrowError(ZoomOptionsError);
    expect(() => resolveEndpoint(options)).toThrowError(message);
  });

  it("appends the token encoded", () => {
    expect(withAccessToken("wss://x/ws?subscriptionId=s", "a+b/c=")).toBe(
      "wss://x/ws?subscriptionId=s&access_token=a%2Bb%2Fc%3D",
    );
  });
});
