import {
  type AnyZoomEvent,
  type ConnectionState,
  type EventHandler,
  type Gap,
  type Unsubscribe,
  type ZoomClient,
  ZoomClosedError,
  type ZoomError,
  type ZoomEvent,
} from "@zoomws/core";

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A ZoomClient whose every move the test makes: connect() and close() stay pending until the test
 * settles them, events, state changes, gaps and errors are pushed by hand. It follows the real
 * client's contract (close() rejects a pending connect() with ZoomClosedError, a fatal error is
 * reported to onError before connect() rejects with it).
 */
export class FakeClient implements ZoomClient {
  state: ConnectionState = "idle";
  error: ZoomError | undefined;
  /** Every call, in order: "connect", "close". */
  readonly calls: string[] = [];
  readonly #handlers = new Set<{ type: string; handler: EventHandler }>();
  readonly #stateListeners = new Set<(state: ConnectionState, previous: ConnectionState) => void>();
  readonly #gapListeners = new Set<(gap: Gap) => void>();
  readonly #errorListeners = new Set<(error: ZoomError) => void>();
  #connecting: Deferred | undefined;
  #closing: Deferred | undefined;

  get listeners(): number {
    return (
      this.#handlers.size + this.#stateListeners.size + this.#gapListeners.size + this.#errorListeners.size
    );
  }

  connect(): Promise<void> {
    this.calls.push("connect");
    if (this.state === "connected") return Promise.resolve();
    if (!this.#connecting) {
      this.#connecting = deferred();
      this.error = undefined;
      this.setState("connecting");
    }
    return this.#connecting.promise;
  }

  close(): Promise<void> {
    this.calls.push("close");
    const pending = this.#connecting;
    this.#connecting = undefined;
    if (this.state !== "idle") this.setState("idle");
    pending?.reject(new ZoomClosedError());
    this.#closing = deferred();
    return this.#closing.promise;
  }

  /** Zoom accepted the connection. */
  accept(): void {
    const pending = this.#connecting;
    this.#connecting = undefined;
    this.setState("connected");
    pending?.resolve();
  }

  /** The sockets of the last close() are gone. */
  closed(): void {
    this.#closing?.resolve();
  }

  fail(error: ZoomError): void {
    const pending = this.#connecting;
    this.#connecting = undefined;
    this.error = error;
    this.setState("failed");
    this.reportError(error);
    pending?.reject(error);
  }

  reportError(error: ZoomError): void {
    for (const listener of [...this.#errorListeners]) listener(error);
  }

  setState(state: ConnectionState): void {
    const previous = this.state;
    this.state = state;
    for (const listener of [...this.#stateListeners]) listener(state, previous);
  }

  gap(gap: Gap): void {
    for (const listener of [...this.#gapListeners]) listener(gap);
  }

  emit(event: AnyZoomEvent): void {
    for (const { type, handler } of [...this.#handlers]) {
      if (type === "*" || type === event.event) handler(event as ZoomEvent);
    }
  }

  on(type: string, handler: EventHandler<never>): Unsubscribe {
    const entry = { type, handler: handler as EventHandler };
    this.#handlers.add(entry);
    return () => {
      this.#handlers.delete(entry);
    };
  }

  events(): AsyncIterableIterator<AnyZoomEvent> {
    throw new Error("not used by @zoomws/rxjs");
  }

  onStateChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  onGap(listener: (gap: Gap) => void): Unsubscribe {
    this.#gapListeners.add(listener);
    return () => this.#gapListeners.delete(listener);
  }

  onError(listener: (error: ZoomError) => void): Unsubscribe {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }
}

/** A minimal event of `type`, typed as zoomEvents() delivers it. */
export function event(type: string, id = 1): AnyZoomEvent {
  const body: ZoomEvent = { event: type, event_ts: 1_700_000_000_000 + id, payload: { object: { id } } };
  return body as AnyZoomEvent;
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
