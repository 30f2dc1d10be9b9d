import { describe, expect, it } from "vitest";
import { backoffDelay, mergeBackoff } from "./backoff.js";

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

describe("mergeBackoff", () => {
  it("keeps each default whose option is absent or undefined (the token provider's own 500 ms / 10 s)", () => {
    const merged = mergeBackoff({ initialMs: 500, maxMs: 10_000 }, { initialMs: undefined, maxMs: 2_000 });
    expect(merged).toMatchObject({ initialMs: 500, maxMs: 2_000 });
    expect(backoffDelay(0, 0, merged)).toBe(250);
    expect(backoffDelay(10, 1, mergeBackoff({ initialMs: 500, maxMs: 10_000 }, undefined))).toBe(10_000);
  });
});
