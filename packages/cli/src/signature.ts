import { createHmac } from "node:crypto";

/** The headers Zoom sends with a webhook, for `body` as sent at `timestampSeconds`. */
export interface WebhookHeaders {
  "content-type": "application/json";
  "x-zm-request-timestamp": string;
  "x-zm-signature": string;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, keyed with the webhook secret token: Zoom's scheme. */
export function webhookSignature(body: string, timestampSeconds: number, secretToken: string): string {
  const digest = createHmac("sha256", secretToken).update(`v0:${timestampSeconds}:${body}`).digest("hex");
  return `v0=${digest}`;
}

export function webhookHeaders(body: string, timestampSeconds: number, secretToken: string): WebhookHeaders {
  return {
    "content-type": "application/json",
    "x-zm-request-timestamp": String(timestampSeconds),
    "x-zm-signature": webhookSignature(body, timestampSeconds, secretToken),
  };
}
