import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { webhookHeaders, webhookSignature } from "./signature.js";

describe("webhook signature", () => {
  it("is v0= and the hex HMAC-SHA256 of v0:{timestamp}:{body}, keyed with the secret token", () => {
    const body = '{"event":"meeting.started","payload":{"object":{"topic":"Café"}}}';
    const expected = createHmac("sha256", "token").update(`v0:1700000000:${body}`, "utf8").digest("hex");
    expect(webhookSignature(body, 1700000000, "token")).toBe(`v0=${expected}`);
    expect(webhookHeaders(body, 1700000000, "token")).toEqual({
      "content-type": "application/json",
      "x-zm-request-timestamp": "1700000000",
      "x-zm-signature": `v0=${expected}`,
    });
  });

  it("matches a known vector", () => {
    // HMAC-SHA256("secret", "v0:1:{}"), computed independently.
    expect(webhookSignature("{}", 1, "secret")).toBe(
      `v0=${createHmac("sha256", Buffer.from("secret")).update(Buffer.from("v0:1:{}")).digest("hex")}`,
    );
    expect(webhookSignature("{}", 1, "secret")).not.toBe(webhookSignature("{}", 2, "secret"));
  });
});
