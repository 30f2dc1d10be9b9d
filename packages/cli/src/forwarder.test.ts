import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type DeliveryReport, Forwarder, type ForwarderOptions } from "./forwarder.js";
import { Spool } from "./spool.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A forwarder over a fresh spool whose handler answers `statuses` in turn (then 200), collecting reports. */
function rig(statuses: number[], options: Partial<ForwarderOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "zoomws-forwarder-"));
  dirs.push(dir);
  const spool = Spool.open(dir);
  const requests: Array<{ body: string; headers: Record<string, string> }> = [];
  const reports: DeliveryReport[] = [];
  let settle: (() => void) | undefined;
  const fetch = (async (_url: string, init: RequestInit) => {
    requests.push({ body: String(init.body), headers: init.headers as Record<string, string> });
    return new Response(null, { status: statuses.shift() ?? 200 });
  }) as typeof globalThis.fetch;
  const forwarder = new Forwarder({
    spool,
    url: "http://handler.test/hook",
    secretToken: "token",
    retryInitialMs: 1,
    retryMaxMs: 1,
    fetch,
    report: (report) => {
      reports.push(report);
      settle?.();
    },
    ...options,
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => (settle = resolve));
  };
  return { spool, forwarder, requests, reports, until };
}

const event = (n: number) => JSON.stringify({ event: "meeting.started", payload: { object: { n } } });

describe("Forwarder", () => {
  it("retries 5xx, 429 and 401 in order and removes an event only after a 2xx", async () => {
    const { spool, forwarder, requests, reports, until } = rig([503, 429, 401, 200, 204]);
    spool.append(event(1));
    spool.append(event(2));
    forwarder.start();
    await until(() => reports.filter((r) => r.kind === "delivered").length === 2);
    await forwarder.stop();
    expect(requests.map((r) => JSON.parse(r.body).payload.object.n)).toEqual([1, 1, 1, 1, 2]);
    expect(reports.map((r) => r.kind)).toEqual(["failed", "failed", "failed", "delivered", "delivered"]);
    expect(reports[2]).toMatchObject({ hint: expect.stringContaining("ZOOM_WEBHOOK_SECRET_TOKEN") });
    expect(requests[0]!.headers["x-zm-signature"]).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(spool.size).toBe(0);
    spool.close();
  });

  it("sets aside an event the handler refuses with a 422 and delivers the next", async () => {
    const { spool, forwarder, requests, reports, until } = rig([422]);
    spool.append(event(1));
    spool.append(event(2));
    forwarder.start();
    await until(() => reports.some((r) => r.kind === "delivered"));
    await forwarder.stop();
    expect(reports.map((r) => r.kind)).toEqual(["set-aside", "delivered"]);
    expect(requests).toHaveLength(2);
    const file = (reports[0] as { file: string }).file;
    expect(JSON.parse(readFileSync(file, "utf8")).body).toEqual(JSON.parse(event(1)));
    spool.close();
  });

  it("retries a 422 too with onReject: retry", async () => {
    const { spool, forwarder, reports, until } = rig([422, 422], { onReject: "retry" });
    spool.append(event(1));
    forwarder.start();
    await until(() => reports.some((r) => r.kind === "delivered"));
    await forwarder.stop();
    expect(reports.map((r) => r.kind)).toEqual(["failed", "failed", "delivered"]);
    spool.close();
  });

  it("stops while retrying and keeps the event spooled", async () => {
    const { spool, forwarder, reports, until } = rig([503], { retryInitialMs: 60_000, retryMaxMs: 60_000 });
    spool.append(event(1));
    forwarder.start();
    await until(() => reports.length === 1);
    await forwarder.stop(); // does not wait out the minute
    expect(spool.size).toBe(1);
    spool.close();
  });

  it("a 2xx that arrives as it is being stopped still removes the event (no needless duplicate)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zoomws-forwarder-"));
    dirs.push(dir);
    const spool = Spool.open(dir);
    spool.append(event(1));
    let stopping: Promise<void> | undefined;
    const forwarder: Forwarder = new Forwarder({
      spool,
      url: "http://handler.test/hook",
      secretToken: "token",
      // The handler took it; Ctrl-C lands before its answer is looked at.
      fetch: (async () => {
        queueMicrotask(() => {
          stopping = forwarder.stop();
        });
        return new Response(null, { status: 200 });
      }) as typeof globalThis.fetch,
      report: () => {},
    });
    void forwarder.start();
    while (!stopping) await new Promise<void>((resolve) => setImmediate(resolve));
    await stopping;
    expect(spool.size).toBe(0);
    spool.close();
  });
});
