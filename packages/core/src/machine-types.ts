import type { BackoffOptions } from "./backoff.js";
import type { ServerFrame } from "./codec.js";
import type { ZoomError } from "./errors.js";
import type { ZoomEvent } from "./event.js";
import type { AccessToken } from "./token.js";

/** What users see: the connection's state. */
export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "failed";

/** A time during which no connection was open: Zoom never replays what it sent then. */
export interface Gap {
  /** Epoch ms when the last live connection was lost. */
  readonly from: number;
  /** Epoch ms when a connection was established again. */
  readonly to: number;
}

export interface MachineConfig {
  /** Heartbeat period. Zoom wants one at least every 30 s. */
  readonly heartbeatIntervalMs: number;
  /** Deadline for a socket to open and receive `build_connection`. */
  readonly connectTimeoutMs: number;
  readonly backoff: BackoffOptions;
  /** A connection that stayed up this long resets the backoff attempt count. */
  readonly stableAfterMs: number;
  /** After a takeover by another consumer: undefined stops; a number retries after that pause. */
  readonly retryAfterReplacedMs: number | undefined;
  /** Open a fresh connection with a new token shortly before the current token expires. */
  readonly rotateTokens: boolean;
  /** Await the user's gate before every connection attempt. */
  readonly useGate: boolean;
  /** Before any connection has succeeded, this many refused fresh tokens is fatal. */
  readonly maxInitialRejections: number;
  /** How long before expiry to rotate, given the token's lifetime. */
  readonly refreshAheadMs: (lifetimeMs: number) => number;
}

export type Phase = "idle" | "token" | "gate" | "connecting" | "connected" | "backoff" | "failed";

export interface SocketInfo {
  readonly id: number;
  readonly token: AccessToken;
  readonly opened: boolean;
  readonly establishedAt: number | undefined;
  readonly lastAckAt: number;
}

export interface MachineState {
  readonly phase: Phase;
  readonly config: MachineConfig;
  /** PRNG state for jitter. */
  readonly seed: number;
  readonly nextSocketId: number;
  /** Id of the outstanding token or gate request; results with another id are stale. */
  readonly requestId: number;
  /** Id of the outstanding rotation token request, if any. */
  readonly rotationRequestId: number | undefined;
  /** Consecutive failures, for backoff. */
  readonly attempt: number;
  /** Consecutive failed rotations, for their own backoff. */
  readonly rotationAttempt: number;
  /** Consecutive takeovers answered with retryAfterReplacedMs, to lengthen the pause. */
  readonly replacedCount: number;
  /** When the current logical connection began; rotations keep it. */
  readonly connectedSince: number | undefined;
  /** Consecutive refusals (`failed` frames) before any connection succeeded. */
  readonly initialRefusals: number;
  readonly everConnected: boolean;
  readonly initialRejections: number;
  /** The socket whose events are current. */
  readonly primary: SocketInfo | undefined;
  /** A rotation's new socket, opening while the primary still serves. */
  readonly next: SocketInfo | undefined;
  /** Sockets we are done with but that have not closed yet; their events are still delivered. */
  readonly closing: readonly number[];
  /** Set while a rotation hands over: the old socket was retired before the new one was up. */
  readonly handoverAt: number | undefined;
  /** Set while disconnected after having been connected: the start of the current gap. */
  readonly gapSince: number | undefined;
  readonly error: ZoomError | undefined;
  /** The token the next connection will use; cleared when Zoom rejects it. */
  readonly token: AccessToken | undefined;
}

export type TimerName = "heartbeat" | "liveness" | "connect" | "nextConnect" | "rotate" | "backoff";

export type MachineInput =
  | { readonly type: "start" }
  | { readonly type: "stop" }
  | { readonly type: "tokenReady"; readonly requestId: number; readonly token: AccessToken }
  | { readonly type: "tokenFailed"; readonly requestId: number; readonly error: ZoomError }
  | { readonly type: "gateOpen"; readonly requestId: number }
  | { readonly type: "gateFailed"; readonly requestId: number; readonly error: ZoomError }
  | { readonly type: "socketOpen"; readonly socketId: number }
  | { readonly type: "socketFrame"; readonly socketId: number; readonly frame: ServerFrame }
  | {
      readonly type: "socketError";
      readonly socketId: number;
      readonly message: string;
      /** The HTTP status of a refused upgrade, when the transport knows it. */
      readonly httpStatus?: number;
    }
  | {
      readonly type: "socketClosed";
      readonly socketId: number;
      readonly code: number;
      readonly reason: string;
    }
  | { readonly type: "timer"; readonly name: TimerName };

export type LogLevel = "debug" | "info" | "warn" | "error";

export type Emission =
  | { readonly kind: "event"; readonly event: ZoomEvent }
  | { readonly kind: "state"; readonly state: ConnectionState; readonly previous: ConnectionState }
  | { readonly kind: "connected" }
  | { readonly kind: "gap"; readonly gap: Gap }
  | { readonly kind: "error"; readonly error: ZoomError }
  | { readonly kind: "failed"; readonly error: ZoomError }
  | { readonly kind: "log"; readonly level: LogLevel; readonly message: string };

export type Command =
  | { readonly type: "fetchToken"; readonly requestId: number }
  | { readonly type: "invalidateToken"; readonly token: string }
  | { readonly type: "awaitGate"; readonly requestId: number }
  | { readonly type: "open"; readonly socketId: number; readonly token: string }
  | { readonly type: "send"; readonly socketId: number; readonly data: string }
  | { readonly type: "close"; readonly socketId: number; readonly code: number; readonly reason: string }
  | { readonly type: "setTimer"; readonly name: TimerName; readonly ms: number }
  | { readonly type: "clearTimer"; readonly name: TimerName }
  | { readonly type: "emit"; readonly emission: Emission };

export interface StepResult {
  readonly state: MachineState;
  readonly commands: readonly Command[];
}
