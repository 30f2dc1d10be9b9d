import type { Clock, TimerHandle } from "@zoomws/core";

/** The real clock. Timers are unref'd: an emulator's idle timer alone must not keep a process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout(handle: TimerHandle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
