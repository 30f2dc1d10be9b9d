import {
  ZoomAuthError,
  ZoomBufferOverflowError,
  ZoomOptionsError,
  ZoomRefusedError,
  ZoomReplacedError,
  ZoomTokenRejectedError,
} from "@zoomws/node";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config.js";
import { EXIT, outcomeOf } from "./exit.js";
import { LockedError } from "./lock.js";

describe("outcomeOf", () => {
  it.each([
    [new ConfigError("ZOOM_CLIENT_ID is not set"), EXIT.config, /ZOOM_CLIENT_ID is not set/],
    [new ZoomOptionsError("bad url."), EXIT.config, /bad url\. Check the ZOOM_\* settings/],
    [new LockedError("/s/lock", 42), EXIT.config, /pid 42.*another --spool/],
    [new ZoomAuthError(401, "invalid_client", "Invalid client"), EXIT.credentials, /ZOOM_CLIENT_SECRET/],
    [new ZoomTokenRejectedError("Invalid Token"), EXIT.credentials, /WebSockets/],
    [new ZoomRefusedError("Invalid subscription"), EXIT.config, /Invalid subscription.*ZOOM_SUBSCRIPTION_ID/],
    [new ZoomReplacedError(), EXIT.replaced, /stop the other consumer/],
    [new ZoomBufferOverflowError(10), EXIT.failure, /BUFFER_OVERFLOW/],
    [new Error("disk full"), EXIT.failure, /disk full/],
  ])("%s → exit %i", (error, code, message) => {
    const outcome = outcomeOf(error);
    expect(outcome.code).toBe(code);
    expect(outcome.message).toMatch(message);
    expect(outcome.message).not.toContain("\n");
  });
});
