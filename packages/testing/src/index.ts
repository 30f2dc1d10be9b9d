export { type ConformanceServer, startConformanceServer } from "./conformance/server.js";
export { startEmulator } from "./emulator.js";
export type {
  BlastOptions,
  ConnectionEnd,
  EmulatorConnection,
  EmulatorEnv,
  EmulatorEvents,
  EmulatorOptions,
  EmulatorTarget,
  FailTokenRequestsOptions,
  SentEvent,
  TokenRequestRecord,
  ZoomEmulator,
} from "./emulator-types.js";
export {
  type EventSink,
  type EventStream,
  type EventStreamOptions,
  startEventStream,
} from "./event-stream.js";
export { createFakeClock, type FakeClock } from "./fake-clock.js";
export {
  BUILD_CONNECTION_FAILURES,
  CLOSE_CODE,
  CLOSE_REASON,
  CONNECTED_ELSEWHERE,
  type TokenInvalidWording,
  tokenInvalidText,
} from "./frames.js";
export type { Unsubscribe } from "./listeners.js";
export { type MalformedKind, malformedKinds, UNKNOWN_EVENT_TYPE } from "./malformed.js";
export {
  createMemoryTransport,
  type ListenerCall,
  type MemorySocket,
  type MemorySocketServer,
  type MemorySocketState,
  type MemoryTransport,
  type MemoryTransportOptions,
} from "./memory-transport.js";
export { OAUTH_ERRORS, type OAuthErrorBody, TOKEN_SCOPE } from "./oauth.js";
export {
  buildEvent,
  type EventOverrides,
  type EventTemplateType,
  eventTemplateTypes,
  type ZoomEventBody,
} from "./templates.js";
