/** Stable codes, one per kind of failure; match on `error.code`, never on the message. */
export type ZoomErrorCode =
  | "INVALID_OPTIONS"
  | "AUTH_REJECTED"
  | "TOKEN_UNAVAILABLE"
  | "TOKEN_REJECTED"
  | "REPLACED"
  | "CONNECTION_FAILED"
  | "CONNECTION_REFUSED"
  | "MALFORMED_FRAME"
  | "HANDLER_FAILED"
  | "GATE_FAILED"
  | "CLIENT_CLOSED"
  | "BUFFER_OVERFLOW"
  | "INVALID_EVENT";

/**
 * Base class of every error zoomws raises or reports. Messages never contain a
 * secret (client secret, access token, connection URL).
 */
export class ZoomError extends Error {
  readonly code: ZoomErrorCode;
  /** Fatal errors stop the client; others are reported while it recovers. */
  readonly fatal: boolean;
  constructor(code: ZoomErrorCode, message: string, options: { fatal?: boolean } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.fatal = options.fatal ?? false;
  }
}

export class ZoomOptionsError extends ZoomError {
  constructor(message: string) {
    super("INVALID_OPTIONS", message, { fatal: true });
  }
}

/** Zoom's OAuth endpoint refused the credentials or the request (4xx): retrying cannot help. */
export class ZoomAuthError extends ZoomError {
  /** Zoom's `error` field, e.g. `invalid_client`, `unsupported_grant_type`, `invalid_request`. */
  readonly oauthError: string;
  readonly status: number;
  constructor(status: number, oauthError: string, reason: string) {
    super(
      "AUTH_REJECTED",
      `Zoom rejected the OAuth credentials (${status} ${oauthError}${reason ? `: ${reason}` : ""}). ` +
        "Check clientId, clientSecret and accountId (Server-to-Server apps) against the app in the Zoom Marketplace.",
      { fatal: true },
    );
    this.status = status;
    this.oauthError = oauthError;
  }
}

/** The OAuth endpoint could not be reached or kept failing (429, 5xx, network): transient. */
export class ZoomTokenUnavailableError extends ZoomError {
  readonly status: number | undefined;
  /** The server's `Retry-After`, in milliseconds, if it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, status?: number, retryAfterMs?: number) {
    super("TOKEN_UNAVAILABLE", message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Zoom's WebSocket refused freshly minted tokens: the app probably lacks the WebSocket scope or subscription. */
export class ZoomTokenRejectedError extends ZoomError {
  constructor(detail: string) {
    super(
      "TOKEN_REJECTED",
      `Zoom's WebSocket endpoint rejected a freshly issued access token (${detail}). ` +
        "Check that the app has an event subscription of type WebSockets and the scopes its events need.",
      { fatal: true },
    );
  }
}

/** Another consumer connected to the same subscription; Zoom allows one connection per subscription. */
export class ZoomReplacedError extends ZoomError {
  constructor(fatal = true) {
    super(
      "REPLACED",
      "Another client connected to this Zoom subscription and took it over (Zoom allows one connection per subscription). " +
        "Stop the other consumer, or set retryAfterReplacedMs to take the subscription back after a pause.",
      { fatal },
    );
  }
}

export class ZoomConnectionError extends ZoomError {
  readonly closeCode: number | undefined;
  constructor(message: string, closeCode?: number) {
    super("CONNECTION_FAILED", message);
    this.closeCode = closeCode;
  }
}

/** Zoom refused every connection attempt before any succeeded, for a reason other than the token. */
export class ZoomRefusedError extends ZoomError {
  constructor(detail: string) {
    super(
      "CONNECTION_REFUSED",
      `Zoom refused the WebSocket connection (${detail || "no reason given"}). ` +
        "Check the subscription id or endpoint URL against the event subscription in the Zoom Marketplace.",
      { fatal: true },
    );
  }
}

export class ZoomFrameError extends ZoomError {
  constructor(message: string) {
    super("MALFORMED_FRAME", message);
  }
}

/** A user's handler threw or rejected; delivery went on. `cause` is the handler's error. */
export class ZoomHandlerError extends ZoomError {
  readonly eventType: string;
  constructor(eventType: string, cause: unknown) {
    super(
      "HANDLER_FAILED",
      `A handler for "${eventType}" failed: ${describe(cause)}. Later events were still delivered.`,
    );
    this.eventType = eventType;
    this.cause = cause;
  }
}

export class ZoomGateError extends ZoomError {
  constructor(cause: unknown) {
    super("GATE_FAILED", `The connection gate failed: ${describe(cause)}. The client will try again.`);
    this.cause = cause;
  }
}

export class ZoomClosedError extends ZoomError {
  constructor() {
    super("CLIENT_CLOSED", "The client was closed before the connection was established.");
  }
}

export class ZoomBufferOverflowError extends ZoomError {
  readonly limit: number;
  constructor(limit: number) {
    super(
      "BUFFER_OVERFLOW",
      `The events() buffer of ${limit} events overflowed: the consumer is slower than Zoom. ` +
        "Raise bufferSize, choose another overflow policy, or process events faster.",
    );
    this.limit = limit;
  }
}

/** One field of an event that does not match its type's schema. */
export interface ZoomEventIssue {
  /** Where, e.g. `payload.object.participant.user_name` or `payload.object.recording_files[0].id`. */
  readonly path: string;
  /** zod's issue code, e.g. `invalid_type`. */
  readonly code: string;
  /** What is wrong, in words, e.g. `expected string, got number`. Never contains a value from the event. */
  readonly message: string;
}

/**
 * An event that cannot be used: its envelope is unusable (not an object, no `event` name, no
 * `payload` object), or, with `validate: "strict"`, it does not match its type's schema
 * (`issues` says where).
 */
export class ZoomEventError extends ZoomError {
  /** The event's type, when it has one. */
  readonly eventType: string | undefined;
  /** The fields that do not match the schema; empty for an unusable envelope. */
  readonly issues: readonly ZoomEventIssue[];
  constructor(message: string, details: { eventType?: string; issues?: readonly ZoomEventIssue[] } = {}) {
    super("INVALID_EVENT", message);
    this.eventType = details.eventType;
    this.issues = details.issues ?? [];
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
