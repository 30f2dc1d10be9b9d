import { describe, expect, it, vi } from "vitest";
import { Aborter } from "./abort.js";
import { ZoomBufferOverflowError, ZoomError } from "./errors.js";
import { EventQueue, type EventsOptions } from "./event-queue.js";

function makeQueue<T = number>(options: EventsOptions = {}) {
  const onEnd = vi.fn();
  const queue = new EventQueue<T>(options, onEnd);
  return { queue, onEnd };
}

/** Reads until the iterator is done, or until it throws (returned as `error`). */
async function drain<T>(queue: EventQueue<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of queue) values.push(value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe("EventQueue: order and waiting consumers", () => {
  it("yields pushed items in push order", async () => {
    const { queue } = makeQueue();
    for (const n of [1, 2, 3, 4, 5]) queue.push(n);
    expect(queue.size).toBe(5);
    const read: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await queue.next();
      expect(result.done).toBe(false);
      read.push(result.value as number);
    }
    expect(read).toEqual([1, 2, 3, 4, 5]);
    expect(queue.size).toBe(0);
  });

  it("resolves a waiting next() with the next push, without buffering it", async () => {
    const { queue } = makeQueue();
    let settled: IteratorResult<number> | undefined;
    const pending = queue.next().then((result) => {
      settled = result;
      return result;
    });
    await flush();
    expect(settled).toBeUndefined();

    queue.push(42);
    expect(queue.size).toBe(0);
    await expect(pending).resolves.toEqual({ value: 42, done: false });

    // The following push is buffered normally.
    queue.push(43);
    expect(queue.size).toBe(1);
    await expect(queue.next()).resolves.toEqual({ value: 43, done: false });
  });

  it("interleaves waiting reads and pushes in order inside for-await", async () => {
    const { queue } = makeQueue();
    const consumer = drain(queue);
    for (let i = 0; i < 10; i++) {
      queue.push(i);
      await flush();
    }
    queue.end();
    const { values, error } = await consumer;
    expect(error).toBeUndefined();
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("is its own async iterator", () => {
    const { queue } = makeQueue();
    expect(queue[Symbol.asyncIterator]()).toBe(queue);
  });
});

describe("EventQueue: bufferSize and overflow policies", () => {
  it('defaults to "error": the buffered items are still read, then ZoomBufferOverflowError', async () => {
    const { queue, onEnd } = makeQueue({ bufferSize: 3 });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(onEnd).not.toHaveBeenCalled();
    queue.push(4); // overflows
    queue.push(5); // ignored: the queue already failed
    expect(queue.size).toBe(3);
    expect(queue.dropped).toBe(0);
    expect(onEnd).toHaveBeenCalledTimes(1);

    const { values, error } = await drain(queue);
    expect(values).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(ZoomBufferOverflowError);
    expect(error).toBeInstanceOf(ZoomError);
    expect((error as ZoomBufferOverflowError).code).toBe("BUFFER_OVERFLOW");
    expect((error as ZoomBufferOverflowError).limit).toBe(3);
    expect((error as ZoomBufferOverflowError).fatal).toBe(false);

    // Once the error was thrown the iterator is finished.
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('"error" is also the policy when overflow is given explicitly', async () => {
    const { queue } = makeQueue({ bufferSize: 1, overflow: "error" });
    queue.push(1);
    queue.push(2);
    await expect(queue.next()).resolves.toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toMatchObject({ code: "BUFFER_OVERFLOW" });
  });

  it("defaults bufferSize to 1000", async () => {
    const { queue } = makeQueue();
    for (let i = 0; i < 1000; i++) queue.push(i);
    expect(queue.size).toBe(1000);
    queue.push(1000);
    const { values, error } = await drain(queue);
    expect(values).toHaveLength(1000);
    expect(values[999]).toBe(999);
    expect(error).toBeInstanceOf(ZoomBufferOverflowError);
    expect((error as ZoomBufferOverflowError).limit).toBe(1000);
  });

  it("treats a bufferSize below 1 as 1", async () => {
    const { queue } = makeQueue({ bufferSize: 0, overflow: "drop-newest" });
    queue.push(1);
    queue.push(2);
    expect(queue.size).toBe(1);
    expect(queue.dropped).toBe(1);
    await expect(queue.next()).resolves.toEqual({ value: 1, done: false });
  });

  it.each([
    ["drop-oldest", "newest", [5, 6, 7]],
    ["drop-newest", "oldest", [1, 2, 3]],
  ] as const)(
    '"%s" keeps the %s bufferSize items and counts the dropped ones',
    async (overflow, _which, kept) => {
      const { queue, onEnd } = makeQueue({ bufferSize: 3, overflow });
      for (let i = 1; i <= 7; i++) queue.push(i);
      expect(queue.size).toBe(3);
      expect(queue.dropped).toBe(4);
      expect(onEnd).not.toHaveBeenCalled();

      const read: number[] = [];
      for (let i = 0; i < 3; i++) read.push((await queue.next()).value as number);
      expect(read).toEqual(kept);

      // The queue keeps working after dropping.
      queue.push(8);
      await expect(queue.next()).resolves.toEqual({ value: 8, done: false });
      expect(queue.dropped).toBe(4);
    },
  );

  it("never drops while a consumer keeps up", async () => {
    for (const overflow of ["error", "drop-oldest", "drop-newest"] as const) {
      const { queue } = makeQueue({ bufferSize: 1, overflow });
      const read: number[] = [];
      for (let i = 0; i < 50; i++) {
        const pending = queue.next();
        queue.push(i);
        read.push((await pending).value as number);
      }
      expect(read).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(queue.dropped).toBe(0);
    }
  });
});

describe("EventQueue: ending", () => {
  it("end() resolves a waiting next() with done and calls onEnd once", async () => {
    const { queue, onEnd } = makeQueue();
    const pending = queue.next();
    queue.end();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("end() drops the buffered items and later pushes", async () => {
    const { queue, onEnd } = makeQueue();
    queue.push(1);
    queue.push(2);
    queue.end();
    expect(queue.size).toBe(0);
    queue.push(3);
    expect(queue.size).toBe(0);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("return() (break out of for-await) ends the queue and calls onEnd once", async () => {
    const { queue, onEnd } = makeQueue();
    for (const n of [1, 2, 3, 4]) queue.push(n);
    const seen: number[] = [];
    for await (const value of queue) {
      seen.push(value);
      if (value === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(queue.size).toBe(0);
    queue.push(5);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("return() resolves with done", async () => {
    const { queue, onEnd } = makeQueue();
    await expect(queue.return()).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("calls onEnd exactly once however often and however it is ended", async () => {
    const aborter = new Aborter();
    const { queue, onEnd } = makeQueue({ signal: aborter.signal });
    queue.end();
    queue.end();
    await queue.return();
    aborter.abort();
    queue.fail(new Error("late"));
    expect(onEnd).toHaveBeenCalledTimes(1);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("calls onEnd exactly once on overflow followed by further pushes and fail()", async () => {
    const { queue, onEnd } = makeQueue({ bufferSize: 1 });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    queue.fail(new Error("second failure"));
    expect(onEnd).toHaveBeenCalledTimes(1);
    const { values, error } = await drain(queue);
    expect(values).toEqual([1]);
    expect(error).toBeInstanceOf(ZoomBufferOverflowError);
    queue.end();
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});

describe("EventQueue: abort signal", () => {
  it("ends when the signal aborts, resolving a waiting consumer", async () => {
    const aborter = new Aborter();
    const { queue, onEnd } = makeQueue({ signal: aborter.signal });
    queue.push(1);
    const consumer = drain(queue);
    await flush();
    expect(onEnd).not.toHaveBeenCalled();
    aborter.abort(new Error("stop"));
    const { values, error } = await consumer;
    expect(values).toEqual([1]);
    expect(error).toBeUndefined();
    expect(onEnd).toHaveBeenCalledTimes(1);
    queue.push(2);
    expect(queue.size).toBe(0);
  });

  it("drops the buffered items on abort", async () => {
    const aborter = new Aborter();
    const { queue, onEnd } = makeQueue({ signal: aborter.signal });
    queue.push(1);
    queue.push(2);
    aborter.abort();
    expect(queue.size).toBe(0);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("an already-aborted signal gives a finished queue", async () => {
    const aborter = new Aborter();
    aborter.abort();
    const { queue, onEnd } = makeQueue({ signal: aborter.signal });
    expect(onEnd).toHaveBeenCalledTimes(1);
    queue.push(1);
    expect(queue.size).toBe(0);
    const { values, error } = await drain(queue);
    expect(values).toEqual([]);
    expect(error).toBeUndefined();
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});

describe("EventQueue: fail()", () => {
  it("rejects a waiting consumer with the error", async () => {
    const { queue, onEnd } = makeQueue();
    const consumer = drain(queue);
    await flush();
    const failure = new Error("connection failed for good");
    queue.fail(failure);
    const { values, error } = await consumer;
    expect(values).toEqual([]);
    expect(error).toBe(failure);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("rejects a pending next() directly", async () => {
    const { queue } = makeQueue();
    const pending = queue.next();
    const failure = new Error("boom");
    queue.fail(failure);
    await expect(pending).rejects.toBe(failure);
  });

  it("lets the buffered items be read before the error", async () => {
    const { queue, onEnd } = makeQueue<string>();
    queue.push("a");
    queue.push("b");
    const failure = new Error("fatal");
    queue.fail(failure);
    expect(onEnd).toHaveBeenCalledTimes(1);
    queue.push("c"); // ignored after fail
    const { values, error } = await drain(queue);
    expect(values).toEqual(["a", "b"]);
    expect(error).toBe(failure);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("keeps the first error when failed twice", async () => {
    const { queue } = makeQueue();
    const first = new Error("first");
    queue.fail(first);
    queue.fail(new Error("second"));
    await expect(queue.next()).rejects.toBe(first);
  });

  it("does nothing after end()", async () => {
    const { queue, onEnd } = makeQueue();
    queue.end();
    queue.fail(new Error("too late"));
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});

describe("EventQueue: throughput", () => {
  it("keeps order over 100k interleaved push/next", async () => {
    const { queue } = makeQueue({ bufferSize: 10 });
    const total = 100_000;
    let expected = 0;
    let mismatches = 0;
    for (let i = 0; i < total; i++) {
      queue.push(i);
      // Read two items after every second push: the buffer never holds more than two.
      if (i % 2 === 1) {
        for (let r = 0; r < 2; r++) {
          const result = await queue.next();
          if (result.done || result.value !== expected) mismatches++;
          expected++;
        }
      }
    }
    expect(mismatches).toBe(0);
    expect(expected).toBe(total);
    expect(queue.dropped).toBe(0);
  });

  it("keeps order over 100k items when the buffer holds thousands at a time (compaction)", async () => {
    const { queue } = makeQueue({ bufferSize: 5000 });
    const total = 100_000;
    let pushed = 0;
    let expected = 0;
    let mismatches = 0;
    while (expected < total) {
      // Keep a backlog of 1500 items while pushing and reading 2000 per round: the read
      // position moves far past the compaction threshold while items remain buffered behind it.
      const batch = pushed === 0 ? 3500 : 2000;
      for (let i = 0; i < batch && pushed < total; i++) queue.push(pushed++);
      const reads = pushed < total ? 2000 : queue.size;
      for (let i = 0; i < reads; i++) {
        const result = await queue.next();
        if (result.done || result.value !== expected) mismatches++;
        expected++;
      }
      expect(queue.size).toBe(pushed - expected);
    }
    expect(mismatches).toBe(0);
    expect(expected).toBe(total);
    expect(queue.size).toBe(0);
  });

  it("delivers 100k items to a for-await consumer waiting on each push", async () => {
    const { queue } = makeQueue({ bufferSize: 1 });
    const total = 100_000;
    let expected = 0;
    let mismatches = 0;
    const consumer = (async () => {
      for await (const value of queue) {
        if (value !== expected) mismatches++;
        expected++;
        if (expected === total) break;
      }
    })();
    for (let i = 0; i < total; i++) {
      queue.push(i);
      // Let the consumer take it and wait again.
      await flush();
    }
    await consumer;
    expect(mismatches).toBe(0);
    expect(expected).toBe(total);
    expect(queue.dropped).toBe(0);
  });
});
