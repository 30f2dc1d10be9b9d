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
  #items: T[] = [];
  #head = 0;
  #waiter: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  /** No more pushes: set by end(), fail() and abort. */
  #closed = false;
  /** Thrown once, after the buffered items, when the queue failed. */
  #error: { value: unknown } | undefined;
  #ended = false;
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
    if (this.#closed) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return;
    }
    if (this.size >= this.#limit) {
      if (this.#policy === "error") return this.fail(new ZoomBufferOverflowError(this.#limit));
      this.dropped++;
      if (this.#policy === "drop-newest") return;
      this.#take();
    }
    this.#items.push(item);
  }

  /** Ends the iteration with `error`, thrown once after the buffered items are read. */
  fail(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#finish();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter.reject(error);
    else this.#error = { value: error };
  }

  /** Ends the iteration at once; buffered items are dropped. */
  end(): void {
    this.#closed = true;
    this.#error = undefined;
    this.#items = [];
    this.#head = 0;
    this.#finish();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) return Promise.resolve({ value: this.#take(), done: false });
    const error = this.#error;
    if (error) {
      this.#error = undefined;
      return Promise.reject(error.value);
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /** Removes the oldest item, compacting the array now and then so memory stays bounded. */
  #take(): T {
    const value = this.#items[this.#head] as T;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
  }
}
