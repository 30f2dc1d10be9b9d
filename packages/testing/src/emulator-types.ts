import type { Clock } from "@zoomws/core";
import type { TokenInvalidWording } from "./frames.js";
import type { Unsubscribe } from "./listeners.js";
import type { MalformedKind } from "./malformed.js";
import type { EventOverrides, EventTemplateType } from "./templates.js";

export interface EmulatorOptions {
  /** Drives token expiry and the idle timeout. Default: the real clock. */
  clock?: Clock;
  /** Default: a random 22-character id. */
  clientId?: string;
  /** Default: a random 32-character secret. */
  clientSecret?: string;
  /** Checked for the `account_credentials` grant. Default: a random Zoom-shaped id. */
  accountId?: string;
  /** The primary subscription, which controls target by default. Default: a random Zoom-shaped id. */
  subscriptionId?: string;
  /** More subscriptions the emulator accepts, each with its own single live connection. */
  subscriptionIds?: readonly string[];
  /** `expires_in` of every token. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** A connection without a heartbeat for this long is closed `1000 Bye`. Default 90000. */
  idleTimeoutMs?: number;
  /** Text of the "token rejected" frame on a live socket: `2025` "Token is invalid" (default) or `2023` "Invalid Token". */
  tokenInvalidWording?: TokenInvalidWording;
  /** Minting a token revokes the client's earlier ones, as Zoom S2S apps have seen. Default false. */
  mintInvalidatesPrevious?: boolean;
  /** `eventsSent` keeps only the most recent this many events (a long-running emulator). Default: every event. */
  eventsSentLimit?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
}

export interface TokenRequestRecord {
  readonly time: number;
  readonly grant: string | undefined;
  readonly ok: boolean;
  readonly status: number;
  /** The client id presented (even a wrong one). The secret is never stored. */
  readonly clientId: string | undefined;
  /** The OAuth `error` code of a failed request. */
  readonly error: string | undefined;
  /** True when the failure came from {@link ZoomEmulator.failTokenRequests}. */
  readonly injected: boolean;
}

/** Why the emulator's side of a connection ended. */
export type ConnectionEnd =
  | "client"
  | "rejected"
  | "replaced"
  | "kicked"
  | "idle-timeout"
  | "token-invalid"
  | "token-revoked"
  | "dropped"
  | "emulator-closed";

export interface EmulatorConnection {
  readonly id: number;
  /** As requested in the URL (possibly unknown or missing). */
  readonly subscriptionId: string | undefined;
  readonly openedAt: number;
  /** True once `build_connection` succeeded. */
  readonly established: boolean;
  readonly establishedAt: number | undefined;
  /** The `build_connection` failure text, if the connection was refused. */
  readonly rejectedWith: string | undefined;
  readonly silent: boolean;
  readonly heartbeats: number;
  /** Client frames that were not heartbeats: recorded and otherwise ignored. */
  readonly ignoredFrames: readonly (string | Uint8Array)[];
  /**
   * Set when the emulator ended it, or `client` when the client did. A silent connection
   * the emulator ends is abandoned: it stays open until the client gives up, as a half-open socket would.
   */
  readonly endedBy: ConnectionEnd | undefined;
  readonly closedAt: number | undefined;
  /** 1006 when the socket died without a close frame. */
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
}

export interface SentEvent {
  readonly time: number;
  readonly connectionId: number;
  /** The frame's `content`: the event body as JSON text. */
  readonly content: string;
}

/** What {@link ZoomEmulator.on} can listen to. */
export interface EmulatorEvents {
  tokenRequest: TokenRequestRecord;
  /** A WebSocket opened, before `build_connection`. */
  connection: EmulatorConnection;
  established: EmulatorConnection;
  heartbeat: EmulatorConnection;
  /** A client frame other than a heartbeat. */
  frame: { readonly connection: EmulatorConnection; readonly data: string | Uint8Array };
  close: EmulatorConnection;
  refused: { readonly status: number };
  eventSent: SentEvent;
}

/** Which subscription's live connection a control acts on. Default: the primary one. */
export interface EmulatorTarget {
  subscriptionId?: string;
}

export interface FailTokenRequestsOptions {
  retryAfterSeconds?: number;
  /** Replaces the default Zoom-like JSON body; a string is sent verbatim. */
  body?: string | object;
}

export interface BlastOptions extends EmulatorTarget {
  /** How many frames to send, cycling through the bodies. Default: one per body. */
  count?: number;
}

export interface EmulatorEnv {
  ZOOM_CLIENT_ID: string;
  ZOOM_CLIENT_SECRET: string;
  ZOOM_ACCOUNT_ID: string;
  ZOOM_SUBSCRIPTION_ID: string;
  /** The WebSocket base URL, without `subscriptionId`. */
  ZOOM_WS_URL: string;
  ZOOM_OAUTH_URL: string;
}

export interface ZoomEmulator {
  readonly port: number;
  /** `http://HOST:PORT/oauth/token` */
  readonly oauthUrl: string;
  /** `ws://HOST:PORT/ws` */
  readonly wsBaseUrl: string;
  /** `ws://HOST:PORT/ws?subscriptionId=…`, as the Marketplace shows it. */
  readonly endpointUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: string;
  readonly subscriptionId: string;
  readonly subscriptionIds: readonly string[];
  readonly clock: Clock;
  env(): EmulatorEnv;
  /** Terminates every socket and stops the server; pending waiters reject. */
  close(): Promise<void>;

  /** Sends an event body (an object, or a string put in `content` verbatim). Returns whether a live connection got it. */
  emit(body: object | string, target?: EmulatorTarget): boolean;
  /**
   * For benchmarks: sends `count` `message` frames whose `content` is each body in turn (JSON text,
   * cycled), as fast as the socket drains them. Every frame is serialised once, up front; the frames are
   * neither recorded in {@link eventsSent} nor announced as `eventSent`. Resolves with how many were
   * written, fewer if the live connection ended (or went silent) meanwhile.
   */
  blast(bodies: string | readonly string[], options?: BlastOptions): Promise<number>;
  /** Sends a realistic event of `type` (with this emulator's account id) with `overrides` merged in. */
  emitEvent(type: EventTemplateType, overrides?: EventOverrides, target?: EmulatorTarget): boolean;
  /** Destroys the live connection's TCP socket without a close frame. */
  dropSocket(target?: EmulatorTarget): boolean;
  /** Keeps the live socket open but sends nothing more on it (a half-open connection); heartbeats are still counted. */
  goSilent(on?: boolean, target?: EmulatorTarget): boolean;
  /** Answers the next `count` upgrade requests (or all, until `refuseConnections(0)`) with an HTTP error. */
  refuseConnections(count: number | "forever", status?: number): void;
  /** The next `count` token requests fail with `status`; `count` 0 cancels pending failures. */
  failTokenRequests(count: number, status: number, options?: FailTokenRequestsOptions): void;
  sendMalformed(kind: MalformedKind, target?: EmulatorTarget): boolean;
  /** Revokes the live connection's token, tells it "Token is invalid" and closes it `1000 Bye`. */
  rejectToken(target?: EmulatorTarget): boolean;
  /** Revokes every token issued so far and does what {@link rejectToken} does to every live connection. Returns how many it closed. */
  revokeTokens(): number;
  /** Another consumer takes the subscription: "Connected in another place", then `1000 Bye`. */
  kick(target?: EmulatorTarget): boolean;

  readonly tokenRequests: readonly TokenRequestRecord[];
  readonly connections: readonly EmulatorConnection[];
  /** Heartbeats received on all connections. */
  readonly heartbeats: number;
  /** The primary subscription's established, open connection. */
  readonly liveConnection: EmulatorConnection | undefined;
  liveConnectionFor(subscriptionId: string): EmulatorConnection | undefined;
  /** Every access token minted, so tests can check none leaks into logs. */
  readonly issuedTokens: readonly string[];
  /** The events sent, oldest first; only the most recent `eventsSentLimit` if that option is set. */
  readonly eventsSent: readonly SentEvent[];
  /** How many times {@link kick} closed a connection. */
  readonly kicks: number;
  /** How many upgrade requests {@link refuseConnections} turned away. */
  readonly refusedConnections: number;

  on<K extends keyof EmulatorEvents>(name: K, listener: (value: EmulatorEvents[K]) => void): Unsubscribe;
  /** The next `name` event (matching `predicate`, if given). */
  waitFor<K extends keyof EmulatorEvents>(
    name: K,
    predicate?: (value: EmulatorEvents[K]) => boolean,
  ): Promise<EmulatorEvents[K]>;
  /** Resolves with the `n`th connection ever established, once there is one. */
  waitForConnections(n: number): Promise<EmulatorConnection>;
  /** Resolves once `n` heartbeats were received in total. */
  waitForHeartbeats(n: number): Promise<number>;
  /** Resolves with the `n`th token request, once there is one. */
  waitForTokenRequests(n: number): Promise<TokenRequestRecord>;
  /** The next connection established after this call. */
  nextConnection(): Promise<EmulatorConnection>;
  /** Resolves once `connection`'s socket has closed. */
  waitForClose(connection: EmulatorConnection): Promise<EmulatorConnection>;
}
