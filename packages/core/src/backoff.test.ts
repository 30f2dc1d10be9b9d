import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  it("grows, caps and jitters as documented", () => {
    expect(backoffDelay(0, 0)).toBe(500);
    expect(backoffDelay(0, 0.99)).toBe(995);
    expect(backoffDelay(2, 0.5)).toBe(3000);
    expect(backoffDelay(20, 0.5)).toBe(22_500);
    expect(backoffDelay(3, 0.5, { initialMs: 100, factor: 3, jitter: 0 })).toBe(2700);
  });

  it("uses the default of a field given as undefined (a spread used to make the delay NaN)", () => {
    const undefinedFields = { initialMs: undefined, maxMs: undefined, factor: undefined, jitter: undefined };
    for (let attempt = 0; attempt < 8; attempt++) {
      expect(backoffDelay(attempt, 0.5, undefinedFields)).toBe(backoffDelay(attempt, 0.5));
    }
    expect(backoffDelay(1, 0.5, { initialMs: 200, maxMs: undefined })).toBe(300);
  });
});
