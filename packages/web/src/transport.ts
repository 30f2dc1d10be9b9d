import { type Transport, type TransportListener, type TransportSocket, ZoomOptionsError } from "@zoomws/core";
import { type WebSocketConstructor, web } from "./globals.js";

/** How long a clean close may take before the socket is given up. */
const CLOSE_GRACE_MS = 2000;
const CONNECTING = 0;
const OPEN = 1;

/** What a transport reports; `httpStatus` is set when a refused upgrade names its status. */
type TransportError = Parameters<TransportListener["onError"]>[0];

/** The core's Transport over the standard `WebSocket` of this runtime (Deno, Bun, workers, browsers, Node 22+). */
export const webTransport: Transport = {
  open(url, listener) {
    const WebSocket = web.WebSocket;
    if (!WebSocket) throw noWebSocket();
    return createWebTransport(WebSocket).open(url, listener);
  },
};

/** The core's Transport over any constructor with the standard `WebSocket` interface. */
export function createWebTransport(WebSocket: WebSocketConstructor): Transport {
  return {
    open(url: string, listener: TransportListener): TransportSocket {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      let opened = false;
      let closing = false;
      let closed = false;
      let graceTimer: unknown;
      const finish = (code: number, reason: string) => {
        if (closed) return;
        closed = true;
        if (graceTimer !== undefined) web.clearTimeout(graceTimer);
        ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
        // Deno reports an abnormal closure as code 0; the contract says 1006.
        listener.onClose(code >= 1000 && code <= 4999 ? code : 1006, reason);
      };
      ws.onopen = () => {
        opened = true;
        listener.onOpen();
      };
      ws.onmessage = ({ data }: { readonly data: unknown }) => {
        if (typeof data === "string") listener.onMessage(data);
        else if (data instanceof ArrayBuffer) listener.onMessage(new Uint8Array(data));
        else if (ArrayBuffer.isView(data))
          listener.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        // A Blob (a runtime that ignores binaryType) is still a binary frame, which the core rejects.
        else listener.onMessage(new Uint8Array(0));
      };
      ws.onerror = (event: { readonly message?: unknown }) => {
        // After our own close() the runtime reports the aborted handshake as an error: not news.
        if (!closing) listener.onError(toError(event, opened));
        // A failed handshake is final. The standard fires close right after error; Node 20's undici never does.
        if (!opened) web.setTimeout(() => finish(1006, ""), 0);
      };
      ws.onclose = ({ code, reason }: { readonly code: number; readonly reason: string }) =>
        finish(code, reason);
      return {
        send(data: string) {
          if (ws.readyState === OPEN) ws.send(data);
        },
        close(code = 1000, reason = "") {
          if (closed || closing) return;
          closing = true;
          graceTimer = web.setTimeout(() => finish(1006, ""), CLOSE_GRACE_MS);
          try {
            // Before open, the standard close() aborts the handshake: no close frame is sent.
            if (ws.readyState === CONNECTING || ws.readyState === OPEN)
              ws.close(validCode(code), clip(reason));
          } catch {
            finish(1006, "");
          }
        },
      };
    },
  };
}

/**
 * A standard WebSocket's error event says nothing useful, by design. Deno and Bun put a message on it
 * (which names the HTTP status of a refused upgrade, and in Bun the URL, token included).
 */
function toError(event: { readonly message?: unknown }, opened: boolean): TransportError {
  const detail = typeof event?.message === "string" ? scrub(event.message) : "";
  const what = opened ? "the WebSocket connection failed" : "the WebSocket connection could not be opened";
  const error: TransportError = new Error(detail ? `${what}: ${detail}` : what);
  const status = opened ? undefined : /status code:?\s*(\d{3})\b/i.exec(detail)?.[1];
  if (status) {
    error.httpStatus = Number(status);
    error.message = `the WebSocket upgrade was refused with HTTP ${status}`;
  }
  return error;
}

export function noWebSocket(): ZoomOptionsError {
  return new ZoomOptionsError(
    "This runtime has no global WebSocket (Node.js before 22?). Use @zoomws/node on Node.js, " +
      "or pass a transport to createClient.",
  );
}

/** A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5); the standard close() throws past that. */
function clip(reason: string): string {
  const encoder = new web.TextEncoder();
  let out = "";
  for (const char of reason) {
    if (encoder.encode(out + char).length > 123) break;
    out += char;
  }
  return out;
}

/** Close codes a client may send (RFC 6455 §7.4): 1000 or 3000–4999; the standard close() throws on others. */
function validCode(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
}

/** Runtimes' messages can quote the URL (and so the token): keep only what is not a URL. */
function scrub(message: string): string {
  return message
    .replace(/['"]?wss?:\/\/[^\s'"]+['"]?/gi, "[url]")
    .replace(/access_token=[^&\s'"]+/gi, "access_token=[redacted]");
}
