import {
  type AnyZoomEvent,
  createZoomClient,
  type Transport,
  type TransportListener,
  type ValidationPolicy,
  type ZoomError,
} from "../../src/index.js";
import { FakeClock, flush } from "./async-fake-clock.js";

const ESTABLISHED = '{"module":"build_connection","success":true,"content":"ok"}';

/** A transport whose one socket is accepted at once and then receives what the test sends. */
export function scriptedTransport() {
  let listener: TransportListener | undefined;
  const transport: Transport = {
    open(_url, l) {
      listener = l;
      queueMicrotask(() => {
        l.onOpen();
        l.onMessage(ESTABLISHED);
      });
      return {
        send() {},
        close: (code = 1000, reason = "") => queueMicrotask(() => l.onClose(code, reason)),
      };
    },
  };
  return {
    transport,
    send(body: unknown) {
      listener!.onMessage(JSON.stringify({ module: "message", content: JSON.stringify(body) }));
    },
  };
}

export async function connected(validate?: ValidationPolicy) {
  const wire = scriptedTransport();
  const logs: string[] = [];
  const log = (level: string) => (message: unknown) => logs.push(`${level} ${String(message)}`);
  const client = createZoomClient(
    {
      getToken: async () => "token-abcdef-0123456789",
      url: "wss://ws.zoom.us/ws?subscriptionId=sub",
      logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
      ...(validate !== undefined && { validate }),
    },
    {
      transport: wire.transport,
      fetch: () => Promise.reject(new Error("no fetch")),
      clock: new FakeClock(0),
    },
  );
  const delivered: AnyZoomEvent[] = [];
  const named: string[] = [];
  const errors: ZoomError[] = [];
  client.on("*", (e) => delivered.push(e));
  client.on("meeting.participant_joined", (e) => named.push(e.payload.object.participant.user_name ?? "?"));
  client.onError((e) => errors.push(e));
  const connecting = client.connect();
  await flush();
  await connecting;
  return { client, wire, logs, delivered, named, errors };
}

export const joined = (userName: unknown, extra: Record<string, unknown> = {}) => ({
  event: "meeting.participant_joined",
  event_ts: 1626230691572,
  payload: {
    account_id: "AAAAAABBBB",
    object: {
      id: "1234567890",
      uuid: "4444AAAiAAAAAiAiAiiAii==",
      participant: { user_name: userName, ...extra },
    },
  },
});
