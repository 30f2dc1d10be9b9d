import { ZoomAuthError, ZoomError } from "@zoomws/node";
import { ConfigError } from "./config.js";
import { LockedError } from "./lock.js";

/** The command's exit codes. */
export const EXIT = {
  ok: 0,
  failure: 1,
  config: 2,
  credentials: 3,
  replaced: 4,
} as const;

export interface Outcome {
  readonly code: number;
  /** One line saying what went wrong and what to do; none for a clean exit. */
  readonly message?: string;
}

/** Maps a failure to its exit code and one line of advice, by the error's stable `code`. */
export function outcomeOf(error: unknown): Outcome {
  if (error instanceof ConfigError) return { code: EXIT.config, message: error.message };
  if (error instanceof LockedError)
    return {
      code: EXIT.config,
      message:
        `the spool is in use: ${error.message}. Stop that zoomws forward, or pass another --spool ` +
        "(if no zoomws forward runs, that pid belongs to another program now: delete the lock file)",
    };
  if (error instanceof ZoomError) {
    switch (error.code) {
      case "INVALID_OPTIONS":
        return { code: EXIT.config, message: `${error.message} Check the ZOOM_* settings.` };
      case "AUTH_REJECTED": {
        const why = error instanceof ZoomAuthError ? ` (${error.status} ${error.oauthError})` : "";
        return {
          code: EXIT.credentials,
          message:
            `Zoom rejected the credentials${why}: check ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_ACCOUNT_ID ` +
            "(set it for a Server-to-Server OAuth app, leave it unset otherwise) against the app in the Zoom Marketplace.",
        };
      }
      case "TOKEN_REJECTED":
        return {
          code: EXIT.credentials,
          message:
            "Zoom's WebSocket endpoint refused the app's access tokens: give the app (ZOOM_CLIENT_ID) an event " +
            "subscription of type WebSockets and the scopes its events need in the Zoom Marketplace.",
        };
      case "CONNECTION_REFUSED":
        return {
          code: EXIT.config,
          message: `${error.message.replace(/\. Check .*$/, "")}: check ZOOM_SUBSCRIPTION_ID or ZOOM_WS_URL against the event subscription in the Zoom Marketplace.`,
        };
      case "REPLACED":
        return {
          code: EXIT.replaced,
          message:
            "another consumer connected to this subscription and took it over (Zoom allows one connection per " +
            "subscription): stop the other consumer, then run zoomws again.",
        };
      default:
        return { code: EXIT.failure, message: `${error.code}: ${error.message}` };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT.failure, message };
}
