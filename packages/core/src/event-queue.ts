import { ZoomBufferOverflowError } from "./errors.js";
import type { AbortSignalLike } from "./fetch.js";

/**
 * What `events()` does when its consumer falls behind by `bufferSize` events:
 * - `"error"` (default): the iterator throws ZoomBufferOverflowError after the buffered events.
 * - `"drop-oldest"`: the oldest buffered event is discarded (and counted).
 * - `"drop-newest"`: the arriving event is discarded (and counted).
 */
export type OverflowPolicy = "error" | "drop-oldest" | "drop-newest";

export interface EventsOptions {
  signal?: AbortSignalLike;
  /** Events held for a slow consumer. Default 1000. */
  bufferSize?: number;
  overflow?: OverflowPolicy;
}

/** A bounded push queue read as an async iterator. */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
  #head = 0;
  #waiter: ((result: IteratorResult<T>) => void) | undefined;
  #failWaiter: ((error: unknown) => void) | undefined;
  #done = false;
  #error: unknown;
  /** Events discarded under a drop policy. */
  dropped = 0;
  readonly #limit: number;
  readonly #policy: OverflowPolicy;
  readonly #onEnd: () => void;

  constructor(options: EventsOptions, onEnd: () => void) {
    this.#limit = Math.max(1, options.bufferSize ?? 1000);
    this.#policy = options.overflow ?? "error";
    this.#onEnd = onEnd;
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.end();
      else signal.addEventListener("abort", () => this.end(), { once: true });
    }
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    if (this.#done || this.#error !== undefined) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      this.#failWaiter = undefined;
      waiter({ value: item, done: false });
      return;
    }
    if (this.size >= this.#limit) {
      if (this.#policy === "drop-newest") {
        this.dropped++;
        return;
      }
      if (this.#policy === "drop-oldest") {
        this.dropped++;
        this.#head++;
      } else {
        this.fail(new ZoomBufferOverflowError(this.#limit));
        return;
      }
    }
    this.#items.push(item);
  }

  /** Ends the iteration with an error once the buffered items are read. */
  fail(error: unknown): void {
    if (this.#done || this.#error !== undefined) return;
    this.#error = error;
    this.#onEnd();
    const fail = this.#failWaiter;
    this.#waiter = undefined;
    this.#failWaiter = undefined;
    fail?.(error);
  }

  /** Ends the iteration; buffered items are dropped. */
  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#items.length = 0;
    this.#head = 0;
    this.#onEnd();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    this.#failWaiter = undefined;
    waiter?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.#items[this.#head] as T;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items.splice(0, this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#done = true;
      this.#error = undefined;
      return Promise.reject(error);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#failWaiter = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
