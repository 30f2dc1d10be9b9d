// @ts-check
// The page: one EventSource to the monitor's /events, a full state per message, rendered with the
// DOM API (text only: names and topics come from Zoom and are never parsed as HTML).

/** @typedef {import("../src/monitor.js").MonitorState} MonitorState */

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const clock = (/** @type {number} */ ms) => new Date(ms).toLocaleTimeString();
const minutes = (/** @type {number} */ ms) => `${Math.max(0, Math.round(ms / 60_000))} min`;

/**
 * @param {string} tag
 * @param {Record<string, string>} attributes
 * @param {...(Node | string)} children
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const ZOOM_STATES = {
  idle: "Zoom: not connected",
  connecting: "Zoom: connecting…",
  connected: "Zoom: connected",
  reconnecting: "Zoom: connection down, reconnecting…",
  failed: "Zoom: stopped",
};

/** @param {MonitorState} state */
function render(state) {
  const { connection } = state;
  const zoom = byId("zoom");
  zoom.dataset["state"] = connection.state;
  zoom.textContent = ZOOM_STATES[connection.state];
  const banner = byId("banner");
  banner.hidden = connection.state === "connected";
  banner.textContent =
    connection.state === "failed"
      ? `The Zoom connection stopped: ${connection.error ?? "unknown error"}`
      : connection.state === "reconnecting"
        ? `The Zoom connection is down since ${clock(connection.since)}. Events sent meanwhile are lost; reconnecting by itself.`
        : "Connecting to Zoom…";

  byId("per-minute").textContent = String(state.perMinute);
  byId("total").textContent = String(state.totalEvents);
  renderRate(state);

  byId("meeting-count").textContent = state.meetings.length ? `${state.meetings.length} in progress` : "";
  byId("meetings").replaceChildren(
    ...(state.meetings.length === 0
      ? [h("p", { class: "empty" }, "No meeting in progress.")]
      : state.meetings.map((m) =>
          h(
            "article",
            { class: m.uncertain ? "meeting uncertain" : "meeting", "data-uuid": m.uuid },
            h("h3", {}, m.topic),
            h(
              "p",
              { class: "meta" },
              `ID ${m.id} · for ${minutes(state.now - m.startedAt)} · ${m.participants.length} in the meeting`,
              m.uncertain ? " · may have changed during a gap" : "",
            ),
            h(
              "ul",
              { class: "people" },
              ...m.participants.map((p) =>
                h("li", { "data-key": p.key }, p.name, h("small", {}, ` since ${clock(p.joinedAt)}`)),
              ),
            ),
          ),
        )),
  );

  byId("recordings").replaceChildren(
    ...state.recordings.map((r) =>
      h(
        "li",
        {},
        h("time", {}, clock(r.at)),
        ` ${r.topic}: ${r.files} file${r.files === 1 ? "" : "s"}, ${(r.bytes / 1e6).toFixed(1)} MB`,
      ),
    ),
  );
  byId("gaps").replaceChildren(
    ...state.gaps.map((g) =>
      h("li", {}, `${clock(g.from)} – ${clock(g.to)} (${Math.round((g.to - g.from) / 1000)} s)`),
    ),
  );
  byId("latest").replaceChildren(
    ...state.latest.map((e) =>
      h("li", {}, h("time", {}, clock(e.at)), " ", h("code", {}, e.type), " ", e.text),
    ),
  );
}

const SVG = "http://www.w3.org/2000/svg";

/** Bars of events per bucket; stretches without a connection shaded. @param {MonitorState} state */
function renderRate(state) {
  const { buckets, bucketMs } = state.rate;
  const slots = 30;
  const width = 600 / slots;
  const top = Math.max(5, ...buckets.map((b) => b.count));
  const newest = buckets[buckets.length - 1]?.start ?? state.now;
  const svg = byId("rate");
  const shapes = [];
  for (const bucket of buckets) {
    const x = 600 - width * ((newest - bucket.start) / bucketMs + 1);
    if (x < 0) continue;
    const rect = (/** @type {string} */ className, /** @type {number} */ height) => {
      const r = document.createElementNS(SVG, "rect");
      r.setAttribute("class", className);
      r.setAttribute("x", String(x + 1));
      r.setAttribute("width", String(width - 2));
      r.setAttribute("y", String(100 - height));
      r.setAttribute("height", String(height));
      return r;
    };
    if (bucket.offline) shapes.push(rect("offline", 100));
    const bar = rect(bucket.start === newest ? "bar current" : "bar", (bucket.count / top) * 96);
    bar.setAttribute("data-count", String(bucket.count));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${clock(bucket.start)}: ${bucket.count} events${bucket.offline ? " (no connection for part of it)" : ""}`;
    bar.append(title);
    shapes.push(bar);
  }
  svg.replaceChildren(...shapes);
  const span = (slots * bucketMs) / 1000;
  byId("span").textContent = span >= 120 ? `${Math.round(span / 60)} min ago` : `${span} s ago`;
  byId("gap-note").textContent = buckets.some((b) => b.offline) ? "shaded: no connection" : "";
}

/** @param {"live" | "reconnecting" | "connecting"} link */
function showLink(link) {
  const badge = byId("link");
  badge.dataset["link"] = link;
  badge.textContent = link === "live" ? "Monitor: live" : "Monitor: reconnecting…";
  document.body.classList.toggle("stale", link !== "live");
}

// EventSource retries by itself after a dropped connection; if it gives up (the server answered
// with an error, or was restarting), start a new one.
function connect() {
  const source = new EventSource("/events");
  source.addEventListener("state", (message) => {
    showLink("live");
    render(JSON.parse(message.data));
  });
  source.addEventListener("error", () => {
    showLink("reconnecting");
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
  });
}
connect();
