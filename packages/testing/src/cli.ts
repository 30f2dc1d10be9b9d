#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startEmulator } from "./emulator.js";
import { startEventStream } from "./event-stream.js";

const USAGE = `Usage: zoomws-emulator [options]

Runs a local Zoom OAuth + WebSocket emulator and prints the environment
variables that point a zoomws client at it. Stop it with Ctrl-C.

Options:
  --port <n>             Port to listen on (default 0: any free port)
  --host <addr>          Address to listen on (default 127.0.0.1)
  --token-lifetime <s>   Access token lifetime in seconds (default 3600)
  --rate <n>             Synthetic meeting events per second; 0 turns them off (default 1)
  --seed <n>             Seed for a reproducible event stream
  --quiet                Do not log activity to stderr
  -h, --help             Show this help
`;

class UsageError extends Error {}

function numberFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < min) {
    throw new UsageError(`--${name} must be a number >= ${min}, got "${value}"`);
  }
  return parsed;
}

async function main(args: string[]): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = numberFlag("port", values.port, 0, 0);
  const tokenLifetimeSeconds = numberFlag("token-lifetime", values["token-lifetime"], 3600, 1);
  const rate = numberFlag("rate", values.rate, 1, 0);
  const seed =
    values.seed === undefined ? undefined : numberFlag("seed", values.seed, 0, Number.MIN_SAFE_INTEGER);
  const log = values.quiet ? () => {} : (line: string) => process.stderr.write(`[zoomws-emulator] ${line}\n`);

  const emulator = await startEmulator({
    port,
    tokenLifetimeSeconds,
    eventsSentLimit: 1000, // it may run for days: keep its inspection log bounded
    ...(values.host ? { host: values.host } : {}),
  });
  // KEY=value lines on stdout, so `eval "$(zoomws-emulator | head -6)"`-style use and .env files work.
  for (const [key, value] of Object.entries(emulator.env())) process.stdout.write(`${key}=${value}\n`);
  log(`listening on ${emulator.oauthUrl.replace("/oauth/token", "")}; Ctrl-C to stop`);

  // Activity log without secrets: no tokens, no URLs with tokens.
  emulator.on("tokenRequest", (r) =>
    log(`token request (${r.grant ?? "no grant"}): ${r.status}${r.error ? ` ${r.error}` : ""}`),
  );
  emulator.on("established", (c) => log(`connection #${c.id} established`));
  emulator.on("close", (c) => {
    const why = c.rejectedWith ? `rejected: ${c.rejectedWith}` : (c.endedBy ?? "closed");
    log(`connection #${c.id} closed (${c.closeCode ?? "?"}, ${why})`);
  });

  const stream =
    rate > 0
      ? startEventStream(emulator, { ratePerSecond: rate, ...(seed === undefined ? {} : { seed }) })
      : undefined;

  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  stream?.stop();
  await emulator.close();
  log("stopped");
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "token-lifetime": { type: "string" },
      rate: { type: "string" },
      seed: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`zoomws-emulator: ${message}\n`);
    if (error instanceof UsageError) process.stderr.write(`\n${USAGE}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
