import { request } from "node:http";
import { connect } from "node:net";
import { hostname } from "node:os";
import { BehaviorSubject, type Observable, VirtualAction, VirtualTimeScheduler } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { initialState, type MonitorState } from "../src/monitor.js";
import { type MonitorServer, startMonitorServer } from "../src/server.js";

const T0 = Date.UTC(2026, 11, 4, 12);
let server: MonitorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(state$: Observable<MonitorState>, throttleMs = 50) {
  server = await startMonitorServer(state$, { throttleMs });
  return server;
}

/** A raw GET, so that any Host header can be sent. */
function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

/** Reads server-sent `state` events until `until` is satisfied, then disconnects. */
async function readStates(url: string, until: (states: MonitorState[]) => boolean): Promise<MonitorState[]> {
  const controller = new AbortController();
  const response = await fetch(new URL("/events", url), { signal: controller.signal });
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const states: MonitorState[] = [];
  let buffer = "";
  while (!until(states)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (message.startsWith("event: state\n"))
        states.push(JSON.parse(message.slice(message.indexOf("data: ") + 6)));
      end = buffer.indexOf("\n\n");
    }
  }
  controller.abort();
  return states;
}

describe("the monitor's web server", () => {
  it("serves the page's three files with a strict content security policy, and nothing else", async () => {
    const { url } = await start(new BehaviorSubject(initialState(T0)));
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('<script type="module" src="/app.js">');
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect((await get(new URL("/app.js", url).href)).headers["content-type"]).toMatch(/^text\/javascript/);
    expect((await get(new URL("/style.css", url).href)).headers["content-type"]).toMatch(/^text\/css/);
    expect((await get(new URL("/../src/main.ts", url).href)).status).toBe(404);
    expect((await get(new URL("/package.json", url).href)).status).toBe(404);
    expect((await get(url, {}, "POST")).status).toBe(405);
    const head = await get(url, {}, "HEAD");
    expect([head.status, head.body]).toEqual([200, ""]);
  });

  it("refuses requests for other host names (DNS rebinding)", async () => {
    const { url, port } = await start(new BehaviorSubject(initialState(T0)));
    expect((await get(url, { host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(new URL("/events", url).href, { host: "evil.example" })).status).toBe(403);
    expect((await get(url, { host: `localhost:${port}` })).status).toBe(200);
    // Host names are case-insensitive; a request without a name is refused (HTTP/1.0 has none).
    expect((await get(url, { host: `LocalHost:${port}` })).status).toBe(200);
    const socket = connect(port, "127.0.0.1", () => socket.end("GET / HTTP/1.0\r\n\r\n"));
    let reply = "";
    for await (const chunk of socket) reply += chunk;
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
  });

  it("serves its own URL when bound to an IPv6 address (the Host header has it in brackets)", async () => {
    server = await startMonitorServer(new BehaviorSubject(initialState(T0)), { host: "::ffff:127.0.0.1" });
    expect(server.url).toBe(`http://[::ffff:127.0.0.1]:${server.port}/`);
    expect((await get(server.url, { host: `[::ffff:127.0.0.1]:${server.port}` })).status).toBe(200);
    expect((await get(server.url, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it("on every interface, takes addresses and this machine's name, but still no other domain name", async () => {
    server = await startMonitorServer(new BehaviorSubject(initialState(T0)), { host: "0.0.0.0" });
    const { port } = server;
    const local = `http://127.0.0.1:${port}/`;
    const names = [
      "192.168.1.20",
      "[fe80::1]",
      "[::ffff:10.0.0.2]",
      "localhost",
      hostname(),
      `${hostname()}.local`,
    ];
    for (const host of [...names, hostname().toUpperCase()])
      expect((await get(local, { host: `${host}:${port}` })).status, host).toBe(200);
    for (const host of ["evil.example", "127.0.0.1.nip.io", `${hostname()}.evil.example`])
      expect((await get(local, { host: `${host}:${port}` })).status, host).toBe(403);
  });

  it("sends the current state to a new page at once, then each change", async () => {
    const state$ = new BehaviorSubject(initialState(T0));
    const { url } = await start(state$);
    const first = await readStates(url, (s) => s.length >= 1);
    expect(first).toEqual([initialState(T0)]);

    const changed = { ...initialState(T0), totalEvents: 42 };
    const reading = readStates(url, (s) => s.some((x) => x.totalEvents === 42));
    // The change comes after the page has its first state.
    await until(() => server!.viewers > 0);
    state$.next(changed);
    expect((await reading).at(-1)).toEqual(changed);
  });

  it("a burst of changes reaches the page as the first and the last, not each one", async () => {
    const state$ = new BehaviorSubject(initialState(T0));
    const { url } = await start(state$, 200);
    const reading = readStates(url, (s) => s.some((x) => x.totalEvents === 1000));
    await until(() => server!.viewers > 0);
    for (let i = 1; i <= 1000; i++) state$.next({ ...initialState(T0), totalEvents: i });
    const counts = (await reading).map((s) => s.totalEvents);
    // The first state at once; of the burst, at most the one that opens a throttle window, and the last.
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)).toBe(1000);
    expect(counts.length).toBeLessThanOrEqual(3);
  });

  it("forgets a page that went away, and close() ends the streams still open", async () => {
    const state$ = new BehaviorSubject(initialState(T0));
    const { url } = await start(state$);
    await readStates(url, (s) => s.length >= 1);
    await until(() => server!.viewers === 0);
    expect(state$.observed).toBe(false);

    const response = await fetch(new URL("/events", url));
    await until(() => server!.viewers === 1);
    await server!.close();
    server = undefined;
    expect(await response.text()).toContain("event: state");
  });
});

describe("the event stream under load", () => {
  it("answers HEAD /events with the headers only, and does not count it as a viewer", async () => {
    const state$ = new BehaviorSubject(initialState(T0));
    const { url } = await start(state$);
    const head = await get(new URL("/events", url).href, {}, "HEAD");
    expect(head).toMatchObject({ status: 200, body: "" });
    expect(head.headers["content-type"]).toBe("text/event-stream");
    expect(server!.viewers).toBe(0);
    expect(state$.observed).toBe(false);
  });

  it("a slow reader gets the newest snapshot once it catches up, even if a keep-alive came in between", async () => {
    // Virtual time: the throttle's trailing snapshot at 10 ms, keep-alives at 50 and 100 ms.
    const scheduler = new VirtualTimeScheduler(VirtualAction, 100);
    const big = (topic: string) => ({
      ...initialState(T0),
      latest: [{ at: T0, type: "x", text: topic.padEnd(16_000_000, ".") }],
    });
    const state$ = new BehaviorSubject<MonitorState>(big("FIRST"));
    server = await startMonitorServer(state$, { throttleMs: 10, keepAliveMs: 50, scheduler });
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    let received = "";
    socket.setEncoding("utf8");
    // Take one chunk, then stop reading: the 16 MB snapshot backs up in the server's socket.
    await new Promise<void>((resolve) =>
      socket.once("data", (chunk: string) => {
        received += chunk;
        socket.pause();
        resolve();
      }),
    );
    state$.next({ ...initialState(T0), totalEvents: 42 });
    scheduler.flush();
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.resume();
    // Once drained, the server sends what it kept back: that must be the newest snapshot.
    await until(() => /"totalEvents":42|\n: keep-alive\n/.test(received));
    socket.destroy();
    expect(received).toContain('"totalEvents":42');
  });
});

/** Resolves once `condition` holds, checking each turn of the event loop. */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
