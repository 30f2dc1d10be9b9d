export { Aborter } from "./abort.js";
export {
  type AbortControllerConstructor,
  type AdapterClientOptions,
  consoleLogger,
  withRealAbortSignal,
} from "./adapter.js";
export { type BackoffOptions, backoffDelay, defaultBackoff, nextRandom } from "./backoff.js";
export type * from "./catalog/types.js";
export {
  type ClientOptions,
  type ClientRuntime,
  createZoomClient,
  type EventHandler,
  type GateContext,
  type Unsubscribe,
  type ZoomClient,
} from "./client.js";
export type { Clock, TimerHandle } from "./clock.js";
export {
  decodeEvent,
  decodeFrame,
  encodeHeartbeat,
  HEARTBEAT_FRAME,
  readEventBody,
  type ServerFrame,
} from "./codec.js";
export { DEFAULT_WS_BASE, resolveEndpoint, withAccessToken } from "./endpoint.js";
export {
  ZoomAuthError,
  ZoomBufferOverflowError,
  ZoomClosedError,
  ZoomConnectionError,
  ZoomError,
  type ZoomErrorCode,
  ZoomEventError,
  type ZoomEventIssue,
  ZoomFrameError,
  ZoomGateError,
  ZoomHandlerError,
  ZoomOptionsError,
  ZoomRefusedError,
  ZoomReplacedError,
  ZoomTokenRejectedError,
  ZoomTokenUnavailableError,
} from "./errors.js";
export type { ZoomEvent, ZoomEventPayload } from "./event.js";
export type {
  AnyZoomEvent,
  KnownEventName,
  KnownZoomEvent,
  UnknownEventName,
  UnknownZoomEvent,
  ZoomEventMap,
  ZoomEventName,
  ZoomEventOf,
} from "./event-map.js";
export type { EventsOptions, OverflowPolicy } from "./event-queue.js";
export type { AbortSignalLike, FetchInit, FetchLike, FetchResponseLike } from "./fetch.js";
export { type Logger, silentLogger } from "./logger.js";
export { CLOSE_DEAD, CLOSE_NORMAL, CLOSE_TIMEOUT, connectionState, initialState, step } from "./machine.js";
export type {
  Command,
  ConnectionState,
  Emission,
  Gap,
  LogLevel,
  MachineConfig,
  MachineInput,
  MachineState,
  Phase,
  SocketInfo,
  StepResult,
  TimerName,
} from "./machine-types.js";
export { printable } from "./printable.js";
export { redact } from "./redact.js";
export type { Schema, SchemaFactory } from "./schema-kit.js";
export type { AccessToken, TokenSource, UserTokenFunction, UserTokenResult } from "./token.js";
export {
  createOAuthTokenProvider,
  type OAuthTokenProviderOptions,
  refreshAheadMs,
  sharedOAuthTokenProvider,
} from "./token-provider.js";
export type { Transport, TransportListener, TransportSocket } from "./transport.js";
export { createUserTokenSource } from "./user-token.js";
export {
  checkZoomEvent,
  eventSchema,
  knownEventTypes,
  type ParseZoomEventOptions,
  parseZoomEvent,
  type ValidationPolicy,
  validateZoomEvent,
} from "./validate.js";
