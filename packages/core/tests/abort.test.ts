import { describe, expect, it } from "vitest";
import { Aborter } from "../src/abort.js";

describe("Aborter", () => {
  it("runs every listener once even when one throws, and abort() itself does not throw", () => {
    const aborter = new Aborter();
    const calls: string[] = [];
    aborter.signal.addEventListener("abort", () => {
      calls.push("first");
      throw new Error("a fetch implementation's listener that throws");
    });
    aborter.signal.addEventListener("abort", () => calls.push("second"));
    expect(() => aborter.abort("why")).not.toThrow();
    aborter.abort("again");
    expect(calls).toEqual(["first", "second"]);
    expect(aborter.signal).toMatchObject({ aborted: true, reason: "why" });
  });

  it("ignores listeners added after the abort and removed ones", () => {
    const aborter = new Aborter();
    const calls: string[] = [];
    const removed = () => calls.push("removed");
    aborter.signal.addEventListener("abort", removed);
    aborter.signal.removeEventListener("abort", removed);
    aborter.abort();
    aborter.signal.addEventListener("abort", () => calls.push("late"));
    expect(calls).toEqual([]);
  });
});
