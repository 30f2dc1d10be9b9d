import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import packageJson from "../package.json" with { type: "json" };
import type { EmulateFlags } from "./emulate.js";
import { EXIT, type Outcome, outcomeOf } from "./exit.js";
import { forward } from "./forward.js";
import { listen } from "./listen.js";
import { createOutput, type Output, scrubSecrets } from "./output.js";

const CONFIGURATION = `
Configuration (flags win over the environment, which wins over ./.env):
  ZOOM_CLIENT_ID             --client-id
  ZOOM_CLIENT_SECRET         environment, .env or --client-secret-file only
  ZOOM_ACCOUNT_ID            --account-id (Server-to-Server OAuth apps; unset: client credentials)
  ZOOM_SUBSCRIPTION_ID       --subscription-id
  ZOOM_WS_URL                --ws-url (the endpoint URL the Zoom Marketplace shows)
  ZOOM_OAUTH_URL             --oauth-url (default https://zoom.us/oauth/token)
  ZOOM_WEBHOOK_SECRET_TOKEN  forward: environment, .env or --webhook-secret-file only

Exit codes: 0 Ctrl-C, 2 bad configuration, 3 credentials rejected, 4 subscription taken over, 1 other.
`;

/** Flags that would put a secret on the command line, where shell history and `ps` keep it. */
const SECRET_FLAG = /^--[\w-]*(secret|token)/i;
const SECRET_FLAGS_ALLOWED = new Set(["--client-secret-file", "--webhook-secret-file", "--token-lifetime"]);

/** Runs the command line; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = argv.slice(2);
  const secretFlag = args.find(
    (arg) => SECRET_FLAG.test(arg) && !SECRET_FLAGS_ALLOWED.has(arg.split("=")[0]!),
  );
  if (secretFlag !== undefined) {
    // The name only: what follows "=" may be the secret itself.
    const name = secretFlag
      .split("=")[0]!
      .slice(0, 40)
      .replace(/[^\w-]/g, "?");
    const file = name === "--client-secret" ? "--client-secret-file" : "--webhook-secret-file";
    createOutput().fatal(
      `${name} is not accepted: secrets on the command line end up in shell history and process lists. ` +
        `Set it in the environment or .env (ZOOM_CLIENT_SECRET, ZOOM_WEBHOOK_SECRET_TOKEN), or use ${file} <path>.`,
    );
    return EXIT.config;
  }

  let outcome: Outcome = { code: EXIT.ok };
  let output: Output | undefined;
  // Commander hands each action its parsed options; the option definitions below fix their shape.
  const run =
    <Flags>(command: (flags: Flags, output: Output) => Promise<Outcome>) =>
    async (flags: Flags & { verbose?: boolean }) => {
      output = createOutput({ verbose: flags.verbose ?? false });
      outcome = await command(flags, output);
    };

  const program = new Command("zoomws")
    .description("Zoom event subscriptions over WebSockets, from the command line.")
    .version(packageJson.version)
    .exitOverride()
    // Before the subcommands, which copy it: commander quotes an unknown `--flag=value` whole.
    .configureOutput({ outputError: (text, write) => write(scrubUsageError(text)) })
    .showHelpAfterError("(zoomws --help for usage)")
    .addHelpText("after", CONFIGURATION);

  connectionOptions(program.command("listen"))
    .description("Print events as they arrive (status on stderr).")
    .option("--json", "one JSON event body per line on stdout, nothing else")
    .addOption(filterOption("only events whose name matches, e.g. 'meeting.*' (repeatable)"))
    .action(run(listen));

  connectionOptions(program.command("forward"))
    .description(
      "POST every event to a webhook handler, signed as Zoom signs webhooks, through a durable spool.",
    )
    .requiredOption("--to <url>", "the webhook handler's URL")
    .option("--spool <dir>", "the spool folder (default $XDG_STATE_HOME/zoomws/spool/<subscription>)")
    .option("--webhook-secret-file <path>", "read ZOOM_WEBHOOK_SECRET_TOKEN from this file")
    .addOption(filterOption("only forward events whose name matches (repeatable)"))
    .option("--timeout <seconds>", "per delivery attempt (default 10)", positiveNumber)
    .option("--retry-max <seconds>", "longest pause between retries (default 30)", positiveNumber)
    .addOption(
      new Option("--on-reject <policy>", "an event the handler refuses with a 4xx such as 400 or 422")
        .choices(["set-aside", "retry"])
        .default("set-aside"),
    )
    .action(run(forward));

  program
    .command("emulate")
    .description("Run the Zoom emulator on loopback and print the settings that point a client at it.")
    .option("--port <n>", "port (default: any free one)", integer(0))
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--rate <n>", "synthetic meeting events per second, 0 for none", nonNegativeNumber, 1)
    .option("--seed <n>", "seed for a reproducible event stream", integer(Number.MIN_SAFE_INTEGER))
    .option("--token-lifetime <seconds>", "access token lifetime", integer(1), 3600)
    .option("--samples <dir>", "a folder of event bodies named <event>.json, sendable by name")
    .option("--save-env <path>", "also write the settings to this .env file")
    .addHelpText(
      "after",
      "\nWhile it runs, type an event name (meeting.started, …; help lists them) and Enter to send one event.",
    )
    // Loaded on demand: listen and forward do not need the emulator.
    .action(
      run(async (flags: EmulateFlags, out: Output) => (await import("./emulate.js")).emulate(flags, out)),
    );

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.config;
    }
    outcome = outcomeOf(error);
  }
  if (outcome.message !== undefined) (output ?? createOutput()).fatal(outcome.message);
  return outcome.code;
}

/**
 * Commander's usage errors quote what was typed (`unknown option '--clientsecret=…'`): keep the
 * flag's name, never what follows its "=", and no known secret.
 */
export function scrubUsageError(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return scrubSecrets(text.replace(/'(-[^'=\s]*)=[^']*'/g, "'$1=…'"), env);
}

function connectionOptions(command: Command): Command {
  return command
    .option("--client-id <id>", "ZOOM_CLIENT_ID")
    .option("--client-secret-file <path>", "read ZOOM_CLIENT_SECRET from this file")
    .option("--account-id <id>", "ZOOM_ACCOUNT_ID")
    .option("--subscription-id <id>", "ZOOM_SUBSCRIPTION_ID")
    .option("--ws-url <url>", "ZOOM_WS_URL")
    .option("--oauth-url <url>", "ZOOM_OAUTH_URL")
    .option("--dotenv <path>", "read settings from this file instead of ./.env")
    .option("--verbose", "the client's debug log on stderr");
}

function filterOption(description: string): Option {
  return new Option("--filter <glob>", description)
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([], "every event");
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError("a number > 0 is needed.");
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError("a number >= 0 is needed.");
  return n;
}

function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`an integer >= ${min} is needed.`);
    return n;
  };
}
