/**
 * The page in Firefox: Debian's firefox-esr, driven over WebDriver BiDi (tests/firefox-bidi.ts).
 * `.ci/run` installs it; elsewhere, without it this skips (`apt-get install firefox-esr` to run it),
 * or set FIREFOX_PATH. ZOOMWS_REQUIRE_FIREFOX=1 makes a missing Firefox a failure instead.
 * The screenshot goes to <repo>/artifacts/example-monitor-firefox.png.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Firefox, launchFirefox } from "./firefox-bidi.js";
import { type LiveMonitor, startLiveMonitor } from "./support.js";

const FIREFOX = process.env["FIREFOX_PATH"] || "/usr/bin/firefox-esr";
const required = process.env["ZOOMWS_REQUIRE_FIREFOX"] === "1";
const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "artifacts");

const meetingUuid = "ffMeetingUuid00000000==";
const topic = `Firefox <b>check</b>`;
const meeting = { payload: { object: { uuid: meetingUuid, id: 91234567890, topic } } };
const person = (userId: string, name: string) => ({
  payload: {
    object: { uuid: meetingUuid, id: 91234567890, topic, participant: { user_id: userId, user_name: name } },
  },
});
const card = `article.meeting[data-uuid="${meetingUuid}"]`;
/** A page-side predicate: `selector` matches at least one element. */
const present = (selector: string) => `() => document.querySelector(${JSON.stringify(selector)}) !== null`;
const count = (selector: string) => `document.querySelectorAll(${JSON.stringify(selector)}).length` as const;

if (!existsSync(FIREFOX) && !required) {
  it.skip(`Firefox not found at ${FIREFOX}: skipping the Firefox page test (apt-get install firefox-esr)`, () => {});
} else {
  describe("the live page in Firefox", () => {
    let live: LiveMonitor;
    let firefox: Firefox;

    beforeAll(async () => {
      live = await startLiveMonitor();
      firefox = await launchFirefox(FIREFOX);
    }, 60_000);

    afterAll(async () => {
      await firefox?.close();
      await live?.close();
    });

    it("shows the connection, a meeting with its participants and the rate", async () => {
      await firefox.goto(live.server.url);
      await firefox.waitFor(present('#zoom[data-state="connected"]'));
      await firefox.waitFor(present('#link[data-link="live"]'));
      expect(await firefox.evaluate("document.getElementById('banner').hidden")).toBe(true);

      live.emulator.emitEvent("meeting.started", meeting);
      live.emulator.emitEvent("meeting.participant_joined", person("16778240", "Ada Lovelace"));
      live.emulator.emitEvent("meeting.participant_joined", person("16779264", "Alan Turing"));
      await firefox.waitFor(`() => ${count(`${card} .people li`)} === 2`);
      expect(
        await firefox.evaluate(
          `[...document.querySelectorAll(${JSON.stringify(`${card} .people li`)})].map((li) => li.firstChild.textContent).join("|")`,
        ),
      ).toBe("Ada Lovelace|Alan Turing");
      expect(
        await firefox.evaluate(`document.querySelector(${JSON.stringify(`${card} h3`)}).textContent`),
      ).toBe(topic);
      expect(await firefox.evaluate(count("b"))).toBe(0);

      await firefox.waitFor(
        `() => [...document.querySelectorAll("#rate .bar")].reduce((n, bar) => n + Number(bar.getAttribute("data-count")), 0) >= 3`,
      );
      expect(await firefox.evaluate(count("#rate .bar"))).toBeGreaterThan(0);
      expect(
        Number(await firefox.evaluate("document.getElementById('per-minute').textContent")),
      ).toBeGreaterThanOrEqual(3);

      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, "example-monitor-firefox.png"), await firefox.screenshot());
    }, 60_000);

    it("says so while the Zoom connection is down", async () => {
      live.emulator.refuseConnections("forever", 503);
      live.emulator.dropSocket();
      await firefox.waitFor(present('#zoom[data-state="reconnecting"]'));
      expect(await firefox.evaluate("document.getElementById('banner').hidden")).toBe(false);
      expect(await firefox.evaluate("document.getElementById('banner').textContent")).toContain(
        "The Zoom connection is down",
      );
      live.emulator.refuseConnections(0);
      await firefox.waitFor(present('#zoom[data-state="connected"]'));
      await firefox.waitFor(present("#gaps li"));
    }, 60_000);

    it("reconnects to the monitor by itself when the server comes back on the same port", async () => {
      await live.restartServer(async () => {
        await firefox.waitFor(present('#link[data-link="reconnecting"]'));
        expect(await firefox.evaluate("document.body.classList.contains('stale')")).toBe(true);
      });
      await firefox.waitFor(present('#link[data-link="live"]'));
      live.emulator.emitEvent("user.created");
      await firefox.waitFor(`() => document.getElementById("latest").textContent.includes("user.created")`);
      expect(await firefox.evaluate("document.body.classList.contains('stale')")).toBe(false);
      // No uncaught script error or console.error on the page all along.
      expect(firefox.logs.filter((entry) => entry.startsWith("error"))).toEqual([]);
    }, 60_000);
  });
}
