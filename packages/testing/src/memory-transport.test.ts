import type { TransportListener } from "@zoomws/core";
import { describe, expect, it } from "vitest";
import { createMemoryTransport } from "./memory-transport.js";

/** A listener that logs every call, and checks the contract: nothing after onClose. */
function recorder() {
  const log: string[] = [];
  let closed = false;
  const record = (entry: string) => {
    if (closed) throw new Error(`${entry} after onClose`);
    log.push(entry);
  };
  const listener: TransportListener = {
    onOpen: () => record("open"),
    onMessage: (data) => record(typeof data === "string" ? `message:${data}` : `binary:${data.byteLength}`),
    onError: (error) => record(`error:${error.message}`),
    onClose: (code, reason) => {
      record(`close:${code}:${reason}`);
      closed = true;
    },
  };
  return { log, listener };
}

const URL = "ws://127.0.0.1/ws?subscriptionId=abc&access_token=secret-token";

describe("createMemoryTransport", () => {
  it("open() returns at once without calling the listener", async () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    transport.open(URL, listener);
    await Promise.resolve();
    expect(log).toEqual([]);
    expect(transport.last).toMatchObject({ url: URL, state: "connecting" });
  });

  it("delivers accept, text and binary frames, and a server close, in order", () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    transport.open(URL, listener);
    const socket = transport.last!;
    expect(socket.server.accept()).toBe(true);
    socket.server.send('{"module":"build_connection","success":true}');
    socket.server.send(new Uint8Array([1, 2]));
    socket.server.close(1000, "Bye");
    expect(log).toEqual([
      "open",
      'message:{"module":"build_connection","success":true}',
      "binary:2",
      "close:1000:Bye",
    ]);
    expect(socket.state).toBe("closed");
    expect(socket.calls.map((c) => c.type)).toEqual(["open", "message", "message", "close"]);
  });

  it("records what the client sends while open, and drops (records) the rest", () => {
    const transport = createMemoryTransport();
    const { listener } = recorder();
    const client = transport.open(URL, listener);
    const socket = transport.last!;
    client.send("too early");
    socket.server.accept();
    client.send('{"module":"heartbeat"}');
    socket.server.close();
    client.send("too late");
    expect(socket.sent).toEqual(['{"module":"heartbeat"}']);
    expect(socket.dropped).toEqual(["too early", "too late"]);
  });

  it("completes a client close on a microtask, echoing its code; once, however often it is called", async () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    const client = transport.open(URL, listener);
    transport.last!.server.accept();
    client.close(4001, "going away");
    client.close(1000);
    expect(log).toEqual(["open"]);
    expect(transport.last!.state).toBe("closing");
    await Promise.resolve();
    expect(log).toEqual(["open", "close:4001:going away"]);
    expect(transport.last!.closeRequest).toEqual({ code: 4001, reason: "going away" });
  });

  it("reports 1005 for a client close without a code, and 1006 for one before open", async () => {
    const transport = createMemoryTransport();
    const a = recorder();
    const b = recorder();
    const open = transport.open(URL, a.listener);
    transport.last!.server.accept();
    const unopened = transport.open(URL, b.listener);
    open.close();
    unopened.close();
    await Promise.resolve();
    expect(a.log).toEqual(["open", "close:1005:"]);
    expect(b.log).toEqual(["close:1006:"]);
    expect(transport.sockets[1]!.server.accept()).toBe(false);
  });

  it("in manual mode, waits for the test to finish the close", async () => {
    const transport = createMemoryTransport({ closeHandshake: "manual" });
    const { log, listener } = recorder();
    const client = transport.open(URL, listener);
    const socket = transport.last!;
    socket.server.accept();
    client.close(1000, "bye");
    await Promise.resolve();
    expect(log).toEqual(["open"]);
    expect(socket.server.send("late frame")).toBe(false);
    expect(socket.server.close(1000, "Bye")).toBe(true);
    expect(log).toEqual(["open", "close:1000:Bye"]);
  });

  it("error() after open delivers onError then onClose", () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    transport.open(URL, listener);
    const socket = transport.last!;
    socket.server.accept();
    socket.server.error(new Error("ECONNRESET"));
    expect(log).toEqual(["open", "error:ECONNRESET", "close:1006:"]);
    expect(socket.server.error()).toBe(false);
    expect(socket.server.close()).toBe(false);
  });

  it("fail() before open delivers onError then onClose(1006), never onOpen", () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    transport.open(URL, listener);
    transport.last!.server.fail(new Error("503"));
    expect(log).toEqual(["error:503", "close:1006:"]);
  });

  it("error() before open is a failed handshake", () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    transport.open(URL, listener);
    transport.last!.server.error();
    expect(log).toEqual(["error:Connection reset", "close:1006:"]);
  });

  it("a client close racing a server fail still closes once", async () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    const client = transport.open(URL, listener);
    client.close();
    transport.last!.server.fail();
    await Promise.resolve();
    expect(log).toEqual(["error:Connection refused", "close:1006:"]);
  });

  it("lets a listener call back into the socket", () => {
    const transport = createMemoryTransport();
    const { log, listener } = recorder();
    const client = transport.open(URL, {
      ...listener,
      onMessage: (data) => {
        listener.onMessage(data);
        client.send("reply");
      },
    });
    const socket = transport.last!;
    socket.server.accept();
    socket.server.send("ping");
    expect(socket.sent).toEqual(["reply"]);
    expect(log).toEqual(["open", "message:ping"]);
  });

  it("throws on driver calls that are test bugs, without the token in the message", () => {
    const transport = createMemoryTransport();
    transport.open(URL, recorder().listener);
    const socket = transport.last!;
    expect(() => socket.server.send("x")).toThrow(/before accept/);
    expect(() => socket.server.close()).toThrow(/fail\(\)/);
    socket.server.accept();
    expect(() => socket.server.accept()).toThrow(/twice/);
    expect(() => socket.server.fail()).toThrow(/error\(\)/);
    const message = (() => {
      try {
        socket.server.accept();
        return "did not throw";
      } catch (error) {
        return String(error);
      }
    })();
    expect(message).toContain("access_token=[redacted]");
    expect(message).not.toContain("secret-token");
  });

  it("nextSocket() hands out sockets in the order they were opened, waiting if needed", async () => {
    const transport = createMemoryTransport();
    transport.open("ws://a", recorder().listener);
    const first = await transport.nextSocket();
    const pending = transport.nextSocket();
    transport.open("ws://b", recorder().listener);
    transport.open("ws://c", recorder().listener);
    expect(first.url).toBe("ws://a");
    expect((await pending).url).toBe("ws://b");
    expect((await transport.nextSocket()).url).toBe("ws://c");
    expect(transport.sockets.map((s) => s.url)).toEqual(["ws://a", "ws://b", "ws://c"]);
  });
});
