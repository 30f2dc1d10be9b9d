import { describe, expect, it } from "vitest";
import { connectEstablished } from "../tests/support/ws-client.js";
import { startEmulator } from "./emulator.js";
import { type EventSink, startEventStream } from "./event-stream.js";
import { createFakeClock, type FakeClock } from "./fake-clock.js";
import type { ZoomEventBody } from "./templates.js";

function sink(clock: FakeClock, accepting = true): EventSink & { events: ZoomEventBody[] } {
  const events: ZoomEventBody[] = [];
  return {
    accountId: "accountAAAAAAAAAAAAAAA",
    clock,
    events,
    emit(body) {
      events.push(body as ZoomEventBody);
      return accepting;
    },
  };
}

function run(seed: number, ms: number, rate = 5): ZoomEventBody[] {
  const clock = createFakeClock();
  const target = sink(clock);
  const stream = startEventStream(target, { ratePerSecond: rate, seed });
  clock.advance(ms);
  stream.stop();
  return target.events;
}

type MeetingObject = {
  id: number;
  uuid: string;
  participant?: { user_id: string; user_name: string; email: string };
};

describe("startEventStream", () => {
  it("is deterministic for a seed", () => {
    expect(run(7, 60_000)).toEqual(run(7, 60_000));
    expect(run(7, 60_000)).not.toEqual(run(8, 60_000));
  });

  it("emits at roughly the given rate, and not before the first gap", () => {
    const clock = createFakeClock();
    const target = sink(clock);
    const stream = startEventStream(target, { ratePerSecond: 4, seed: 1 });
    expect(target.events).toHaveLength(0);
    clock.advance(100_000);
    expect(target.events.length).toBeGreaterThan(360);
    expect(target.events.length).toBeLessThan(440);
    expect(stream.generated).toBe(target.events.length);
    expect(stream.delivered).toBe(target.events.length);
  });

  it("stamps events with the clock and the sink's account", () => {
    const events = run(3, 10_000);
    for (const event of events) expect(event.payload.account_id).toBe("accountAAAAAAAAAAAAAAA");
    const stamps = events.map((e) => e.event_ts);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps[0]).toBeGreaterThan(Date.UTC(2026, 0, 1));
  });

  it("tells a consistent story: start, joins and leaves, end, then the recording", () => {
    const events = run(11, 600_000);
    const started = new Map<string, number>();
    const ended = new Set<string>();
    const inMeeting = new Map<string, Set<string>>();
    const kinds = new Set<string>();
    for (const { event, payload } of events) {
      kinds.add(event);
      const object = payload.object as MeetingObject;
      expect(object.uuid).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(String(object.id)).toMatch(/^\d{11}$/);
      const present = inMeeting.get(object.uuid);
      switch (event) {
        case "meeting.started":
          expect(started.has(object.uuid)).toBe(false);
          started.set(object.uuid, object.id);
          inMeeting.set(object.uuid, new Set());
          break;
        case "meeting.participant_joined":
          expect(present?.has(object.participant!.user_id)).toBe(false);
          expect(object.participant!.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
          present!.add(object.participant!.user_id);
          break;
        case "meeting.participant_left":
          expect(present?.delete(object.participant!.user_id)).toBe(true);
          break;
        case "meeting.ended":
          expect(present?.size).toBe(0);
          ended.add(object.uuid);
          break;
        case "recording.completed":
          expect(ended.has(object.uuid)).toBe(true);
          break;
        default:
          throw new Error(`unexpected ${event}`);
      }
      expect(started.get(object.uuid)).toBe(object.id);
    }
    expect(kinds).toEqual(
      new Set([
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_left",
        "meeting.ended",
        "recording.completed",
      ]),
    );
  });

  it("stop() cancels the pending timer", () => {
    const clock = createFakeClock();
    const target = sink(clock);
    const stream = startEventStream(target, { seed: 2 });
    clock.advance(10_000);
    stream.stop();
    const count = target.events.length;
    expect(clock.pending()).toBe(0);
    clock.advance(10_000);
    expect(target.events).toHaveLength(count);
  });

  it("counts events that no connection received as generated, not delivered", () => {
    const clock = createFakeClock();
    const stream = startEventStream(sink(clock, false), { seed: 2 });
    clock.advance(10_000);
    expect(stream.generated).toBeGreaterThan(0);
    expect(stream.delivered).toBe(0);
  });

  it("rejects a rate that is not positive", () => {
    expect(() => startEventStream(sink(createFakeClock()), { ratePerSecond: 0 })).toThrow(RangeError);
  });

  it("feeds a live emulator connection", async () => {
    const clock = createFakeClock();
    const zoom = await startEmulator({ clock });
    try {
      const client = await connectEstablished(zoom);
      const stream = startEventStream(zoom, { ratePerSecond: 10, seed: 5 });
      clock.advance(1_000);
      stream.stop();
      expect(stream.delivered).toBeGreaterThan(0);
      const frame = await client.nextJson();
      const body = JSON.parse(frame["content"] as string) as ZoomEventBody;
      expect(body.event).toBe("meeting.started");
      expect(body.payload.account_id).toBe(zoom.accountId);
    } finally {
      await zoom.close();
    }
  });
});
