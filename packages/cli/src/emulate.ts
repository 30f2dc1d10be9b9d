import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import {
  type EventTemplateType,
  eventTemplateTypes,
  startEmulator,
  startEventStream,
  type ZoomEmulator,
} from "@zoomws/testing";
import { ConfigError, errnoText } from "./config.js";
import { EXIT, type Outcome } from "./exit.js";
import { parseJsonc } from "./jsonc.js";
import type { Output } from "./output.js";

export interface EmulateFlags {
  port?: number;
  host?: string;
  rate?: number;
  seed?: number;
  tokenLifetime?: number;
  samples?: string;
  saveEnv?: string;
}

/**
 * `zoomws emulate`: the Zoom emulator on loopback. Prints `export ZOOM_…=…` lines on stdout
 * (and writes them to `--save-env` as a .env file), then reads event names on stdin and sends
 * each as one event to the connected client.
 */
export async function emulate(flags: EmulateFlags, output: Output): Promise<Outcome> {
  const samples = flags.samples === undefined ? undefined : sampleIndex(resolve(flags.samples));
  const host = flags.host ?? "127.0.0.1";
  let emulator: ZoomEmulator;
  try {
    emulator = await startEmulator({
      host,
      port: flags.port ?? 0,
      tokenLifetimeSeconds: flags.tokenLifetime ?? 3600,
      eventsSentLimit: 100, // it may run for days
    });
  } catch (error) {
    throw new ConfigError(
      `cannot listen on ${host}:${flags.port ?? 0} (${errnoText(error)}): choose another --port or --host`,
    );
  }
  const env = emulator.env();
  // The file first: whoever acts on the printed lines finds it written.
  if (flags.saveEnv !== undefined) {
    const path = resolve(flags.saveEnv);
    const text = Object.entries(env)
      .map(([key, value]) => `${key}=${value}\n`)
      .join("");
    try {
      writeFileSync(path, text, { mode: 0o600 });
    } catch (error) {
      await emulator.close();
      throw new ConfigError(`cannot write --save-env ${path} (${errnoText(error)})`);
    }
    output.status(`wrote the settings to ${path}: zoomws commands started in that folder use them`);
  }
  for (const [key, value] of Object.entries(env)) output.data(`export ${key}=${shellQuote(value)}`);
  const rate = flags.rate ?? 1;
  const stream =
    rate > 0
      ? startEventStream(emulator, {
          ratePerSecond: rate,
          ...(flags.seed !== undefined && { seed: flags.seed }),
        })
      : undefined;
  output.status(
    `Zoom emulator on ${emulator.oauthUrl.replace(/\/oauth\/token$/, "")}` +
      (stream ? `, about ${rate} meeting event${rate === 1 ? "" : "s"} a second` : ", no synthetic events") +
      `, tokens live ${flags.tokenLifetime ?? 3600} s`,
  );
  output.status("type an event name and Enter to send one (help lists them); Ctrl-C to stop");
  logActivity(emulator, output);

  const lines = process.stdin.readable
    ? createInterface({ input: process.stdin, terminal: false })
    : undefined;
  lines?.on("line", (line) => command(line.trim(), emulator, samples, output));

  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  lines?.close();
  stream?.stop();
  await emulator.close();
  output.status("emulator stopped");
  return { code: EXIT.ok };
}

function command(
  line: string,
  emulator: ZoomEmulator,
  samples: Map<string, string> | undefined,
  output: Output,
) {
  if (!line) return;
  if (line === "help" || line === "?" || line === "list") {
    output.status(`templates: ${eventTemplateTypes.join(", ")}`);
    if (samples) output.status(`samples: ${[...samples.keys()].join(", ")}`);
    else output.status("more types: start with --samples <folder of event bodies named <event>.json>");
    return;
  }
  let body: object | undefined;
  let sent: boolean;
  try {
    const file = samples?.get(line) ?? (line.endsWith(".json") && existsSync(line) ? line : undefined);
    if (file !== undefined) {
      body = parseJsonc(readFileSync(file, "utf8")) as object;
      sent = emulator.emit(body);
    } else if ((eventTemplateTypes as readonly string[]).includes(line)) {
      sent = emulator.emitEvent(line as EventTemplateType);
    } else {
      output.status(`unknown event "${line}": type help for the names`);
      return;
    }
  } catch (error) {
    output.status(`could not send "${line}": ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const connection = emulator.liveConnection;
  output.status(
    sent
      ? `sent ${line} to connection #${connection?.id ?? "?"}`
      : `no client is connected: ${line} was not sent (Zoom drops events nobody receives)`,
  );
}

/** Connections and token requests on stderr; never a token or a URL that carries one. */
function logActivity(emulator: ZoomEmulator, output: Output): void {
  emulator.on("tokenRequest", (r) =>
    output.status(`token request (${r.grant ?? "no grant"}): ${r.status}${r.error ? ` ${r.error}` : ""}`),
  );
  emulator.on("established", (c) => output.status(`connection #${c.id} established`));
  emulator.on("close", (c) => {
    const why = c.rejectedWith ? `rejected: ${c.rejectedWith}` : (c.endedBy ?? "closed");
    output.status(`connection #${c.id} closed (${c.closeCode ?? "?"}, ${why})`);
  });
}

/** Event name → file, for a folder of `<event>.json` bodies. */
function sampleIndex(dir: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch (error) {
    throw new ConfigError(
      `cannot read --samples ${dir} (${errnoText(error)}): give a folder of <event>.json files`,
    );
  }
  if (names.length === 0) throw new ConfigError(`--samples ${dir} holds no .json files`);
  return new Map(names.sort().map((name) => [basename(name, ".json"), join(dir, name)]));
}

/** A POSIX shell word: single-quoted unless plainly safe. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
