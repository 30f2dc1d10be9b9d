/** What several tests need: a client of an emulator, and the whole monitor running against one. */
import { createClient, type NodeClientOptions, type ZoomClient } from "@zoomws/node";
import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { type Observable, type Subscription, shareReplay } from "rxjs";
import { type MonitorState, monitor } from "../src/monitor.js";
import { type MonitorServer, startMonitorServer } from "../src/server.js";

/** A client of `emulator` (quick reconnects, so that tests of a lost connection finish soon). */
export function clientOf(emulator: ZoomEmulator, options: Partial<NodeClientOptions> = {}): ZoomClient {
  return createClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    accountId: emulator.accountId,
    url: emulator.endpointUrl,
    oauthUrl: emulator.oauthUrl,
    backoff: { initialMs: 50, maxMs: 200 },
    ...options,
  });
}

export interface LiveMonitor {
  readonly emulator: ZoomEmulator;
  readonly state$: Observable<MonitorState>;
  /** The page's server now (see `restartServer`). */
  readonly server: MonitorServer;
  /** Closes the server, runs `meanwhile`, then serves again on the same port. */
  restartServer(meanwhile: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** What `npm run demo` runs, in this process: emulator, client, monitor (1 s bars) and server. */
export async function startLiveMonitor(): Promise<LiveMonitor> {
  const emulator = await startEmulator();
  const client = clientOf(emulator, { logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const state$ = monitor(client, { bucketMs: 1000 }).pipe(shareReplay(1));
  const subscription: Subscription = state$.subscribe();
  let server = await startMonitorServer(state$, { throttleMs: 50 });
  return {
    emulator,
    state$,
    get server() {
      return server;
    },
    async restartServer(meanwhile) {
      const { port } = server;
      await server.close();
      await meanwhile();
      server = await startMonitorServer(state$, { port, throttleMs: 50 });
    },
    async close() {
      subscription.unsubscribe();
      await server.close();
      await client.close();
      await emulator.close();
    },
  };
}
