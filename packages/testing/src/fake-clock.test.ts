import { describe, expect, it } from "vitest";
import { createFakeClock } from "./fake-clock.js";

describe("createFakeClock", () => {
  it("starts at 2026-01-01T00:00Z by default, or where told", () => {
    expect(createFakeClock().now()).toBe(Date.UTC(2026, 0, 1));
    expect(createFakeClock(42).now()).toBe(42);
  });

  it("runs due timers in time order, ties in scheduling order, with now() at each due time", () => {
    const clock = createFakeClock(0);
    const log: string[] = [];
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => log.push(`b1@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`b2@${clock.now()}`), 20);
    clock.setTimeout(() => log.push("late"), 31);
    expect(clock.advance(30)).toBe(4);
    expect(log).toEqual(["a@10", "b1@20", "b2@20", "c@30"]);
    expect(clock.now()).toBe(30);
    expect(clock.pending()).toBe(1);
  });

  it("runs timers that callbacks schedule while advancing, if they fall due in the window", () => {
    const clock = createFakeClock(0);
    const log: number[] = [];
    const every10 = () => {
      log.push(clock.now());
      clock.setTimeout(every10, 10);
    };
    clock.setTimeout(every10, 10);
    clock.setTimeout(() => clock.setTimeout(() => log.push(-clock.now()), 0), 25);
    clock.advance(40);
    expect(log).toEqual([10, 20, -25, 30, 40]);
    expect(clock.pending()).toBe(1);
  });

  it("treats zero, negative and NaN delays as 'now' and runs them on advance(0)", () => {
    const clock = createFakeClock(0);
    let ran = 0;
    clock.setTimeout(() => ran++, 0);
    clock.setTimeout(() => ran++, -5);
    clock.setTimeout(() => ran++, Number.NaN);
    expect(ran).toBe(0); // never synchronously
    clock.advance(0);
    expect(ran).toBe(3);
  });

  it("clearTimeout cancels, and ignores unknown handles", () => {
    const clock = createFakeClock(0);
    let ran = false;
    const handle = clock.setTimeout(() => {
      ran = true;
    }, 5);
    clock.clearTimeout(handle);
    clock.clearTimeout("not a handle");
    clock.clearTimeout(undefined);
    clock.advance(10);
    expect(ran).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it("a callback can cancel a later timer due in the same advance", () => {
    const clock = createFakeClock(0);
    const log: string[] = [];
    const later = clock.setTimeout(() => log.push("later"), 20);
    clock.setTimeout(() => clock.clearTimeout(later), 10);
    clock.advance(30);
    expect(log).toEqual([]);
  });

  it("next() jumps to the earliest timer", () => {
    const clock = createFakeClock(0);
    clock.setTimeout(() => {}, 500);
    clock.setTimeout(() => {}, 100);
    expect(clock.next()).toBe(true);
    expect(clock.now()).toBe(100);
    expect(clock.next()).toBe(true);
    expect(clock.now()).toBe(500);
    expect(clock.next()).toBe(false);
  });

  it("runAll() drains the queue and stops runaway rescheduling", () => {
    const clock = createFakeClock(0);
    clock.setTimeout(() => clock.setTimeout(() => {}, 5), 5);
    expect(clock.runAll()).toBe(2);
    expect(clock.now()).toBe(10);
    const forever = () => clock.setTimeout(forever, 1);
    forever();
    expect(() => clock.runAll(50)).toThrow(/rescheduling/);
  });

  it("rejects a negative advance", () => {
    expect(() => createFakeClock().advance(-1)).toThrow(RangeError);
  });

  it("keeps its state consistent when a callback throws", () => {
    const clock = createFakeClock(0);
    clock.setTimeout(() => {
      throw new Error("boom");
    }, 10);
    let ran = false;
    clock.setTimeout(() => {
      ran = true;
    }, 20);
    expect(() => clock.advance(30)).toThrow("boom");
    expect(clock.now()).toBe(10);
    clock.advance(20);
    expect(ran).toBe(true);
  });
});
