import type { Clock, TimerHandle } from "@zoomws/core";
import {
  createSeededRandom,
  meetingNumber,
  meetingUuid,
  pick,
  type Random,
  secureRandom,
  uuidFrom,
  zoomId,
} from "./ids.js";
import { systemClock } from "./system-clock.js";
import {
  buildEvent,
  type EventOverrides,
  type EventTemplateType,
  type ZoomEventBody,
  zoomTime,
} from "./templates.js";

/** Where the stream sends events: a {@link ZoomEmulator} fits. */
export interface EventSink {
  emit(body: object): boolean;
  readonly accountId: string;
  readonly clock?: Clock;
}

export interface EventStreamOptions {
  /** Average events per second. Default 1. */
  ratePerSecond?: number;
  /** Default: the sink's clock, else the real clock. */
  clock?: Clock;
  /** Same seed, same sequence of events. Default: random. */
  seed?: number;
  /** Meetings running at once, at most. Default 3. */
  maxMeetings?: number;
}

export interface EventStream {
  stop(): void;
  /** Events generated, whether or not a connection was there to receive them. */
  readonly generated: number;
  /** Events a live connection received. */
  readonly delivered: number;
}

interface Person {
  readonly name: string;
  readonly email: string;
  readonly userId: string;
}

interface Attendee {
  readonly person: Person;
  readonly participantId: string;
  readonly participantUuid: string;
  readonly joinedAt: number;
}

interface Meeting {
  readonly id: number;
  readonly uuid: string;
  readonly topic: string;
  readonly host: Person;
  readonly startedAt: number;
  readonly recorded: boolean;
  readonly attendees: Map<Person, Attendee>;
  nextParticipantId: number;
}

/** An event to emit later, stamped with the time it goes out. */
type Pending = (now: number) => ZoomEventBody;

const FIRST_NAMES = [
  "Amara",
  "Ben",
  "Chen",
  "Dana",
  "Elif",
  "Farid",
  "Greta",
  "Hiro",
  "Ines",
  "Jonas",
  "Kavya",
  "Liam",
  "Maya",
  "Nikolai",
  "Olu",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tomás",
  "Uma",
  "Vikram",
  "Wen",
  "Yara",
];
const LAST_NAMES = [
  "Okafor",
  "Schmidt",
  "Li",
  "Whitfield",
  "Yilmaz",
  "Haddad",
  "Lindqvist",
  "Tanaka",
  "Moreau",
  "Becker",
  "Raman",
  "Murphy",
  "Cohen",
  "Petrov",
  "Adeyemi",
  "Garcia",
  "Nguyen",
  "Costa",
  "Berg",
  "Herrera",
];
const TOPICS = [
  "Weekly Product Sync",
  "Design Review",
  "Sprint Planning",
  "Customer Onboarding: Northwind",
  "Incident Retro",
  "1:1",
  "All Hands",
  "Hiring Loop: Backend",
  "Quarterly Business Review",
  "Architecture Office Hours",
  "Sales Pipeline Review",
  "Standup",
];
const TIMEZONES = ["Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Europe/London"];
const MINUTE = 60_000;

/** Plays out meetings as Zoom would report them: start, joins, leaves, end, then the recording. */
class MeetingSimulator {
  readonly #random: Random;
  readonly #accountId: string;
  readonly #people: Person[];
  readonly #maxMeetings: number;
  readonly #meetings = new Set<Meeting>();
  readonly #recordings: { meeting: Meeting; endedAt: number; dueStep: number }[] = [];
  #step = 0;

  constructor(random: Random, accountId: string, maxMeetings: number) {
    this.#random = random;
    this.#accountId = accountId;
    this.#maxMeetings = maxMeetings;
    this.#people = FIRST_NAMES.map((first, i) => {
      const last = LAST_NAMES[(i * 7) % LAST_NAMES.length] ?? "Doe";
      const plain = (s: string) =>
        s
          .normalize("NFD")
          .replace(/[^A-Za-z]/g, "")
          .toLowerCase();
      return {
        name: `${first} ${last}`,
        email: `${plain(first)}.${plain(last)}@example.com`,
        userId: zoomId(random),
      };
    });
  }

  /** The next one or more events, in order. */
  step(now: number): Pending[] {
    this.#step++;
    const due = this.#recordings.findIndex((r) => r.dueStep <= this.#step);
    if (due >= 0) {
      const [recording] = this.#recordings.splice(due, 1);
      if (recording) return [this.#recordingCompleted(recording.meeting, recording.endedAt)];
    }
    const r = this.#random();
    if (this.#meetings.size === 0 || (this.#meetings.size < this.#maxMeetings && r < 0.12))
      return this.#start(now);
    const meeting = pick(this.#random, [...this.#meetings]);
    const absent = this.#people.filter((p) => !meeting.attendees.has(p));
    const size = meeting.attendees.size;
    if (absent.length > 0 && (size < 2 || (r < 0.55 && size < 9)))
      return [this.#join(meeting, pick(this.#random, absent), now)];
    if (size > 1 && r < 0.9) {
      const leaving = pick(
        this.#random,
        [...meeting.attendees.values()].filter((a) => a.person !== meeting.host),
      );
      return [this.#leave(meeting, leaving, "left the meeting")];
    }
    return this.#end(meeting, now);
  }

  #start(now: number): Pending[] {
    const host = pick(this.#random, this.#people);
    const meeting: Meeting = {
      id: meetingNumber(this.#random),
      uuid: meetingUuid(this.#random),
      topic: pick(this.#random, TOPICS),
      host,
      startedAt: now,
      recorded: this.#random() < 0.5,
      attendees: new Map(),
      nextParticipantId: 16_778_240,
    };
    this.#meetings.add(meeting);
    return [(at) => this.#event("meeting.started", meeting, at), this.#join(meeting, host, now)];
  }

  #join(meeting: Meeting, person: Person, now: number): Pending {
    const attendee: Attendee = {
      person,
      participantId: String(meeting.nextParticipantId),
      participantUuid: uuidFrom(this.#random),
      joinedAt: now,
    };
    meeting.nextParticipantId += 1024; // Zoom's per-meeting participant ids step by 1024
    meeting.attendees.set(person, attendee);
    return (at) =>
      this.#event("meeting.participant_joined", meeting, at, {
        participant: { ...participantFields(attendee), join_time: zoomTime(at) },
      });
  }

  #leave(meeting: Meeting, attendee: Attendee, why: string): Pending {
    meeting.attendees.delete(attendee.person);
    return (at) =>
      this.#event("meeting.participant_left", meeting, at, {
        participant: {
          ...participantFields(attendee),
          leave_time: zoomTime(at),
          leave_reason: `${attendee.person.name} left the meeting.<br>Reason: ${why}`,
        },
      });
  }

  #end(meeting: Meeting, now: number): Pending[] {
    const guests = [...meeting.attendees.values()].filter((a) => a.person !== meeting.host);
    const host = meeting.attendees.get(meeting.host);
    const events = guests.map((a) => this.#leave(meeting, a, "Host ended the meeting."));
    if (host) events.push(this.#leave(meeting, host, "Host ended the meeting."));
    this.#meetings.delete(meeting);
    if (meeting.recorded) this.#recordings.push({ meeting, endedAt: now, dueStep: this.#step + 3 });
    events.push((at) => this.#event("meeting.ended", meeting, at, { end_time: zoomTime(at) }));
    return events;
  }

  #recordingCompleted(meeting: Meeting, endedAt: number): Pending {
    const files = [
      ["shared_screen_with_speaker_view", "MP4", 1_400_000],
      ["audio_only", "M4A", 120_000],
    ] as const;
    const minutes = Math.max(1, Math.round((endedAt - meeting.startedAt) / MINUTE));
    const recordingFiles = files.map(([type, ext, bytesPerMinute]) => {
      const id = uuidFrom(this.#random).toLowerCase();
      const key = zoomId(this.#random);
      return {
        id,
        meeting_id: meeting.uuid,
        recording_start: zoomTime(meeting.startedAt),
        recording_end: zoomTime(endedAt),
        file_type: ext,
        file_extension: ext,
        file_size: bytesPerMinute * minutes,
        play_url: `https://zoom.us/rec/play/${key}`,
        download_url: `https://zoom.us/rec/download/${key}`,
        status: "completed",
        recording_type: type,
      };
    });
    const shareKey = zoomId(this.#random);
    return (at) =>
      this.#event("recording.completed", meeting, at, {
        account_id: this.#accountId,
        host_email: meeting.host.email,
        duration: minutes,
        share_url: `https://zoom.us/rec/share/${shareKey}`,
        total_size: recordingFiles.reduce((sum, f) => sum + f.file_size, 0),
        recording_count: recordingFiles.length,
        recording_files: recordingFiles,
      });
  }

  #event(type: EventTemplateType, meeting: Meeting, at: number, object: EventOverrides = {}): ZoomEventBody {
    return buildEvent(
      type,
      {
        payload: {
          account_id: this.#accountId,
          object: {
            id: meeting.id,
            uuid: meeting.uuid,
            host_id: meeting.host.userId,
            topic: meeting.topic,
            type: 2,
            start_time: zoomTime(meeting.startedAt),
            timezone: TIMEZONES[meeting.id % TIMEZONES.length],
            duration: 30,
            ...object,
          },
        },
      },
      at,
    );
  }
}

function participantFields(attendee: Attendee): Record<string, string> {
  return {
    user_id: attendee.participantId,
    user_name: attendee.person.name,
    id: attendee.person.userId,
    participant_uuid: attendee.participantUuid,
    email: attendee.person.email,
    participant_user_id: attendee.person.userId,
  };
}

/** Emits a plausible, internally consistent flow of meeting events into `sink` until stopped. */
export function startEventStream(sink: EventSink, options: EventStreamOptions = {}): EventStream {
  const rate = options.ratePerSecond ?? 1;
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new RangeError(`ratePerSecond must be a positive number, got ${rate}`);
  const clock = options.clock ?? sink.clock ?? systemClock;
  const random = options.seed === undefined ? secureRandom : createSeededRandom(options.seed);
  const simulator = new MeetingSimulator(random, sink.accountId, options.maxMeetings ?? 3);
  const queue: Pending[] = [];
  const meanGapMs = 1000 / rate;
  let timer: { handle: TimerHandle } | undefined;
  let generated = 0;
  let delivered = 0;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    // Uneven gaps (0.5x to 1.5x the mean) look like real traffic and keep the average rate.
    timer = { handle: clock.setTimeout(tick, meanGapMs * (0.5 + random())) };
  };
  const tick = () => {
    if (queue.length === 0) queue.push(...simulator.step(clock.now()));
    const next = queue.shift();
    if (next) {
      generated++;
      if (sink.emit(next(clock.now()))) delivered++;
    }
    schedule();
  };
  schedule();

  return {
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer.handle);
      timer = undefined;
    },
    get generated() {
      return generated;
    },
    get delivered() {
      return delivered;
    },
  };
}
