import { redact } from "@zoomws/node";

/** Where the command writes: data on stdout, status on stderr, every status line scrubbed of secrets. */
export interface Output {
  /** One line of data on stdout (events). Not scrubbed: it is Zoom's data, not ours. */
  data(line: string): void;
  /** A status line on stderr, with the time. */
  status(line: string): void;
  /** A debug line on stderr, shown with --verbose only. */
  debug(line: string): void;
  /** The final line of a failed run, on stderr: `zoomws: …`. */
  fatal(line: string): void;
  /** Registers another secret to keep out of stderr. */
  addSecret(secret: string | undefined): void;
  readonly verbose: boolean;
  /** Colour on stdout: a terminal, and NO_COLOR unset. */
  readonly color: boolean;
  paint(code: string, text: string): string;
}

export interface OutputOptions {
  verbose?: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/**
 * Every secret any output was told about, plus the ones in the environment: a crash or a
 * commander message printed outside an Output is scrubbed with these too.
 */
const knownSecrets = new Set<string>();

/** Removes every known secret and every credential-shaped substring from `text`. */
export function scrubSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = [env["ZOOM_CLIENT_SECRET"], env["ZOOM_WEBHOOK_SECRET_TOKEN"]].filter(
    (secret): secret is string => typeof secret === "string" && secret.trim().length >= 4,
  );
  return redact(text, [...knownSecrets, ...fromEnv, ...fromEnv.map((secret) => secret.trim())]);
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const noColor = Boolean(env["NO_COLOR"]);
  const color = Boolean(stdout.isTTY) && !noColor;
  const errColor = Boolean(stderr.isTTY) && !noColor;
  const secrets = new Set<string>();
  const scrub = (text: string) => redact(text, secrets);
  const paint = (on: boolean, code: string, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
  const time = () => new Date().toISOString().slice(11, 19);
  return {
    verbose: options.verbose ?? false,
    color,
    paint: (code, text) => paint(color, code, text),
    data: (line) => {
      stdout.write(`${line}\n`);
    },
    status: (line) => {
      stderr.write(`${paint(errColor, "2", time())}  ${scrub(line)}\n`);
    },
    debug: (line) => {
      if (options.verbose) stderr.write(`${paint(errColor, "2", `${time()}  ${scrub(line)}`)}\n`);
    },
    fatal: (line) => {
      stderr.write(`${paint(errColor, "31", "zoomws:")} ${scrub(line)}\n`);
    },
    addSecret: (secret) => {
      if (secret && secret.length >= 4) {
        secrets.add(secret);
        knownSecrets.add(secret);
      }
    },
  };
}

/** Formats anything a logger receives as one line. */
export function logLine(args: readonly unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === "string") return arg;
      if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
      try {
        return JSON.stringify(arg);
      } catch {
        return String(arg);
      }
    })
    .join(" ");
}
