/**
 * The only I/O the client needs from a runtime: a WebSocket that speaks text.
 * Adapters (`@zoomws/node`, `@zoomws/web`) implement it in a few dozen lines.
 */
export interface Transport {
  /**
   * Starts opening a socket to `url` and returns at once. Exactly one of
   * `onOpen` then (`onMessage`* `onClose`), or `onError`? then `onClose`, is
   * called afterwards; `onClose` is always the last call, once.
   * The URL carries the access token: a transport must never log it or put it
   * in an error message.
   */
  open(url: string, listener: TransportListener): TransportSocket;
}

export interface TransportListener {
  onOpen(): void;
  /** A text frame as a string; a binary frame as bytes (the client rejects it). */
  onMessage(data: string | Uint8Array): void;
  /** Called once, last. `code` is 1006 when the connection died without a close frame. */
  onClose(code: number, reason: string): void;
  /**
   * A network or protocol error, before or after open; `onClose` follows. The message must
   * not contain the URL. A refused upgrade sets `httpStatus` (see {@link TransportError}).
   */
  onError(error: TransportError): void;
}

export interface TransportSocket {
  send(data: string): void;
  /** Starts a clean close; `onClose` follows. Safe to call more than once and before open. */
  close(code?: number, reason?: string): void;
}

/** An error from a transport; `httpStatus` is set when the server refused the upgrade with an HTTP status. */
export interface TransportError extends Error {
  httpStatus?: number;
}
