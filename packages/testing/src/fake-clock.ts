import type { Clock, TimerHandle } from "@zoomws/core";

/** A {@link Clock} whose time moves only when the test says so. */
export interface FakeClock extends Clock {
  setTimeout(callback: () => void, ms: number): number;
  /**
   * Moves time forward by `ms`, running every timer that falls due on the way in
   * time order (ties in scheduling order), including timers those callbacks schedule.
   * Returns how many timers ran.
   */
  advance(ms: number): number;
  /** Jumps to the earliest pending timer and runs it. Returns false if none was pending. */
  next(): boolean;
  /** Runs timers until none is left; throws after `limit` of them, which means a timer keeps rescheduling itself. */
  runAll(limit?: number): number;
  /** How many timers are waiting. */
  pending(): number;
}

interface FakeTimer {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
}

export function createFakeClock(start: number = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, FakeTimer>();

  // Earliest due first, then first scheduled: the order real timers keep for equal delays.
  const earliest = (): [number, FakeTimer] | undefined => {
    let best: [number, FakeTimer] | undefined;
    for (const entry of timers) {
      const timer = entry[1];
      if (!best || timer.due < best[1].due || (timer.due === best[1].due && timer.order < best[1].order)) {
        best = entry;
      }
    }
    return best;
  };

  const run = ([id, timer]: [number, FakeTimer]): void => {
    timers.delete(id);
    now = Math.max(now, timer.due);
    timer.callback();
  };

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      timers.set(id, { due: now + delay, order: id, callback });
      return id;
    },
    clearTimeout(handle: TimerHandle) {
      if (typeof handle === "number") timers.delete(handle);
    },
    advance(ms) {
      if (!(ms >= 0))
        throw new RangeError(`advance() needs a non-negative number of milliseconds, got ${ms}`);
      const target = now + ms;
      let ran = 0;
      for (let entry = earliest(); entry && entry[1].due <= target; entry = earliest()) {
        run(entry);
        ran++;
      }
      now = target;
      return ran;
    },
    next() {
      const entry = earliest();
      if (!entry) return false;
      run(entry);
      return true;
    },
    runAll(limit = 10_000) {
      let ran = 0;
      for (let entry = earliest(); entry; entry = earliest()) {
        if (ran >= limit)
          throw new Error(`runAll() stopped after ${limit} timers: a timer keeps rescheduling itself`);
        run(entry);
        ran++;
      }
      return ran;
    },
    pending: () => timers.size,
  };
}
