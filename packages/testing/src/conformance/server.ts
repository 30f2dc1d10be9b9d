import { createServer, type IncomingMessage, STATUS_CODES } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { Duplex } from "node:stream";
import { type RawData, WebSocketServer } from "ws";
import {
  AFTER_BINARY,
  BEFORE_VANISHING,
  BINARY_FRAME,
  type ConformanceServerInfo,
  GREETING,
} from "./script.js";

/**
 * The server side of the transport conformance suite: a WebSocket server on 127.0.0.1 (an OS-chosen
 * port) that behaves as each path says. Start it in Node; the cases (`@zoomws/testing/conformance`)
 * run wherever the transport under test runs and reach it over loopback.
 *
 * | path | behaviour |
 * | --- | --- |
 * | `/echo` | echoes every frame as it came (text as text, binary as binary) |
 * | `/greet` | sends a text frame as soon as the socket opens, then echoes |
 * | `/binary` | sends a binary frame, then a text frame, then echoes |
 * | `/close/<code>/<reason>` | closes with that code and (URL-encoded) reason once open |
 * | `/refuse/<status>` | answers the upgrade with that HTTP status |
 * | `/drop-handshake` | closes the TCP connection without answering the upgrade |
 * | `/vanish` | sends a text frame, then destroys the TCP socket without a close frame |
 * | `/protocol-error` | sends a frame with a reserved opcode |
 */
export interface ConformanceServer extends ConformanceServerInfo {
  /** Terminates every socket and stops the server. */
  close(): Promise<void>;
}

export async function startConformanceServer(host = "127.0.0.1"): Promise<ConformanceServer> {
  const http = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sockets = new Set<Duplex>();
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const path = new URL(req.url ?? "/", "http://conformance").pathname;
    const [, behaviour = "", first, second] = path.split("/");
    if (behaviour === "refuse") return refuse(socket, Number(first));
    if (behaviour === "drop-handshake") return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      const echo = () => ws.on("message", (data: RawData, isBinary) => ws.send(data, { binary: isBinary }));
      switch (behaviour) {
        case "echo":
          return echo();
        case "greet":
          ws.send(GREETING);
          return echo();
        case "binary":
          ws.send(Uint8Array.from(BINARY_FRAME));
          ws.send(AFTER_BINARY);
          return echo();
        case "close":
          return ws.close(Number(first), decodeURIComponent(second ?? ""));
        case "vanish":
          return ws.send(BEFORE_VANISHING, () => socket.destroy());
        case "protocol-error":
          // FIN + opcode 0xF (reserved for control frames), no payload: the client must fail the connection.
          return void socket.write(Uint8Array.of(0x8f, 0x00));
        default:
          return ws.close(4404, "unknown conformance path");
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, host, resolve);
  });
  const address = http.address();
  if (!address || typeof address === "string") throw new Error("the conformance server has no port");
  return {
    url: `ws://${host}:${address.port}`,
    unreachableUrl: `ws://${host}:${await freePort(host)}`,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function refuse(socket: Duplex, status: number): void {
  const text = STATUS_CODES[status] ?? "Error";
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(host: string): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}
