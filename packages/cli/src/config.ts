import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { resolveEndpoint, ZoomOptionsError } from "@zoomws/node";

/** Bad configuration: exit code 2. The message says what to set. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The flags every command that connects to Zoom accepts. Secrets are not among them, by design. */
export interface ConnectionFlags {
  clientId?: string;
  clientSecretFile?: string;
  accountId?: string;
  subscriptionId?: string;
  wsUrl?: string;
  oauthUrl?: string;
  dotenv?: string;
}

export interface ZoomConfig {
  clientId: string;
  clientSecret: string;
  accountId?: string;
  subscriptionId?: string;
  url?: string;
  oauthUrl?: string;
  /** The endpoint without a token, e.g. `wss://ws.zoom.us/ws?subscriptionId=…`. */
  endpoint: string;
  /** The subscription id, from ZOOM_SUBSCRIPTION_ID or the URL. */
  subscription: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment the command sees: `process.env` over the `.env` file (`--dotenv`, else
 * `./.env` when it exists). Variables already set win over the file.
 */
export function loadEnvironment(
  flags: { dotenv?: string },
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Environment {
  const path = resolve(cwd, flags.dotenv ?? ".env");
  if (flags.dotenv === undefined && !existsSync(path)) return { ...env };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read the env file ${path} (${errnoText(error)}): check --dotenv`);
  }
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** Reads a secret from a file named by a flag: trimmed, and never echoed. */
export function readSecretFile(path: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read ${flag} ${path} (${errnoText(error)}): give a readable file`);
  }
  const secret = text.trim();
  if (!secret) throw new ConfigError(`${flag} ${path} is empty: put the secret in it`);
  return secret;
}

/** Flags over the environment, validated: everything needed to connect, or a ConfigError. */
export function zoomConfig(flags: ConnectionFlags, env: Environment): ZoomConfig {
  const pick = (flag: string | undefined, name: string) => nonEmpty(flag) ?? nonEmpty(env[name]);
  const clientId = pick(flags.clientId, "ZOOM_CLIENT_ID");
  const clientSecret =
    flags.clientSecretFile !== undefined
      ? readSecretFile(flags.clientSecretFile, "--client-secret-file")
      : nonEmpty(env["ZOOM_CLIENT_SECRET"]);
  const accountId = pick(flags.accountId, "ZOOM_ACCOUNT_ID");
  const subscriptionId = pick(flags.subscriptionId, "ZOOM_SUBSCRIPTION_ID");
  const url = pick(flags.wsUrl, "ZOOM_WS_URL");
  const oauthUrl = pick(flags.oauthUrl, "ZOOM_OAUTH_URL");

  if (!clientId)
    throw new ConfigError(
      "ZOOM_CLIENT_ID is not set: set it in the environment or .env, or pass --client-id",
    );
  if (!clientSecret)
    throw new ConfigError(
      "ZOOM_CLIENT_SECRET is not set: set it in the environment or .env, or pass --client-secret-file <path>",
    );
  if (!subscriptionId && !url)
    throw new ConfigError(
      "no subscription: set ZOOM_SUBSCRIPTION_ID (or ZOOM_WS_URL, the endpoint URL the Zoom Marketplace shows), or pass --subscription-id",
    );
  let endpoint: string;
  try {
    endpoint = resolveEndpoint({ url, subscriptionId });
  } catch (error) {
    if (error instanceof ZoomOptionsError)
      throw new ConfigError(`ZOOM_SUBSCRIPTION_ID / ZOOM_WS_URL: ${error.message}`);
    throw error;
  }
  if (oauthUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(oauthUrl))
    throw new ConfigError("ZOOM_OAUTH_URL must be an http(s) URL such as https://zoom.us/oauth/token");
  const subscription = new URL(endpoint.replace(/^ws/i, "http")).searchParams.get("subscriptionId") ?? "";
  return {
    clientId,
    clientSecret,
    ...(accountId !== undefined && { accountId }),
    ...(subscriptionId !== undefined && { subscriptionId }),
    ...(url !== undefined && { url }),
    ...(oauthUrl !== undefined && { oauthUrl }),
    endpoint,
    subscription,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
