import type { AbortSignalLike } from "./fetch.js";

/** A minimal AbortController for the core, which has no runtime globals. */
export class Aborter {
  readonly #listeners = new Set<() => void>();
  #aborted = false;
  #reason: unknown;
  readonly signal: AbortSignalLike;

  constructor() {
    const getAborted = () => this.#aborted;
    const getReason = () => this.#reason;
    const listeners = this.#listeners;
    this.signal = {
      get aborted() {
        return getAborted();
      },
      get reason() {
        return getReason();
      },
      addEventListener(_type, listener) {
        if (!getAborted()) listeners.add(listener);
      },
      removeEventListener(_type, listener) {
        listeners.delete(listener);
      },
    };
  }

  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    // One failing listener (a fetch implementation's, say) must not stop the others or the caller.
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // ignored: aborting is best effort
      }
    }
  }
}
