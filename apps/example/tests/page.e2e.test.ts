/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page in a real browser: Debian's Chromium, driven by playwright-core. `.ci/run` installs
 * Chromium and sets ZOOMWS_REQUIRE_BROWSER=1, so there a missing browser fails the test instead
 * of skipping it. The screenshot is kept as a CI artifact in <repo>/artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveMonitor, startLiveMonitor } from "./support.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] || "/usr/bin/chromium";
const required = process.env["ZOOMWS_REQUIRE_BROWSER"] === "1";
const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "artifacts");
const WAIT = { timeout: 15_000 };

const meetingUuid = "e2eMeetingUuid0000000==";
// Markup in a topic must show as text, never run.
const topic = `Launch <img src=x onerror="window.pwned=1"> Review`;
const meeting = { payload: { object: { uuid: meetingUuid, id: 98765432101, topic } } };
const person = (userId: string, name: string) => ({
  payload: {
    object: { uuid: meetingUuid, id: 98765432101, topic, participant: { user_id: userId, user_name: name } },
  },
});

if (!existsSync(CHROMIUM) && !required) {
  it.skip(`Chromium not found at ${CHROMIUM}: skipping the browser test (apt-get install chromium)`, () => {});
} else {
  describe("the live page in Chromium", () => {
    let live: LiveMonitor;
    let context: BrowserContext;
    let page: Page;
    let profile: string;

    beforeAll(async () => {
      live = await startLiveMonitor();
      profile = mkdtempSync(join(tmpdir(), "zoomws-chromium-"));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
        viewport: { width: 1280, height: 900 },
      });
      page = context.pages()[0] ?? (await context.newPage());
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      await live?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    const chartTotal = () =>
      page.$$eval("#rate .bar", (bars) =>
        bars.reduce((sum, bar) => sum + Number(bar.getAttribute("data-count")), 0),
      );

    it("shows the connection, a meeting with its participants, the rate, and the meeting leaving", async () => {
      await page.goto(live.server.url);
      await page.waitForSelector('#zoom[data-state="connected"]', WAIT);
      await page.waitForSelector('#link[data-link="live"]', WAIT);
      expect(await page.isHidden("#banner")).toBe(true);
      expect(await page.textContent("#meetings")).toContain("No meeting in progress");
      const before = await chartTotal();

      live.emulator.emitEvent("meeting.started", meeting);
      live.emulator.emitEvent("meeting.participant_joined", person("16778240", "Ada Lovelace"));
      live.emulator.emitEvent("meeting.participant_joined", person("16779264", "Alan Turing"));
      const card = `article[data-uuid="${meetingUuid}"]`;
      await page.waitForFunction(
        (selector) => document.querySelectorAll(`${selector} .people li`).length === 2,
        card,
        WAIT,
      );
      expect(
        await page.$$eval(`${card} .people li`, (items) => items.map((li) => li.firstChild?.textContent)),
      ).toEqual(["Ada Lovelace", "Alan Turing"]);
      expect(await page.textContent(`${card} h3`)).toBe(topic);
      expect(await page.$$("img")).toHaveLength(0);
      expect(await page.evaluate(() => "pwned" in window)).toBe(false);
      expect(await page.textContent("#latest")).toContain("Alan Turing joined");

      // The rate chart moved by the three events.
      await page.waitForFunction(
        ([selector, total]) =>
          [...document.querySelectorAll(selector)].reduce(
            (n, bar) => n + Number(bar.getAttribute("data-count")),
            0,
          ) >= total,
        ["#rate .bar", before + 3] as const,
        WAIT,
      );
      expect(Number(await page.textContent("#per-minute"))).toBeGreaterThanOrEqual(3);

      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, "example-monitor.png"), fullPage: true });

      live.emulator.emitEvent("meeting.participant_left", person("16778240", "Ada Lovelace"));
      await page.waitForFunction(
        (selector) => document.querySelectorAll(`${selector} .people li`).length === 1,
        card,
        WAIT,
      );
      expect(await page.textContent(`${card} .people`)).toContain("Alan Turing");

      live.emulator.emitEvent("meeting.participant_left", person("16779264", "Alan Turing"));
      live.emulator.emitEvent("meeting.ended", meeting);
      await page.waitForSelector(card, { ...WAIT, state: "detached" });
      expect(await page.textContent("#meetings")).toContain("No meeting in progress");
    }, 60_000);

    it("says so while the Zoom connection is down, then marks the gap", async () => {
      live.emulator.refuseConnections("forever", 503);
      live.emulator.dropSocket();
      await page.waitForSelector('#zoom[data-state="reconnecting"]', WAIT);
      expect(await page.isVisible("#banner")).toBe(true);
      expect(await page.textContent("#banner")).toContain("The Zoom connection is down");
      await page.waitForSelector("#rate .offline", WAIT);

      live.emulator.refuseConnections(0);
      await page.waitForSelector('#zoom[data-state="connected"]', WAIT);
      await page.waitForSelector("#gaps li", WAIT);
      expect(await page.isHidden("#banner")).toBe(true);
    }, 60_000);

    it("reconnects to the monitor by itself when the server comes back", async () => {
      await live.restartServer(async () => {
        await page.waitForSelector('#link[data-link="reconnecting"]', WAIT);
        expect(await page.getAttribute("body", "class")).toContain("stale");
      });
      await page.waitForSelector('#link[data-link="live"]', WAIT);
      live.emulator.emitEvent("user.created");
      await page.waitForFunction(
        () => document.querySelector("#latest")?.textContent?.includes("user.created"),
        undefined,
        WAIT,
      );
    }, 60_000);
  });
}
