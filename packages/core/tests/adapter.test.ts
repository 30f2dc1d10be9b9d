import { describe, expect, it } from "vitest";
import { Aborter } from "../src/abort.js";
import { consoleLogger, withRealAbortSignal } from "../src/adapter.js";
import type { FetchInit } from "../src/fetch.js";

describe("adapter helpers", () => {
  it("withRealAbortSignal hands fetch the runtime's signal and aborts it with the core's reason", async () => {
    const seen: FetchInit[] = [];
    const fetch = withRealAbortSignal(async (_url, init) => {
      seen.push(init);
      return { status: 200, headers: { get: () => null }, text: async () => "" };
    }, AbortController);
    const aborter = new Aborter();
    await fetch("https://zoom.us/oauth/token", {
      method: "POST",
      headers: {},
      body: "",
      signal: aborter.signal,
    });
    await fetch("https://zoom.us/oauth/token", { method: "POST", headers: {}, body: "" });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(seen[1]).toEqual({ method: "POST", headers: {}, body: "" });
    aborter.abort("closed");
    expect(seen[0]?.signal).toMatchObject({ aborted: true, reason: "closed" });

    const already = new Aborter();
    already.abort("before");
    await fetch("https://zoom.us/oauth/token", {
      method: "POST",
      headers: {},
      body: "",
      signal: already.signal,
    });
    expect(seen[2]?.signal).toMatchObject({ aborted: true, reason: "before" });
  });

  it("consoleLogger passes warnings and errors on and drops debug and info", () => {
    const lines: unknown[][] = [];
    const logger = consoleLogger({
      warn: (...a) => lines.push(["warn", ...a]),
      error: (...a) => lines.push(["error", ...a]),
    });
    logger.debug("d");
    logger.info("i");
    logger.warn("w", 1);
    logger.error("e");
    expect(lines).toEqual([
      ["warn", "w", 1],
      ["error", "e"],
    ]);
  });
});
