import type { Transport, TransportListener, TransportSocket } from "@zoomws/core";
import { WebSocket } from "ws";

/** How long a clean close may take before the socket is torn down. */
const CLOSE_GRACE_MS = 2000;

/** The core's Transport over the `ws` package. */
export const nodeTransport: Transport = {
  open(url: string, listener: TransportListener): TransportSocket {
    // No ping/pong liveness: Zoom uses JSON heartbeats, which the core sends.
    const ws = new WebSocket(url, {
      handshakeTimeout: 30_000,
      perMessageDeflate: false,
      maxPayload: 64 * 1024 * 1024,
    });
    let closed = false;
    let graceTimer: NodeJS.Timeout | undefined;
    ws.on("open", () => listener.onOpen());
    ws.on("message", (data, isBinary) => {
      if (isBinary) listener.onMessage(toBytes(data));
      else listener.onMessage(data.toString());
    });
    ws.on("unexpected-response", (_request, response) => {
      // The handshake was refused with an HTTP status; the URL stays out of the message.
      const status = response.statusCode ?? 0;
      response.resume();
      listener.onError(
        Object.assign(new Error(`the WebSocket upgrade was refused with HTTP ${status}`), {
          httpStatus: status,
        }),
      );
      ws.terminate();
    });
    ws.on("error", (error) => listener.onError(new Error(scrub(error.message))));
    ws.on("close", (code, reason) => {
      if (closed) return;
      closed = true;
      if (graceTimer) clearTimeout(graceTimer);
      listener.onClose(code, reason.toString());
    });
    return {
      send(data: string) {
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      },
      close(code = 1000, reason = "") {
        if (closed || ws.readyState === WebSocket.CLOSED) return;
        if (ws.readyState === WebSocket.CONNECTING) {
          ws.terminate();
          return;
        }
        graceTimer ??= setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
        graceTimer.unref();
        if (ws.readyState !== WebSocket.OPEN) return;
        try {
          ws.close(validCode(code), clipReason(reason));
        } catch {
          ws.terminate();
        }
      },
    };
  },
};

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5). */
function clipReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** Close codes a client may send (RFC 6455 §7.4): 1000 or 3000–4999. */
function validCode(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
}

/** `ws` errors can quote the URL (and so the token): keep only what is not a URL. */
function scrub(message: string): string {
  return message
    .replace(/wss?:\/\/\S+/gi, "[url]")
    .replace(/access_token=[^&\s]+/gi, "access_token=[redacted]");
}
