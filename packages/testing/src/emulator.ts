import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Clock, TimerHandle } from "@zoomws/core";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { deepMerge } from "./deep-merge.js";
import type {
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
import {
  BUILD_CONNECTION_FAILURES,
  buildConnectionFrame,
  CLOSE_CODE,
  CLOSE_REASON,
  connectedElsewhereFrame,
  heartbeatAckFrame,
  isHeartbeat,
  messageFrame,
  type TokenInvalidWording,
  tokenInvalidFrame,
} from "./frames.js";
import { alphanumeric, zoomId } from "./ids.js";
import { Listeners, type Unsubscribe } from "./listeners.js";
import { type MalformedKind, malformedFrame } from "./malformed.js";
import { checkTokenRequest, failureBody, mintAccessToken, tokenResponseBody } from "./oauth.js";
import { systemClock } from "./system-clock.js";
import { buildEvent, type EventOverrides, type EventTemplateType } from "./templates.js";
import { TokenStore } from "./tokens.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Connection {
  readonly record: Mutable<Omit<EmulatorConnection, "ignoredFrames">> & {
    ignoredFrames: (string | Uint8Array)[];
  };
  readonly ws: WebSocket;
  readonly token: string;
  idle: { handle: TimerHandle } | undefined;
}

interface TokenFailure {
  readonly status: number;
  readonly options: FailTokenRequestsOptions;
}

interface Resolved {
  readonly clock: Clock;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: string;
  readonly subscriptionIds: readonly [string, ...string[]];
  readonly tokenLifetimeSeconds: number;
  readonly idleTimeoutMs: number;
  readonly tokenInvalidWording: TokenInvalidWording;
  readonly mintInvalidatesPrevious: boolean;
  readonly eventsSentLimit: number;
  readonly host: string;
  readonly port: number;
}

const MAX_BODY_BYTES = 64 * 1024;
/** How much {@link Emulator.blast} queues on a socket before it waits for the socket to take it. */
const BLAST_BATCH_BYTES = 256 * 1024;

/** Starts the Zoom OAuth + WebSocket emulator on one HTTP server. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<ZoomEmulator> {
  const emulator = new Emulator(resolve(options));
  await emulator.listen();
  return emulator;
}

function resolve(options: EmulatorOptions): Resolved {
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const idleTimeoutMs = options.idleTimeoutMs ?? 90_000;
  if (!(tokenLifetimeSeconds > 0) || !Number.isFinite(tokenLifetimeSeconds)) {
    throw new RangeError(`tokenLifetimeSeconds must be a positive number, got ${tokenLifetimeSeconds}`);
  }
  if (!(idleTimeoutMs > 0))
    throw new RangeError(`idleTimeoutMs must be a positive number, got ${idleTimeoutMs}`);
  const eventsSentLimit = options.eventsSentLimit ?? Number.POSITIVE_INFINITY;
  if (!(eventsSentLimit >= 0))
    throw new RangeError(`eventsSentLimit must be a number >= 0, got ${options.eventsSentLimit}`);
  const ids = [...new Set([options.subscriptionId, ...(options.subscriptionIds ?? [])])].filter(
    (id): id is string => typeof id === "string" && id.length > 0,
  );
  const [primary = zoomId(), ...others] = ids;
  return {
    clock: options.clock ?? systemClock,
    clientId: options.clientId ?? alphanumeric(22),
    clientSecret: options.clientSecret ?? alphanumeric(32),
    accountId: options.accountId ?? zoomId(),
    subscriptionIds: [primary, ...others],
    tokenLifetimeSeconds,
    idleTimeoutMs,
    tokenInvalidWording: options.tokenInvalidWording ?? "2025",
    mintInvalidatesPrevious: options.mintInvalidatesPrevious ?? false,
    eventsSentLimit,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
  };
}

class Emulator implements ZoomEmulator {
  readonly clock: Clock;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: string;
  readonly subscriptionId: string;
  readonly subscriptionIds: readonly string[];

  readonly #config: Resolved;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #rawSockets = new Set<Duplex>();
  readonly #tokens = new TokenStore();
  readonly #listeners = new Listeners<EmulatorEvents>();
  readonly #tokenRequests: TokenRequestRecord[] = [];
  readonly #connections: Connection[] = [];
  readonly #established: EmulatorConnection[] = [];
  readonly #live = new Map<string, Connection>();
  readonly #tokenFailures: TokenFailure[] = [];
  readonly #eventsSent: SentEvent[] = [];
  #refuse = { remaining: 0, status: 503 };
  #heartbeats = 0;
  #kicks = 0;
  #refused = 0;
  #port = 0;
  #closing: Promise<void> | undefined;

  constructor(config: Resolved) {
    this.#config = config;
    this.clock = config.clock;
    this.clientId = config.clientId;
    this.clientSecret = config.clientSecret;
    this.accountId = config.accountId;
    this.subscriptionId = config.subscriptionIds[0];
    this.subscriptionIds = config.subscriptionIds;
    this.#server = createServer((req, res) => this.#onRequest(req, res));
    this.#server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#onUpgrade(req, socket, head),
    );
    this.#server.on("connection", (socket) => {
      this.#rawSockets.add(socket);
      socket.once("close", () => this.#rawSockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(this.#config.port, this.#config.host, () => {
        this.#server.off("error", reject);
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.#port;
  }
  get #origin(): string {
    // Listening on every interface: clients reach it on loopback (the only plain ws:// they accept).
    const bound = this.#config.host;
    const reachable = bound === "0.0.0.0" ? "127.0.0.1" : bound === "::" ? "::1" : bound;
    const host = reachable.includes(":") ? `[${reachable}]` : reachable;
    return `${host}:${this.#port}`;
  }
  get oauthUrl(): string {
    return `http://${this.#origin}/oauth/token`;
  }
  get wsBaseUrl(): string {
    return `ws://${this.#origin}/ws`;
  }
  get endpointUrl(): string {
    return `${this.wsBaseUrl}?subscriptionId=${encodeURIComponent(this.subscriptionId)}`;
  }

  env(): EmulatorEnv {
    return {
      ZOOM_CLIENT_ID: this.clientId,
      ZOOM_CLIENT_SECRET: this.clientSecret,
      ZOOM_ACCOUNT_ID: this.accountId,
      ZOOM_SUBSCRIPTION_ID: this.subscriptionId,
      ZOOM_WS_URL: this.wsBaseUrl,
      ZOOM_OAUTH_URL: this.oauthUrl,
    };
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#listeners.close(new Error("The Zoom emulator was closed"));
    for (const connection of this.#connections) {
      this.#disarmIdle(connection);
      if (connection.record.closedAt === undefined) {
        connection.record.endedBy ??= "emulator-closed";
        connection.ws.terminate();
      }
    }
    this.#live.clear();
    this.#wss.close();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#rawSockets) socket.destroy();
    await closed;
  }

  // --- OAuth -----------------------------------------------------------------

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? "/", "http://emulator").pathname;
    if (path === "/oauth/token" && req.method === "POST") {
      this.#onTokenRequest(req, res).catch(() => res.destroy());
    } else if (path === "/oauth/token") {
      sendJson(res, 405, { reason: "Method not allowed", error: "invalid_request" });
    } else if (path === "/ws") {
      sendJson(res, 426, { reason: "Upgrade Required" });
    } else {
      sendJson(res, 404, { reason: "Not Found" });
    }
  }

  async #onTokenRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const verdict = checkTokenRequest(
      { contentType: req.headers["content-type"], authorization: req.headers.authorization, body },
      this.#config,
    );
    const time = this.clock.now();
    const injected = this.#tokenFailures.shift();
    if (injected) {
      const { status, options } = injected;
      const payload = options.body ?? failureBody(status);
      const error = typeof payload === "object" && "error" in payload ? String(payload.error) : undefined;
      this.#recordTokenRequest({
        time,
        grant: verdict.grant,
        ok: false,
        status,
        clientId: verdict.clientId,
        error,
        injected: true,
      });
      const headers: Record<string, string> = {};
      if (options.retryAfterSeconds !== undefined) headers["Retry-After"] = String(options.retryAfterSeconds);
      sendJson(res, status, payload, headers);
      return;
    }
    if (!verdict.ok) {
      const { status, error, grant, clientId } = verdict;
      this.#recordTokenRequest({
        time,
        grant,
        ok: false,
        status,
        clientId,
        error: error.error,
        injected: false,
      });
      sendJson(res, status, error);
      return;
    }
    const lifetime = this.#config.tokenLifetimeSeconds;
    const token = mintAccessToken(verdict.clientId, this.accountId, time, lifetime);
    this.#tokens.add(token, verdict.clientId, time + lifetime * 1000, this.#config.mintInvalidatesPrevious);
    const { grant, clientId } = verdict;
    this.#recordTokenRequest({
      time,
      grant,
      ok: true,
      status: 200,
      clientId,
      error: undefined,
      injected: false,
    });
    sendJson(res, 200, tokenResponseBody(token, lifetime), {
      "Cache-Control": "no-store",
      Pragma: "no-cache",
    });
  }

  #recordTokenRequest(record: TokenRequestRecord): void {
    this.#tokenRequests.push(record);
    this.#listeners.emit("tokenRequest", record);
  }

  // --- WebSocket ---------------------------------------------------------------

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const path = new URL(req.url ?? "/", "http://emulator").pathname;
    if (this.#closing || path !== "/ws") {
      refuseUpgrade(socket, 404);
      return;
    }
    if (this.#refuse.remaining > 0) {
      this.#refuse.remaining--;
      this.#refused++;
      refuseUpgrade(socket, this.#refuse.status);
      this.#listeners.emit("refused", { status: this.#refuse.status });
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onOpen(ws, req.url ?? "/"));
  }

  #onOpen(ws: WebSocket, rawUrl: string): void {
    if (this.#closing) {
      ws.terminate();
      return;
    }
    const query = new URL(rawUrl, "http://emulator").searchParams;
    const subscriptionId = query.get("subscriptionId") ?? undefined;
    const connection: Connection = {
      ws,
      token: query.get("access_token") ?? "",
      idle: undefined,
      record: {
        id: this.#connections.length + 1,
        subscriptionId,
        openedAt: this.clock.now(),
        established: false,
        establishedAt: undefined,
        rejectedWith: undefined,
        silent: false,
        heartbeats: 0,
        ignoredFrames: [],
        endedBy: undefined,
        closedAt: undefined,
        closeCode: undefined,
        closeReason: undefined,
      },
    };
    this.#connections.push(connection);
    ws.on("message", (data, isBinary) => this.#onFrame(connection, data, isBinary));
    ws.on("close", (code, reason) => this.#onClose(connection, code, reason.toString("utf8")));
    ws.on("error", () => {}); // "close" follows and records the end
    this.#listeners.emit("connection", connection.record);

    const failure = this.#admissionFailure(connection.token, subscriptionId);
    if (failure !== undefined || subscriptionId === undefined) {
      connection.record.rejectedWith = failure;
      this.#end(connection, "rejected", buildConnectionFrame(false, failure ?? ""));
      return;
    }
    const previous = this.#live.get(subscriptionId);
    if (previous) this.#end(previous, "replaced", connectedElsewhereFrame());
    this.#live.set(subscriptionId, connection);
    connection.record.established = true;
    connection.record.establishedAt = this.clock.now();
    ws.send(buildConnectionFrame(true, randomUUID()));
    this.#armIdle(connection);
    this.#established.push(connection.record);
    this.#listeners.emit("established", connection.record);
  }

  /** Token first, then subscription: the order a server that authenticates before it authorises uses. */
  #admissionFailure(token: string, subscriptionId: string | undefined): string | undefined {
    if (!token) return BUILD_CONNECTION_FAILURES.tokenEmpty;
    if (this.#tokens.status(token, this.clock.now()) !== "valid")
      return BUILD_CONNECTION_FAILURES.invalidToken;
    if (!subscriptionId || !this.subscriptionIds.includes(subscriptionId)) {
      return BUILD_CONNECTION_FAILURES.invalidSubscription;
    }
    return undefined;
  }

  #onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    const { record } = connection;
    if (isBinary || !isHeartbeat(toText(data))) {
      const frame = isBinary ? new Uint8Array(toBuffer(data)) : toText(data);
      record.ignoredFrames.push(frame);
      this.#listeners.emit("frame", { connection: record, data: frame });
      return;
    }
    record.heartbeats++;
    this.#heartbeats++;
    if (this.#isLive(connection)) {
      this.#armIdle(connection);
      if (!record.silent) {
        // Expiry is only noticed when the client next speaks, as the protocol decision says.
        if (this.#tokens.status(connection.token, this.clock.now()) === "valid") {
          connection.ws.send(heartbeatAckFrame());
        } else {
          this.#end(connection, "token-invalid", tokenInvalidFrame(this.#config.tokenInvalidWording));
        }
      }
    }
    this.#listeners.emit("heartbeat", record);
  }

  #onClose(connection: Connection, code: number, reason: string): void {
    const { record } = connection;
    record.endedBy ??= "client";
    record.closedAt = this.clock.now();
    record.closeCode = code;
    record.closeReason = reason;
    this.#disarmIdle(connection);
    if (record.subscriptionId !== undefined && this.#live.get(record.subscriptionId) === connection) {
      this.#live.delete(record.subscriptionId);
    }
    this.#listeners.emit("close", record);
  }

  #isLive(connection: Connection): boolean {
    return connection.record.established && connection.record.endedBy === undefined;
  }

  /** Ends the emulator's side: `frame` then `1000 Bye`, a TCP drop, or (when silent) nothing at all. */
  #end(connection: Connection, reason: ConnectionEnd, frame?: string): void {
    const { record } = connection;
    if (record.endedBy !== undefined) return;
    record.endedBy = reason;
    this.#disarmIdle(connection);
    if (record.subscriptionId !== undefined && this.#live.get(record.subscriptionId) === connection) {
      this.#live.delete(record.subscriptionId);
    }
    if (reason === "dropped") {
      connection.ws.terminate();
      return;
    }
    if (record.silent) return;
    if (frame !== undefined) connection.ws.send(frame);
    connection.ws.close(CLOSE_CODE, CLOSE_REASON);
  }

  #armIdle(connection: Connection): void {
    this.#disarmIdle(connection);
    const handle = this.clock.setTimeout(() => {
      connection.idle = undefined;
      this.#end(connection, "idle-timeout");
    }, this.#config.idleTimeoutMs);
    connection.idle = { handle };
  }

  #disarmIdle(connection: Connection): void {
    if (connection.idle) this.clock.clearTimeout(connection.idle.handle);
    connection.idle = undefined;
  }

  #liveFor(target: EmulatorTarget | undefined): Connection | undefined {
    return this.#live.get(target?.subscriptionId ?? this.subscriptionId);
  }

  /** The live connection that may be sent to: silent ones swallow everything. */
  #speakingFor(target: EmulatorTarget | undefined): Connection | undefined {
    const connection = this.#liveFor(target);
    return connection && !connection.record.silent ? connection : undefined;
  }

  // --- Controls ----------------------------------------------------------------

  emit(body: object | string, target?: EmulatorTarget): boolean {
    const connection = this.#speakingFor(target);
    if (!connection) return false;
    const content = typeof body === "string" ? body : JSON.stringify(body);
    connection.ws.send(messageFrame(content));
    const sent: SentEvent = { time: this.clock.now(), connectionId: connection.record.id, content };
    this.#eventsSent.push(sent);
    // Trim in batches, so a bounded log costs O(1) per event on average.
    const limit = this.#config.eventsSentLimit;
    if (this.#eventsSent.length > limit * 2 || (limit === 0 && this.#eventsSent.length > 0))
      this.#eventsSent.splice(0, this.#eventsSent.length - limit);
    this.#listeners.emit("eventSent", sent);
    return true;
  }

  async blast(bodies: string | readonly string[], options: BlastOptions = {}): Promise<number> {
    const list = typeof bodies === "string" ? [bodies] : bodies;
    const count = options.count ?? list.length;
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`count must be a whole number, got ${count}`);
    const connection = this.#speakingFor(options);
    if (!connection || count === 0 || list.length === 0) return 0;
    const frames = list.map((body) => Buffer.from(messageFrame(body), "utf8"));
    const { ws } = connection;
    const stillSpeaking = () =>
      this.#isLive(connection) && !connection.record.silent && ws.readyState === ws.OPEN;
    let sent = 0;
    while (sent < count && stillSpeaking()) {
      // Queue up to BLAST_BATCH_BYTES, then wait until the socket took them: TCP back-pressure paces us.
      let queued = 0;
      let last: Promise<void> | undefined;
      while (sent < count && queued < BLAST_BATCH_BYTES) {
        const frame = frames[sent % frames.length]!;
        queued += frame.byteLength;
        sent++;
        if (sent < count && queued < BLAST_BATCH_BYTES) ws.send(frame, { binary: false });
        else last = new Promise((resolve) => ws.send(frame, { binary: false }, () => resolve()));
      }
      await last;
    }
    return sent;
  }

  emitEvent(type: EventTemplateType, overrides: EventOverrides = {}, target?: EmulatorTarget): boolean {
    const body = buildEvent(type, { payload: { account_id: this.accountId } }, this.clock.now());
    return this.emit(deepMerge(body, overrides), target);
  }

  dropSocket(target?: EmulatorTarget): boolean {
    const connection = this.#liveFor(target);
    if (!connection) return false;
    this.#end(connection, "dropped");
    return true;
  }

  goSilent(on = true, target?: EmulatorTarget): boolean {
    const connection = this.#liveFor(target);
    if (!connection) return false;
    connection.record.silent = on;
    return true;
  }

  refuseConnections(count: number | "forever", status = 503): void {
    this.#refuse = { remaining: count === "forever" ? Number.POSITIVE_INFINITY : Math.max(0, count), status };
  }

  failTokenRequests(count: number, status: number, options: FailTokenRequestsOptions = {}): void {
    if (count <= 0) this.#tokenFailures.length = 0;
    for (let i = 0; i < count; i++) this.#tokenFailures.push({ status, options });
  }

  sendMalformed(kind: MalformedKind, target?: EmulatorTarget): boolean {
    const connection = this.#speakingFor(target);
    if (!connection) return false;
    const frame = malformedFrame(kind, this.clock.now(), this.accountId);
    connection.ws.send(frame, { binary: typeof frame !== "string" });
    return true;
  }

  rejectToken(target?: EmulatorTarget): boolean {
    const connection = this.#liveFor(target);
    if (!connection) return false;
    this.#tokens.revoke(connection.token);
    this.#end(connection, "token-revoked", tokenInvalidFrame(this.#config.tokenInvalidWording));
    return true;
  }

  revokeTokens(): number {
    this.#tokens.revokeAll();
    const live = [...this.#live.values()];
    for (const connection of live) {
      this.#end(connection, "token-revoked", tokenInvalidFrame(this.#config.tokenInvalidWording));
    }
    return live.length;
  }

  kick(target?: EmulatorTarget): boolean {
    const connection = this.#liveFor(target);
    if (!connection) return false;
    this.#kicks++;
    this.#end(connection, "kicked", connectedElsewhereFrame());
    return true;
  }

  // --- Inspection --------------------------------------------------------------

  get tokenRequests(): readonly TokenRequestRecord[] {
    return this.#tokenRequests;
  }
  get connections(): readonly EmulatorConnection[] {
    return this.#connections.map((connection) => connection.record);
  }
  get heartbeats(): number {
    return this.#heartbeats;
  }
  get liveConnection(): EmulatorConnection | undefined {
    return this.#liveFor(undefined)?.record;
  }
  liveConnectionFor(subscriptionId: string): EmulatorConnection | undefined {
    return this.#live.get(subscriptionId)?.record;
  }
  get issuedTokens(): readonly string[] {
    return this.#tokens.issued;
  }
  get eventsSent(): readonly SentEvent[] {
    const limit = this.#config.eventsSentLimit;
    return this.#eventsSent.length > limit
      ? this.#eventsSent.slice(-limit || this.#eventsSent.length)
      : this.#eventsSent;
  }
  get kicks(): number {
    return this.#kicks;
  }
  get refusedConnections(): number {
    return this.#refused;
  }

  on<K extends keyof EmulatorEvents>(name: K, listener: (value: EmulatorEvents[K]) => void): Unsubscribe {
    return this.#listeners.on(name, listener);
  }

  waitFor<K extends keyof EmulatorEvents>(
    name: K,
    predicate: (value: EmulatorEvents[K]) => boolean = () => true,
  ): Promise<EmulatorEvents[K]> {
    return this.#listeners.until(name, (value) =>
      value !== undefined && predicate(value) ? value : undefined,
    );
  }

  waitForConnections(n: number): Promise<EmulatorConnection> {
    return this.#listeners.until("established", () => this.#established[n - 1]);
  }

  waitForHeartbeats(n: number): Promise<number> {
    return this.#listeners.until("heartbeat", () => (this.#heartbeats >= n ? this.#heartbeats : undefined));
  }

  waitForTokenRequests(n: number): Promise<TokenRequestRecord> {
    return this.#listeners.until("tokenRequest", () => this.#tokenRequests[n - 1]);
  }

  nextConnection(): Promise<EmulatorConnection> {
    return this.waitFor("established");
  }

  waitForClose(connection: EmulatorConnection): Promise<EmulatorConnection> {
    return this.#listeners.until("close", () => (connection.closedAt !== undefined ? connection : undefined));
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Answers an upgrade request with a plain HTTP error, as a load balancer in front of Zoom would. */
function refuseUpgrade(socket: Duplex, status: number): void {
  const text = STATUS_CODES[status] ?? "Error";
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function toText(data: RawData): string {
  return toBuffer(data).toString("utf8");
}
