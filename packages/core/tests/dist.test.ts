// The built package, as users get it: every sample parses intact through packages/core/dist.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { expectedEvent, samples } from "./samples-support.js";

type Core = typeof import("../src/index.js");

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/index.js");
const built = existsSync(dist);
const skip = !built || samples.length === 0;
const why = !built ? `no build at ${dist}: run the build first` : "no samples";

describe.skipIf(skip)(`the built @zoomws/core${skip ? ` (skipped: ${why})` : ""}`, () => {
  it("parses every sample intact, each matching its own type's schema", async () => {
    const core = (await import(pathToFileURL(dist).href)) as Core;
    const known = new Set<string>(core.knownEventTypes);
    let validated = 0;
    for (const sample of samples) {
      const event = core.parseZoomEvent(sample.text, { validate: "strict" });
      expect(event, sample.file).toStrictEqual(expectedEvent(sample));
      if (known.has(sample.type)) {
        const result = core.eventSchema(sample.type)!.safeParse(event);
        expect(result.success, sample.file).toBe(true);
        validated++;
      }
    }
    expect(validated / samples.length).toBeGreaterThanOrEqual(0.95);
  });
});
