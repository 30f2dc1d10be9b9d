import type { Transport, TransportListener, TransportSocket } from "@zoomws/core";

export type MemorySocketState = "connecting" | "open" | "closing" | "closed";

/** One call the transport made on the client's listener, in order. */
export type ListenerCall =
  | { readonly type: "open" }
  | { readonly type: "message"; readonly data: string | Uint8Array }
  | { readonly type: "error"; readonly error: Error }
  | { readonly type: "close"; readonly code: number; readonly reason: string };

export interface MemoryTransportOptions {
  /**
   * What happens after the client calls `close()`: `auto` (default) delivers `onClose`
   * on a microtask, as if the server echoed the close frame; `manual` waits for `server.close()`.
   */
  closeHandshake?: "auto" | "manual";
}

/**
 * The test's end of a socket. Each call delivers to the client's listener synchronously.
 * Calls that make no sense any more (the socket is closing or closed) return false;
 * calls that could never be valid (sending before `accept()`) throw, as they are test bugs.
 */
export interface MemorySocketServer {
  /** Completes the handshake: `onOpen`. */
  accept(): boolean;
  /** A text frame (string) or binary frame (bytes): `onMessage`. */
  send(data: string | Uint8Array): boolean;
  /** A close frame from the server: `onClose(code, reason)`. */
  close(code?: number, reason?: string): boolean;
  /** A network or protocol error: `onError` then `onClose(code)`; before `accept()` it is {@link fail}. */
  error(error?: Error, code?: number): boolean;
  /** The connection attempt fails: `onError` then `onClose(1006)`. */
  fail(error?: Error): boolean;
}

export interface MemorySocket {
  readonly url: string;
  readonly state: MemorySocketState;
  /** Frames the client sent while the socket was open. */
  readonly sent: readonly string[];
  /** Frames the client sent while the socket was not open: ignored, kept here for assertions. */
  readonly dropped: readonly string[];
  /** Every listener call, in order: check the transport contract against it. */
  readonly calls: readonly ListenerCall[];
  /** What the client passed to its first `close()`, if it called it. */
  readonly closeRequest:
    | { readonly code: number | undefined; readonly reason: string | undefined }
    | undefined;
  readonly server: MemorySocketServer;
}

/** A {@link Transport} whose sockets a test opens, feeds and closes by hand. */
export interface MemoryTransport extends Transport {
  readonly sockets: readonly MemorySocket[];
  /** The most recently opened socket. */
  readonly last: MemorySocket | undefined;
  /** The oldest socket not yet handed out by `nextSocket()`, waiting for one to be opened if needed. */
  nextSocket(): Promise<MemorySocket>;
}

export function createMemoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const autoClose = (options.closeHandshake ?? "auto") === "auto";
  const sockets: MemorySocket[] = [];
  const unclaimed: MemorySocket[] = [];
  const claimants: ((socket: MemorySocket) => void)[] = [];

  return {
    open(url: string, listener: TransportListener): TransportSocket {
      const { client, socket } = createSocket(url, listener, autoClose);
      sockets.push(socket);
      const claimant = claimants.shift();
      if (claimant) claimant(socket);
      else unclaimed.push(socket);
      return client;
    },
    get sockets() {
      return sockets;
    },
    get last() {
      return sockets.at(-1);
    },
    nextSocket() {
      const socket = unclaimed.shift();
      if (socket) return Promise.resolve(socket);
      return new Promise((resolve) => claimants.push(resolve));
    },
  };
}

function createSocket(
  url: string,
  listener: TransportListener,
  autoClose: boolean,
): { client: TransportSocket; socket: MemorySocket } {
  let state: MemorySocketState = "connecting";
  let opened = false;
  let closeRequest: MemorySocket["closeRequest"];
  const sent: string[] = [];
  const dropped: string[] = [];
  const calls: ListenerCall[] = [];

  // State changes before the callback, so a listener that calls back into the socket sees the new state.
  const finish = (code: number, reason: string, error?: Error): void => {
    state = "closed";
    if (error) {
      calls.push({ type: "error", error });
      listener.onError(error);
    }
    calls.push({ type: "close", code, reason });
    listener.onClose(code, reason);
  };

  const misuse = (what: string): never => {
    throw new Error(`memory transport: ${what} (socket is ${state}, url ${redactUrl(url)})`);
  };

  const server: MemorySocketServer = {
    accept() {
      if (state === "closing" || state === "closed") return false;
      if (state !== "connecting") return misuse("accept() called twice");
      state = "open";
      opened = true;
      calls.push({ type: "open" });
      listener.onOpen();
      return true;
    },
    send(data) {
      if (state === "connecting") return misuse("send() before accept()");
      if (state !== "open") return false;
      calls.push({ type: "message", data });
      listener.onMessage(data);
      return true;
    },
    close(code = 1000, reason = "") {
      if (state === "connecting") return misuse("close() before accept(); use fail() for a failed handshake");
      if (state === "closed") return false;
      finish(code, reason);
      return true;
    },
    error(error = new Error("Connection reset"), code = 1006) {
      if (state === "closed") return false;
      if (!opened) return server.fail(error);
      finish(code, "", error);
      return true;
    },
    fail(error = new Error("Connection refused")) {
      if (state === "closed") return false;
      if (opened) return misuse("fail() after accept(); use error()");
      finish(1006, "", error);
      return true;
    },
  };

  const client: TransportSocket = {
    send(data) {
      if (state === "open") sent.push(data);
      else dropped.push(data);
    },
    close(code, reason) {
      if (state === "closing" || state === "closed") return;
      closeRequest = { code, reason };
      state = "closing";
      if (!autoClose) return;
      queueMicrotask(() => {
        if (state === "closed") return;
        // An echoed close frame carries the client's code; with none it is 1005, and an unopened socket is 1006.
        if (opened) finish(code ?? 1005, reason ?? "");
        else finish(1006, "");
      });
    },
  };

  const socket: MemorySocket = {
    url,
    get state() {
      return state;
    },
    sent,
    dropped,
    calls,
    get closeRequest() {
      return closeRequest;
    },
    server,
  };
  return { client, socket };
}

/** Misuse errors name the socket without the access token its URL carries. */
function redactUrl(url: string): string {
  return url.replace(/(access_token=)[^&]*/gi, "$1[redacted]");
}
