/**
 * Serves the page and streams the monitor's state to it as server-sent events: a full snapshot on
 * connect and after every change (at most one per `throttleMs`). The browser's EventSource
 * reconnects by itself; each new connection starts with the latest snapshot.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, isIP } from "node:net";
import { hostname } from "node:os";
import { asyncScheduler, interval, type Observable, type SchedulerLike, throttleTime } from "rxjs";
import type { MonitorState } from "./monitor.js";

export interface MonitorServerOptions {
  /** Default 0: a free port chosen by the system. */
  readonly port?: number;
  /** Default 127.0.0.1: the page shows who is in your meetings, so it stays on this machine. */
  readonly host?: string;
  /** At most one snapshot per this many ms to each browser. Default 250. */
  readonly throttleMs?: number;
  /** A comment line this often keeps idle connections open through proxies. Default 15 s. */
  readonly keepAliveMs?: number;
  readonly scheduler?: SchedulerLike;
}

export interface MonitorServer {
  readonly url: string;
  readonly port: number;
  /** Browsers connected to the event stream now. */
  readonly viewers: number;
  close(): Promise<void>;
}

const files: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

const securityHeaders = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * `state$` should replay its latest value to each new subscriber (`shareReplay(1)`), so that a
 * page opened later starts with the current state rather than waiting for the next change.
 */
export async function startMonitorServer(
  state$: Observable<MonitorState>,
  options: MonitorServerOptions = {},
): Promise<MonitorServer> {
  const publicDir = new URL("../public/", import.meta.url);
  const bodies = new Map(
    Object.entries(files).map(([path, { file, type }]) => [
      path,
      { type, body: readFileSync(new URL(file, publicDir)) },
    ]),
  );
  const host = options.host ?? "127.0.0.1";
  // As in a URL and a Host header: an IPv6 address in brackets.
  const hostInUrl = (host.includes(":") ? `[${host}]` : host).toLowerCase();
  const anyAddress = host === "0.0.0.0" || host === "::";
  // On every interface, the page is reached by an address or by this machine's name, never by
  // someone else's domain name.
  const machine = hostname().toLowerCase();
  const allowedHost = (name: string) =>
    LOOPBACK.has(name) ||
    name === hostInUrl ||
    (anyAddress &&
      (isIP(name.replace(/^\[(.*)\]$/, "$1")) !== 0 || name === machine || name === `${machine}.local`));
  const throttleMs = options.throttleMs ?? 250;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const scheduler = options.scheduler ?? asyncScheduler;
  const streams = new Set<ServerResponse>();

  const stream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { ...securityHeaders, "content-type": "text/event-stream", connection: "keep-alive" });
    // HEAD: the headers only (a response without a body sends nothing until it ends).
    if (req.method === "HEAD") return void res.end();
    res.write("retry: 1000\n\n");
    streams.add(res);
    // A slow browser gets the newest snapshot once it has taken the last one: snapshots are whole
    // states, so the ones in between can be skipped.
    let waiting: string | undefined;
    let blocked = false;
    const send = (chunk: string) => {
      if (blocked) waiting = chunk;
      else blocked = !res.write(chunk);
    };
    res.on("drain", () => {
      blocked = false;
      const chunk = waiting;
      waiting = undefined;
      if (chunk !== undefined) send(chunk);
    });
    const subscription = state$
      .pipe(throttleTime(throttleMs, scheduler, { leading: true, trailing: true }))
      .subscribe({
        next: (state) => send(`event: state\ndata: ${JSON.stringify(state)}\n\n`),
        error: () => res.end(),
        complete: () => res.end(),
      });
    // Only when the connection is idle: a keep-alive must not take the place of a waiting snapshot.
    const keepAlive = interval(keepAliveMs, scheduler).subscribe(() => blocked || send(": keep-alive\n\n"));
    req.on("close", () => {
      subscription.unsubscribe();
      keepAlive.unsubscribe();
      streams.delete(res);
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    // Refuse other host names: a web page elsewhere could otherwise point its own name at this
    // address (DNS rebinding) and read the stream.
    const requested = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (!allowedHost(requested)) {
      res.writeHead(403, { "content-type": "text/plain" }).end("Forbidden: unexpected Host header\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("Method not allowed\n");
      return;
    }
    if (url.pathname === "/events") {
      stream(req, res);
      return;
    }
    const file = bodies.get(url.pathname);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    res.writeHead(200, { ...securityHeaders, "content-type": file.type, "content-length": file.body.length });
    res.end(req.method === "HEAD" ? undefined : file.body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = anyAddress ? "localhost" : hostInUrl;

  return {
    url: `http://${shown}:${port}/`,
    port,
    get viewers() {
      return streams.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
