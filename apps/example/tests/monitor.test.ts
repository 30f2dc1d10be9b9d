import { type AnyZoomEvent, parseZoomEvent } from "@zoomws/node";
import { buildEvent, type EventOverrides, type EventTemplateType, startEmulator } from "@zoomws/testing";
import { filter, firstValueFrom, map, shareReplay } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import {
  readSamples,
  samplesMissingMessage,
  samplesPresent,
} from "../../../packages/core/scripts/samples.js";
import { describeEvent } from "../src/describe-event.js";
import {
  initialState,
  type MonitorInput,
  type MonitorState,
  monitor,
  monitorState,
  reduce,
} from "../src/monitor.js";
import { clientOf } from "./support.js";

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);

function event(type: EventTemplateType, overrides: EventOverrides = {}, at = T0): AnyZoomEvent {
  return parseZoomEvent(buildEvent(type, overrides, at));
}

const meeting = (uuid: string, topic = "Design Review", id = 81234567890) => ({
  payload: { object: { uuid, id, topic } },
});
const person = (uuid: string, userId: string, name: string) => ({
  payload: {
    object: { uuid, participant: { user_id: userId, user_name: name, participant_uuid: `p-${userId}` } },
  },
});

/** Feeds inputs one by one, as `scan` does. */
function run(inputs: MonitorInput[], start = initialState(T0)): MonitorState {
  return inputs.reduce((state, input) => reduce(state, input), start);
}
const at = (ms: number, e: AnyZoomEvent): MonitorInput => ({ kind: "event", at: T0 + ms, event: e });

describe("meetings and participants", () => {
  it("a meeting appears when it starts, with the people who join, and goes when it ends", () => {
    const inputs = [
      at(0, event("meeting.started", meeting("m1"))),
      at(1, event("meeting.participant_joined", person("m1", "100", "Ada Lovelace"))),
      at(2, event("meeting.participant_joined", person("m1", "200", "Alan Turing"))),
    ];
    let state = run(inputs);
    expect(state.meetings).toHaveLength(1);
    expect(state.meetings[0]).toMatchObject({ uuid: "m1", id: "81234567890", topic: "Design Review" });
    expect(state.meetings[0]!.participants.map((p) => p.name)).toEqual(["Ada Lovelace", "Alan Turing"]);

    state = reduce(state, at(3, event("meeting.participant_left", person("m1", "100", "Ada Lovelace"))));
    expect(state.meetings[0]!.participants.map((p) => p.name)).toEqual(["Alan Turing"]);

    state = reduce(state, at(4, event("meeting.ended", meeting("m1"))));
    expect(state.meetings).toEqual([]);
    expect(state.totalEvents).toBe(5);
  });

  it("keeps meetings apart, and a join of a meeting it never saw start adds that meeting", () => {
    const state = run([
      at(0, event("meeting.started", meeting("m1", "One"))),
      at(1, event("meeting.participant_joined", person("m2", "7", "Grace Hopper"))),
      at(2, event("meeting.participant_joined", person("m1", "7", "Edsger Dijkstra"))),
    ]);
    expect(state.meetings.map((m) => [m.uuid, m.participants.map((p) => p.name)])).toEqual([
      ["m1", ["Edsger Dijkstra"]],
      ["m2", ["Grace Hopper"]],
    ]);
    // The template's topic, since the join carried one.
    expect(state.meetings[1]!.topic).toBe("Weekly Product Sync");
  });

  it("a repeated join is one participant; a leave of someone unknown removes no one", () => {
    const joined = run([
      at(0, event("meeting.started", meeting("m1"))),
      at(1, event("meeting.participant_joined", person("m1", "1", "Ada"))),
      at(2, event("meeting.participant_joined", person("m1", "1", "Ada"))),
    ]);
    expect(joined.meetings[0]!.participants).toHaveLength(1);
    const after = reduce(joined, at(3, event("meeting.participant_left", person("m1", "99", "Nobody"))));
    expect(after.meetings[0]!.participants).toEqual(joined.meetings[0]!.participants);
    const elsewhere = reduce(joined, at(3, event("meeting.participant_left", person("m9", "1", "Ada"))));
    expect(elsewhere.meetings).toEqual(joined.meetings);
  });

  it("a late or repeated event about a meeting that ended does not bring it back; its recording still counts", () => {
    const ended = run([
      at(0, event("meeting.started", meeting("m1"))),
      at(1, event("meeting.participant_joined", person("m1", "1", "Ada"))),
      at(2, event("meeting.ended", meeting("m1"))),
      at(3, event("meeting.participant_joined", person("m1", "2", "Late Larry"))),
      at(4, event("meeting.started", meeting("m1"))),
      at(5, event("meeting.ended", meeting("m1"))),
      at(6, event("recording.completed", meeting("m1", "Design Review"))),
    ]);
    expect(ended.meetings).toEqual([]);
    expect(ended.totalEvents).toBe(7);
    expect(ended.recordings.map((r) => r.uuid)).toEqual(["m1"]);
  });

  it("remembers only the last 100 meetings that ended", () => {
    const inputs = Array.from({ length: 150 }, (_, i) => at(i, event("meeting.ended", meeting(`m${i}`))));
    expect(run(inputs).ended).toEqual(Array.from({ length: 100 }, (_, i) => `m${i + 50}`));
  });

  it("clips very long names and topics: the whole state goes to every page", () => {
    const state = run([
      at(0, event("meeting.started", meeting("m1", "T".repeat(100_000)))),
      at(1, event("meeting.participant_joined", person("m1", "1", "N".repeat(100_000)))),
    ]);
    expect(state.meetings[0]!.topic).toHaveLength(200);
    expect(state.meetings[0]!.topic.endsWith("…")).toBe(true);
    expect(state.meetings[0]!.participants[0]!.name).toHaveLength(200);
    expect(JSON.stringify(state).length).toBeLessThan(5_000);
  });

  it("clips names and topics that are not strings too, and keeps sizes numbers", () => {
    // Delivered after a schema warning: a topic, a name or a size of the wrong type is no exception.
    const huge = Array.from({ length: 50_000 }, () => "x");
    const odd = (name: string, object: unknown) =>
      ({ event: name, event_ts: T0, payload: { account_id: "a", object } }) as unknown as AnyZoomEvent;
    const state = run([
      at(0, odd("meeting.started", { uuid: "m1", id: 1, topic: { text: "T".repeat(100_000) } })),
      at(
        1,
        odd("meeting.participant_joined", {
          uuid: "m1",
          id: 1,
          participant: { user_id: "1", user_name: huge },
        }),
      ),
      at(2, odd("meeting.started", { uuid: "m2", id: 2, topic: 7 })),
      at(
        3,
        odd("recording.completed", {
          uuid: "r",
          id: 1,
          topic: huge,
          recording_files: [],
          total_size: "9".repeat(100_000),
        }),
      ),
    ]);
    expect(state.meetings.map((m) => typeof m.topic)).toEqual(["string", "string"]);
    expect(typeof state.meetings[0]!.participants[0]!.name).toBe("string");
    expect(typeof state.recordings[0]!.topic).toBe("string");
    expect(state.recordings[0]!.bytes).toBe(0);
    expect(JSON.stringify(state).length).toBeLessThan(5_000);
  });

  it("a second meeting.started for a running meeting keeps its participants", () => {
    const state = run([
      at(0, event("meeting.started", meeting("m1"))),
      at(1, event("meeting.participant_joined", person("m1", "1", "Ada"))),
      at(2, event("meeting.started", meeting("m1", "Renamed"))),
    ]);
    expect(state.meetings).toHaveLength(1);
    expect(state.meetings[0]).toMatchObject({ topic: "Renamed", participants: [{ name: "Ada" }] });
  });
});

describe("recordings and the latest events", () => {
  it("lists completed recordings newest first with their files and size", () => {
    const state = run([
      at(0, event("recording.completed", meeting("r1", "First"), T0)),
      at(1, event("recording.completed", meeting("r2", "Second"), T0 + 1)),
    ]);
    expect(state.recordings.map((r) => r.topic)).toEqual(["Second", "First"]);
    const files = (event("recording.completed").payload.object as { recording_files: unknown[] })
      .recording_files;
    expect(state.recordings[0]!.files).toBe(files.length);
    expect(state.recordings[0]!.bytes).toBeGreaterThan(0);
  });

  it("keeps only the newest recordings and events, newest first", () => {
    const inputs = Array.from({ length: 40 }, (_, i) =>
      at(i, event("recording.completed", meeting(`r${i}`, `Topic ${i}`), T0 + i)),
    );
    const state = run(inputs);
    expect(state.recordings.map((r) => r.topic)).toEqual(
      Array.from({ length: 8 }, (_, i) => `Topic ${39 - i}`),
    );
    expect(state.latest).toHaveLength(25);
    expect(state.latest[0]).toEqual({
      at: T0 + 39,
      type: "recording.completed",
      text: "recording of “Topic 39” completed (2 files)",
    });
    expect(state.totalEvents).toBe(40);
  });

  it("counts events of any other type without changing the meetings", () => {
    const state = run([
      at(0, event("meeting.started", meeting("m1"))),
      at(1, parseZoomEvent({ event: "something.new", event_ts: T0, payload: { object: { name: "x" } } })),
      at(2, event("user.created")),
    ]);
    expect(state.meetings).toHaveLength(1);
    expect(state.latest.map((e) => e.type)).toEqual(["user.created", "something.new", "meeting.started"]);
    expect(state.latest[1]!.text).toBe("x");
  });
});

describe("rate", () => {
  it("counts events per 10 s bucket, and the events of the last minute", () => {
    let state = initialState(T0);
    for (let s = 0; s < 90; s += 3) state = reduce(state, at(s * 1000, event("user.updated")));
    state = reduce(state, { kind: "tick", at: T0 + 90_000 });
    const counts = state.rate.buckets.map((b) => b.count);
    expect(counts).toEqual([4, 3, 3, 4, 3, 3, 4, 3, 3, 0]);
    // The buckets that start within the last minute (after 30 s) hold the events from 40 s on.
    expect(state.perMinute).toBe(3 + 3 + 4 + 3 + 3 + 0);
    expect(state.rate.buckets.every((b) => !b.offline)).toBe(true);
  });

  it("a tick moves the chart on when nothing happens, and an hour's pause keeps only the last buckets", () => {
    const busy = run([at(0, event("user.updated")), at(1, event("user.updated"))]);
    expect(busy.perMinute).toBe(2);
    // The first bucket starts at 0 s: within the last minute until 60 s.
    expect(reduce(busy, { kind: "tick", at: T0 + 59_999 }).perMinute).toBe(2);
    const later = reduce(busy, { kind: "tick", at: T0 + 70_000 });
    expect(later.perMinute).toBe(0);
    expect(later.rate.buckets).toHaveLength(8);
    const hour = reduce(later, { kind: "tick", at: T0 + 3_600_000 });
    expect(hour.rate.buckets).toHaveLength(30);
    expect(hour.rate.buckets.at(-1)!.start).toBe(T0 + 3_600_000);
    expect(hour.rate.buckets.every((b) => b.count === 0)).toBe(true);
  });
});

describe("connection and gaps", () => {
  it("shows the state since it changed, with the error when it failed", () => {
    let state = reduce(initialState(T0), { kind: "connection", at: T0 + 5, state: "connecting" });
    state = reduce(state, { kind: "connection", at: T0 + 9, state: "connected" });
    expect(state.connection).toEqual({ state: "connected", since: T0 + 9 });
    state = reduce(state, { kind: "connection", at: T0 + 20, state: "connected" });
    expect(state.connection.since).toBe(T0 + 9);
    state = reduce(state, { kind: "connection", at: T0 + 30, state: "failed", error: "Wrong client secret" });
    expect(state.connection).toEqual({ state: "failed", since: T0 + 30, error: "Wrong client secret" });
  });

  it("a gap shades the buckets it covers and makes the meetings uncertain until they are heard from", () => {
    let state = run([
      at(0, event("meeting.started", meeting("m1"))),
      at(0, event("meeting.started", meeting("m2"))),
      { kind: "connection", at: T0 + 12_000, state: "reconnecting" },
    ]);
    expect(state.rate.buckets.map((b) => b.offline)).toEqual([false, true]);
    state = run(
      [
        { kind: "tick", at: T0 + 45_000 },
        { kind: "connection", at: T0 + 45_000, state: "connected" },
        { kind: "gap", at: T0 + 45_000, gap: { from: T0 + 12_000, to: T0 + 45_000 } },
      ],
      state,
    );
    expect(state.gaps).toEqual([{ from: T0 + 12_000, to: T0 + 45_000 }]);
    expect(state.rate.buckets.map((b) => b.offline)).toEqual([false, true, true, true, true]);
    expect(state.meetings.map((m) => m.uncertain)).toEqual([true, true]);
    state = reduce(state, at(46_000, event("meeting.participant_joined", person("m2", "1", "Ada"))));
    expect(state.meetings.map((m) => m.uncertain)).toEqual([true, false]);
    // New buckets are online again.
    state = reduce(state, { kind: "tick", at: T0 + 60_000 });
    expect(state.rate.buckets.at(-1)!.offline).toBe(false);
  });

  it("forgets a meeting a gap left uncertain once nothing was heard of it for an hour after the gap", () => {
    let state = run([
      at(0, event("meeting.started", meeting("quiet"))),
      at(0, event("meeting.started", meeting("busy"))),
      { kind: "gap", at: T0 + 60_000, gap: { from: T0 + 30_000, to: T0 + 60_000 } },
      at(120_000, event("meeting.participant_joined", person("busy", "1", "Ada"))),
    ]);
    expect(state.meetings.map((m) => [m.uuid, m.uncertain])).toEqual([
      ["quiet", true],
      ["busy", false],
    ]);
    state = reduce(state, { kind: "tick", at: T0 + 60_000 + 3_599_999 });
    expect(state.meetings.map((m) => m.uuid)).toEqual(["quiet", "busy"]);
    state = reduce(state, { kind: "tick", at: T0 + 60_000 + 3_600_000 });
    // "busy" was heard of after the gap: it stays, however long its meeting lasts.
    expect(state.meetings.map((m) => m.uuid)).toEqual(["busy"]);
    state = reduce(state, { kind: "tick", at: T0 + 10 * 3_600_000 });
    expect(state.meetings.map((m) => m.uuid)).toEqual(["busy"]);
  });
});

describe("reduce is pure", () => {
  it("changes neither the state nor the input, and gives equal results for equal arguments", () => {
    const inputs = [
      at(0, event("meeting.started", meeting("m1"))),
      at(0, event("meeting.started", meeting("quiet"))),
      at(1, event("meeting.participant_joined", person("m1", "1", "Ada"))),
      { kind: "gap", at: T0 + 2, gap: { from: T0, to: T0 + 1 } } as const,
      at(3, event("meeting.participant_left", person("m1", "1", "Ada"))),
      at(4, event("recording.completed", meeting("m1"))),
      at(5, event("meeting.ended", meeting("m1"))),
      at(6, event("meeting.participant_joined", person("m1", "2", "Late"))),
      // An hour after the gap: "quiet", uncertain since, is forgotten.
      { kind: "tick", at: T0 + 3_600_001 } as const,
    ];
    let state = deepFreeze(initialState(T0));
    for (const input of inputs) {
      const snapshot = structuredClone(state);
      const next = reduce(state, deepFreeze(input));
      expect(reduce(state, input)).toEqual(next);
      expect(state).toEqual(snapshot);
      state = deepFreeze(next);
    }
    expect(state.meetings).toEqual([]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state); // sent to the page as JSON
  });
});

describe.skipIf(!samplesPresent)("every sample event from Zoom's documentation", () => {
  it("goes through the monitor without an error, counted once", () => {
    const samples = readSamples();
    let state = initialState(T0);
    samples.forEach((sample, i) => {
      state = reduce(state, at(i, parseZoomEvent(sample.value)));
    });
    expect(state.totalEvents).toBe(samples.length);
    expect(state.latest.every((e) => typeof e.text === "string")).toBe(true);
  });
});
if (!samplesPresent) it.skip(samplesMissingMessage, () => {});

describe("events that do not match their documented shape", () => {
  // The client delivers them too (with a warning) unless `validate: "strict"`.
  const odd = (name: string, object: unknown) =>
    parseZoomEvent({ event: name, event_ts: T0, payload: { account_id: "a", object } } as never);
  const hostile: AnyZoomEvent[] = [
    odd("meeting.participant_joined", { uuid: "m1", id: 1 }),
    odd("meeting.participant_left", { uuid: "m1", id: 1, participant: null }),
    odd("meeting.started", undefined),
    odd("meeting.ended", "m1"),
    odd("recording.completed", { uuid: "r", id: 1, topic: "t" }),
    odd("recording.completed", { uuid: "r", id: 1, recording_files: 5 }),
    odd(
      "meeting.participant_joined",
      JSON.parse('{"__proto__": {"uuid": "m1"}, "participant": {"__proto__": {}}}'),
    ),
    odd("meeting.started", { uuid: "m2", id: 2, topic: "x".repeat(100_000) }),
    // As the client hands them on after a schema warning, not even through parseZoomEvent.
    ...[
      { event: "meeting.started", event_ts: T0, payload: {} },
      { event: "meeting.ended", event_ts: T0, payload: { object: null } },
      { event: "meeting.participant_left", event_ts: T0, payload: { object: { uuid: "m9" } } },
      { event: "meeting.started", event_ts: "soon", payload: { object: { uuid: 5, id: {}, topic: 7 } } },
    ].map((body) => body as unknown as AnyZoomEvent),
  ];

  it("are counted and listed, and never make reduce throw", () => {
    let state = run([at(0, event("meeting.started", meeting("m1")))]);
    for (const e of hostile) state = reduce(state, at(1, e));
    expect(state.totalEvents).toBe(1 + hostile.length);
    expect(state.latest).toHaveLength(1 + hostile.length);
    expect(state.meetings.map((m) => m.uuid)).toContain("m1");
    expect(({} as Record<string, unknown>)["uuid"]).toBeUndefined();
    for (const e of hostile) expect(() => describeEvent(e)).not.toThrow();
    for (const m of state.meetings) expect(Number.isFinite(m.startedAt)).toBe(true);
    // Later, well-formed events still work.
    state = reduce(state, at(10, event("meeting.started", meeting("ok"))));
    expect(state.meetings.map((m) => m.uuid)).toContain("ok");
  });

  it("do not stop the monitor of a client", async () => {
    const emulator = await startEmulator();
    const client = clientOf(emulator, { logger: { debug() {}, info() {}, warn() {}, error() {} } });
    try {
      const state$ = monitor(client).pipe(shareReplay(1));
      const subscription = state$.subscribe({ error: () => {} });
      await firstValueFrom(state$.pipe(filter((s) => s.connection.state === "connected")));
      const body = buildEvent("meeting.participant_joined", {}, Date.now()) as {
        payload: { object: object };
      };
      delete (body.payload.object as { participant?: unknown }).participant;
      emulator.emit(body);
      emulator.emitEvent("meeting.started", meeting("after", "Still alive"));
      const live = await firstValueFrom(
        state$.pipe(filter((s) => s.meetings.some((m) => m.uuid === "after"))),
      );
      expect(live.totalEvents).toBe(2);
      subscription.unsubscribe();
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});

describe("monitorState with RxJS (marbles)", () => {
  it("starts with the empty state, then scans each input, ticks included", () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const e = event("meeting.started", meeting("m1"));
      const inputs = cold<MonitorInput>("a 9ms b 9ms c", {
        a: { kind: "event", at: 0, event: e },
        b: { kind: "tick", at: 10 },
        c: { kind: "event", at: 20, event: event("meeting.ended", meeting("m1")) },
      });
      // Each state as "meetings/counts per bucket".
      const summary = map(
        (s: MonitorState) => `${s.meetings.length}/${s.rate.buckets.map((b) => b.count).join("")}`,
      );
      expectObservable(monitorState(inputs, { bucketMs: 10 }, scheduler).pipe(summary)).toBe(
        "(za) 6ms b 9ms c", // a group takes as many frames as its characters
        { z: "0/0", a: "1/1", b: "1/10", c: "0/101" },
      );
    });
  });
});

describe("monitor() on a client", () => {
  it("derives the state from what the emulator sends, and shares the connection", async () => {
    const emulator = await startEmulator();
    const client = clientOf(emulator);
    try {
      const state$ = monitor(client).pipe(shareReplay(1));
      const subscription = state$.subscribe();
      await firstValueFrom(state$.pipe(filter((s) => s.connection.state === "connected")));
      emulator.emitEvent("meeting.started", meeting("live-1", "Standup"));
      emulator.emitEvent("meeting.participant_joined", person("live-1", "1", "Ada"));
      const live = await firstValueFrom(state$.pipe(filter((s) => s.meetings[0]?.participants.length === 1)));
      expect(live.meetings[0]).toMatchObject({ topic: "Standup", participants: [{ name: "Ada" }] });
      expect(emulator.connections).toHaveLength(1);
      subscription.unsubscribe();
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
