import { createClient, type Logger, type ZoomClient, type ZoomEvent } from "@zoomws/node";
import type { ZoomConfig } from "./config.js";
import { EXIT, type Outcome, outcomeOf } from "./exit.js";
import { logLine, type Output } from "./output.js";

export interface SessionOptions {
  config: ZoomConfig;
  output: Output;
  /** Called for every event, in arrival order. A throw ends the session with that error. */
  onEvent(event: ZoomEvent): void;
  /** Ends the session early when it settles (e.g. stdout closed). */
  until?: Promise<Outcome>;
}

/**
 * Connects to Zoom and runs until Ctrl-C (or SIGTERM: exit 0), a fatal client error
 * (mapped to its exit code), or `until`. Closes the client before returning.
 */
export async function runSession(options: SessionOptions): Promise<Outcome> {
  const { config, output } = options;
  output.addSecret(config.clientSecret);
  let finish!: (outcome: Outcome) => void;
  const finished = new Promise<Outcome>((resolve) => {
    finish = resolve;
  });
  options.until?.then(finish, (error: unknown) => finish(outcomeOf(error)));

  const client: ZoomClient = createClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.accountId !== undefined && { accountId: config.accountId }),
    url: config.endpoint,
    ...(config.oauthUrl !== undefined && { oauthUrl: config.oauthUrl }),
    logger: loggerFor(output),
  });
  client.onStateChange((state) => {
    output.status(`connection ${state}`);
    if (state === "failed") finish(outcomeOf(client.error));
  });
  client.onGap((gap) =>
    output.status(
      `gap: no connection from ${clockTime(gap.from)} to ${clockTime(gap.to)} ` +
        `(${((gap.to - gap.from) / 1000).toFixed(1)} s); Zoom does not resend what it sent then`,
    ),
  );
  client.onError((error) => {
    if (!error.fatal) output.status(`${error.code}: ${error.message}`);
  });
  client.on("*", (event) => {
    try {
      options.onEvent(event);
    } catch (error) {
      finish(outcomeOf(error));
    }
  });

  const interrupted = () => finish({ code: EXIT.ok });
  // A second Ctrl-C while closing: leave at once.
  const forced = () => process.exit(130);
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  output.status(
    `connecting to subscription ${config.subscription} as app ${config.clientId}` +
      (config.accountId ? ` (account ${config.accountId})` : " (client credentials)"),
  );
  client.connect().then(
    () => output.status("receiving events; Ctrl-C to stop"),
    (error: unknown) => finish(outcomeOf(error)),
  );

  const outcome = await finished;
  process.off("SIGINT", interrupted);
  process.off("SIGTERM", interrupted);
  process.on("SIGINT", forced);
  if (outcome.code === EXIT.ok) output.status("closing");
  await client.close();
  return outcome;
}

/** The client's own log lines (already scrubbed by the core) on stderr: warnings always, the rest with --verbose. */
function loggerFor(output: Output): Logger {
  return {
    debug: (...args) => output.debug(logLine(args)),
    info: (...args) => output.debug(logLine(args)),
    warn: (...args) => output.status(logLine(args)),
    error: (...args) => output.status(logLine(args)),
  };
}

export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
