/**
 * What the monitor shows, derived from the event stream alone: the meetings in progress and who is
 * in them, the recordings that just completed, the event rate and the latest events. `reduce` is a
 * pure function of (state, input); `monitor()` feeds it with RxJS `scan`.
 */
import type { AnyZoomEvent, ConnectionState, Gap, ZoomClient } from "@zoomws/node";
import { connectionState, gaps, zoomEvents } from "@zoomws/rxjs";
import {
  asyncScheduler,
  catchError,
  defer,
  EMPTY,
  interval,
  map,
  merge,
  type Observable,
  type SchedulerLike,
  scan,
  startWith,
} from "rxjs";
import { describeEvent } from "./describe-event.js";

export interface Participant {
  /** Zoom's per-join participant id (or the best stand-in): a join and its leave share it. */
  readonly key: string;
  readonly name: string;
  readonly joinedAt: number;
}

export interface LiveMeeting {
  readonly uuid: string;
  readonly id: string;
  readonly topic: string;
  readonly startedAt: number;
  readonly participants: readonly Participant[];
  /** True after a gap: it may have ended, or people left, while events were lost. */
  readonly uncertain: boolean;
}

export interface CompletedRecording {
  readonly uuid: string;
  readonly topic: string;
  readonly at: number;
  readonly files: number;
  readonly bytes: number;
}

export interface LatestEvent {
  readonly at: number;
  readonly type: string;
  readonly text: string;
}

export interface RateBucket {
  /** Epoch ms the bucket starts at. */
  readonly start: number;
  readonly count: number;
  /** Some of this bucket's time had no connection: its events are lost, not absent. */
  readonly offline: boolean;
}

export interface MonitorState {
  readonly now: number;
  readonly connection: { readonly state: ConnectionState; readonly since: number; readonly error?: string };
  /** The latest times without a connection, oldest first. */
  readonly gaps: readonly Gap[];
  readonly meetings: readonly LiveMeeting[];
  /** Newest first. */
  readonly recordings: readonly CompletedRecording[];
  /** Newest first. */
  readonly latest: readonly LatestEvent[];
  /** Events received per bucket, oldest first; the last bucket is the current one. */
  readonly rate: { readonly bucketMs: number; readonly buckets: readonly RateBucket[] };
  /** Events received in the last minute (whole buckets: up to one bucket less). */
  readonly perMinute: number;
  readonly totalEvents: number;
  /**
   * Meetings that ended lately: a late or repeated event about one must not bring it back. Part of
   * the state, so that `reduce` stays pure; the pages get it too (about 3 KB).
   */
  readonly ended: readonly string[];
}

export type MonitorInput =
  | { readonly kind: "event"; readonly at: number; readonly event: AnyZoomEvent }
  | {
      readonly kind: "connection";
      readonly at: number;
      readonly state: ConnectionState;
      readonly error?: string;
    }
  | { readonly kind: "gap"; readonly at: number; readonly gap: Gap }
  | { readonly kind: "tick"; readonly at: number };

export interface MonitorOptions {
  /** Width of a rate-chart bar. Default 10 s: the chart's 30 bars cover five minutes. */
  readonly bucketMs?: number;
}

/** How many of each the state keeps: the whole state goes to every page. */
const KEEP = { buckets: 30, latest: 25, recordings: 8, gaps: 10, ended: 100 };
/** A meeting left uncertain by a gap is dropped after this long without news of it. */
const FORGET_UNCERTAIN_MS = 3_600_000;
const MINUTE = 60_000;

export function initialState(now: number, options: MonitorOptions = {}): MonitorState {
  const bucketMs = options.bucketMs ?? 10_000;
  return {
    now,
    connection: { state: "idle", since: now },
    gaps: [],
    meetings: [],
    recordings: [],
    latest: [],
    rate: { bucketMs, buckets: [{ start: bucketStart(now, bucketMs), count: 0, offline: false }] },
    perMinute: 0,
    totalEvents: 0,
    ended: [],
  };
}

/** The next state. Pure: the same state and input give the same result, and neither is changed. */
export function reduce(state: MonitorState, input: MonitorInput): MonitorState {
  const now = Math.max(state.now, input.at);
  let next: MonitorState = { ...state, now, rate: advance(state.rate, now, KEEP.buckets) };
  switch (input.kind) {
    case "event":
      next = onEvent(next, input.event);
      break;
    case "connection":
      if (input.state !== state.connection.state || input.error !== state.connection.error) {
        const connection = { state: input.state, since: now, ...(input.error && { error: input.error }) };
        next = { ...next, connection };
      }
      break;
    case "gap":
      next = {
        ...next,
        gaps: [...state.gaps, input.gap].slice(-KEEP.gaps),
        meetings: next.meetings.map((m) => (m.uncertain ? m : { ...m, uncertain: true })),
        rate: markOffline(next.rate, input.gap.from, input.gap.to),
      };
      break;
    case "tick":
      next = forgetUncertain(next);
      break;
  }
  if (next.connection.state === "reconnecting") next = { ...next, rate: markOffline(next.rate, now, now) };
  return { ...next, perMinute: countSince(next.rate, now - MINUTE) };
}

function onEvent(state: MonitorState, event: AnyZoomEvent): MonitorState {
  const now = state.now;
  const buckets = state.rate.buckets;
  const last = buckets[buckets.length - 1]!;
  const counted: MonitorState = {
    ...state,
    totalEvents: state.totalEvents + 1,
    latest: [{ at: now, type: clip(event.event), text: clip(describeEvent(event)) }, ...state.latest].slice(
      0,
      KEEP.latest,
    ),
    rate: { ...state.rate, buckets: [...buckets.slice(0, -1), { ...last, count: last.count + 1 }] },
  };
  // The client also delivers events that do not match their documented shape (with a warning,
  // unless `validate: "strict"`): such an event is counted and listed, and changes nothing else.
  try {
    // A late or repeated event about a meeting that ended does not bring it back. (Its recording
    // completes after it ended: that is news.)
    const uuid = (event.payload.object as { uuid?: unknown } | undefined)?.uuid;
    const late =
      event.event.startsWith("meeting.") && typeof uuid === "string" && counted.ended.includes(uuid);
    if (late) return counted;
    return applyEvent(counted, event, eventTime(event, now));
  } catch {
    return counted;
  }
}

/** Zoom's `event_ts`, or when it arrived if that is not a time. */
function eventTime(event: AnyZoomEvent, arrived: number): number {
  const ts: unknown = event.event_ts;
  return typeof ts === "number" && Number.isFinite(ts) ? ts : arrived;
}

function applyEvent(counted: MonitorState, event: AnyZoomEvent, ts: number): MonitorState {
  // Comparing `event.event` with a catalogued name narrows `event` to that event's type.
  switch (event.event) {
    case "meeting.started": {
      const object = event.payload.object;
      const meeting = meetingFrom(object, parseTime(object.start_time) ?? ts);
      return { ...counted, meetings: upsert(counted.meetings, meeting) };
    }
    case "meeting.ended": {
      const uuid = event.payload.object.uuid;
      return {
        ...counted,
        meetings: counted.meetings.filter((m) => m.uuid !== uuid),
        ended: [...counted.ended, uuid].slice(-KEEP.ended),
      };
    }
    case "meeting.participant_joined": {
      const object = event.payload.object;
      const found = counted.meetings.find((m) => m.uuid === object.uuid);
      // Joined a meeting that started before we were listening (or during a gap): it is live now.
      const meeting = found ?? meetingFrom(object, parseTime(object.start_time) ?? ts);
      const p = object.participant;
      const participant: Participant = {
        key: participantKey(p),
        name: clip(p.user_name || p.email || "Someone"),
        joinedAt: parseTime(p.join_time) ?? ts,
      };
      const others = meeting.participants.filter((x) => x.key !== participant.key);
      const updated = { ...meeting, participants: [...others, participant], uncertain: false };
      return { ...counted, meetings: upsert(counted.meetings, updated) };
    }
    case "meeting.participant_left": {
      const object = event.payload.object;
      const key = participantKey(object.participant);
      const meetings = counted.meetings.map((m) =>
        m.uuid === object.uuid
          ? { ...m, participants: m.participants.filter((x) => x.key !== key), uncertain: false }
          : m,
      );
      return { ...counted, meetings };
    }
    case "recording.completed": {
      const object = event.payload.object;
      const files = object.recording_files ?? [];
      const recording: CompletedRecording = {
        uuid: object.uuid,
        topic: clip(object.topic ?? String(object.id)),
        at: ts,
        files: files.length,
        bytes: size(object.total_size ?? files.reduce((sum, f) => sum + size(f.file_size), 0)),
      };
      return { ...counted, recordings: [recording, ...counted.recordings].slice(0, KEEP.recordings) };
    }
    default:
      return counted;
  }
}

interface MeetingFields {
  readonly uuid: string;
  readonly id: number | string;
  readonly topic?: string | undefined;
}

function meetingFrom(object: MeetingFields, startedAt: number): LiveMeeting {
  return {
    uuid: object.uuid,
    id: clip(String(object.id)),
    topic: clip(object.topic ?? `Meeting ${object.id}`),
    startedAt,
    participants: [],
    uncertain: false,
  };
}

/**
 * Drops the meetings a gap left uncertain once nothing has been heard of them for an hour after the
 * last gap (any news of a meeting makes it certain again).
 */
function forgetUncertain(state: MonitorState): MonitorState {
  const lastGapEnd = state.gaps.at(-1)?.to ?? 0;
  const stale = (m: LiveMeeting) => m.uncertain && state.now - lastGapEnd >= FORGET_UNCERTAIN_MS;
  return state.meetings.some(stale) ? { ...state, meetings: state.meetings.filter((m) => !stale(m)) } : state;
}

/**
 * Zoom's texts are short; one that is not must not be sent to every page several times a second.
 * Neither must a value of the wrong type (an event can break its schema): it becomes text first.
 */
function clip(value: unknown, max = 200): string {
  const text = typeof value === "string" ? value : String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A size in bytes, or 0 if it is not a number. */
function size(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Replaces the meeting with the same uuid (keeping its participants), or adds it. */
function upsert(meetings: readonly LiveMeeting[], meeting: LiveMeeting): LiveMeeting[] {
  const index = meetings.findIndex((m) => m.uuid === meeting.uuid);
  if (index < 0) return [...meetings, meeting];
  const old = meetings[index]!;
  const merged = meeting.participants.length > 0 ? meeting : { ...meeting, participants: old.participants };
  return meetings.map((m, i) => (i === index ? merged : m));
}

function participantKey(p: {
  user_id?: string | undefined;
  participant_uuid?: string | undefined;
  id?: string | undefined;
  user_name?: string | undefined;
}): string {
  return p.user_id || p.participant_uuid || p.id || p.user_name || "?";
}

/** Zoom's times are ISO strings; anything else is ignored. */
function parseTime(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function bucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/** Adds empty buckets up to the one holding `now`, keeping the last `keep`. */
function advance(rate: MonitorState["rate"], now: number, keep: number): MonitorState["rate"] {
  const { bucketMs } = rate;
  const last = rate.buckets[rate.buckets.length - 1];
  const current = bucketStart(now, bucketMs);
  if (last && last.start >= current) return rate;
  const buckets = [...rate.buckets];
  // After a long pause only the last `keep` buckets matter: don't walk through the ones before.
  let start = Math.max(last ? last.start + bucketMs : current, current - (keep - 1) * bucketMs);
  for (; start <= current; start += bucketMs) buckets.push({ start, count: 0, offline: false });
  return { bucketMs, buckets: buckets.slice(-keep) };
}

function markOffline(rate: MonitorState["rate"], from: number, to: number): MonitorState["rate"] {
  const { bucketMs } = rate;
  const touched = (b: RateBucket) => b.start <= to && b.start + bucketMs > from;
  if (!rate.buckets.some((b) => touched(b) && !b.offline)) return rate;
  return { bucketMs, buckets: rate.buckets.map((b) => (touched(b) ? { ...b, offline: true } : b)) };
}

function countSince(rate: MonitorState["rate"], since: number): number {
  return rate.buckets.reduce((sum, b) => (b.start > since ? sum + b.count : sum), 0);
}

/**
 * Everything the monitor reacts to, as one stream: the client's events (subscribing connects it),
 * its connection state and gaps, and a tick per bucket so that the rate chart moves on when
 * nothing happens. A fatal error shows up as the "failed" state, with its message.
 */
export function monitorInputs(
  client: ZoomClient,
  options: MonitorOptions = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<MonitorInput> {
  const now = () => scheduler.now();
  return merge(
    connectionState(client).pipe(
      map((state): MonitorInput => {
        const error = state === "failed" ? client.error?.message : undefined;
        return { kind: "connection", at: now(), state, ...(error && { error }) };
      }),
    ),
    gaps(client).pipe(map((gap): MonitorInput => ({ kind: "gap", at: now(), gap }))),
    zoomEvents(client).pipe(
      map((event): MonitorInput => ({ kind: "event", at: now(), event })),
      // The failure itself arrives as the "failed" state above.
      catchError(() => EMPTY),
    ),
    interval(options.bucketMs ?? 10_000, scheduler).pipe(
      map((): MonitorInput => ({ kind: "tick", at: now() })),
    ),
  );
}

/** The monitor's state after each input, starting with the empty state. */
export function monitorState(
  inputs: Observable<MonitorInput>,
  options: MonitorOptions = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<MonitorState> {
  return defer(() => {
    const start = initialState(scheduler.now(), options);
    return inputs.pipe(scan(reduce, start), startWith(start));
  });
}

/** The live monitor of a client: subscribing connects it (shared with other `zoomEvents` subscribers). */
export function monitor(
  client: ZoomClient,
  options: MonitorOptions = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<MonitorState> {
  return monitorState(monitorInputs(client, options, scheduler), options, scheduler);
}
