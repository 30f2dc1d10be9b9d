import { ZoomOptionsError } from "./errors.js";

export const DEFAULT_WS_BASE = "wss://ws.zoom.us/ws";
const URL_SHAPE = /^(wss?):\/\/([^/?#\s]+)(\/[^?#\s]*)?(?:\?([^#\s]*))?(?:#.*)?$/i;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * The endpoint URL without the token: from `url` (as the Marketplace shows it, with
 * `subscriptionId` in it) and/or `subscriptionId`. Throws ZoomOptionsError on anything else.
 * Plain `ws://` is accepted for loopback hosts only (the emulator, tests).
 */
export function resolveEndpoint(options: {
  url?: string | undefined;
  subscriptionId?: string | undefined;
}): string {
  const { url, subscriptionId } = options;
  const match = URL_SHAPE.exec((url ?? DEFAULT_WS_BASE).trim());
  if (!match)
    throw new ZoomOptionsError(
      "url must be a ws:// or wss:// URL such as wss://ws.zoom.us/ws?subscriptionId=…",
    );
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!;
  if (scheme === "ws" && !LOOPBACK.test(authority)) {
    throw new ZoomOptionsError(
      "Plain ws:// is accepted only for loopback hosts (an emulator); use wss:// for Zoom, the URL carries a token.",
    );
  }
  const params = parseQuery(match[4] ?? "").filter(([key]) => key !== "access_token");
  const fromUrl = params.find(([key]) => key === "subscriptionId")?.[1];
  if (fromUrl !== undefined && subscriptionId !== undefined && fromUrl !== subscriptionId) {
    throw new ZoomOptionsError("subscriptionId differs from the subscriptionId in url: give one of them.");
  }
  const id = subscriptionId ?? fromUrl;
  if (!id) {
    throw new ZoomOptionsError(
      "A subscription is needed: set subscriptionId, or url to the endpoint URL the Zoom Marketplace shows for it.",
    );
  }
  if (fromUrl === undefined) params.push(["subscriptionId", id]);
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return `${scheme}://${authority}${match[3] || "/"}?${query}`;
}

/** The URL to open: a secret from here on, since it carries the token. */
export function withAccessToken(endpoint: string, token: string): string {
  return `${endpoint}&access_token=${encodeURIComponent(token)}`;
}

function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    pairs.push([decode(key), decode(value)]);
  }
  return pairs;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
