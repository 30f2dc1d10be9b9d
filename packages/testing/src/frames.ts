/** The only close Zoom has been seen to send. */
export const CLOSE_CODE = 1000;
export const CLOSE_REASON = "Bye";

/** Zoom changed the "token rejected on a live socket" text once; both wordings are in the wild. */
export type TokenInvalidWording = "2023" | "2025";

export const BUILD_CONNECTION_FAILURES = {
  tokenEmpty: "token is empty",
  invalidToken: "Invalid Token",
  invalidSubscription: "Invalid subscriptionId",
} as const;

export const CONNECTED_ELSEWHERE = "Connected in another place";

export function tokenInvalidText(wording: TokenInvalidWording): string {
  return wording === "2023" ? "Invalid Token" : "Token is invalid";
}

export function buildConnectionFrame(success: boolean, content: string): string {
  return JSON.stringify({ module: "build_connection", success, content, header: {} });
}

/** Sent to the older connection when a newer one takes its subscription (no `header`, as reported). */
export function connectedElsewhereFrame(): string {
  return JSON.stringify({ module: "build_connection", success: false, content: CONNECTED_ELSEWHERE });
}

export function heartbeatAckFrame(): string {
  return JSON.stringify({ module: "heartbeat", success: true, content: "live", header: {} });
}

export function tokenInvalidFrame(wording: TokenInvalidWording): string {
  return JSON.stringify({ module: "heartbeat", success: false, content: tokenInvalidText(wording) });
}

/** `content` is the event body JSON-encoded a second time, exactly as Zoom sends it. */
export function messageFrame(content: string): string {
  return JSON.stringify({ module: "message", content, header: {} });
}

/** True for a client heartbeat: a JSON object whose `module` is `heartbeat` (extra fields are tolerated). */
export function isHeartbeat(text: string): boolean {
  try {
    const frame: unknown = JSON.parse(text);
    return (
      typeof frame === "object" && frame !== null && (frame as { module?: unknown }).module === "heartbeat"
    );
  } catch {
    return false;
  }
}
