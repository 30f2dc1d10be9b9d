// The README's first example, type-checked (by `tsc` with exactOptionalPropertyTypes) and run against the emulator.
import { describe, expect, it } from "vitest";
import { createClient, type ZoomClient } from "../src/index.js";
import { rig } from "./support.js";

/** As in the README: options straight from the environment, where a variable may be unset. */
function clientFromEnv(env: Record<string, string | undefined>): ZoomClient {
  return createClient({
    clientId: env.ZOOM_CLIENT_ID!,
    clientSecret: env.ZOOM_CLIENT_SECRET!,
    accountId: env.ZOOM_ACCOUNT_ID, // may be undefined: the client_credentials grant
    subscriptionId: env.ZOOM_SUBSCRIPTION_ID,
    url: env.ZOOM_WS_URL,
    oauthUrl: env.ZOOM_OAUTH_URL,
    logger: undefined,
  });
}

describe("the README example", () => {
  it("accepts options whose optional values are undefined (exactOptionalPropertyTypes) and treats them as unset", async () => {
    const r = await rig();
    const env = r.emulator.env();
    // The endpoint URL carries the subscription id, so ZOOM_SUBSCRIPTION_ID stays unset.
    const client = clientFromEnv({
      ...env,
      ZOOM_WS_URL: r.emulator.endpointUrl,
      ZOOM_SUBSCRIPTION_ID: undefined,
    });
    const joined = new Promise<string | undefined>((resolve) =>
      client.on("meeting.participant_joined", (event) =>
        resolve(event.payload.object.participant?.user_name),
      ),
    );
    try {
      await client.connect();
      r.emulator.emitEvent("meeting.participant_joined", {
        payload: { object: { participant: { user_name: "Ada" } } },
      });
      expect(await joined).toBe("Ada");
    } finally {
      await client.close();
    }
  });
});
