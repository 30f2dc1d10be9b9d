import type { TransportListener } from "@zoomws/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createWebTransport, type WebSocketLike } from "../src/index.js";

// The web transport against a scripted stand-in for the standard WebSocket, for the runtime quirks seen in
// Deno and Bun (the real runtimes run the shared conformance suite in conformance.test.ts).

class ScriptedWebSocket implements WebSocketLike {
  static last: ScriptedWebSocket;
  readyState = 0;
  binaryType = "blob";
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  readonly sent: string[] = [];
  readonly closes: Array<[number | undefined, string | undefined]> = [];
  constructor(readonly url: string) {
    ScriptedWebSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closes.push([code, reason]);
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
}

const calls: string[] = [];
const errors: Array<{ message: string; httpStatus?: number }> = [];
const listener: TransportListener = {
  onOpen: () => calls.push("open"),
  onMessage: (data) => calls.push(typeof data === "string" ? `text ${data}` : `bytes ${Array.from(data)}`),
  onError: (error) => {
    errors.push(error);
    calls.push("error");
  },
  onClose: (code, reason) => calls.push(`close ${code} ${reason}`),
};
const transport = createWebTransport(ScriptedWebSocket);
const URL_WITH_TOKEN = "ws://127.0.0.1:8765/ws?subscriptionId=s&access_token=SECRET-TOKEN";

beforeEach(() => {
  calls.length = 0;
  errors.length = 0;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("webTransport", () => {
  it("asks for binary frames as ArrayBuffers and passes every binary shape on as bytes", () => {
    transport.open(URL_WITH_TOKEN, listener);
    const ws = ScriptedWebSocket.last;
    expect(ws.binaryType).toBe("arraybuffer");
    ws.open();
    ws.onmessage?.({ data: "hi" });
    ws.onmessage?.({ data: Uint8Array.of(1, 2).buffer });
    ws.onmessage?.({ data: new Uint8Array([9, 1, 2, 9]).subarray(1, 3) });
    ws.onmessage?.({ data: { size: 2 } }); // a Blob, from a runtime that ignores binaryType
    expect(calls).toEqual(["open", "text hi", "bytes 1,2", "bytes 1,2", "bytes "]);
  });

  it.each([
    ["Deno", "NetworkError: failed to connect to WebSocket: Invalid status code: 503", 503],
    ["Bun", `WebSocket connection to '${URL_WITH_TOKEN}' failed: Expected 101 status code: 401`, 401],
  ])("reads the HTTP status of a refused upgrade from %s's error message", (_runtime, message, status) => {
    transport.open(URL_WITH_TOKEN, listener);
    ScriptedWebSocket.last.onerror?.({ message });
    expect(errors).toEqual([expect.objectContaining({ httpStatus: status })]);
    expect(errors[0]?.message).toBe(`the WebSocket upgrade was refused with HTTP ${status}`);
  });

  it("keeps the URL and its token out of error messages (Bun quotes the URL)", () => {
    transport.open(URL_WITH_TOKEN, listener);
    ScriptedWebSocket.last.onerror?.({
      message: `WebSocket connection to '${URL_WITH_TOKEN}' failed: Failed to connect`,
    });
    expect(errors[0]?.message).toBe(
      "the WebSocket connection could not be opened: WebSocket connection to [url] failed: Failed to connect",
    );
    expect(errors[0]?.httpStatus).toBeUndefined();
  });

  it("reports an abnormal closure Deno gives as code 0 as 1006, once", () => {
    transport.open(URL_WITH_TOKEN, listener);
    const ws = ScriptedWebSocket.last;
    ws.open();
    ws.onerror?.({ message: "Unexpected EOF" });
    ws.onclose?.({ code: 0, reason: "" });
    ws.onclose?.({ code: 0, reason: "" });
    expect(calls).toEqual(["open", "error", "close 1006 "]);
    expect(errors[0]?.message).toBe("the WebSocket connection failed: Unexpected EOF");
  });

  it("ends a failed handshake with onClose even if the runtime never fires close (Node 20's undici)", () => {
    transport.open(URL_WITH_TOKEN, listener);
    ScriptedWebSocket.last.onerror?.({});
    expect(calls).toEqual(["error"]);
    vi.advanceTimersByTime(0);
    expect(calls).toEqual(["error", "close 1006 "]);
  });

  it("gives up on a close the server never answers after the grace period", () => {
    const socket = transport.open(URL_WITH_TOKEN, listener);
    const ws = ScriptedWebSocket.last;
    ws.open();
    socket.close(4000, "bye");
    socket.close(4001, "again");
    expect(ws.closes).toEqual([[4000, "bye"]]);
    vi.advanceTimersByTime(1999);
    expect(calls).toEqual(["open"]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["open", "close 1006 "]);
    ws.onclose?.({ code: 4000, reason: "bye" });
    expect(calls).toEqual(["open", "close 1006 "]);
  });

  it("sends only while open, and sends the standard close() only what it accepts", () => {
    const socket = transport.open(URL_WITH_TOKEN, listener);
    const ws = ScriptedWebSocket.last;
    socket.send("early");
    ws.open();
    socket.send("on time");
    socket.close(1006, "ü".repeat(100));
    expect(ws.sent).toEqual(["on time"]);
    expect(ws.closes).toEqual([[1000, "ü".repeat(61)]]);
  });

  it("does not report the error of a handshake it aborted itself", () => {
    const socket = transport.open(URL_WITH_TOKEN, listener);
    const ws = ScriptedWebSocket.last;
    socket.close();
    ws.onerror?.({ message: "Interrupted: operation canceled" });
    ws.onclose?.({ code: 0, reason: "" });
    expect(calls).toEqual(["close 1006 "]);
  });
});
