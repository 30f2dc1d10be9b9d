export type Unsubscribe = () => void;

type Handler<T> = (value: T) => void;

/** A tiny typed event list with promise waiters, so tests wait on events instead of polling. */
export class Listeners<Events extends object> {
  readonly #handlers = new Map<keyof Events, Set<Handler<never>>>();
  readonly #waiters = new Set<(error: Error) => void>();
  #closedWith: Error | undefined;

  on<K extends keyof Events>(name: K, handler: Handler<Events[K]>): Unsubscribe {
    let set = this.#handlers.get(name);
    if (!set) {
      set = new Set();
      this.#handlers.set(name, set);
    }
    const entry = handler as Handler<never>;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<K extends keyof Events>(name: K, value: Events[K]): void {
    for (const handler of [...(this.#handlers.get(name) ?? [])]) {
      try {
        (handler as Handler<Events[K]>)(value);
      } catch (error) {
        // A throwing test listener must not leave the emulator half-way through a state change.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /**
   * Resolves with the first defined result of `check`, tried now (without a value)
   * and after each `name` event (with it). Rejects if {@link close} is called first.
   */
  until<K extends keyof Events, T>(name: K, check: (value?: Events[K]) => T | undefined): Promise<T> {
    const ready = check();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    const promise = new Promise<T>((resolve, reject) => {
      const settle = () => {
        off();
        this.#waiters.delete(fail);
      };
      const fail = (error: Error) => {
        settle();
        reject(error);
      };
      const off = this.on(name, (value) => {
        const result = check(value);
        if (result === undefined) return;
        settle();
        resolve(result);
      });
      this.#waiters.add(fail);
    });
    // Closing must not turn a waiter nobody awaits any more (a lost Promise.race) into an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }

  /** Rejects every pending and future waiter with `error`; listeners keep working. */
  close(error: Error): void {
    this.#closedWith = error;
    for (const fail of [...this.#waiters]) fail(error);
  }
}
